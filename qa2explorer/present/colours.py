"""The colours the app draws text in, one set for a light appearance and one for a dark one. The window picks the
set from the system's palette (:func:`colours`); each text colour is at least 4.5:1 (WCAG AA) against the
backgrounds it is drawn on in its appearance (tests/test_colour_contrast.py measures every pair)."""

from __future__ import annotations

from dataclasses import dataclass

from .facts import BAD, DIM, FAIR, GOOD, PROBLEM

# the pipeline's score bands (qa.scores RED, YELLOW, BLUE, GREEN; not imported: the window starts without the
# scores' XML reader)
RED, YELLOW, BLUE, GREEN = "red", "yellow", "blue", "green"


@dataclass(frozen=True)
class Colours:
    dark: bool
    tones: dict[str, str]  # a page's tones (good, fair, bad, problem, dim) on the window's or page's background
    header: str  # table headers of a page
    link: str
    bands: dict[str, tuple[str, str]]  # a pipeline score band: (background, text)
    syntax: dict[str, str]  # the text viewer's highlighting, on the page's background
    levels: dict[str, str]  # log lines of a level other than info (info keeps the palette's text)
    marked: str  # the background of a marked line in plain text (its text keeps the palette's text)
    not_found: tuple[str, str]  # a search field whose text was not found: (background, text)
    lines: dict[str, str]  # plot lines on the window's background (graphics: at least 3:1)


LIGHT = Colours(
    dark=False,
    tones={GOOD: "#1b7a43", FAIR: "#1f618d", BAD: "#b03a2e", PROBLEM: "#8a5a0b", DIM: "#5f6368"},
    header="#4d5b69",
    link="#1a5fb4",
    # the pipeline weblog's own badges (Bootstrap alert-danger / warning / info / success)
    bands={
        RED: ("#f2dede", "#a94442"),
        YELLOW: ("#fcf8e3", "#7a5f2c"),
        BLUE: ("#d9edf7", "#31708f"),
        GREEN: ("#dff0d8", "#3c763d"),
    },  # fmt: skip
    syntax={
        "keyword": "#7a3f9a",
        "task": "#17737a",
        "number": "#9c4a00",
        "string": "#4c6b00",
        "comment": "#62665f",
        "tag": "#2f5f9e",
        "attribute": "#b3191c",
        "warning": "#9a5200",
        "error": "#b3191c",
        "heading": "#1f4e79",
    },  # fmt: skip
    levels={"debug": "#62665f", "warning": "#9a4d00", "error": "#c62828"},
    marked="#ffeb99",
    not_found=("#f5c6c0", "#1b1b1b"),
    lines={"blue": "#1f6fb2", "red": "#c0392b", "grey": "#5a5a5a"},
)

DARK = Colours(
    dark=True,
    tones={GOOD: "#6fd59a", FAIR: "#82bdf0", BAD: "#ff9b8f", PROBLEM: "#f0b45a", DIM: "#aeb4ba"},
    header="#b8c2cc",
    link="#8cc4ff",
    bands={
        RED: ("#4d2221", "#ffb4ab"),
        YELLOW: ("#463a17", "#f3d98a"),
        BLUE: ("#1d3a4d", "#a9d6f2"),
        GREEN: ("#203f26", "#a8e0b1"),
    },  # fmt: skip
    syntax={
        "keyword": "#d0a8e6",
        "task": "#7fd3cc",
        "number": "#f0a46c",
        "string": "#c2cf78",
        "comment": "#a5aaa6",
        "tag": "#94b8e0",
        "attribute": "#ff9c95",
        "warning": "#f3c565",
        "error": "#ff8f87",
        "heading": "#9cc7f0",
    },  # fmt: skip
    levels={"debug": "#a5aaa6", "warning": "#f2a94a", "error": "#ff8f87"},
    marked="#5a4a00",
    not_found=("#5c2320", "#ffe0dc"),
    lines={"blue": "#6cb4f0", "red": "#ff7f70", "grey": "#b0b0b0"},
)


def colours(dark: bool) -> Colours:
    return DARK if dark else LIGHT
