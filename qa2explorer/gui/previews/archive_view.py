"""Archives (weblog, caltables, auxproducts, flagversions, calibration plots…): their entries as a sortable table
(name, size, date) with totals, read from the tar headers — nothing is extracted. A damaged or truncated archive
lists what could be read and says what is wrong."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from ...delivery.archives import Listing, listing_text, read_listing
from ...delivery.scan import Node
from ...qa.helper_table import Column, HelperTable
from ...words import human_size
from ..helper_table_view import HelperTableView
from .helper import HelperPreview

NOTE = "Read-only listing; nothing is extracted."


def listing_table(listing: Listing) -> HelperTable:
    table = HelperTable([Column("Name"), Column("Size", numeric=True), Column("Modified"), Column("Kind")])
    for e in listing.entries:
        date = time.strftime("%Y-%m-%d %H:%M", time.localtime(e.mtime))
        kind = f"link → {e.link}" if e.kind == "link" else e.kind
        table.rows.append([e.name, (human_size(e.size), e.size) if e.kind == "file" else None, date, kind])
    return table


class ArchivePreview(HelperPreview):
    what = "an archive"
    loading = "Reading the archive…"
    failure = "Cannot list this archive"

    def loader(self, node: Node) -> Callable[[], tuple[str, str, object]]:
        path = node.path

        def load() -> tuple[str, str, object]:
            listing = read_listing(path)
            return listing_text(listing), "", listing

        return load

    def build(self, parsed: Listing) -> list[tuple[str, QWidget]]:
        self.table = HelperTableView()
        self.table.set_table(listing_table(parsed))
        return [("Contents", self.table)]

    def summary(self, parsed: Listing) -> str:
        text = f"{parsed.summary()}. {NOTE}"
        return f"{text} {parsed.problem}." if parsed.problem else text
