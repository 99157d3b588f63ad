"""Key figures of a manual-QA ``…__textfile.txt``: achieved beam and rms, requested values, flagged fraction,
target, date, array, antennas, reference antenna, calibrators, PWV.

No real textfile is public (the QA2 README calls it "mostly self-explanatory" and points to its "Check of a target
image and sensitivity" section for the approximate achieved resolution and sensitivity), so the parser assumes no
layout: it reads labelled lines (``Beam: 1.2 x 0.9 arcsec``, ``rms = 45 uJy/beam``), clauses of prose (``the
achieved resolution is 0.55"x0.45" and the rms 0.12 mJy/beam``), "Requested / Achieved" column tables and
sections headed "requested". A value counts only with its unit (arcsec, ``"``, mas; Jy, mJy, µJy, per beam or
not; %), except a beam on a line labelled with its unit. Each figure keeps the 1-based line it was read from.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

NUM = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_ANGLE = r"(?:arc\s?sec(?:onds?|s)?|asec|mas|milli-?arcsec|\"|''|″|”|as(?![A-Za-z]))"
_DEG = r"(?:deg(?:rees?)?|°|º)"
_PA = rf"(?:\s*[,;(]?\s*(?:(?:PA|P\.A\.|position\s+angle)\s*[=:]?\s*(?P<pa>{NUM})\s*{_DEG}?|(?P<pa2>{NUM})\s*{_DEG}))"
BEAM = re.compile(
    rf"(?P<maj>{NUM})\s*(?P<u1>{_ANGLE})?\s*(?:x|X|×|\*|by)\s*(?P<min>{NUM})\s*(?P<u2>{_ANGLE})?"
    rf"(?:{_PA}|\s*,\s*(?P<pa3>{NUM})\s*\)?\s*$)?"
)
SIZE = re.compile(rf"(?P<val>{NUM})\s*(?P<u>{_ANGLE})")
_PER_BEAM = r"(?:\s*/\s*(?:beam|bm|b)\b|\s*beam\s*(?:\^|\*\*)?\s*-1|\s*beam⁻¹)"
FLUX = re.compile(rf"(?P<val>{NUM})\s*(?P<pre>[mµμu]|milli|micro)?Jy(?P<per>{_PER_BEAM})?", re.I)
PERCENT = re.compile(rf"(?P<val>{NUM})\s*%")
PWV = re.compile(rf"(?P<val>{NUM})\s*mm\b")

_REQUESTED = re.compile(r"request|\bgoal|required|\bPI\b|proposed|asked|\bSG\b", re.I)
_THEORETICAL = re.compile(r"theoretic|expected|predicted|thermal|estimated", re.I)
_BEAM_WORD = re.compile(r"(?<!primary )(?<!primary-)\bbeam\b|resolution|\bpsf\b|synthesi[sz]ed", re.I)
_RMS_WORD = re.compile(r"\brms\b|sensitivit|noise|\bsigma\b|σ", re.I)
_FLAG_WORD = re.compile(r"flag", re.I)
_TOTAL_WORD = re.compile(r"total|overall|after|final|in all", re.I)
_PWV_WORD = re.compile(r"\bpwv\b|precipitable", re.I)
_LABELLED = re.compile(r"^\s*(?P<label>[A-Za-z][^:=]{0,60}?)\s*(?::|=|\.{3,})\s*(?P<value>\S.*?)\s*$")
_PAIR_BREAK = re.compile(r"\s{3,}(?=[A-Za-z][A-Za-z .()/_-]{0,40}?\s*[:=]\s*\S)")
_UNDERLINE = re.compile(r"^\s*[-=_*#~]{3,}\s*$")
_CLAUSE_BREAK = re.compile(
    r";|,\s+(?=(?:while|whereas|and|but|the|achieved|requested|rms|sensitivity|noise|beam|resolution)\b)"
    r"|\s+(?:and|while|whereas|but)\s+(?=(?:the|achieved|requested|an?|rms|sensitivity|noise|beam|resolution)\b)",
    re.I,
)
_COLUMN_REQUESTED = re.compile(r"request|goal|required", re.I)
_COLUMN_ACHIEVED = re.compile(r"achieved|measured|obtained|reached|actual", re.I)

# Text-valued figures from labelled lines: key -> (label shown, pattern the line's label matches in full).
_TEXT_LABELS: list[tuple[str, str, re.Pattern[str]]] = [
    (key, label, re.compile(pattern, re.I))
    for key, label, pattern in [
        ("target", "Target", r"(?:science\s+)?(?:target|source)s?(?:\s+(?:name|field)s?)?|fields?|object"),
        ("date", "Observed", r".*\bdate\b.*|observed(?:\s+on)?|(?:observation|start)\s+time|obs(?:ervation)?\s+start"),
        ("array", "Array", r"array(?:\s+configuration)?|configuration"),
        ("refant", "Reference antenna", r"ref(?:erence)?[\s_.-]*ant(?:enna)?"),
        ("bandpass_cal", "Bandpass calibrator", r"bandpass\s+cal(?:ibrator)?|bp\s+cal"),
        ("flux_cal", "Flux calibrator", r"flux\s+cal(?:ibrator)?|amplitude\s+cal(?:ibrator)?"),
        ("phase_cal", "Phase calibrator", r"phase\s+cal(?:ibrator)?|gain\s+cal(?:ibrator)?"),
        ("check_source", "Check source", r"check\s+source"),
    ]
]
# A beam given axis by axis ("Beam major: 1.23 arcsec", "bmin = 0.98", "Beam PA: -56.7 deg"), in arcsec and deg.
_BEAM_AXIS = re.compile(
    r"(?:synthesi[sz]ed\s+)?beam[\s_-]*(?P<axis>major|minor|maj|min|pa|position angle)(?:\s+axis)?(?:\s*\(.*\))?"
    r"|b(?P<b>maj|min|pa)(?:\s*\(.*\))?",
    re.I,
)
_ANTENNAS = re.compile(
    r"(?P<val>\d+)\s+antennas\b|\b(?:number\s+of\s+antennas|n_?ant|antennas)\s*[:=]\s*(?P<val2>\d+)\b", re.I
)

# The summary's order (the QA card and the figures table list them so).
LABELS = {
    "beam": "Achieved beam",
    "resolution": "Achieved resolution",
    "rms": "Achieved rms",
    "requested_beam": "Requested beam",
    "requested_resolution": "Requested resolution",
    "requested_rms": "Requested sensitivity",
    "theoretical_rms": "Theoretical rms",
    "flagged": "Flagged data",
    "target": "Target",
    "date": "Observed",
    "array": "Array",
    "antennas": "Antennas",
    "refant": "Reference antenna",
    "pwv": "PWV",
    "bandpass_cal": "Bandpass calibrator",
    "flux_cal": "Flux calibrator",
    "phase_cal": "Phase calibrator",
    "check_source": "Check source",
}
_ORDER = {key: i for i, key in enumerate(LABELS)}


@dataclass
class Figure:
    """One key figure. ``value`` is the text as the file writes it; the numbers are in canonical units: beams
    and resolutions in arcsec (``major``, ``minor``; ``pa`` in degrees), fluxes in mJy (``unit`` "mJy/beam"
    or "mJy"), fractions in % and PWV in mm (``number``)."""

    key: str
    label: str
    value: str
    line: int  # 1-based
    number: float | None = None
    unit: str | None = None
    major: float | None = None
    minor: float | None = None
    pa: float | None = None

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


def textfile_figures(text: str) -> list[Figure]:
    """The key figures found in a textfile, in the summary's order (the first found of each kind; for the
    flagged fraction the total, when several are given)."""
    reader = _Reader()
    for number, line in enumerate(text.splitlines(), 1):
        reader.read(line, number)
    return reader.figures()


class _Reader:
    """Reads a textfile line by line, keeping what the lines before say about the next: a heading that says
    "requested", the columns of a "Requested / Achieved" table, a beam given axis by axis."""

    def __init__(self) -> None:
        self.found: dict[str, Figure] = {}
        self.flagged: list[tuple[str, Figure]] = []  # (the text around it, the figure)
        self.requested = False  # under a heading that says "requested" (up to the next heading or gap)
        self.headed = False  # the last line read was a heading
        self.columns: list[bool] | None = None  # a table's columns: whether each holds requested values
        self.axes: dict[str, tuple[float, int]] = {}  # "maj", "min", "pa" -> (value, line)

    def figures(self) -> list[Figure]:
        found = dict(self.found)
        if "beam" not in found and "maj" in self.axes and "min" in self.axes:
            found["beam"] = _beam_of_axes(self.axes)
        if self.flagged:
            found["flagged"] = next((f for near, f in self.flagged if _TOTAL_WORD.search(near)), self.flagged[0][1])
        return sorted(found.values(), key=lambda f: _ORDER[f.key])

    def read(self, line: str, number: int) -> None:
        if not line.strip():
            self.columns = None
            self.requested = self.requested and self.headed
            return
        if _UNDERLINE.match(line):
            return
        self.headed = not re.search(r"\d", line) and not _LABELLED.match(line)
        if self.headed:  # a heading (or a sentence without figures)
            self.columns = _table_columns(line)
            if self.columns is None and len(line.strip()) < 80:
                self.requested = bool(_REQUESTED.search(line))
            return
        cells = re.split(r"\s{2,}", line.strip())
        if self.columns is not None and len(cells) == len(self.columns) + 1:
            for cell, requested in zip(cells[1:], self.columns, strict=True):
                self.measures(f"{cells[0]}: {cell}", number, requested, _unit_in(cells[0]))
            return
        if (m := _ANTENNAS.search(line)) and "antennas" not in self.found:
            count = m.group("val") or m.group("val2")
            self.found["antennas"] = Figure("antennas", LABELS["antennas"], count, number, float(count))
        for segment in _PAIR_BREAK.split(line):  # "Observed on: 2019-10-03   PWV: 1.35 mm"
            self.segment(segment, number)

    def segment(self, text: str, number: int) -> None:
        labelled = _LABELLED.match(text)
        label = labelled.group("label").strip() if labelled else ""
        if labelled and (axis := _BEAM_AXIS.fullmatch(label)):
            if (m := re.match(rf"\s*({NUM})\s*(\S*)", labelled.group("value"))) and not self.requested:
                name = (axis.group("axis") or axis.group("b")).lower()
                value = float(m.group(1)) * _angle_scale(m.group(2))
                self.axes.setdefault("pa" if name in ("pa", "position angle") else name[:3], (value, number))
            return
        if labelled:
            _text_figure(label, labelled.group("value"), number, self.found)
        for clause in _CLAUSE_BREAK.split(text):
            self.measures(clause, number, self.requested, _unit_in(label))

    def measures(self, clause: str, line: int, requested: bool, unit_in_label: bool) -> None:
        """Beam or resolution, rms, flagged fraction and PWV stated in one clause."""
        found = self.found
        words = FLUX.sub(" ", clause)  # "mJy/beam" says nothing about a beam
        prefix = "requested_" if requested or _REQUESTED.search(clause) else ""
        if _BEAM_WORD.search(words):
            _beam(clause, line, prefix, found, unit_in_label)
        if _RMS_WORD.search(words) and (m := FLUX.search(clause)):
            key = prefix + "rms" if prefix or not _THEORETICAL.search(clause) else "theoretical_rms"
            if key not in found:
                scale = {"": 1e3, "m": 1.0, "milli": 1.0}.get((m.group("pre") or "").lower(), 1e-3)
                unit = "mJy/beam" if m.group("per") else "mJy"
                found[key] = Figure(key, LABELS[key], _shown(clause, m), line, float(m.group("val")) * scale, unit)
        if _FLAG_WORD.search(clause):
            percents = list(PERCENT.finditer(clause))
            for i, m in enumerate(percents):  # each with the text between its neighbours ("…, 9.8% in total")
                near = clause[
                    percents[i - 1].end() if i else 0 : percents[i + 1].start() if i + 1 < len(percents) else None
                ]
                self.flagged.append(
                    (near, Figure("flagged", LABELS["flagged"], m.group(0), line, float(m.group("val")), "%"))
                )
        if _PWV_WORD.search(clause) and (m := PWV.search(clause)) and "pwv" not in found:
            found["pwv"] = Figure("pwv", LABELS["pwv"], _shown(clause, m), line, float(m.group("val")), "mm")


def _unit_in(label: str) -> bool:
    """Whether a label gives its values' angle unit ("Beam (arcsec)")."""
    return bool(re.search(r"arcsec|\"|\bmas\b", label, re.I))


def _beam_of_axes(axes: dict[str, tuple[float, int]]) -> Figure:
    (major, line), (minor, _) = axes["maj"], axes["min"]
    pa = axes["pa"][0] if "pa" in axes else None
    value = f"{major:g} x {minor:g} arcsec" + (f", PA {pa:g} deg" if pa is not None else "")
    return Figure("beam", LABELS["beam"], value, line, unit="arcsec", major=major, minor=minor, pa=pa)


def _table_columns(line: str) -> list[bool] | None:
    cells = re.split(r"\s{2,}", line.strip())
    if len(cells) < 2 or not any(map(_COLUMN_REQUESTED.search, cells)) or not any(map(_COLUMN_ACHIEVED.search, cells)):
        return None
    # the first cell may be a heading of the label column ("Quantity") or already the first column
    heads = cells[1:] if not (_COLUMN_REQUESTED.search(cells[0]) or _COLUMN_ACHIEVED.search(cells[0])) else cells
    return [bool(_COLUMN_REQUESTED.search(h)) for h in heads]


def _text_figure(label: str, value: str, line: int, found: dict[str, Figure]) -> None:
    for key, shown, pattern in _TEXT_LABELS:
        if key in found or not pattern.fullmatch(label.strip()):
            continue
        if key == "array":
            value = re.sub(r",?\s*\d+\s+antennas\b.*$", "", value).strip() or value
        elif key in ("refant", "bandpass_cal", "flux_cal", "phase_cal", "check_source"):
            value = value.split()[0].rstrip(",;")
        found[key] = Figure(key, shown, value, line)
        return


def _beam(clause: str, line: int, prefix: str, found: dict[str, Figure], unit_in_label: bool) -> None:
    m = BEAM.search(clause)
    if m and (m.group("u1") or m.group("u2") or unit_in_label):
        key = prefix + "beam"
        if key not in found:
            scale = _angle_scale(m.group("u2") or m.group("u1"))
            pa = next((float(v) for v in (m.group("pa"), m.group("pa2"), m.group("pa3")) if v is not None), None)
            major, minor = float(m.group("maj")) * scale, float(m.group("min")) * scale
            found[key] = Figure(
                key, LABELS[key], _shown(clause, m), line, unit="arcsec", major=major, minor=minor, pa=pa
            )
        return
    m = SIZE.search(clause)
    key = prefix + "resolution"
    if m and key not in found:
        value = float(m.group("val")) * _angle_scale(m.group("u"))
        found[key] = Figure(key, LABELS[key], _shown(clause, m), line, value, "arcsec")


def _angle_scale(unit: str | None) -> float:
    return 1e-3 if unit and unit.lower().startswith(("mas", "milli")) else 1.0


def _shown(clause: str, m: re.Match) -> str:
    """The matched figure as written, with a parenthesis right after it ("(aggregate continuum)")."""
    shown, rest = m.group(0), clause[m.end() :]
    if shown.count("(") > shown.count(")") and (close := re.match(r"\s*\)", rest)):  # "(PA 81 deg" + ")"
        shown, rest = shown + close.group(0), rest[close.end() :]
    after = re.match(r"\s*\([^)]{0,60}\)", rest)
    return (shown + (after.group(0) if after else "")).strip()
