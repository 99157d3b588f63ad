"""A read-only, sortable table of a helper file (:class:`qa2explorer.qa.helper_table.HelperTable`): headings with
units, numbers sorted as numbers, cells of several lines (lists) shown whole."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from ..qa.helper_table import HelperTable


class _Item(QTableWidgetItem):
    """Sorts by its number when it has one (empty cells last), else by its text. A (text, number) value shows
    the text and sorts by the number."""

    def __init__(self, value: object):
        if isinstance(value, tuple):
            text, value = value
        else:
            text = "" if value is None else f"{value:.6g}" if isinstance(value, float) else str(value)
        super().__init__(text)
        self.number = value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
        self.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
        if self.number is not None:
            self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        else:
            self.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if "\n" in self.text() or len(self.text()) > 60:
            self.setToolTip(self.text())

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.number, getattr(other, "number", None)
        if mine is not None or theirs is not None:
            if mine is None or theirs is None:
                return theirs is None and mine is not None
            return mine < theirs
        return self.text().lower() < other.text().lower()


class HelperTableView(QTableWidget):
    MAX_COLUMN_WIDTH = 420

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def set_table(self, table: HelperTable) -> None:
        self.setSortingEnabled(False)
        self.clear()
        self.setColumnCount(len(table.columns))
        self.setRowCount(len(table.rows))
        self.setHorizontalHeaderLabels([c.heading for c in table.columns])
        for r, row in enumerate(table.rows):
            for c, value in enumerate(row):
                self.setItem(r, c, _Item(value))
        self.resizeColumnsToContents()
        for c in range(self.columnCount()):
            self.setColumnWidth(c, min(self.columnWidth(c), self.MAX_COLUMN_WIDTH))
        self.resizeRowsToContents()
        self.setSortingEnabled(True)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)

    def column_values(self, title: str) -> list[str]:
        """The texts of the column whose heading starts with ``title``, top to bottom as shown."""
        for c in range(self.columnCount()):
            if self.horizontalHeaderItem(c).text().split(" (")[0] == title:
                return [self.item(r, c).text() for r in range(self.rowCount())]
        raise KeyError(title)
