"""flux.csv (calibrator flux densities the pipeline used: ms, field, spw, I, Q, U, V, spix, uvmin, uvmax, comment)
and antennapos.csv (antenna position corrections: name, antenna, xoff, yoff, zoff, comment; PL2025+ also as
``antennapos.json``) as tables, as the pipeline User's Guide describes them."""

from __future__ import annotations

import csv
import json
import math

from ..words import plural
from .helper_table import Column, HelperTable, NotRecognised, check_text

FLUX_UNITS = {"I": "Jy", "Q": "Jy", "U": "Jy", "V": "Jy"}
FLUX_NUMERIC = {"spw", "I", "Q", "U", "V", "spix", "uvmin", "uvmax"}
ANTPOS_UNITS = {"xoff": "m", "yoff": "m", "zoff": "m"}
ANTPOS_NUMERIC = {"xoff", "yoff", "zoff"}


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number, CSV row), one per non-blank line (a comment cut short, its quote left open, stays in its
    line)."""
    return [(n, next(csv.reader([line]))) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def _number(value: str) -> float | int | None:
    value = value.strip()
    if not value:
        return None
    number = float(value)
    return int(number) if number.is_integer() and "." not in value and "e" not in value.lower() else number


def _table(text: str, required: set[str], units: dict[str, str], numeric: set[str]) -> HelperTable:
    check_text(text)
    rows = _rows(text)
    header = [h.strip() for h in rows[0][1]]
    missing = sorted(required - set(header))
    if missing:
        raise NotRecognised(f"its header ({', '.join(header)[:120]}) lacks {', '.join(missing)}")
    table = HelperTable([Column(h, units.get(h, ""), h in numeric) for h in header])
    for n, row in rows[1:]:
        if len(row) != len(header):
            raise NotRecognised(f"line {n} has {len(row)} values for the header's {len(header)} columns")
        try:
            table.rows.append([_number(v) if h in numeric else v.strip() for h, v in zip(header, row, strict=True)])
        except ValueError:
            raise NotRecognised(f"line {n} has a value that is not a number where one is expected") from None
    return table


def flux_table(text: str) -> HelperTable:
    table = _table(text, {"field", "spw", "I"}, FLUX_UNITS, FLUX_NUMERIC)
    names = [c.title for c in table.columns]
    fields = {row[names.index("field")] for row in table.rows}
    spws = {row[names.index("spw")] for row in table.rows}
    densities = plural(len(table.rows), "flux density", "flux densities")
    table.summary = f"{densities}: {plural(len(fields), 'field')} × {plural(len(spws), 'spw')}."
    return table


def antennapos_table(text: str) -> HelperTable:
    """antennapos.csv, or its JSON form ({"data": {antenna: [x, y, z]}, "metadata": {…}}); a column with the
    length of each correction in mm is added."""
    check_text(text)
    if text.lstrip().startswith("{"):
        table = _from_json(text)
    else:
        table = _table(text, {"antenna", "xoff", "yoff", "zoff"}, ANTPOS_UNITS, ANTPOS_NUMERIC)
    names = [c.title for c in table.columns]
    xyz = [names.index(k) for k in ("xoff", "yoff", "zoff")]
    table.columns.insert(xyz[-1] + 1, Column("length", "mm", numeric=True))
    for row in table.rows:
        values = [row[i] for i in xyz]
        length = math.sqrt(sum(v * v for v in values)) * 1e3 if None not in values else None
        row.insert(xyz[-1] + 1, round(length, 3) if length is not None else None)
    antennas = {row[names.index("antenna")] for row in table.rows}
    table.summary = (f"{plural(len(antennas), 'antenna')} corrected" + (f" ({table.summary})" if table.summary else "")
                     + ".")  # fmt: skip
    return table


def _from_json(text: str) -> HelperTable:
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise NotRecognised(f"it is not valid JSON ({exc})") from None
    data = doc.get("data") if isinstance(doc, dict) else None
    if not isinstance(data, dict):
        raise NotRecognised('it has no "data" object of antenna positions')
    table = HelperTable([Column("antenna"), *(Column(k, "m", True) for k in ("xoff", "yoff", "zoff"))])
    for antenna, xyz in data.items():
        if not (isinstance(xyz, list) and len(xyz) == 3 and all(isinstance(v, (int, float)) for v in xyz)):
            raise NotRecognised(f"antenna {antenna} does not have three numbers")
        table.rows.append([antenna, *xyz])
    meta = doc.get("metadata") if isinstance(doc.get("metadata"), dict) else {}
    table.summary = ", ".join(f"{k}: {meta[k]}" for k in ("asdm", "timestamp") if k in meta)
    return table
