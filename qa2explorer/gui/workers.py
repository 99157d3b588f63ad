"""Background work for the window: the open pipeline (locate → list → measure → summarise) in a QThread, and
one-shot tasks (read a text file, filter the tree, write the demo) on the global thread pool."""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, Signal

from ..delivery.locate import NotADelivery, locate
from ..delivery.overview import summarise
from ..delivery.product_tree import product_tree
from ..delivery.scan import Cancelled, Node, ScanStats, measure, scan

log = logging.getLogger(__name__)
BATCH_SECONDS = 0.05
YIELD_SECONDS = 0.0005


class OpenWorker(QObject):
    """Opens one path. Signals arrive on the UI thread in this order: located, listed (repeatedly: a batch of
    listed folders and the entry count so far), listing_done, measuring (done, total), done; or failed /
    cancelled at any point. Each signal starts with the job's ``generation``, so a receiver can drop what a
    superseded job still delivers."""

    located = Signal(int, object)  # Location
    listed = Signal(int, object, int)  # list[Node], entries so far
    listing_done = Signal(int, object, object)  # root Node, ScanStats
    measuring = Signal(int, int, int)
    done = Signal(int, object, object)  # DeliverySummary, products-by-target root Node
    failed = Signal(int, str)
    cancelled = Signal(int)
    finished = Signal()

    def __init__(self, path: str, generation: int):
        super().__init__()
        self.path = path
        self.generation = generation
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        try:
            self._run()
        except Cancelled:
            self.cancelled.emit(self.generation)
        except NotADelivery as exc:
            self.failed.emit(self.generation, str(exc))
        except Exception as exc:  # unexpected: keep the app alive, log the traceback
            log.exception("opening %s failed", self.path)
            self.failed.emit(self.generation, f"Could not open {self.path}: {exc.__class__.__name__}: {exc}")
        finally:
            self.finished.emit()

    def _run(self) -> None:
        gen = self.generation
        location = locate(self.path)
        self.located.emit(gen, location)
        pending: list[Node] = []
        last = [0.0]

        def on_dir(node: Node, stats: ScanStats) -> None:
            pending.append(node)
            now = time.monotonic()
            if node.parent is None or now - last[0] >= BATCH_SECONDS:
                self.listed.emit(gen, list(pending), stats.entries)
                pending.clear()
                last[0] = now
                time.sleep(YIELD_SECONDS)

        root, stats = scan(location.root, member_paths=location.members, on_dir=on_dir, should_stop=self._stop.is_set)
        if pending:
            self.listed.emit(gen, list(pending), stats.entries)
        # The tree lives as long as the delivery is open: keep the garbage collector from re-walking it
        # (full collections over a large tree hold the interpreter for 0.1-0.2 s each, freezing the UI).
        gc.freeze()
        self.listing_done.emit(gen, root, stats)

        def on_progress(done: int) -> None:
            self.measuring.emit(gen, done, stats.files)
            # stat() releases the GIL and this thread takes it straight back; yield so the UI thread runs
            time.sleep(YIELD_SECONDS)

        measure(root, should_stop=self._stop.is_set, on_progress=on_progress, progress_every=500)
        gc.freeze()
        summary = summarise(root, stats)
        if self._stop.is_set():
            raise Cancelled
        products = product_tree(root, {m.path: m for m in summary.members})
        gc.freeze()
        self.done.emit(gen, summary, products)


class OpenJob:
    """Owns the thread of one :class:`OpenWorker`."""

    def __init__(self, path: str, generation: int):
        self.worker = OpenWorker(path, generation)
        self.thread = QThread()
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.finished.connect(self.thread.quit)

    def start(self) -> None:
        self.thread.start()

    def stop(self, wait_ms: int = 0) -> None:
        self.worker.stop()
        if wait_ms:
            self.thread.quit()
            self.thread.wait(wait_ms)

    def running(self) -> bool:
        return self.thread.isRunning()


class _TaskSignals(QObject):
    result = Signal(int, object)
    error = Signal(int, str)


class _Task(QRunnable):
    def __init__(self, ticket: int, fn: Callable[[], object], signals: _TaskSignals):
        super().__init__()
        self.ticket, self.fn, self.signals = ticket, fn, signals

    def run(self) -> None:
        try:
            value = self.fn()
        except Exception as exc:
            log.debug("background task failed", exc_info=True)
            self.signals.error.emit(self.ticket, str(exc) or exc.__class__.__name__)
        else:
            self.signals.result.emit(self.ticket, value)


class TaskRunner(QObject):
    """Runs callables on the thread pool; only the result of the latest submission reaches ``on_result``
    (earlier ones are stale: the user has moved on). Results arrive through this object's own methods, so
    they run on the thread this object lives in (a plain lambda slot would run on the pool thread)."""

    def __init__(self, on_result: Callable[[object], None], on_error: Callable[[str], None], parent=None):
        super().__init__(parent)
        self._ticket = 0
        self._on_result = on_result
        self._on_error = on_error
        self._signals = _TaskSignals()
        self._signals.result.connect(self._deliver_result)
        self._signals.error.connect(self._deliver_error)

    def _deliver_result(self, ticket: int, value: object) -> None:
        if ticket == self._ticket:
            self._on_result(value)

    def _deliver_error(self, ticket: int, message: str) -> None:
        if ticket == self._ticket:
            self._on_error(message)

    def submit(self, fn: Callable[[], object]) -> None:
        self._ticket += 1
        QThreadPool.globalInstance().start(_Task(self._ticket, fn, self._signals))

    def cancel(self) -> None:
        """Forget the pending submission (its result will be dropped)."""
        self._ticket += 1
