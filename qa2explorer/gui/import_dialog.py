"""The Import Download dialog: the archives given in a list (kind, size, what each holds, its status), a report of
what stops the import and what was not downloaded (read in a job from names and tar headers, with progress),
where to unpack them (default: beside them) with the space needed and free there (refused up front when it does
not fit), then the import itself in a job with bytes, rate and time left, each archive marked as it completes,
and Cancel (importing again finishes the job). The tree opens when done."""

from __future__ import annotations

import os

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..delivery.vocabulary import ARCHIVE_SUFFIXES, download_tarball_kind
from ..download.contents import Plan, inspect
from ..download.unpack import Imported, Room, room, unpack
from ..words import human_size, plural
from .import_tables import ArchiveList, ReportList
from .job_runner import JobHandle, JobRunner
from .log_model import ERROR, INFO, WARNING
from .log_table import level_colours

PROGRESS_STEPS = 1000
ROOM_DELAY_MS = 250
REPORT_HEADING = (
    "Problems and what was not downloaded"  # typing in the target field: the space is measured once the typing pauses
)


def is_download(paths: list[str]) -> bool:
    """Whether dropped ``paths`` are archive files (to import, not to open)."""
    return bool(paths) and all(os.path.isfile(p) and (download_tarball_kind(os.path.basename(p)) or
                                                      p.endswith(ARCHIVE_SUFFIXES)) for p in paths)  # fmt: skip


class ImportDialog(QDialog):
    imported = Signal(str)  # the delivery root, when the import is done

    def __init__(self, paths: list[str], runner: JobRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Import Download")
        self.runner = runner
        self.plan: Plan | None = None
        self.room: Room | None = None
        self.job: JobHandle | None = None  # the inspection, then the import
        self.room_job: JobHandle | None = None
        self.importing = False
        self.unpacking: str | None = None  # the archive being unpacked
        self.summary = QLabel("Reading the archives…")
        self.archives = ArchiveList()
        self.report = ReportList()
        self.report_heading = QLabel(REPORT_HEADING + ":")
        self.report_heading.setWordWrap(True)
        self.target = QLineEdit()
        self.target.setPlaceholderText("the folder the delivery tree goes into")
        self.target.textChanged.connect(self._target_changed)
        self.browse = QPushButton("Browse…")
        self.browse.clicked.connect(self._browse)
        self.space = QLabel("")  # what the import needs and what the target has free
        self.space.hide()
        self.progress = QProgressBar()
        self.progress.setRange(0, PROGRESS_STEPS)
        self.status = QLabel("")  # the problem, the progress, the outcome
        self.status.setWordWrap(True)
        self.status.hide()
        self.import_button = QPushButton("Import")
        self.import_button.setDefault(True)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.reject)
        self._room_timer = QTimer(self, singleShot=True, interval=ROOM_DELAY_MS, timeout=self._measure_room)
        self._lay_out()
        self.resize(1000, 560)
        self._show_progress(True)
        self.job = self._start(lambda token, report: inspect(paths, token, report), "import-inspect", self._show_plan)

    def _lay_out(self) -> None:
        where = QHBoxLayout()
        where.addWidget(QLabel("Unpack into:"))
        where.addWidget(self.target, 1)
        where.addWidget(self.browse)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.archives, 3)
        layout.addWidget(self.report_heading)
        layout.addWidget(self.report, 2)
        layout.addLayout(where)
        layout.addWidget(self.space)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)

    def _start(self, job, name: str, on_result) -> JobHandle:
        handle = self.runner.start(job, name=name)
        handle.result.connect(on_result)
        handle.failed.connect(self._failed)
        handle.cancelled.connect(self._cancelled)
        handle.progress.connect(self._progress)
        return handle

    def _show_progress(self, on: bool) -> None:
        self.progress.setValue(0)
        self.progress.setVisible(on)

    # -- the plan ----------------------------------------------------------------------------------------
    def _show_plan(self, plan: Plan) -> None:
        self.job = None
        self.plan = plan
        self._show_progress(False)
        self.archives.show_plan(plan)
        self.report.show_plan(plan)
        raw = " (raw data is needed only to restore the calibrated data; the products are complete without it)"
        self.report_heading.setText(REPORT_HEADING + (raw if plan.raw_missing else "") + ":")
        on_disk = sum(a.size for a in plan.archives)
        files = sum(len(a.files) for a in plan.archives)
        self.summary.setText(f"{plural(len(plan.archives), 'archive')}, {human_size(on_disk)} on disk, "
                             f"{human_size(plan.total)} unpacked in {plural(files, 'file')}")  # fmt: skip
        if len(plan.problems) == 1:
            self._say(f"Cannot import: {plan.problems[0]}", ERROR)
        elif plan.problems:
            self._say(f"Cannot import: {len(plan.problems)} archives cannot be unpacked (in red above).", ERROR)
        else:
            self._say("", INFO)  # until the space is measured
        if not self.target.text():
            self.target.setText(os.path.dirname(plan.archives[0].path))  # measures the room
        else:
            self._measure_room()

    def _say(self, text: str, level: int) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))
        self._tint(self.status, level)

    def _tint(self, label: QLabel, level: int) -> None:
        label.setStyleSheet(f"color: {level_colours(self.palette())[level].name()}" if level != INFO else "")

    # -- the target and its room -------------------------------------------------------------------------
    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Unpack the delivery into", self.target.text())
        if folder:
            self.target.setText(folder)

    def _target_changed(self) -> None:
        self.room = None
        self._update_import()
        if self.plan is not None:
            self._room_timer.start()

    def _measure_room(self) -> None:
        """What the import needs and what the target has free, in a job (a stat of every file already there)."""
        into, plan = self.target.text().strip(), self.plan
        if self.room_job is not None:
            self.room_job.supersede()
            self.room_job = None
        if plan is None or plan.problems or not into:
            self.space.hide()
            return
        self.space.setText("Measuring the space…")
        self._tint(self.space, INFO)
        self.space.show()
        self.room_job = self.runner.start(lambda token, _report: room(plan, into, token), name="import-room")
        self.room_job.result.connect(self._show_room)
        self.room_job.failed.connect(self._room_failed)

    def _show_room(self, space: Room) -> None:
        self.room_job, self.room = None, space
        needed, free = human_size(space.needed), human_size(space.free)
        if space.fits:
            root = self.plan.root_in(self.target.text().strip())
            text = f"The delivery goes into {root}: it needs {needed}, {free} free on that disk."
            self._tint(self.space, INFO)
        else:
            text = f"Does not fit: the delivery needs {needed}, that disk has {free} free. Choose another folder."
            self._tint(self.space, ERROR)
        self.space.setText(text)
        self.space.setToolTip(text)
        self._update_import()

    def _room_failed(self, message: str) -> None:
        self.room_job = None
        self.space.setText(message)
        self._tint(self.space, ERROR)

    def _update_import(self) -> None:
        ready = self.plan is not None and not self.plan.problems and self.room is not None and self.room.fits
        self.import_button.setEnabled(ready and not self.importing)

    # -- the import --------------------------------------------------------------------------------------
    def start_import(self) -> None:
        plan, into = self.plan, self.target.text().strip()
        if plan is None or not into or self.importing:
            return
        self.importing = True
        self._update_import()
        self.target.setEnabled(False)
        self.browse.setEnabled(False)
        self._show_progress(True)
        self._say("Checking every entry before writing…", INFO)
        self.job = self._start(lambda token, report: unpack(plan, into, token, report), "import", self._done)
        self.job.partial.connect(self._archive_done)
        self._unpacking(0)

    def _unpacking(self, index: int) -> None:
        """Mark the ``index``-th archive (in the plan's order) as the one being unpacked."""
        self.unpacking = self.plan.archives[index].path if index < len(self.plan.archives) else None
        if self.unpacking is not None:
            self.archives.mark(self.unpacking, "Unpacking…", "archive", INFO)

    def _archive_done(self, event) -> None:
        self.archives.mark(event.data, "Unpacked")
        paths = [a.path for a in self.plan.archives]
        self._unpacking(paths.index(event.data) + 1)

    def _progress(self, event) -> None:
        if event.progress is not None:
            self.progress.setValue(round(event.progress * PROGRESS_STEPS))
        if event.message:
            self._say(event.message, INFO)

    def _done(self, result: Imported) -> None:
        self.job, self.importing = None, False
        self.progress.setValue(PROGRESS_STEPS)
        self._say(f"Imported: {plural(result.written, 'file')} written, {result.skipped} already there.", INFO)
        self.imported.emit(result.root)
        self.accept()

    def _ended(self) -> None:
        self.job = None
        self.target.setEnabled(True)
        self.browse.setEnabled(True)
        self._show_progress(False)
        if self.importing and self.unpacking is not None:
            self.archives.mark(self.unpacking, "Stopped", "warning", WARNING)
        self.importing = False
        self._measure_room()  # what is left to write
        self._update_import()

    def _failed(self, message: str) -> None:
        self._ended()
        self._say(message, ERROR)
        if self.plan is None:  # no archive could be read
            self.summary.setText("Nothing to import.")

    def _cancelled(self) -> None:
        self._ended()
        self._say("Stopped: no half-written file is left. Import again to finish: what is complete is skipped.",
                  WARNING)  # fmt: skip

    def reject(self) -> None:
        """Cancel (Escape, the window's close button) stops a running import and keeps the dialog; otherwise it
        closes the dialog."""
        if self.importing and self.job is not None and self.job.running:
            self.job.cancel()
            return
        super().reject()

    def done(self, result: int) -> None:
        for job in (self.job, self.room_job):  # the reading of the archives or the space, if still going
            if job is not None and job.running:
                job.cancel()
        super().done(result)
