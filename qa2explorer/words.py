"""Small wording helpers shared by every view: counts with plurals, sizes, yes/no."""

from __future__ import annotations

import re

_IRREGULAR = {"index": "indices", "is": "are", "was": "were", "this": "these"}


def plural(n: int, noun: str, plural_form: str | None = None) -> str:
    """``plural(1, "member")`` -> "1 member"; ``plural(2, "member")`` -> "2 members"; thousands separated."""
    if n == 1:
        return f"1 {noun}"
    if plural_form is None:
        plural_form = _IRREGULAR.get(noun) or (noun + "es" if noun.endswith(("s", "sh", "ch", "x")) else noun + "s")
    return f"{n:,} {plural_form}"


def human_size(n: int | None) -> str:
    """Bytes in decimal units, as file managers show them: 999 B, 1.0 KB, 4.3 GB; '' for None."""
    if n is None:
        return ""
    size = float(n)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size < 1000 or unit == "TB":
            return f"{int(size)} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return ""


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """Sort key that puts T2 before T10 (numbers compared as numbers, case ignored)."""
    return tuple(int(p) if p.isdigit() else p.lower() for p in _DIGITS.split(text))


def readable(text: str) -> str:
    """``text`` for display: bytes of a file name that are not UTF-8 (held as surrogates) become U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
