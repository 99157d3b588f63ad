"""Base of the helper files shown as one sortable table (flux.csv, antennapos, calapply, flag commands)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ...qa.helper_table import HelperTable
from ..helper_table_view import HelperTableView
from .helper import HelperPreview


class TablePreview(HelperPreview):
    title = "Table"

    def build(self, parsed: object) -> list[tuple[str, QWidget]]:
        self.table = HelperTableView()
        self.table.set_table(parsed)
        return [(self.title, self.table)]

    def summary(self, parsed: object) -> str:
        return parsed.summary if isinstance(parsed, HelperTable) else ""
