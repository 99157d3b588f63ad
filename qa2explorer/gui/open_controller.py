"""Opening a delivery in the window: runs the open job (:mod:`qa2explorer.delivery.opening`) on the job
runner and writes what it reports into the view state; the window's parts follow the state."""

from __future__ import annotations

import gc
import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ..jobs import CancelToken, Event, Reporter
from ..viewstate import ViewState
from ..words import human_size, plural
from .job_runner import JobHandle, JobRunner

if TYPE_CHECKING:
    from ..delivery.opening import Opened

SLOT = "open"


class OpenController(QObject):
    status = Signal(str)  # a line for the status bar
    progress = Signal(object)  # None: busy, no fraction; a float 0-1; or False: not busy
    message = Signal(str, str)  # text, level: for the message bar
    listed = Signal(list)  # folders just listed (the tree shows their rows)
    opened = Signal(str)  # the path opened (for the recent list)

    def __init__(self, state: ViewState, runner: JobRunner, parent=None):
        super().__init__(parent)
        self.state = state
        self.runner = runner
        self.handle: JobHandle | None = None

    def open(self, path: str, focus: str | None = None) -> None:
        """Open any level of a delivery; returns at once, the state fills in as the job reports."""
        path = os.path.abspath(os.path.expanduser(path))
        self.state.start_opening(path, focus)
        gc.unfreeze()  # the previous tree (frozen by its job) may now be collected
        self.status.emit(f"Opening {path}…")
        self.progress.emit(None)
        handle = self.runner.start(lambda token, report: _open(path, token, report), slot=SLOT, name="open")
        handle.phase.connect(self._on_report)
        handle.progress.connect(self._on_report)
        handle.partial.connect(self._on_partial)
        handle.messages.connect(self._on_messages)
        handle.result.connect(self._on_opened)
        handle.failed.connect(self._on_failed)
        handle.cancelled.connect(self._on_cancelled)
        self.handle = handle

    def stop(self) -> bool:
        """Stop opening; what was listed stays shown. False when nothing was being opened."""
        if self.handle is None or self.handle.done:
            return False
        self.handle.cancel()
        return True

    @property
    def running(self) -> bool:
        """True until the window has heard how the opening ended."""
        return self.handle is not None and not self.handle.done

    def _on_report(self, event: Event) -> None:
        if event.message:
            self.status.emit(event.message)
        self.progress.emit(event.progress)

    def _on_messages(self, events: list[Event]) -> None:
        for event in events:
            self.message.emit(event.message, event.level)

    def _on_partial(self, event: Event) -> None:
        from ..delivery.opening import Listed, ListingDone  # loaded by the job that reports them

        data = event.data
        if isinstance(data, Listed):
            if self.state.folder_root is None:
                self.state.first_listed(data.folders[0])
                self.listed.emit(data.folders[1:])
            else:
                self.listed.emit(data.folders)
        elif isinstance(data, ListingDone):
            self.state.listing_done(data.root, data.stats)
            if data.stats.errors:
                self.message.emit(
                    f"{plural(len(data.stats.errors), 'folder')} could not be read (shown with a warning icon): "
                    + "; ".join(f"{p}: {m}" for p, m in data.stats.errors[:3]),
                    "warning",
                )
        if event.message:
            self.status.emit(event.message)

    def _on_opened(self, opened: Opened) -> None:
        self.progress.emit(False)
        self.state.finish_opening(opened)
        total = opened.root.size
        counts = f"{plural(len(opened.summary.members), 'member')} · {plural(opened.stats.files, 'file')}"
        self.status.emit(f"{counts} · {human_size(total)} — {opened.summary.root}")
        if self.state.opened_path:
            self.opened.emit(self.state.opened_path)
        members = [m.path for m in opened.summary.members]  # their weblogs' runs, read ahead for the QA cards
        self.runner.start(lambda token, report: _remember_runs(members, token, report), slot="qa-runs",
                          name="reading the weblogs' stage scores")  # fmt: skip

    def _on_failed(self, message: str) -> None:
        self.progress.emit(False)
        self.message.emit(message, "error")
        self.status.emit("Nothing opened.")
        self.state.opening_failed()

    def _on_cancelled(self) -> None:
        self.progress.emit(False)
        self.status.emit("Stopped; what was listed so far is shown.")


def _remember_runs(members: list[str], token, report) -> int:
    from ..qa.member_qa import remember_runs  # the QA model (PDFium…) loads in the worker, not at start-up

    return remember_runs(members, token, report)


def _open(path: str, token: CancelToken, report: Reporter) -> Opened:
    from ..delivery.opening import open_delivery  # the model of a delivery loads in the worker, not at start-up

    return open_delivery(path, allow_loose_images=True)(token, report)
