"""Flag templates and flag command files: the active commands as a table (comments and blank lines skipped)."""

from __future__ import annotations

from ...qa.flag_commands import flag_table
from ...qa.helper_table import HelperTable
from .table_helpers import TablePreview


class FlagCommandsPreview(TablePreview):
    what = "a flag command file"
    title = "Flag commands"

    @staticmethod
    def parse(text: str, path: str) -> HelperTable:
        return flag_table(text)
