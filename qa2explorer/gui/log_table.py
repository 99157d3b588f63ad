"""The lines of a log view on screen: a one-column QTableView with fixed row heights, painted by itself.

A table view lays its rows out through its header, in spans: a batch costs the same at 100 000 rows as at 100,
where a QListView asked the model about every row on each batch (0.3 s at 100 000 rows, even with uniform item
sizes).
Qt's item views call their delegate once per row, and each call from Qt into Python waits for the interpreter:
while a job's worker thread runs Python, that wait made a frame 5× longer (40 ms instead of 7.5 ms for 48 rows).
So the view keeps Qt's scrolling, selection and keys, and paints the rows in sight in one Python call: each in
its level's colour (readable on light and dark palettes), tabs expanded, search matches marked (the current one
stronger), a very long line cut on screen (copied whole). The font is monospace and unshaped (a character's place
is its index times one advance), so only the characters in sight are drawn.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QItemSelectionModel, QPointF, QRectF, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetricsF, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from .appearance import scheme
from .log_model import DEBUG, ERROR, INFO, WARNING, LogModel

MAX_CHARS = 2000  # shown of a line
TAB = 8
MARGIN = 4  # pixels left of the text
MATCH = QColor("#ffe169")
CURRENT_MATCH = QColor("#ff9632")
MATCH_TEXT = QColor("#000000")


def level_colours(palette: QPalette) -> dict[int, QColor]:
    """Text colour per level code: amber warnings, red errors, grey debug, the palette's text for info; light
    tones on a dark palette, dark ones on a light one (:mod:`qa2explorer.present.colours`)."""
    levels = scheme(palette).levels
    return {
        DEBUG: QColor(levels["debug"]),
        INFO: palette.color(QPalette.ColorRole.Text),
        WARNING: QColor(levels["warning"]),
        ERROR: QColor(levels["error"]),
    }


def shown_text(text: str) -> str:
    return (text if len(text) <= MAX_CHARS else text[:MAX_CHARS] + "…").expandtabs(TAB)


class LogTable(QTableView):
    """Typing in it starts a search (``typed``)."""

    typed = Signal(str)

    def __init__(self, model: LogModel, parent=None):
        super().__init__(parent)
        self._model = model
        self.setModel(model)
        self.chars = 0  # the column is this many characters wide
        self._palette_key: tuple[int, int] | None = None
        self._colours: dict[int, QColor] = {}
        for header in (self.horizontalHeader(), self.verticalHeader()):
            header.hide()
            header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            header.setMinimumSectionSize(1)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
        self.setFont(font)

    # -- geometry ----------------------------------------------------------------------------------------
    def advance(self) -> float:
        return QFontMetricsF(self.font()).horizontalAdvance("M")

    def widen(self, chars: int) -> None:
        """Make the column at least ``chars`` characters wide."""
        if chars > self.chars:
            self.chars = chars
            self._fit()

    def reset_width(self) -> None:
        self.chars = 0
        self._fit()

    def match_span(self, row: int, needle: str) -> tuple[float, float] | None:
        """Pixels from the column's left edge to the start and end of the first match of ``needle`` in ``row``."""
        at = shown_text(self._model.line(row)[0]).lower().find(needle) if needle else -1
        if at < 0:
            return None
        step = self.advance()
        return MARGIN + at * step, MARGIN + (at + len(needle)) * step

    def _fit(self) -> None:
        width = max(math.ceil(self.advance() * self.chars) + 2 * MARGIN, self.viewport().width())
        if self.columnWidth(0) != width:
            self.setColumnWidth(0, width)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.verticalHeader().setDefaultSectionSize(math.ceil(QFontMetricsF(self.font()).lineSpacing()) + 2)
            self._fit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    # -- painting ----------------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        first, last = self.rowAt(event.rect().top()), self.rowAt(event.rect().bottom())
        if first < 0:
            return
        last = self._model.rowCount() - 1 if last < 0 else last
        painter = QPainter(self.viewport())
        try:
            widest = self._paint_rows(painter, first, last)
        finally:
            painter.end()
        if widest > self.chars:  # tabs expanded: wider than the model's count of characters
            QTimer.singleShot(0, self, lambda: self.widen(widest))

    def _paint_rows(self, painter: QPainter, first: int, last: int) -> int:
        """Paint rows ``first`` to ``last``; returns the characters the widest of them needs."""
        model, width = self._model, self.viewport().width()
        metrics = QFontMetricsF(self.font())
        step, height = metrics.horizontalAdvance("M"), self.verticalHeader().defaultSectionSize()
        x = self.columnViewportPosition(0) + MARGIN
        left, right = max(0, math.floor(-x / step)), math.ceil((width - x) / step)  # the characters in sight
        baseline = (height - metrics.height()) / 2 + metrics.ascent()
        top = self.rowViewportPosition(first)
        palette = self.palette()
        group = QPalette.ColorGroup.Active if self.isActiveWindow() else QPalette.ColorGroup.Inactive
        highlight = palette.color(group, QPalette.ColorRole.Highlight)
        highlighted_text = palette.color(group, QPalette.ColorRole.HighlightedText)
        colours = self._level_colours(palette)
        selected = self._selected_rows(first, last)
        needle, current = model.needle, model.current
        painter.setFont(self.font())
        widest = 0
        for row in range(first, last + 1):
            y = top + (row - first) * height
            text, code = model.line(row)
            shown = shown_text(text)
            widest = max(widest, len(shown))
            if row in selected:
                painter.fillRect(QRectF(0, y, width, height), highlight)
            painter.setPen(highlighted_text if row in selected else colours[code])
            painter.drawText(QPointF(x + left * step, y + baseline), shown[left:right])
            if needle:
                fill = CURRENT_MATCH if current == model.number(row) else MATCH
                lower = shown.lower()
                at = lower.find(needle, max(0, left - len(needle)))
                if 0 <= at < right:
                    painter.setPen(MATCH_TEXT)
                while 0 <= at < right:
                    painter.fillRect(QRectF(x + at * step, y, len(needle) * step, height), fill)
                    painter.drawText(QPointF(x + at * step, y + baseline), shown[at : at + len(needle)])
                    at = lower.find(needle, at + len(needle))
        current_row = self.currentIndex().row()
        if self.hasFocus() and first <= current_row <= last:
            painter.setPen(highlight)
            painter.drawRect(QRectF(0.5, top + (current_row - first) * height + 0.5, width - 1, height - 1))
        return widest

    def _selected_rows(self, first: int, last: int) -> set[int]:
        rows: set[int] = set()
        for r in self.selectionModel().selection():
            rows.update(range(max(first, r.top()), min(last, r.bottom()) + 1))
        return rows

    def _level_colours(self, palette: QPalette) -> dict[int, QColor]:
        key = (palette.color(QPalette.ColorRole.Base).rgba(), palette.color(QPalette.ColorRole.Text).rgba())
        if key != self._palette_key:
            self._palette_key, self._colours = key, level_colours(palette)
        return self._colours

    # -- keys --------------------------------------------------------------------------------------------
    def keyboardSearch(self, search: str) -> None:  # Qt's own asks the model about every row
        self.typed.emit(search)

    def moveCursor(self, action, modifiers):
        """Keys move from the top line in view when no line is current (Qt's start from the first line held);
        Home and End go to the first and last line."""
        rows = self._model.rowCount()
        if action in (self.CursorAction.MoveHome, self.CursorAction.MoveEnd) and rows:
            return self._model.index(0 if action == self.CursorAction.MoveHome else rows - 1, 0)
        if not self.currentIndex().isValid() and rows:
            top = self._model.index(max(0, self.rowAt(0)), 0)
            self.selectionModel().setCurrentIndex(top, QItemSelectionModel.SelectionFlag.NoUpdate)
        return super().moveCursor(action, modifiers)
