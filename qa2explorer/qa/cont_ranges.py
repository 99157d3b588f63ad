"""cont.dat as a table: per field and spw the continuum ranges, their total width and, when the spw's own
frequency extent is known (from the member's cube of that spw), the fraction of the spw they cover."""

from __future__ import annotations

from dataclasses import dataclass

from ..delivery.contdat import SpwRanges, parse_cont_dat
from ..words import plural
from .helper_table import Column, HelperTable, NotRecognised, check_text

# what a spw without ranges means, by its flags
STATES = {
    "ALL": "ALL: the whole spw is continuum",
    "ALLCONT": "ALLCONT: the whole spw is continuum",
    "NONE": "NONE: no continuum found",
}
NO_RANGES = "no ranges"
EXTENT_SLACK = 0.03


@dataclass(frozen=True)
class ContRow:
    field: str
    spw: int
    name: str  # the spw's name (PL2024+), else ""
    ranges: tuple[tuple[float, float], ...]  # Hz
    frame: str  # LSRK, TOPO… as written ("" if not written)
    flags: tuple[str, ...]
    extent: tuple[float, float] | None  # the spw's frequency extent (Hz), when known

    @property
    def total_hz(self) -> float:
        return sum(hi - lo for lo, hi in self.ranges)

    @property
    def fraction(self) -> float | None:
        """Fraction of the spw in the ranges (None when its extent is not known)."""
        if self.extent is None or self.extent[1] <= self.extent[0]:
            return None
        lo, hi = self.extent
        inside = sum(max(0.0, min(b, hi) - max(a, lo)) for a, b in self.ranges)
        return inside / (hi - lo)

    @property
    def span(self) -> tuple[float, float] | None:
        """Where to draw the row: the spw's extent, else from the lowest to the highest range."""
        if self.extent is not None:
            return self.extent
        if not self.ranges:
            return None
        return min(lo for lo, _ in self.ranges), max(hi for _, hi in self.ranges)

    @property
    def state(self) -> str:
        """What the row says besides its ranges: ALL / ALLCONT / NONE explained, or 'no ranges'."""
        said = [STATES[f] for f in self.flags if f in STATES]
        if said:
            return "; ".join(said)
        return "" if self.ranges else NO_RANGES


def cont_rows(text: str, extents: dict[tuple[str, int], tuple[float, float]] | None = None) -> list[ContRow]:
    """The rows of a cont.dat, one per field and spw, in the file's order. ``extents`` maps (field, spw) to the
    spw's frequency extent in Hz where known (ignored where it does not hold the spw's ranges). Raises
    :class:`NotRecognised` if the text has no Field/spw."""
    check_text(text)
    fields = parse_cont_dat(text)
    if not fields or not any(fields.values()):
        raise NotRecognised("no 'Field:' line followed by 'SpectralWindow:' lines")
    extents = extents or {}
    rows = []
    for name, by_spw in fields.items():
        for spw, r in by_spw.items():
            rows.append(_row(name, spw, r, extents.get((name, spw))))
    return rows


def covers(extent: tuple[float, float], ranges: tuple[tuple[float, float], ...]) -> bool:
    """Whether ``extent`` holds every range, give or take ``EXTENT_SLACK`` of its width (frames differ by a
    Doppler shift, cubes drop edge channels): a cube that does not is narrower than its spw."""
    slack = EXTENT_SLACK * (extent[1] - extent[0])
    return all(lo >= extent[0] - slack and hi <= extent[1] + slack for lo, hi in ranges)


def _row(field: str, spw: int, r: SpwRanges, extent: tuple[float, float] | None) -> ContRow:
    frames = sorted({frame for _, _, frame in r.ranges if frame})
    ranges = tuple((lo, hi) for lo, hi, _ in r.ranges)
    if extent is not None and not covers(extent, ranges):
        extent = None
    return ContRow(field, spw, r.name, ranges, "/".join(frames), tuple(r.flags), extent)


def format_ranges(ranges: tuple[tuple[float, float], ...]) -> str:
    return "\n".join(f"{lo / 1e9:.4f} – {hi / 1e9:.4f}" for lo, hi in ranges)


def cont_table(rows: list[ContRow]) -> HelperTable:
    table = HelperTable(
        [
            Column("Field"),
            Column("Spw", numeric=True),
            Column("Ranges", "GHz"),
            Column("Frame"),
            Column("Count", numeric=True),
            Column("Total width", "MHz", numeric=True),
            Column("Fraction of spw", "%", numeric=True),
            Column("Note"),
            Column("Spw name"),
        ]
    )
    for row in rows:
        fraction = row.fraction
        table.rows.append(
            [
                row.field,
                row.spw,
                format_ranges(row.ranges),
                row.frame,
                len(row.ranges),
                round(row.total_hz / 1e6, 3) if row.ranges else None,
                round(100 * fraction, 1) if fraction is not None else None,
                row.state,
                row.name,
            ]
        )
    table.summary = f"{plural(len({r.field for r in rows}), 'field')}, {plural(len(rows), 'spw')}, " + plural(
        sum(len(r.ranges) for r in rows), "continuum range"
    )
    known = sum(1 for row in rows if row.extent is not None)
    if known == len(rows):
        table.summary += ". Fractions of each spw from the extent of the member's cube of that spw."
    elif known:
        table.summary += (f". Spw extent known for {known} of {len(rows)} (from the member's cubes); elsewhere only "
                          "the ranges are shown.")  # fmt: skip
    else:
        table.summary += ". The spws' extents are not known (no cube of them in the member's product/ covers the "
        table.summary += "ranges): only the ranges are shown."
    return table
