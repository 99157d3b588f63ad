"""Flag templates (``<eb>.flagtemplate.txt``, the pipeline's user flagging file) and flag command files
(``*flagcmds.txt``): one command a line of ``key='value'`` pairs; ``#`` starts a comment; blank lines and
comment lines (the template's examples) are skipped."""

from __future__ import annotations

import re

from ..words import plural
from .casa_calls import unquote
from .helper_table import Column, HelperTable, NotRecognised, check_text

_PAIR = re.compile(r"(\w+)\s*=\s*('[^']*'|\"[^\"]*\"|\S+)")
SHOWN = ("mode", "antenna", "spw", "field", "scan", "timerange", "correlation", "reason")


def _split_comment(line: str) -> tuple[str, str]:
    """(command, comment): the first ``#`` outside quotes starts the comment."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#":
            return line[:i], line[i + 1 :].strip()
    return line, ""


def flag_table(text: str) -> HelperTable:
    check_text(text)
    table = HelperTable([Column("line", numeric=True), *(Column(c) for c in SHOWN), Column("other"),
                         Column("comment")])  # fmt: skip
    comments = 0
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        command, comment = _split_comment(line)
        if not command.strip():
            comments += 1
            continue
        pairs = {k: unquote(v) for k, v in _PAIR.findall(command)}
        if not pairs:
            raise NotRecognised(f"line {n} is neither a comment nor key='value' flag parameters")
        other = ", ".join(f"{k}={v}" for k, v in pairs.items() if k not in SHOWN)
        table.rows.append([n, *(pairs.get(k, "") for k in SHOWN), other, comment])
    active = len(table.rows)
    table.summary = (
        f"{plural(active, 'active flag command')}" if active else "No active flag command (only comments)"
    ) + (f"; {plural(comments, 'comment line')} skipped." if comments else ".")
    return table
