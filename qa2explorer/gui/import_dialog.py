"""The Import Download dialog: what the downloaded archive files hold and what was not downloaded (read in a
job from names and tar headers), where to unpack them (default: beside them), then the import itself in a job
with bytes, rate and time left, and Cancel (importing again finishes the job). The tree opens when done."""

from __future__ import annotations

import os

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..delivery.vocabulary import ARCHIVE_SUFFIXES, download_tarball_kind
from ..download.contents import Plan, inspect
from ..download.unpack import Imported, unpack
from ..words import human_size
from .job_runner import JobHandle, JobRunner

PROGRESS_STEPS = 1000


def is_download(paths: list[str]) -> bool:
    """Whether dropped ``paths`` are archive files (to import, not to open)."""
    return bool(paths) and all(os.path.isfile(p) and (download_tarball_kind(os.path.basename(p)) or
                                                      p.endswith(ARCHIVE_SUFFIXES)) for p in paths)  # fmt: skip


class ImportDialog(QDialog):
    imported = Signal(str)  # the delivery root, when the import is done

    def __init__(self, paths: list[str], runner: JobRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Import Download")
        self.runner, self.plan, self.job = runner, None, None
        self.contents = QPlainTextEdit("Reading the archives…")
        self.contents.setReadOnly(True)
        self.contents.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.target = QLineEdit()
        self.target.setPlaceholderText("the folder the delivery tree goes into")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        self.progress = QProgressBar()
        self.progress.setRange(0, PROGRESS_STEPS)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.import_button = QPushButton("Import")
        self.import_button.setDefault(True)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        where = QHBoxLayout()
        where.addWidget(QLabel("Unpack into:"))
        where.addWidget(self.target, 1)
        where.addWidget(browse)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.contents, 1)
        layout.addLayout(where)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(760, 420)
        self.job = self._start(lambda token, _report: inspect(paths, token), "import-inspect", self._show_plan)

    def _start(self, job, name: str, on_result) -> JobHandle:
        handle = self.runner.start(job, name=name)
        handle.result.connect(on_result)
        handle.failed.connect(self._failed)
        handle.cancelled.connect(self._cancelled)
        return handle

    def _show_plan(self, plan: Plan) -> None:
        self.plan = plan
        self.contents.setPlainText("\n".join(plan.lines()))
        if not self.target.text():
            self.target.setText(os.path.dirname(plan.archives[0].path))
        if plan.problems:
            self.status.setText(f"Cannot import: {plan.problems[0]}")
        else:
            self.status.setText(f"Ready: {len(plan.archives)} archives, {human_size(plan.total)} to unpack.")
            self.import_button.setEnabled(True)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Unpack the delivery into", self.target.text())
        if folder:
            self.target.setText(folder)

    def start_import(self) -> None:
        plan, into = self.plan, self.target.text().strip()
        if plan is None or not into:
            return
        self.import_button.setEnabled(False)
        self.target.setEnabled(False)
        self.status.setText("Importing…")
        self.job = self._start(lambda token, report: unpack(plan, into, token, report), "import", self._done)
        self.job.progress.connect(self._progress)

    def _progress(self, event) -> None:
        if event.progress is not None:
            self.progress.setValue(round(event.progress * PROGRESS_STEPS))
        self.status.setText(event.message)

    def _done(self, result: Imported) -> None:
        self.job = None
        self.progress.setValue(PROGRESS_STEPS)
        self.status.setText(f"Imported: {result.written} files written, {result.skipped} already there.")
        self.imported.emit(result.root)
        self.accept()

    def _failed(self, message: str) -> None:
        self.job = None
        self.status.setText(message)
        self.target.setEnabled(True)
        self.import_button.setEnabled(self.plan is not None and not self.plan.problems)

    def _cancelled(self) -> None:
        self._failed("Stopped. Import again to finish: what is complete is skipped.")

    def cancel(self) -> None:
        """Stop the running job; with none, close."""
        if self.job is not None and self.job.running:
            self.job.cancel()
        else:
            self.reject()

    def closeEvent(self, event) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()
        super().closeEvent(event)
