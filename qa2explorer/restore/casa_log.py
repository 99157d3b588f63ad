"""CASA's own log file, read while CASA writes it: each line's level from its priority column, a thread that
follows the file as ``tail -f`` does, and the rule that shows once a line CASA both logs and echoes on its
terminal (it echoes WARN and SEVERE lines, in the log file's own format).

A CASA log line (corpus NOTES.md, "Log line formats"): ``YYYY-MM-DD HH:MM:SS<TAB>PRIORITY<TAB>origin<TAB>message``,
PRIORITY one of DEBUG1, DEBUG2, DEBUGGING, INFO, INFO1…INFO5, WARN, SEVERE; a continuation line repeats the
origin with a ``+`` at its end. (The log view of the window has a parser of its own for now: to be unified.)"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from .loglevel import priority_level

_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?\t(DEBUG\w*|INFO\d?|WARN|SEVERE)\t([^\t]*)\t?(.*)$")


@dataclass(frozen=True)
class LogLine:
    level: str  # a jobs level: DEBUG, INFO, WARNING or SEVERE
    origin: str  # "importasdm::MeasTable::dUTC(Double) (file …)" (ends with "+" on a continuation line)
    message: str


def parse(line: str) -> LogLine | None:
    """The level, origin and message of a CASA log line; None for any other line."""
    m = _LINE.match(line)
    if m is None:
        return None
    return LogLine(priority_level(m.group(1)), m.group(2), m.group(3))


class Echoes:
    """CASA writes a WARN or SEVERE line to its log file and prints the same text on its terminal: whichever
    copy comes second is dropped. Only lines waiting for their twin are kept, at most ``limit`` of them."""

    OUTPUT, FILE = "output", "file"

    def __init__(self, limit: int = 2000):
        self._waiting: dict[str, OrderedDict[str, int]] = {self.OUTPUT: OrderedDict(), self.FILE: OrderedDict()}
        self._limit = limit

    def first(self, line: str, source: str) -> bool:
        """True when ``line`` (from ``source``) is to be shown: not the twin of one already shown."""
        other = self._waiting[self.FILE if source == self.OUTPUT else self.OUTPUT]
        if other.get(line):
            other[line] -= 1
            if not other[line]:
                del other[line]
            return False
        mine = self._waiting[source]
        mine[line] = mine.get(line, 0) + 1
        while len(mine) > self._limit:
            mine.popitem(last=False)
        return True


class Tail(threading.Thread):
    """Follows the file at ``path`` (which may not exist yet) and calls ``on_line`` with each complete line,
    from this thread; :meth:`finish` reads what is left (a last line without its newline too) and joins."""

    def __init__(self, path: str, on_line: Callable[[str], None], interval: float = 0.2):
        super().__init__(name="casa-log-tail", daemon=True)
        self.path = path
        self._on_line = on_line
        self._interval = interval
        self._stopping = threading.Event()
        self._file = None
        self._rest = b""

    def run(self) -> None:
        try:
            while not self._stopping.wait(self._interval):
                self._read()
        finally:
            self._read(final=True)
            if self._file is not None:
                self._file.close()

    def finish(self) -> None:
        self._stopping.set()
        self.join()

    def _read(self, final: bool = False) -> None:
        if self._file is None:
            if not os.path.exists(self.path):
                return
            self._file = open(self.path, "rb")  # noqa: SIM115 (kept open between reads, closed in run)
        data = self._rest + self._file.read()
        *lines, self._rest = data.split(b"\n")
        if final and self._rest:
            lines.append(self._rest)
            self._rest = b""
        for raw in lines:
            self._on_line(raw.decode("utf-8", "replace").rstrip("\r"))
