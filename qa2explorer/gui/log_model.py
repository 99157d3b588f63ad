"""The lines a log view holds: at most ``max_lines``, the oldest dropped first, with their levels, the warnings
and errors among them and the lines a search finds.

Lines are numbered from 0 since the last clear; a *row* is a line's place in what is shown: every held line, or
with ``problems_only`` the held warnings and errors. Texts are kept in a list, levels as one byte a line.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from .. import jobs

DEBUG, INFO, WARNING, ERROR = range(4)  # level codes, one byte a line
CODES = {jobs.DEBUG: DEBUG, jobs.INFO: INFO, jobs.WARNING: WARNING, jobs.SEVERE: ERROR}
_PROBLEM = re.compile(b"[\x02\x03]")  # the WARNING and ERROR codes


class LogModel(QAbstractTableModel):
    def __init__(self, max_lines: int, parent=None):
        super().__init__(parent)
        self.max_lines = max_lines
        self._texts: list[str] = []
        self._codes = bytearray()
        self.dropped = 0  # lines dropped since the clear = the number of the first held line
        self._problems: list[int] = []  # numbers of the held warnings and errors
        self.problems_only = False
        self.warnings = self.errors = 0  # counted since the clear, dropped lines included
        self.widest = 0  # characters of the longest line added since the clear
        self.needle = ""  # the search, lower case
        self.matches: list[int] = []  # numbers of the shown lines holding the needle
        self.current: int | None = None  # number of the current match

    # -- Qt ----------------------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        if parent.isValid():
            return 0
        return len(self._problems) if self.problems_only else len(self._texts)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 1

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self._texts[self.number(index.row()) - self.dropped]
        return None

    # -- rows and lines ----------------------------------------------------------------------------------
    @property
    def held(self) -> int:
        return len(self._texts)

    def number(self, row: int) -> int:
        """The number of the line shown at ``row``."""
        return self._problems[row] if self.problems_only else self.dropped + row

    def row_of(self, number: int) -> int:
        """The row showing line ``number``, or the next shown one (the last when none is)."""
        row = bisect_left(self._problems, number) if self.problems_only else number - self.dropped
        return max(0, min(row, self.rowCount() - 1))

    def line(self, row: int) -> tuple[str, int]:
        """(text, level code) of the line shown at ``row``."""
        i = self.number(row) - self.dropped
        return self._texts[i], self._codes[i]

    def text(self) -> str:
        return "\n".join(self._texts)

    def rows_text(self, rows: Iterable[int]) -> str:
        return "\n".join(self.line(row)[0] for row in rows)

    def first_error(self) -> int | None:
        """The number of the first held error line."""
        i = self._codes.find(ERROR)
        return None if i < 0 else self.dropped + i

    # -- changes -----------------------------------------------------------------------------------------
    def append(self, texts: list[str], codes: bytes) -> int:
        """Add lines (``codes``: one level code each), dropping the oldest beyond ``max_lines``; returns how many
        shown rows were dropped from the top."""
        if not texts:
            return 0
        self.warnings += codes.count(WARNING)
        self.errors += codes.count(ERROR)
        self.widest = max(self.widest, max(map(len, texts)))
        start = self.dropped + len(self._texts)  # the number of texts[0]
        if len(texts) > self.max_lines:
            cut = len(texts) - self.max_lines
            texts, codes, start = texts[cut:], codes[cut:], start + cut
        first = max(self.dropped, start + len(texts) - self.max_lines)  # the first line still held after
        problems = [start + m.start() for m in _PROBLEM.finditer(codes)]
        removed = bisect_left(self._problems, first) if self.problems_only else first - self.dropped
        if removed:
            self.beginRemoveRows(QModelIndex(), 0, removed - 1)
        gone = min(first - self.dropped, len(self._texts))
        del self._texts[:gone], self._codes[:gone], self._problems[: bisect_left(self._problems, first)]
        del self.matches[: bisect_left(self.matches, first)]
        if self.current is not None and self.current < first:
            self.current = None
        self.dropped = first
        if removed:
            self.endRemoveRows()
        rows = self.rowCount()
        added = len(problems) if self.problems_only else len(texts)
        if added:
            self.beginInsertRows(QModelIndex(), rows, rows + added - 1)
        self._texts.extend(texts)
        self._codes.extend(codes)
        self._problems.extend(problems)
        if self.needle:
            self.matches.extend(self._find(problems) if self.problems_only else self._find_in(start, texts))
        if added:
            self.endInsertRows()
        return removed

    def set_problems_only(self, on: bool) -> None:
        self.beginResetModel()
        self.problems_only = on
        self._search()
        self.endResetModel()

    def set_needle(self, text: str) -> None:
        self.needle = text.lower()
        self._search()

    def clear(self) -> None:
        self.beginResetModel()
        self._texts, self._codes, self._problems, self.matches = [], bytearray(), [], []
        self.dropped = self.warnings = self.errors = self.widest = 0
        self.current = None
        self.endResetModel()

    # -- search ------------------------------------------------------------------------------------------
    def step(self, forward: bool, origin: int) -> int | None:
        """The next (or previous) match after the current one, or after line ``origin`` when there is no
        current match, wrapping around; it becomes the current match."""
        if not self.matches:
            self.current = None
            return None
        if self.current is not None:
            i = bisect_left(self.matches, self.current) + (1 if forward else -1)
        else:
            i = bisect_left(self.matches, origin) if forward else bisect_left(self.matches, origin + 1) - 1
        self.current = self.matches[i % len(self.matches)]
        return self.current

    def _search(self) -> None:
        self.current = None
        if not self.needle:
            self.matches = []
        elif self.problems_only:
            self.matches = self._find(self._problems)
        else:
            self.matches = self._find_in(self.dropped, self._texts)

    def _find(self, numbers: list[int]) -> list[int]:
        needle, texts, first = self.needle, self._texts, self.dropped
        return [n for n in numbers if needle in texts[n - first].lower()]

    def _find_in(self, start: int, texts: list[str]) -> list[int]:
        needle = self.needle
        return [start + i for i, text in enumerate(texts) if needle in text.lower()]
