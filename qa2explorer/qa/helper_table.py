"""What the parsers of the member's helper files (cont.dat, flux.csv, antennapos.csv, calapply, flag commands,
casa_commands.log) give the views: a table of columns with units and rows of values, and one error for a file
that is not what its name says."""

from __future__ import annotations

from dataclasses import dataclass, field


class NotRecognised(ValueError):
    """The text is not in the layout its kind has; ``str(exc)`` says what was wrong."""


@dataclass(frozen=True)
class Column:
    title: str
    unit: str = ""
    numeric: bool = False  # sorted as numbers

    @property
    def heading(self) -> str:
        return f"{self.title} ({self.unit})" if self.unit else self.title


@dataclass
class HelperTable:
    columns: list[Column]
    rows: list[list[object]] = field(default_factory=list)  # str, int, float, None (empty), (text, sort number)
    summary: str = ""  # one line above the table: counts, totals


def check_text(text: str) -> None:
    """Refuse an empty file or binary junk before any layout is tried."""
    if not text.strip():
        raise NotRecognised("the file is empty")
    head = text[:4096]
    if "\x00" in head or head.count("\ufffd") > max(8, len(head) // 50):
        raise NotRecognised("the file is binary, not text")
