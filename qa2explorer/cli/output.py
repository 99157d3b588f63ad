"""How the commands write: names that are not UTF-8 survive on stdout, people get readable lines, failures one
line on stderr with exit status 2."""

from __future__ import annotations

import json
import sys

from .. import jobs
from ..present.facts import Page
from ..present.text import page_lines
from ..words import readable


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


def run_job(job: jobs.Job) -> tuple[int, object]:
    """Run ``job`` with its progress on the terminal: (0, its result), or (2, None) after one line saying why."""
    final = jobs.run(job, jobs.TerminalProgress(sys.stderr))
    if final.kind != jobs.RESULT:
        return fail(final.message), None
    return 0, final.data


def show(data: dict, pages: list[Page], as_json: bool) -> int:
    """``data`` as one JSON document, or ``pages`` as lines for people (a blank line between pages)."""
    if as_json:
        out(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    for i, page in enumerate(pages):
        if i:
            out("")
        for line in page_lines(page):
            say(line)
    return 0
