"""The one bridge from jobs (:mod:`qa2explorer.jobs`) to the UI thread.

:meth:`JobRunner.start` runs a job on a worker thread of its own. The worker appends the job's events to a
queue; the UI thread drains it at once while events come one by one, and at most every ``interval_ms``
once they come in bursts, so a job that reports thousands of lines a second costs the UI a few dozen
deliveries a second while a quiet job's events arrive without delay. In one delivery, progress
events collapse to the latest, messages arrive as one list, partial results in order, then the final event.

Jobs started in the same *slot* supersede each other: starting one cancels the previous and drops whatever
it still delivers, so a receiver never sees a stale result (the user moved on).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import deque

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from .. import jobs
from ..jobs import CancelToken, Event, Job

BREATHE_SECONDS = 0.0005  # a worker job yields the interpreter this long between its batches
BURST = 16  # a drain that found more events than this was a burst: the next one waits for the interval


class JobHandle(QObject):
    """One running job, as seen from the UI thread."""

    phase = Signal(object)  # Event
    progress = Signal(object)  # Event: the latest of a burst
    # list[Event]: the messages of a burst, in order; declared object, as Signal(list) would convert the list
    # element by element (about 1 µs a message on the UI thread): the receivers get the list itself
    messages = Signal(object)
    partial = Signal(object)  # Event, its ``data`` the partial result
    result = Signal(object)  # the job's return value
    failed = Signal(str)  # a one-line message
    cancelled = Signal()
    finished = Signal()  # after result, failed or cancelled (not for superseded jobs)
    ended = Signal()  # the worker is done, superseded or not
    _wake = Signal()

    def __init__(self, name: str, interval_ms: int, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self.token = CancelToken()
        self.stale = False
        self.done = False
        self._queue: deque[Event] = deque()
        self._lock = threading.Lock()
        self._wake_pending = False
        self._scheduled = False
        self._last_drain = 0.0
        self._last_count = 0
        self._interval = interval_ms / 1000
        self.thread: threading.Thread | None = None
        self._wake.connect(self._on_wake, Qt.ConnectionType.QueuedConnection)

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def cancel(self) -> None:
        """Ask the job to stop; its ``cancelled`` signal follows when it has."""
        self.token.cancel()

    def supersede(self) -> None:
        """Cancel the job and drop everything it still delivers."""
        self.stale = True
        self.token.cancel()

    # -- worker side -------------------------------------------------------------------------------------
    def _push(self, event: Event) -> None:
        with self._lock:
            self._queue.append(event)
            if self._wake_pending:
                return
            self._wake_pending = True
        with contextlib.suppress(RuntimeError):  # the window (and this object) is gone; nobody listens
            self._wake.emit()

    # -- UI side -----------------------------------------------------------------------------------------
    def _on_wake(self) -> None:
        if self._scheduled:
            return
        delay = self._last_drain + self._interval - time.monotonic() if self._last_count > BURST else 0
        if delay <= 0:
            self._drain()
        else:
            self._scheduled = True
            QTimer.singleShot(int(delay * 1000) + 1, self._drain)

    def _drain(self) -> None:
        self._scheduled = False
        self._last_drain = time.monotonic()
        with self._lock:
            self._wake_pending = False
            events = list(self._queue)
            self._queue.clear()
        self._last_count = len(events)
        if self.stale:
            if any(e.kind in jobs.FINAL_KINDS for e in events):
                self.done = True
                self.ended.emit()
            return
        messages: list[Event] = []
        last_progress: Event | None = None
        for event in events:
            if event.kind == jobs.MESSAGE:
                messages.append(event)
            elif event.kind == jobs.PROGRESS:
                last_progress = event
            elif event.kind in jobs.FINAL_KINDS:
                self._flush(messages, last_progress)
                messages, last_progress = [], None
                self._finish(event)
            else:
                self._flush(messages, last_progress)
                messages, last_progress = [], None
                (self.phase if event.kind == jobs.PHASE else self.partial).emit(event)
            if self.stale:  # a receiver superseded this job while handling its events
                if not self.done and any(e.kind in jobs.FINAL_KINDS for e in events):
                    self.done = True
                    self.ended.emit()
                return
        self._flush(messages, last_progress)

    def _flush(self, messages: list[Event], progress: Event | None) -> None:
        if messages:
            self.messages.emit(messages)
        if progress is not None and not self.stale:
            self.progress.emit(progress)

    def _finish(self, event: Event) -> None:
        self.done = True
        if event.kind == jobs.RESULT:
            self.result.emit(event.data)
        elif event.kind == jobs.ERROR:
            self.failed.emit(event.message)
        else:
            self.cancelled.emit()
        if not self.stale:
            self.finished.emit()
        self.ended.emit()


# Handles of jobs still running when their runner shut down (an import that cannot be interrupted, a read stuck
# on a slow disk): kept alive here, away from the window that is being destroyed, for as long as the process
# lives, so that the worker's last event never reaches a deleted object (a crash, not an exception).
_OUTLIVING: set[JobHandle] = set()


class JobRunner(QObject):
    """Starts jobs on worker threads and keeps their handles until they end."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = 40):
        super().__init__(parent)
        self.interval_ms = interval_ms
        self._slots: dict[str, JobHandle] = {}
        self._handles: set[JobHandle] = set()

    def start(self, job: Job, slot: str | None = None, name: str = "") -> JobHandle:
        """Run ``job`` on a new worker thread. With a ``slot``, the job running there is superseded."""
        if slot is not None and (previous := self._slots.get(slot)) is not None:
            previous.supersede()
        handle = JobHandle(name or slot or "job", self.interval_ms, self)
        self._handles.add(handle)
        if slot is not None:
            self._slots[slot] = handle
        handle.ended.connect(lambda h=handle, s=slot: self._forget(h, s))

        def work() -> None:
            jobs.run(job, handle._push, handle.token, breathe=BREATHE_SECONDS)

        handle.thread = threading.Thread(target=work, name=f"job-{handle.name}", daemon=True)
        handle.thread.start()
        return handle

    def current(self, slot: str) -> JobHandle | None:
        handle = self._slots.get(slot)
        return handle if handle is not None and not handle.done else None

    def cancel(self, slot: str) -> None:
        """Supersede the job in ``slot`` (its results are dropped)."""
        handle = self._slots.pop(slot, None)
        if handle is not None:
            handle.supersede()

    def busy(self) -> list[JobHandle]:
        return [h for h in self._handles if h.running and not h.stale]

    def _forget(self, handle: JobHandle, slot: str | None) -> None:
        self._handles.discard(handle)
        if slot is not None and self._slots.get(slot) is handle:
            del self._slots[slot]

    def shutdown(self, wait_s: float = 5.0) -> None:
        """Cancel every job and wait for the worker threads (none may outlive the window)."""
        handles = list(self._handles)
        for h in handles:
            h.supersede()
        deadline = time.monotonic() + wait_s
        for h in handles:
            if h.thread is not None:
                h.thread.join(max(0.0, deadline - time.monotonic()))
        for h in handles:
            if h.running:  # it outlives the window: detach it so that it is not deleted with the runner
                h.setParent(None)
                _OUTLIVING.add(h)
        self._handles = {h for h in handles if h.running}
        self._slots.clear()
