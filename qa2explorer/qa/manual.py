"""Manual QA of a member: per execution block, its diagnostic plots (``…uid___A002_<eb>__qa2_partN.png``) and its
``…__textfile.txt`` with the key figures read from it (:mod:`.manual_figures`).

Names vary: with or without the ``member.<mous>.`` prefix, ``uid___`` or ``uid__`` (older listings; four
underscores in some), one or two underscores before ``qa2_part`` / ``textfile``. Plots are ordered by part
number (part10 after part9).

Captions: the QA2 README lists the diagnostic plots in a usual order (16 items since Cycle 12, below). Deliveries
seen so far hold three parts per EB, pages that each combine several of those plots, so a plot is captioned with
the README's item only when its EB has more parts than that (one plot a page); the item is the usual content of
that page, which a given delivery may order differently.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from ..delivery import uids
from ..jobs import JobError
from .manual_figures import Figure, textfile_figures

__all__ = [
    "PLOT_LIST",
    "EbManualQA",
    "Figure",
    "caption",
    "eb_of",
    "manual_qa",
    "part_of",
    "read_textfile",
    "textfile_figures",
]

# The README's numbered list (ALMA QA2 Data Products for Cycle 12), shortened.
PLOT_LIST = [
    "Observing schedule (intent vs time)",
    "Mosaic pointings",
    "Antenna configuration",
    "WVR correction effectiveness",
    "Gain amplitude solutions vs time",
    "Gain phase solutions vs time",
    "Average bandpass per spw",
    "Tsys vs frequency",
    "Bandpass calibrator amplitude and phase vs frequency",
    "Flux calibration model and data (amplitude vs uv distance)",
    "Target amplitude vs uv distance",
    "Phase calibrator amplitude and phase vs frequency",
    "Target uv coverage",
    "Test image of the target",
    "Synthesized beam (PSF)",
    "Phase stability (phase rms vs baseline length)",
]
COMBINED_PAGES = 3  # EBs with this many parts or fewer put several plots on each page: no per-part caption

# The EB's uid right before the suffix (a name without one still counts: its EB is "", unknown).
NAME = re.compile(
    r"(?:uid_{1,4}(?P<ns>A002)_(?P<a>X[0-9a-f]+)_(?P<b>X[0-9a-f]+)_{1,4}|_)"
    r"(?:qa2_part(?P<part>\d+)\.png|textfile\.txt)$",
    re.I,
)
TEXT_LIMIT = 1024 * 1024  # a textfile is a few kB; more is not one

NO_FIGURES = "no key figures recognised; the full text is shown"
NO_TEXTFILE = "no textfile for this EB"
EMPTY_TEXTFILE = "the textfile is empty"


@dataclass
class EbManualQA:
    eb: str  # the EB uid as an archive URI, uid://A002/X…/X… ("" for files whose names carry no EB uid)
    plots: list[str] = field(default_factory=list)  # absolute paths, by part number
    textfile: str | None = None
    figures: list[Figure] = field(default_factory=list)
    note: str = ""  # what could not be read or recognised
    parts: list[int] = field(default_factory=list)  # the part number of each plot
    captions: list[str] = field(default_factory=list)  # each plot's usual content, "" when not named

    def to_dict(self) -> dict:
        return {
            "eb": self.eb,
            "plots": self.plots,
            "parts": self.parts,
            "captions": self.captions,
            "textfile": self.textfile,
            "figures": [f.to_dict() for f in self.figures],
            "note": self.note,
        }


def caption(part: int, parts: int) -> str:
    """The usual content of plot ``part`` of an EB with ``parts`` plots ("" when the pages combine plots)."""
    return PLOT_LIST[part - 1] if parts > COMBINED_PAGES and 1 <= part <= len(PLOT_LIST) else ""


def eb_of(name: str) -> str | None:
    """The EB uid (URI) of a manual-QA plot or textfile name ("" when the name carries none); None for any
    other name."""
    m = NAME.search(os.path.basename(name))
    if m is None:
        return None
    return uids.to_uri(f"uid___{m.group('ns')}_{m.group('a')}_{m.group('b')}") if m.group("ns") else ""


def part_of(name: str) -> int | None:
    """The part number of a manual-QA plot name (``…__qa2_part12.png`` -> 12); None for a textfile or another name."""
    m = NAME.search(os.path.basename(name))
    return int(m.group("part")) if m and m.group("part") else None


def manual_qa(member_path: str) -> list[EbManualQA]:
    """One entry per EB with manual-QA plots or a textfile in the member's ``qa/`` (or in ``member_path``
    itself, when it is that folder), ordered by EB uid; files whose names carry no EB uid come last, as one.
    Textfiles are read here (a few kB each). Raises :class:`JobError` when the folder cannot be listed; an
    unreadable textfile is said in its EB's note."""
    folder = os.path.join(member_path, "qa")
    folder = os.path.abspath(folder if os.path.isdir(folder) else member_path)
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise JobError(f"cannot list {folder}: {exc.strerror or exc}") from None
    by_eb: dict[str, EbManualQA] = {}
    found: dict[str, list[tuple[int, str]]] = {}
    for name in names:
        eb = eb_of(name)
        if eb is None:
            continue
        entry = by_eb.setdefault(eb, EbManualQA(eb))
        path = os.path.join(folder, name)
        if (part := part_of(name)) is not None:
            found.setdefault(eb, []).append((part, path))
        elif entry.textfile is None:
            entry.textfile = path
    for eb, entry in by_eb.items():
        plots = sorted(found.get(eb, []))
        entry.parts = [part for part, _ in plots]
        entry.plots = [path for _, path in plots]
        entry.captions = [caption(part, len(plots)) for part in entry.parts]
        if entry.textfile is None:
            entry.note = NO_TEXTFILE
            continue
        try:
            text = read_textfile(entry.textfile)
        except OSError as exc:
            entry.note = f"cannot read the textfile: {exc.strerror or exc}"
            continue
        entry.figures = textfile_figures(text)
        if not text.strip():
            entry.note = EMPTY_TEXTFILE
        elif not entry.figures:
            entry.note = NO_FIGURES
    return [by_eb[eb] for eb in sorted(by_eb, key=lambda eb: (not eb, eb))]


def read_textfile(path: str) -> str:
    """The textfile's text (its first MB; bytes that are not UTF-8 show as U+FFFD)."""
    with open(path, "rb") as f:
        return f.read(TEXT_LIMIT).decode("utf-8", "replace")
