"""The shape of what a page says: a title, then sections of facts (label, value, evidence), tables and
notes. Builders (:mod:`.member`, :mod:`.folders`) fill it; renderers (:mod:`.text`, :mod:`.html`) draw it."""

from __future__ import annotations

from dataclasses import dataclass, field

# Tones a renderer may colour: good (green), fair (blue), bad (red), problem (amber), dim (grey).
GOOD, FAIR, BAD, PROBLEM, DIM = "good", "fair", "bad", "problem", "dim"


@dataclass
class Cell:
    text: str
    link: str | None = None  # a path the window selects when the cell is clicked
    action: str = "select"  # what a click on the link does with the path: "select" it, or "restore" its member
    tone: str | None = None
    bold: bool = False


@dataclass
class Fact:
    label: str
    value: list[Cell]
    evidence: str | None = None  # how the app knows (shown after the value, dimmed)


@dataclass
class Picture:
    """A small picture of a file (a thumbnail): ``path`` is filled in when it has been made."""

    source: str
    caption: str
    path: str | None = None


@dataclass
class Section:
    title: str | None = None
    facts: list[Fact] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # table column titles (may stay empty)
    rows: list[list[Cell]] = field(default_factory=list)  # table rows
    notes: list[Cell] = field(default_factory=list)  # paragraphs after the table
    bullets: list[Cell] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)


@dataclass
class Page:
    title: str
    subtitle: str | None = None
    sections: list[Section] = field(default_factory=list)


def fact(label: str, value: str | Cell | list[Cell], evidence: str | None = None, tone: str | None = None) -> Fact:
    if isinstance(value, str):
        cells = [Cell(value, tone=tone)]
    elif isinstance(value, Cell):
        cells = [value]
    else:
        cells = value
    return Fact(label, cells, evidence)
