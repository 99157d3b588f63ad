"""Requested against achieved values in a QA2 report's text: a table headed "Requested … Achieved" whose rows are
a label and two measures (``Angular resolution 1.20 arcsec 1.29 x 1.01 arcsec``, ``Continuum sensitivity
0.06 mJy/beam 0.05 mJy/beam``). PDF text keeps a row's words on one line but not its column spacing, so each
row is read as label, first measure (requested), second measure (achieved), each measure a number (or major x
minor) with its unit. Rows of another shape are skipped; a report without such a table gives nothing."""

from __future__ import annotations

import re

from .manual_figures import LABELS, Figure

_NUM = r"\d+(?:\.\d+)?"
_MEASURE = rf"({_NUM}(?:\s*[x×]\s*{_NUM})?)\s*(arcsec|\"|mas|[mµu]?Jy(?:/beam| beam-1)?)"
_ROW = re.compile(rf"^\s*(?P<label>[A-Za-z].*?)\s+{_MEASURE}\s+{_MEASURE}\s*$")
_HEADER = re.compile(r"requested.*achieved", re.I)
_MJY = {"mJy": 1.0, "Jy": 1000.0, "uJy": 0.001, "µJy": 0.001}


def report_figures(text: str) -> list[Figure]:
    """The requested and achieved resolution and sensitivities of the report's table, as figures (keys
    ``requested_resolution`` / ``beam``, ``requested_rms`` / ``rms``; the label says which sensitivity)."""
    figures: list[Figure] = []
    in_table = False
    for number, line in enumerate(text.splitlines(), 1):
        if _HEADER.search(line):
            in_table = True
            continue
        m = _ROW.match(line) if in_table else None
        if m is None:
            in_table = in_table and not figures  # the table ends at its first other line
            continue
        label = m.group("label").strip()
        angle = m.group(3) in ("arcsec", '"', "mas")
        for (value, unit), requested in (((m.group(2), m.group(3)), True), ((m.group(4), m.group(5)), False)):
            key = ("requested_resolution" if requested else "beam") if angle else \
                ("requested_rms" if requested else "rms")  # fmt: skip
            figures.append(_figure(key, label, value, unit, number, angle))
    return figures


def _figure(key: str, label: str, value: str, unit: str, line: int, angle: bool) -> Figure:
    parts = [float(p) for p in re.split(r"\s*[x×]\s*", value)]
    text = f"{value} {unit}"
    what = f"{LABELS[key].split()[0]} {label[:1].lower()}{label[1:]}"  # "Requested continuum sensitivity"
    if angle:
        scale = 0.001 if unit == "mas" else 1.0
        major, minor = parts[0] * scale, parts[-1] * scale
        return Figure(key, what, text, line, number=major if len(parts) == 1 else None, unit="arcsec",
                      major=major if len(parts) > 1 else None, minor=minor if len(parts) > 1 else None)  # fmt: skip
    base = unit.split("/")[0].split(" ")[0]
    per_beam = "beam" in unit
    return Figure(key, what, text, line, number=parts[0] * _MJY.get(base, 1.0), unit="mJy/beam" if per_beam else "mJy")
