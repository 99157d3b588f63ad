"""An EB's manual-QA textfile: its key figures in a compact table (a click scrolls the text to the figure's line
and highlights it), a note when none were recognised, and the full text below, always."""

from __future__ import annotations

import os

from PySide6.QtGui import QColor, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...present.facts import DIM
from ...qa.manual import Figure
from ..appearance import on_change, scheme, set_tone
from ..panels import ElidedLabel
from ..text_viewer import read_only_text

MAX_ROWS = 12  # the table shows this many rows without scrolling


class TextfilePane(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.figures: list[Figure] = []
        self.title = ElidedLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Key figure", "Value"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.setToolTip("Click a figure to see its line in the text")
        self.table.cellClicked.connect(lambda row, _col: self.jump(row))
        self.table.currentCellChanged.connect(lambda row, *_: self.jump(row))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("padding: 2px 0;")
        set_tone(self.note, DIM)
        self.text = read_only_text(wrap=True)  # a narrow pane shows whole lines
        on_change(self._recolour_mark)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        layout.addWidget(self.note)
        layout.addWidget(self.text, 1)
        layout.addStretch(0)  # without text (no textfile), the rest stays at the top
        self.clear()

    def clear(self) -> None:
        self.show_textfile(None, [], "", "")

    def set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def show_textfile(self, path: str | None, figures: list[Figure], note: str, text: str) -> None:
        self.figures = figures
        self.title.set_full_text(os.path.basename(path) if path else "")
        self.title.setVisible(bool(path))
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.setRowCount(len(figures))
        for row, figure in enumerate(figures):
            self.table.setItem(row, 0, QTableWidgetItem(figure.label))
            value = QTableWidgetItem(figure.value)
            value.setToolTip(f"{figure.value}\n(line {figure.line})")
            self.table.setItem(row, 1, value)
        self.table.blockSignals(False)
        shown = min(len(figures), MAX_ROWS)
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setFixedHeight(header + shown * self.table.verticalHeader().defaultSectionSize()
                                  + 2 * self.table.frameWidth() + 2)  # fmt: skip
        self.table.setVisible(bool(figures))
        self.set_note(note)
        self.text.setExtraSelections([])
        self.text.setPlainText(text)
        self.text.setVisible(path is not None)

    def jump(self, row: int) -> None:
        """Scroll the text to figure ``row``'s line, put the cursor there and highlight the line."""
        if not 0 <= row < len(self.figures):
            return
        block = self.text.document().findBlockByNumber(self.figures[row].line - 1)
        if not block.isValid():
            return
        cursor = QTextCursor(block)
        self.text.setTextCursor(cursor)
        self.text.centerCursor()
        mark = QTextEdit.ExtraSelection()
        mark.format.setBackground(QColor(scheme().marked))
        mark.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        mark.cursor = cursor
        self.text.setExtraSelections([mark])

    def _recolour_mark(self) -> None:
        """The marked line in the marking colour of the system's appearance (its text keeps the palette's)."""
        marks = self.text.extraSelections()
        for mark in marks:
            mark.format.setBackground(QColor(scheme().marked))
        self.text.setExtraSelections(marks)
