"""CASA task calls written as Python text (``applycal(vis='…', gaintable=[…], …)``), possibly wrapped over
several lines: found in a text, with their keyword values read as Python literals (never executed)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

_CALL_START = re.compile(r"^([A-Za-z_]\w*)\s*\(")
_PAIR = re.compile(r"(\w+)\s*=\s*('[^']*'|\"[^\"]*\"|\[[^\]]*\]|[^,()]+)")
MAX_CALL_LINES = 400


@dataclass
class Call:
    task: str
    line: int  # 1-based line of the call's start
    text: str  # the call as written (lines joined with newlines)
    args: dict[str, object] = field(default_factory=dict)


def _depth_change(line: str, quote: str | None) -> tuple[int, str | None]:
    """The change of parenthesis depth over ``line`` and the quote still open at its end (strings in CASA logs
    may be wrapped)."""
    depth = 0
    for ch in line:
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#":
            break
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
    return depth, quote


def find_calls(text: str, tasks: set[str] | None = None) -> list[Call]:
    """Calls that start at the beginning of a line (optionally only of ``tasks``), each to its closing
    parenthesis."""
    lines = text.splitlines()
    calls: list[Call] = []
    i = 0
    while i < len(lines):
        m = _CALL_START.match(lines[i])
        if not m or (tasks is not None and m.group(1) not in tasks):
            i += 1
            continue
        depth, quote, j = 0, None, i
        while j < len(lines) and j - i < MAX_CALL_LINES:
            change, quote = _depth_change(lines[j], quote)
            depth += change
            j += 1
            if depth <= 0 and quote is None:
                break
        call_text = "\n".join(lines[i:j])
        calls.append(Call(m.group(1), i + 1, call_text, keyword_values(call_text)))
        i = j
    return calls


def keyword_values(call_text: str) -> dict[str, object]:
    """The keyword arguments of one call as Python values; when the text is not valid Python (a string wrapped
    by the log, an unfinished call), the ``key=value`` pairs as written."""
    try:
        node = ast.parse(call_text.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError):
        node = None
    if isinstance(node, ast.Call):
        out: dict[str, object] = {}
        for kw in node.keywords:
            if kw.arg is None:
                continue
            try:
                out[kw.arg] = ast.literal_eval(kw.value)
            except (ValueError, TypeError, SyntaxError, RecursionError):
                out[kw.arg] = ast.unparse(kw.value)
        return out
    return {k: unquote(v.strip()) for k, v in _PAIR.findall(call_text.replace("\n", " "))}


def unquote(value: str) -> str:
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"" else value
