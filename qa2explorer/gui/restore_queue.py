"""Restores one after another: members added to the queue run in turn, each as one job (scriptForPI in CASA,
:func:`qa2explorer.restore.run.restore`), while the window stays usable. A queued member is checked again when
its turn comes (the restore before it may have used the disk it needed)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from ..restore.casa import Casa
from ..restore.preflight import Preflight
from ..restore.run import Options, Outcome, RunFiles, restore
from .job_runner import JobHandle, JobRunner

QUEUED, RUNNING, DONE, FAILED, CANCELLED = "queued", "running", "done", "failed", "cancelled"
STATE_WORDS = {QUEUED: "queued", RUNNING: "running", DONE: "restored", FAILED: "not restored", CANCELLED: "stopped"}


@dataclass(eq=False)
class RestoreRun:
    """One member's restore, from queued to its end."""

    member: str
    casa: Casa
    options: Options
    checks: Preflight | None = None  # the checklist the user saw (None: check when it starts)
    into: str | None = None  # restore into a working copy in this folder
    state: str = QUEUED
    fraction: float = 0.0
    phase: str = ""
    started: float | None = None  # time.monotonic()
    ended: float | None = None
    outcome: Outcome | None = None
    error: str = ""
    files: RunFiles | None = None  # where it writes its logs, known once it starts
    handle: JobHandle | None = None

    @property
    def target(self) -> str:
        """The folder whose calibrated/ the run writes: the member, or its working copy."""
        if self.files is not None:
            return self.files.target
        return self.checks.target if self.checks is not None else self.member

    @property
    def elapsed(self) -> float:
        if self.started is None:
            return 0.0
        return (self.ended or time.monotonic()) - self.started

    @property
    def seconds_left(self) -> float | None:
        """From the pace so far, once a fifth is done (before, the start of CASA and of the first EB weigh too
        much)."""
        if self.state != RUNNING or self.fraction < 0.2 or self.fraction >= 1.0:
            return None
        return self.elapsed * (1 - self.fraction) / self.fraction


class RestoreQueue(QObject):
    changed = Signal(object)  # RestoreRun: its state, fraction or phase moved
    lines = Signal(object, object)  # RestoreRun, list[jobs.Event]: what the run printed (passed as is)
    added = Signal(object)  # RestoreRun
    ended = Signal(object)  # RestoreRun: done, failed or stopped (calibrated/ may have changed)

    def __init__(self, runner: JobRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.runner = runner
        self.runs: list[RestoreRun] = []

    @property
    def current(self) -> RestoreRun | None:
        return next((r for r in self.runs if r.state == RUNNING), None)

    def waiting(self) -> list[RestoreRun]:
        return [r for r in self.runs if r.state == QUEUED]

    def add(self, run: RestoreRun) -> None:
        """Queue ``run``; it starts at once when nothing else runs."""
        self.runs.append(run)
        self.added.emit(run)
        self._next(fresh=run)

    def cancel(self, run: RestoreRun) -> None:
        """Stop a running restore (CASA and its children), or take a queued one off the queue."""
        if run.state == RUNNING and run.handle is not None:
            run.phase = "stopping CASA…"
            self.changed.emit(run)
            run.handle.cancel()
        elif run.state == QUEUED:
            run.state = CANCELLED
            self.changed.emit(run)

    def cancel_all(self) -> None:
        for run in list(self.runs):
            self.cancel(run)

    def _next(self, fresh: RestoreRun | None = None) -> None:
        """Start the first queued run. Only a run that starts as it is added (``fresh``) keeps the checks the
        user saw; a later one is checked again by the restore itself."""
        if self.current is not None:
            return
        run = next(iter(self.waiting()), None)
        if run is None:
            return
        run.state, run.started, run.phase = RUNNING, time.monotonic(), "starting CASA"
        checks = run.checks if run is fresh else None
        handle = self.runner.start(
            lambda _token, report: restore(run.member, run.casa, run.options, report, checks, run.into),
            name=f"restore {run.member}",
        )  # fmt: skip
        run.handle = handle
        handle.messages.connect(lambda events: self.lines.emit(run, events))
        handle.partial.connect(lambda event: setattr(run, "files", event.data))
        handle.phase.connect(lambda event: self._moved(run, event))
        handle.progress.connect(lambda event: self._moved(run, event))
        handle.result.connect(lambda outcome: self._ended(run, DONE if outcome.ok else FAILED, outcome=outcome))
        handle.failed.connect(lambda message: self._ended(run, FAILED, error=message))
        handle.cancelled.connect(lambda: self._ended(run, CANCELLED))
        self.changed.emit(run)

    def _moved(self, run: RestoreRun, event) -> None:
        if event.progress is not None:
            run.fraction = max(run.fraction, event.progress)
        if event.message:
            run.phase = event.message
        self.changed.emit(run)

    def _ended(self, run: RestoreRun, state: str, outcome: Outcome | None = None, error: str = "") -> None:
        run.state, run.outcome, run.error, run.ended = state, outcome, error, time.monotonic()
        if state == DONE:
            run.fraction = 1.0
        self.changed.emit(run)
        self.ended.emit(run)
        self._next()
