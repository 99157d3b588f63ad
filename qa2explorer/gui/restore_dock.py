"""The Restore panel: a dock beside the tree and the previews, so a restore that takes hours leaves the
window usable. On the left the restores of this session (queued, running, ended); on the right the setup of a
new one (:class:`RestoreSetup`) or the chosen run (:class:`RunView`)."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QListWidget, QListWidgetItem, QSplitter, QStackedWidget

from ..jobs import Event
from ..words import readable
from .file_actions import FileActions
from .job_runner import JobRunner
from .restore_queue import CANCELLED, DONE, FAILED, RUNNING, STATE_WORDS, RestoreQueue, RestoreRun
from .restore_run_view import RunView
from .restore_setup import RestoreSetup
from .settings_store import SettingsStore

STATE_MARKS = {DONE: "✓", FAILED: "✗", RUNNING: "▶", CANCELLED: "■"}
NEW = "New restore"


class RestoreDock(QDockWidget):
    def __init__(self, runner: JobRunner, store: SettingsStore, actions: FileActions, parent=None):
        super().__init__("Restore", parent)
        self.setObjectName("restore-dock")
        self.actions = actions
        self.queue = RestoreQueue(runner, self)
        self.setup = RestoreSetup(runner, store)
        self.setup.start.connect(self._start)
        self.setup.notify.connect(lambda text, level: actions.notify(text, level, []))
        self.runs = QListWidget()
        self.runs.setMinimumWidth(200)
        self.runs.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.runs.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.runs.currentRowChanged.connect(self._show_row)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.setup)
        self.views: dict[RestoreRun, RunView] = {}
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.runs)
        split.addWidget(self.pages)
        split.setStretchFactor(1, 1)
        split.setSizes([240, 900])
        self.setWidget(split)
        self.queue.changed.connect(self._changed)
        self.queue.lines.connect(self._lines)
        self._clock = QTimer(self, interval=1000)
        self._clock.timeout.connect(self._tick)

    # -- entry points ------------------------------------------------------------------------------------
    def open_member(self, member: str) -> None:
        """Show the setup of a restore of ``member`` (its checks start at once)."""
        self.show()
        self.raise_()
        if self.runs.count() == 0 or self.runs.item(0).data(Qt.ItemDataRole.UserRole) is not None:
            self.runs.insertItem(0, QListWidgetItem(NEW))
        self.runs.item(0).setText(f"{NEW}: {readable(os.path.basename(member))}")
        self.runs.setCurrentRow(0)
        self.setup.set_member(member)

    @property
    def busy(self) -> bool:
        return self.queue.current is not None or bool(self.queue.waiting())

    def busy_text(self) -> str:
        run = self.queue.current
        text = ""
        if run is not None:
            text = f"{os.path.basename(run.member)} is being restored ({int(run.fraction * 100)} %)."
        if waiting := self.queue.waiting():
            text += f" {len(waiting)} more queued."
        return text.strip()

    # -- the runs ----------------------------------------------------------------------------------------
    def _start(self, member: str, casa, options, checks, into) -> None:
        run = RestoreRun(member, casa, options, checks, into=into)
        view = RunView(run, self.actions, self.queue.cancel)
        self.views[run] = view
        self.pages.addWidget(view)
        item = QListWidgetItem()
        item.setData(Qt.ItemDataRole.UserRole, run)
        if self.runs.count() and self.runs.item(0).data(Qt.ItemDataRole.UserRole) is None:
            self.runs.takeItem(0)  # the setup becomes this run
        self.runs.insertItem(0, item)
        self.queue.add(run)
        self._label(run)
        self.runs.setCurrentRow(0)
        self._clock.start()

    def _row_of(self, run: RestoreRun) -> QListWidgetItem | None:
        for i in range(self.runs.count()):
            if self.runs.item(i).data(Qt.ItemDataRole.UserRole) is run:
                return self.runs.item(i)
        return None

    def _label(self, run: RestoreRun) -> None:
        item = self._row_of(run)
        if item is None:
            return
        state = STATE_WORDS[run.state] + (f" {int(run.fraction * 100)} %" if run.state == RUNNING else "")
        where = f" → {os.path.basename(run.into.rstrip(os.sep)) or run.into}" if run.into else ""
        item.setText(f"{STATE_MARKS.get(run.state, '·')} {readable(os.path.basename(run.member))}{where}\n    {state}")
        item.setToolTip(readable(run.target))

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        run = self.runs.item(row).data(Qt.ItemDataRole.UserRole)
        self.pages.setCurrentWidget(self.setup if run is None else self.views[run])

    def _changed(self, run: RestoreRun) -> None:
        self._label(run)
        self.views[run].refresh()
        if not self.busy:
            self._clock.stop()

    def _lines(self, run: RestoreRun, events: list[Event]) -> None:
        self.views[run].log.append_events(events)

    def _tick(self) -> None:
        run = self.queue.current
        if run is not None:
            self.views[run].refresh()
