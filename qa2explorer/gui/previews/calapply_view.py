"""calapply.txt / auxcalapply.txt: the applycal calls of an EB, one row each, its tables one per line."""

from __future__ import annotations

from ...qa.calapply import calapply_table
from ...qa.helper_table import HelperTable
from .table_helpers import TablePreview


class CalapplyPreview(TablePreview):
    what = "a calapply file (applycal calls)"
    title = "applycal calls"

    @staticmethod
    def parse(text: str, path: str) -> HelperTable:
        return calapply_table(text)
