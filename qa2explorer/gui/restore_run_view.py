"""One restore as it runs and after: what it is doing, a progress bar with the time spent and an estimate of
the time left, Cancel, CASA's output live in a :class:`LogView`, and at the end the verdict (or the first error
with a hint), the calibrated measurement sets with their sizes, and where the log was saved."""

from __future__ import annotations

import os
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..present.facts import BAD, GOOD, PROBLEM
from ..restore.calibrated import left_on_disk, left_text
from ..restore.run import SAVED_LOG
from ..words import human_size, readable
from .appearance import on_change, scheme
from .file_actions import FileActions
from .log_view import LogView
from .panels import ElidedLabel
from .restore_queue import CANCELLED, DONE, QUEUED, RUNNING, RestoreRun


def duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


class RunView(QWidget):
    def __init__(self, run: RestoreRun, actions: FileActions, cancel, parent=None):
        super().__init__(parent)
        self.run = run
        self.actions = actions
        self.title = ElidedLabel(Qt.TextElideMode.ElideMiddle)
        where = f"  →  working copy in {run.into}" if run.into else ""
        self.title.set_full_text(readable(run.member + where))
        self.phase = ElidedLabel(Qt.TextElideMode.ElideRight)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setFormat("%p %")
        self.times = QLabel()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop CASA and every process it started; what it wrote stays in calibrated/.")
        self.cancel_button.clicked.connect(lambda: cancel(run))
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdict.hide()
        self.ending: tuple[str, str, str] | None = None  # the verdict: its tone, its headline, what follows
        on_change(self._draw_verdict)
        self.results = QTreeWidget()
        self.results.setHeaderLabels(["Calibrated measurement set", "Size"])
        self.results.setRootIsDecorated(False)
        self.results.setMaximumHeight(110)
        self.results.header().setStretchLastSection(False)
        self.results.hide()
        self.show_button = QPushButton("Show in Folder")
        self.show_button.clicked.connect(self._show_folder)
        self.show_button.hide()
        self.log_button = QPushButton("Open Log")
        self.log_button.clicked.connect(self._open_log)
        self.log_button.hide()
        self.log = LogView()

        top = QHBoxLayout()
        top.addWidget(self.bar, 1)
        top.addWidget(self.times)
        top.addWidget(self.cancel_button)
        ends = QHBoxLayout()
        ends.addWidget(self.show_button)
        ends.addWidget(self.log_button)
        ends.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.title)
        box.addWidget(self.phase)
        box.addLayout(top)
        box.addWidget(self.verdict)
        box.addWidget(self.results)
        box.addLayout(ends)
        box.addWidget(self.log, 1)
        self.refresh()

    def refresh(self) -> None:
        """Show the run's state (called when it moves, and every second for the clock)."""
        run = self.run
        self.bar.setValue(int(run.fraction * 1000))
        if run.state == QUEUED:
            self.phase.set_full_text("Queued: starts when the restore before it ends (checked again then).")
        elif run.state == RUNNING:
            self.phase.set_full_text(readable(run.phase))
        left = run.seconds_left
        times = f"{duration(run.elapsed)} elapsed" if run.started is not None else ""
        if left is not None:
            times += f" · about {duration(left)} left"
        self.times.setText(times)
        self.cancel_button.setVisible(run.state in (QUEUED, RUNNING))
        if run.state not in (QUEUED, RUNNING) and self.verdict.isHidden():
            self._show_end()

    def _draw_verdict(self) -> None:
        """The verdict, its headline in its tone of the system's appearance (again when it changes)."""
        if self.ending is not None:
            tone, headline, more = self.ending
            self.verdict.setText(f"<b style='color:{scheme().tones[tone]}'>{escape(headline)}</b>{more}")

    def _show_end(self) -> None:
        run, outcome = self.run, self.run.outcome
        if run.state == DONE and outcome is not None:
            ending = GOOD, outcome.summary, f"<br>In {escape(readable(os.path.join(run.target, 'calibrated')))}"
        elif run.state == CANCELLED and run.started is None:
            ending = PROBLEM, "Taken off the queue: nothing ran.", ""
        elif run.state == CANCELLED:
            left = left_text(left_on_disk(run.target))
            ending = PROBLEM, "Stopped: CASA and its processes were ended.", f"<br>{escape(left)}"
        elif outcome is not None:
            self.bar.setStyleSheet(f"QProgressBar::chunk {{ background: {scheme().tones[BAD]}; }}")
            more = f"<br>→ {escape(outcome.hint)}" if outcome.hint else ""
            if outcome.left:
                more += f"<br>{escape(left_text(outcome.left))}"
            ending = BAD, outcome.summary, more
        else:
            ending = BAD, run.error, ""
        self.phase.set_full_text({DONE: "Done.", CANCELLED: "Stopped."}.get(run.state, "Ended."))
        self.ending = ending
        self._draw_verdict()
        self.verdict.show()
        produced = outcome.produced if outcome is not None else []
        for name, size in produced:
            item = QTreeWidgetItem([name, human_size(size)])
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
            self.results.addTopLevelItem(item)
        self.results.resizeColumnToContents(0)
        self.results.setVisible(bool(produced))
        self.show_button.setVisible(os.path.isdir(os.path.join(run.target, "calibrated")))
        log = self.saved_log()
        self.log_button.setVisible(log is not None)
        self.log.set_saved_path(log)

    def _show_folder(self) -> None:
        self.actions.show_in_folder(os.path.join(self.run.target, "calibrated"))

    def saved_log(self) -> str | None:
        """The run's whole log: beside its results, or (stopped before it wrote any) in the user cache."""
        if self.run.outcome is not None and self.run.outcome.log:
            return self.run.outcome.log
        if self.run.files is None:
            return None
        kept = os.path.join(self.run.target, "calibrated", SAVED_LOG)
        return kept if os.path.isfile(kept) else self.run.files.log

    def _open_log(self) -> None:
        log = self.saved_log()
        if log is not None:
            self.actions.open_external(log)
