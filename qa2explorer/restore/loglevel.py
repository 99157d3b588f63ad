"""The level of a line CASA prints during a restore (no Qt: the log view colours and filters by it, the CLI can too).

What the lines look like:

- CASA's logger: ``2018-08-03 16:12:15<TAB>INFO<TAB>casa::scriptForPI::<TAB>*** ALMA scriptForPI ***``, priorities
  SEVERE, WARN, INFO, INFO1–INFO5, DEBUG, DEBUG1, DEBUG2;
- the pipeline's console: ``2024-10-23 21:01:05 WARNING: Backup URL not defined for test query...``, Python's
  levels plus the pipeline's TODO, TRACE and ATTENTION;
- scriptForPI's own prints: ``ERROR: …``, ``WARNING: Inconsistency between ASDMs and calibration scripts``;
- Python: ``Traceback (most recent call last):``.

A level a job already gave (anything but info) is kept: the job knew better.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Sequence
from itertools import compress, repeat

from ..jobs import DEBUG, INFO, SEVERE, WARNING

PRIORITIES = {  # a priority word (CASA's logger, Python's logging, the pipeline's) → a jobs level
    "SEVERE": SEVERE, "ERROR": SEVERE, "CRITICAL": SEVERE,
    "WARN": WARNING, "WARNING": WARNING, "ATTENTION": WARNING,
    "INFO": INFO,
    "DEBUG": DEBUG, "DEBUGGING": DEBUG, "TODO": DEBUG, "TRACE": DEBUG,
}  # fmt: skip
_STAMPED = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d+)?[ \t]+([A-Z]+)[1-5]?:?(?:\s|$)")
_MARKED = re.compile(r"\s*(ERROR|SEVERE|WARNING|WARN|Traceback)\b")
_MARKED_LEVELS = {"ERROR": SEVERE, "SEVERE": SEVERE, "WARNING": WARNING, "WARN": WARNING, "Traceback": SEVERE}

# The fast path of levels_of: a line that starts with a digit and has INFO where a time stamp's priority starts
# is an info line (if it is time-stamped, its priority is INFO or INFO1-5; if not, it is not marked either).
_FIRST = operator.itemgetter(slice(0, 1))
_PRIORITY_AT = operator.itemgetter(slice(20, 24))


def priority_level(word: str) -> str:
    """The level of a priority word: ``SEVERE``, ``WARN``, ``INFO3``, ``DEBUG1``, ``ATTENTION``…"""
    return PRIORITIES.get(word.rstrip("0123456789"), INFO)


def level_of(text: str, given: str = INFO) -> str:
    """The level of one line: ``given`` unless it is info, else what the line itself says (info when nothing)."""
    if given != INFO:
        return given
    stamped = _STAMPED.match(text)
    if stamped is not None:
        return priority_level(stamped[1])
    marked = _MARKED.match(text)
    return INFO if marked is None else _MARKED_LEVELS[marked[1]]


def levels_of(texts: Sequence[str], given: Sequence[str]) -> list[str]:
    """``[level_of(t, g) for t, g in zip(texts, given)]``, faster on CASA's output: most lines are time-stamped
    INFO lines, found as such by C-level slicing; only the others are parsed."""
    levels = list(given)
    stamped = map(str.isdigit, map(_FIRST, texts))
    info = map(operator.and_, stamped, map(operator.eq, map(_PRIORITY_AT, texts), repeat("INFO")))
    for i in compress(range(len(levels)), map(operator.not_, info)):
        if levels[i] == INFO:
            levels[i] = level_of(texts[i])
    return levels
