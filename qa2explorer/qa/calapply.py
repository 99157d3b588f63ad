"""``<eb>.ms.calapply.txt`` / ``<vis>.auxcalapply.txt``: the applycal calls that apply the delivered calibration
tables to an EB, one row per call with its tables listed one per line beside their gainfield, interp and calwt."""

from __future__ import annotations

from ..words import plural
from .casa_calls import find_calls
from .helper_table import Column, HelperTable, NotRecognised, check_text

COLUMNS = ("spw", "field", "intent", "gaintable", "interp", "calwt", "gainfield", "antenna", "applymode", "vis")
PER_TABLE = ("gainfield", "interp", "calwt")  # lists parallel to gaintable


def _as_list(value: object) -> list[object]:
    if isinstance(value, (list, tuple)):
        return list(value)
    return [] if value in (None, "") else [value]


def _short(table: str, vis: str) -> str:
    """A caltable's name without its EB's prefix (the vis is in its own column)."""
    return table[len(vis) + 1 :] if vis and table.startswith(vis + ".") else table


def calapply_table(text: str) -> HelperTable:
    check_text(text)
    calls = find_calls(text, {"applycal"})
    if not calls:
        raise NotRecognised("no applycal(...) call in it")
    table = HelperTable([*(Column(c) for c in COLUMNS), Column("line", numeric=True)])
    tables = 0
    for call in calls:
        args = call.args
        vis = str(args.get("vis", ""))
        gaintables = [_short(str(t), vis) for t in _as_list(args.get("gaintable"))]
        tables += len(gaintables)
        row: list[object] = []
        for name in COLUMNS:
            if name == "gaintable":
                row.append("\n".join(gaintables))
            elif name in PER_TABLE:
                values = _as_list(args.get(name))
                row.append("\n".join(repr(v) if v == "" else str(v) for v in values))
            else:
                row.append(str(args.get(name, "")))
        table.rows.append([*row, call.line])
    table.summary = f"{plural(len(calls), 'applycal call')}, {plural(tables, 'calibration table')} applied."
    return table
