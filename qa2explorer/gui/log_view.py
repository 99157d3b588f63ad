"""The live log of a job that prints (a restore: CASA's output), for the restore panel and any job like it.

Lines come from a job's ``messages`` signal (:meth:`LogView.append_events`) or as (text, level) pairs; a line
the job called info gets the level it carries itself (:func:`qa2explorer.restore.loglevel.levels_of`). At most
``max_lines`` are held (the oldest dropped, with a note naming the saved log). Lines given are added on the
next turns of the event loop, their levels found for a few milliseconds a turn, and shown at most every
``SHOW_SECONDS`` while more keep coming: a flood of lines never stalls the window.

Keys: Ctrl+F find, Enter / Shift+Enter (or F3 / Shift+F3) next / previous match, Esc in the find field clears
it, Ctrl+C copies the selected lines; typing in the log starts a search. Scrolling up stops following the
newest line, scrolling to the end resumes it (as in a terminal).
"""

from __future__ import annotations

import operator
import time
from bisect import bisect_left
from collections import deque
from contextlib import contextmanager
from itertools import repeat

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .. import jobs
from ..present.facts import DIM
from ..restore.loglevel import levels_of
from ..words import plural
from .appearance import set_tone
from .log_model import CODES, ERROR, INFO, WARNING, LogModel
from .log_table import MAX_CHARS, LogTable, level_colours

CHUNK = 500  # lines whose levels are found at a time
DRAIN_SECONDS = 0.003  # chunks added in one turn of the event loop, at most (one at least)
SHOW_SECONDS = 0.1  # while more lines are waiting, what is ready is shown this often (a repaint each time)
SEARCH_DELAY_MS = 150  # a search waits for the typing to pause
_MESSAGE = operator.attrgetter("message")
_LEVEL = operator.attrgetter("level")
_KEYS = (QKeySequence.StandardKey.Find, QKeySequence.StandardKey.FindNext, QKeySequence.StandardKey.FindPrevious,
         QKeySequence.StandardKey.Copy)  # fmt: skip


class LogView(QWidget):
    def __init__(self, parent=None, max_lines: int = 100_000):
        super().__init__(parent)
        self.model = LogModel(max_lines, self)
        self.table = LogTable(self.model)
        self.table.installEventFilter(self)
        self.table.typed.connect(self._start_search)
        self._following = True
        self._scrolling = False  # a scroll of ours, not the user's
        bar = self.table.verticalScrollBar()
        bar.valueChanged.connect(self._scrolled)
        bar.rangeChanged.connect(self._range_changed)

        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText("Find (Ctrl+F)")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.setMinimumWidth(180)
        self.find_edit.setMaximumWidth(320)
        self.find_edit.installEventFilter(self)
        self.find_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS, timeout=self._search)
        previous, following = QToolButton(), QToolButton()
        for button, arrow, tip, slot in (
            (previous, Qt.ArrowType.UpArrow, "Previous match (Shift+Enter, Shift+F3)", self.find_previous),
            (following, Qt.ArrowType.DownArrow, "Next match (Enter, F3)", self.find_next),
        ):
            button.setArrowType(arrow)
            button.setAutoRaise(True)
            button.setToolTip(tip)
            button.clicked.connect(slot)
        self.match_label = QLabel()
        self.problems_box = QCheckBox("Warnings and errors only")
        self.problems_box.toggled.connect(self.set_problems_only)
        self.counts_label = QLabel()
        self.first_error_button = QToolButton()
        self.first_error_button.setText("First error")
        self.first_error_button.setToolTip("Show the first error held")
        self.first_error_button.clicked.connect(self.jump_to_first_error)
        self.follow_box = QCheckBox("Follow")
        self.follow_box.setToolTip("Keep the newest line in view (scrolling up stops, scrolling to the end resumes)")
        self.follow_box.setChecked(True)
        self.follow_box.toggled.connect(self.set_follow_tail)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note.setStyleSheet("padding: 2px 4px;")
        set_tone(self.note, DIM)
        self.note.hide()

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.find_edit, previous, following, self.match_label):
            row.addWidget(widget)
        row.addStretch(1)
        for widget in (self.problems_box, self.counts_label, self.first_error_button, self.follow_box):
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)

        self._pending: deque[tuple[list[str], list[str], int]] = deque()  # (texts, levels, next to add)
        self._drain_timer = QTimer(self, singleShot=True, interval=0, timeout=self._drain)
        self._scheduled = False
        self._ready_texts: list[str] = []  # lines whose levels are known, not shown yet
        self._ready_codes = bytearray()
        self._shown_at = 0.0
        self._saved_path: str | None = None
        self._count_colours = {code: c.name() for code, c in level_colours(self.palette()).items()}
        self._shown: tuple = ("", "", "", None)  # what the labels say: counts, note, matches, an error held
        self._update_labels()

    # -- lines in ----------------------------------------------------------------------------------------
    def append_events(self, events: list[jobs.Event]) -> None:
        """A job's messages (the ``messages`` signal of a job handle)."""
        self._enqueue(list(map(_MESSAGE, events)), list(map(_LEVEL, events)))

    def append(self, lines: list[tuple[str, str]]) -> None:
        """(text, level) pairs, the level one of jobs.DEBUG, INFO, WARNING, SEVERE."""
        self._enqueue([text for text, _ in lines], [level for _, level in lines])

    def set_saved_path(self, path: str | None) -> None:
        """Where the whole log is saved (named in the note when lines are dropped)."""
        self._saved_path = path
        self._update_labels()

    def clear(self) -> None:
        self._pending.clear()
        self._ready_texts, self._ready_codes = [], bytearray()
        self.model.clear()
        self.table.reset_width()
        self._update_labels()

    def text(self) -> str:
        """Every line held, one a line (the filter aside)."""
        self.flush()
        return self.model.text()

    def line_count(self) -> int:
        self.flush()
        return self.model.held

    def flush(self) -> None:
        """Add every line given so far now (they are otherwise added on the next turns of the event loop)."""
        self._drain(None)

    def _enqueue(self, texts: list[str], levels: list[str]) -> None:
        if texts:
            self._pending.append((texts, levels, 0))
            if not self._scheduled:
                self._scheduled = True
                self._drain_timer.start()

    def _drain(self, seconds: float | None = DRAIN_SECONDS) -> None:
        """Find the levels of pending lines a chunk at a time for about ``seconds`` (None: all), the rest on the
        next turn; show what is ready when nothing is pending, or ``SHOW_SECONDS`` after the last time: a flood
        is shown in ten steps a second, not a repaint a turn (lines at CASA's usual pace are shown at once)."""
        start = time.perf_counter()
        while self._pending:
            chunk, levels, at = self._pending.popleft()
            end = min(at + CHUNK, len(chunk))
            if end < len(chunk):
                self._pending.appendleft((chunk, levels, end))
            self._ready_texts += chunk[at:end]
            self._ready_codes += bytes(map(CODES.get, levels_of(chunk[at:end], levels[at:end]), repeat(INFO)))
            if seconds is not None and time.perf_counter() - start > seconds:
                break
        self._scheduled = bool(self._pending)
        if self._scheduled:
            self._drain_timer.start()
        if self._ready_texts and (not self._pending or start - self._shown_at > SHOW_SECONDS):
            self._shown_at = start
            self._show_ready()

    def _show_ready(self) -> None:
        removed = self.model.append(self._ready_texts, bytes(self._ready_codes))
        self._ready_texts, self._ready_codes = [], bytearray()
        if removed and not self._following:  # keep the lines in view where they were
            with self._our_scroll():
                bar = self.table.verticalScrollBar()
                bar.setValue(bar.value() - removed)
        self.table.widen(min(self.model.widest, MAX_CHARS + 1))
        if self._following:
            self._to_bottom()
        self._update_labels()

    # -- following ---------------------------------------------------------------------------------------
    @property
    def follow_tail(self) -> bool:
        return self._following

    def set_follow_tail(self, on: bool) -> None:
        self._following = on
        if self.follow_box.isChecked() != on:
            self.follow_box.setChecked(on)  # its signal brings us back here, the box then in step
        elif on:
            self._to_bottom()

    def _to_bottom(self) -> None:
        with self._our_scroll():
            self.table.scrollToBottom()

    @contextmanager
    def _our_scroll(self):
        self._scrolling = True
        try:
            yield
        finally:
            self._scrolling = False

    def _scrolled(self, value: int) -> None:
        if not self._scrolling:
            self.set_follow_tail(value >= self.table.verticalScrollBar().maximum())

    def _range_changed(self, _low: int, high: int) -> None:
        if self._following:
            with self._our_scroll():
                self.table.verticalScrollBar().setValue(high)

    # -- search, filter, errors --------------------------------------------------------------------------
    def find(self, text: str) -> None:
        """Search for ``text`` (case ignored) at once, as if typed in the find field."""
        self.find_edit.setText(text)
        self._search()

    def find_next(self) -> None:
        self._step(True)

    def find_previous(self) -> None:
        self._step(False)

    def set_problems_only(self, on: bool) -> None:
        """Show only warnings and errors (or every line again), keeping the line in view."""
        if self.problems_box.isChecked() != on:
            self.problems_box.setChecked(on)  # its signal brings us back here, the box then in step
            return
        if on == self.model.problems_only:
            return
        anchor = self._anchor()
        self.model.set_problems_only(on)
        if self._following:
            self._to_bottom()
        elif anchor is not None and self.model.rowCount():
            self._show_row(self.model.row_of(anchor), select=False)
        self._update_labels()

    def jump_to_first_error(self) -> None:
        number = self.model.first_error()
        if number is not None:
            self._show_row(self.model.row_of(number))

    def copy_selection(self) -> None:
        """The selected lines, whole, to the clipboard."""
        rows = sorted({row for r in self.table.selectionModel().selection() for row in range(r.top(), r.bottom() + 1)})
        if rows:
            QApplication.clipboard().setText(self.model.rows_text(rows))

    @property
    def warnings(self) -> int:
        return self.model.warnings

    @property
    def errors(self) -> int:
        return self.model.errors

    def _start_search(self, text: str) -> None:
        self.find_edit.setFocus()
        self.find_edit.setText(text)

    def _search(self) -> None:
        self._search_timer.stop()
        self.model.set_needle(self.find_edit.text())
        self.table.viewport().update()
        self._update_labels()

    def _step(self, forward: bool) -> None:
        if self._search_timer.isActive() or self.model.needle != self.find_edit.text().lower():
            self._search()
        top = self.table.rowAt(0)
        origin = self.model.number(top) if top >= 0 else self.model.dropped
        number = self.model.step(forward, origin)
        if number is not None:
            self._show_row(self.model.row_of(number))
        self._update_labels()

    def _anchor(self) -> int | None:
        """The number of the line the user is at: the current row, else the top one in view."""
        row = self.table.currentIndex().row()
        if row < 0:
            row = self.table.rowAt(0)
        return self.model.number(row) if row >= 0 else None

    def _show_row(self, row: int, select: bool = True) -> None:
        """Centre ``row`` vertically (the horizontal scroll kept, unless a match on it is out of sight)."""
        self.set_follow_tail(False)
        index = self.model.index(row, 0)
        if select:
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.table.selectionModel().setCurrentIndex(index, flags)
        across = self.table.horizontalScrollBar()
        left = across.value()
        with self._our_scroll():
            self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        span = self.table.match_span(row, self.model.needle)
        width = self.table.viewport().width()
        if span is not None and (span[0] < left or span[1] > left + width):
            left = int(span[0] - width / 3)
        across.setValue(left)
        self.table.viewport().update()

    # -- keys --------------------------------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:
        """Keys of the log and the find field (filters, not overrides of this widget's own event handlers: each
        Qt call into Python can wait for the interpreter while a job runs, so they are kept to few widgets)."""
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride:
            if any(event.matches(key) for key in _KEYS):
                event.accept()  # ours while the focus is here, before a window shortcut with the same keys
                return True
            return False
        if kind != QEvent.Type.KeyPress:
            return False
        if event.matches(QKeySequence.StandardKey.Find):
            self.find_edit.setFocus()
            self.find_edit.selectAll()
        elif event.matches(QKeySequence.StandardKey.FindNext):
            self.find_next()
        elif event.matches(QKeySequence.StandardKey.FindPrevious):
            self.find_previous()
        elif watched is self.table and event.matches(QKeySequence.StandardKey.Copy):  # Qt's copies one cell
            self.copy_selection()
        elif watched is self.find_edit and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._step(not event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        elif watched is self.find_edit and event.key() == Qt.Key.Key_Escape:
            self.find_edit.clear()
            self._search()
            self.table.setFocus()
        else:
            return False
        return True

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._count_colours = {code: c.name() for code, c in level_colours(self.palette()).items()}
            self._shown = ("", "", "", None)
            self._update_labels()

    # -- labels ------------------------------------------------------------------------------------------
    def _update_labels(self) -> None:
        """The counts, the note, the match count and the first-error button, each set only when it changes."""
        model = self.model
        counts = ", ".join(
            f"<span style='color:{self._count_colours[code]}'>{plural(n, noun)}</span>" if n else plural(n, noun)
            for n, noun, code in ((model.warnings, "warning", WARNING), (model.errors, "error", ERROR))
        )
        note = ""
        if model.dropped:
            where = f"only in the saved log: {self._saved_path}" if self._saved_path else "no longer shown"
            note = f"{plural(model.dropped, 'earlier line')} {'is' if model.dropped == 1 else 'are'} {where}"
        if not model.needle:
            matches = ""
        elif not model.matches:
            matches = "No matches"
        elif model.current is not None:
            matches = f"{bisect_left(model.matches, model.current) + 1:,} of {len(model.matches):,}"
        else:
            matches = plural(len(model.matches), "match")
        state = (counts, note, matches, model.first_error() is not None)
        if state == self._shown:
            return
        labels = (self.counts_label, self.note, self.match_label)
        for label, text, shown in zip(labels, state[:3], self._shown[:3], strict=True):
            if text != shown:
                label.setText(text)
        if bool(note) != bool(self._shown[1]):
            self.note.setVisible(bool(note))
        if state[3] != self._shown[3]:
            self.first_error_button.setEnabled(state[3])
        self._shown = state
