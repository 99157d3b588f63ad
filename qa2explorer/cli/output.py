"""How the commands write: names that are not UTF-8 survive on stdout, people get readable lines, failures one
line on stderr with exit status 2."""

from __future__ import annotations

import sys

from ..delivery.names import readable


def out(text: str) -> None:
    """Write to stdout whatever the text holds: names that are not UTF-8 come back as ``\\udcxx`` escapes
    (which is also the JSON escape of such a character)."""
    sys.stdout.buffer.write(text.encode("utf-8", "backslashreplace") + b"\n")


def say(text: str) -> None:
    """A line for people: bytes of names that are not UTF-8 show as U+FFFD, control characters escaped."""
    out(readable(text).translate(_CONTROLS))


_CONTROLS = {c: f"\\x{c:02x}" for c in range(32) if c != 9}


def fail(message: str) -> int:
    print(f"qa2explorer: {message}", file=sys.stderr)
    return 2
