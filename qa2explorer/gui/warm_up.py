"""Loading the previews' modules while the window is idle, so the first image, report or weblog selected does
not wait for them.

PySide6 creates its Python types on first use, and that creation is neither thread-safe nor re-entrant
(shiboken's lazy ``incarnateType``); pyqtgraph's import walks every Qt type and subclasses many. Importing it on a
worker thread while the UI thread builds widgets can crash the interpreter (seen once). So the work is split by
what may leave the UI thread:

1. a job imports the Qt-free modules the previews use: the model packages (numpy and PDFium come with them) and
   astropy's FITS and WCS;
2. the UI thread then creates Qt's types, a slice of at most ``SLICE_SECONDS`` per event-loop turn;
3. and imports the Qt-bound modules (pyqtgraph, then each lazy preview and the image viewer's plots), one per turn.

Measured by ``tests/benchmarks/bench_warm_up.py``: the longest turn is pyqtgraph's own import.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from .job_runner import JobRunner

# Qt-free by the import contract (Qt only inside qa2explorer.gui): safe to import on a worker thread
PLAIN_PACKAGES = ("qa2explorer.delivery", "qa2explorer.imaging", "qa2explorer.qa", "qa2explorer.present")
PLAIN_MODULES = ("numpy", "astropy.io.fits", "astropy.wcs")
QT_MODULES = ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets")  # whose types pyqtgraph's import walks
SLICE_SECONDS = 0.01


def import_plain(_token=None, _report=None) -> int:
    """The job's part: import the Qt-free modules. Returns how many were imported."""
    names = list(PLAIN_MODULES)
    for package in PLAIN_PACKAGES:
        names += [info.name for info in pkgutil.iter_modules(importlib.import_module(package).__path__, package + ".")]
    for name in names:
        importlib.import_module(name)
    return len(names)


def qt_type_names() -> list[tuple[object, str]]:
    modules = [importlib.import_module(name) for name in QT_MODULES]
    return [(module, name) for module in modules for name in dir(module) if name.startswith("Q")]


class WarmUp(QObject):
    """Runs the three steps once; ``done`` when all ``modules`` are imported. ``stop`` ends it early (the window
    closes)."""

    done = Signal()

    def __init__(self, runner: JobRunner, modules: list[str], parent: QObject | None = None):
        super().__init__(parent)
        self.runner = runner
        self.modules = ["pyqtgraph", *modules]
        self.longest_turn = 0.0  # seconds: the UI thread's longest step, for the benchmark
        self._types: deque[tuple[object, str]] = deque()
        self._pending: deque[str] = deque()
        self._stopped = False
        self.complete = False

    def start(self) -> None:
        handle = self.runner.start(import_plain, slot="warm-up", name="warm-up")
        handle.result.connect(lambda _n: self._start_ui_steps())
        handle.failed.connect(lambda _text: self._start_ui_steps())  # the UI steps import what they need anyway

    def stop(self) -> None:
        self._stopped = True

    def _start_ui_steps(self) -> None:
        self._types = deque(qt_type_names()) if "pyqtgraph" not in sys.modules else deque()
        self._pending = deque(self.modules)
        self._next_turn()

    def _next_turn(self) -> None:
        if not self._stopped:
            QTimer.singleShot(0, self, self._turn)

    def _turn(self) -> None:
        started = time.perf_counter()
        if self._types:
            while self._types and time.perf_counter() - started < SLICE_SECONDS:
                module, name = self._types.popleft()
                getattr(module, name)
        elif self._pending:
            importlib.import_module(self._pending.popleft())
        self.longest_turn = max(self.longest_turn, time.perf_counter() - started)
        if self._types or self._pending:
            self._next_turn()
        else:
            self.complete = True
            self.done.emit()


def import_on_ui_thread(modules: tuple[str, ...], parent: QObject, then: Callable[[], None]) -> None:
    """Import ``modules`` (Qt-bound, so on the UI thread) in the next event-loop turns, one per turn, then call
    ``then``; at once when they are all loaded already."""
    pending = deque(name for name in modules if name not in sys.modules)
    if not pending:
        then()
        return

    def turn() -> None:
        importlib.import_module(pending.popleft())
        QTimer.singleShot(0, parent, turn if pending else then)

    QTimer.singleShot(0, parent, turn)
