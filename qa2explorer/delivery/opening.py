"""Opening a delivery, as one job (see :mod:`qa2explorer.jobs`) for the CLI and the window alike:
locate → list (folders reported in batches as they are read) → measure (sizes, decoded names) → summarise.

Partial results, in this order: the :class:`~.locate.Location`, :class:`Listed` batches, one
:class:`ListingDone`; progress while measuring; the result is an :class:`Opened`.
"""

from __future__ import annotations

import gc
import os
import time
from dataclasses import dataclass

from ..jobs import CancelToken, Reporter, run_value
from ..words import plural
from .locate import Location, locate
from .overview import DeliverySummary, summarise
from .product_tree import product_tree
from .scan import Node, ScanStats, measure, scan

BATCH_SECONDS = 0.05  # listed folders are reported at most this often (the root at once)
MEASURE_BATCH = 500  # files stat-ed between two progress reports


@dataclass
class Listed:
    folders: list[Node]  # folders whose children were just listed
    entries: int  # entries listed so far


@dataclass
class ListingDone:
    root: Node
    stats: ScanStats


@dataclass
class Opened:
    location: Location
    root: Node
    stats: ScanStats
    summary: DeliverySummary
    products: Node  # the products-by-target tree


def open_delivery(path: str, allow_loose_images: bool = False):
    """The job that opens ``path`` (any level of a delivery). Fails with
    :class:`~.locate.NotADelivery` (a :class:`~qa2explorer.jobs.JobError`) for paths that hold none; with
    ``allow_loose_images`` (the window), a FITS image outside any delivery opens with its folder."""

    def job(token: CancelToken, report: Reporter) -> Opened:
        report.phase("locate", f"Looking for the delivery at {path}…")
        location = locate(path, allow_loose_images)
        if location.loose_file:
            report.message(f"{os.path.basename(path)} is not part of an ALMA delivery: shown with its folder.")
        report.partial(location, f"Found {plural(len(location.members), 'member')} under {location.root}")
        if location.truncated_probe:
            report.message(
                "This folder holds so many sub-folders that the search for delivery members stopped early; "
                "members deeper down may be missing. Open a folder closer to the delivery.",
                "warning",
            )
        report.phase("list", "Listing…")
        pending: list[Node] = []
        last = [0.0]

        def on_dir(node: Node, stats: ScanStats) -> None:
            pending.append(node)
            now = time.monotonic()
            if node.parent is None or now - last[0] >= BATCH_SECONDS:
                report.partial(Listed(list(pending), stats.entries), f"Listing… {stats.entries:,} entries")
                pending.clear()
                last[0] = now
                report.breathe()

        def stopped() -> bool:
            return token.cancelled

        root, stats = scan(location.root, member_paths=location.members, on_dir=on_dir, should_stop=stopped)
        if pending:
            report.partial(Listed(list(pending), stats.entries))
        # The tree lives as long as the delivery is open: keep the garbage collector from re-walking it
        # (full collections over a large tree hold the interpreter for 0.1-0.2 s each, freezing a UI).
        gc.freeze()
        report.partial(
            ListingDone(root, stats), f"Listed {plural(stats.files, 'file')} in {plural(stats.dirs, 'folder')}"
        )

        report.phase("measure", "Reading sizes…", 0.0)
        total = max(1, stats.files)

        def on_progress(done: int) -> None:
            report.progress(done / total, f"Reading sizes… {done:,} of {plural(stats.files, 'file')}")
            report.breathe()  # stat() releases the interpreter and this thread takes it straight back

        measure(root, should_stop=stopped, on_progress=on_progress, progress_every=MEASURE_BATCH)
        gc.freeze()
        report.phase("summarise", "Summarising the members…")
        summary = summarise(root, stats)
        token.check()
        products = product_tree(root, {m.path: m for m in summary.members})
        gc.freeze()
        if stats.truncated:
            report.message("This folder holds more entries than qa2explorer lists; the listing stopped at its limit.",
                           "warning")  # fmt: skip
        return Opened(location, root, stats, summary, products)

    return job


def load(path: str) -> Opened:
    """Open ``path`` here and now (tests, scripts). Raises :class:`~.locate.NotADelivery`."""
    return run_value(open_delivery(path))
