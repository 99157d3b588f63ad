"""Background jobs without Qt.

A *job* is a function ``job(token, report) -> result``. It checks ``token`` (a :class:`CancelToken`) and
reports through ``report`` (a :class:`Reporter`): the phase it is in, progress (a fraction 0–1, or None when
unknown), messages with a level, and partial results. Whatever it returns is its result; :class:`JobError`
is an expected failure with a message for the user, :class:`Cancelled` a stop on request.

:func:`run` runs a job on the calling thread and turns all of that into :class:`Event` objects for one sink:
the CLI runs jobs this way (with :class:`TerminalProgress` as the sink), and ``qa2explorer.gui.job_runner``
runs the same jobs on worker threads and delivers their events as Qt signals on the UI thread.
:func:`run_process` runs a subprocess inside a job so that cancelling reaches it and all its children.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    import subprocess

log = logging.getLogger(__name__)

# Event kinds
PHASE, PROGRESS, MESSAGE, PARTIAL = "phase", "progress", "message", "partial"
RESULT, ERROR, CANCELLED = "result", "error", "cancelled"
FINAL_KINDS = frozenset({RESULT, ERROR, CANCELLED})
# Message levels
DEBUG, INFO, WARNING, SEVERE = "debug", "info", "warning", "error"


class Cancelled(Exception):
    """The job stopped because its token was cancelled."""


class JobError(Exception):
    """An expected failure (bad input, missing file…): ``str(exc)`` is a one-line message for the user."""


@dataclass(frozen=True, slots=True)
class Event:
    kind: str
    phase: str | None = None
    progress: float | None = None  # 0–1, or None when unknown
    message: str = ""
    level: str = INFO
    data: Any = None  # partial: the partial result; result: the job's return value

    def to_dict(self) -> dict:
        """The JSON form (``--json`` event lines); ``data`` is left out: it is a Python object."""
        return {"kind": self.kind, "phase": self.phase, "progress": self.progress, "message": self.message,
                "level": self.level}  # fmt: skip


class CancelToken:
    """Thread-safe stop request. Callbacks registered with :meth:`on_cancel` run once, on the thread that
    cancels (keep them short: send a signal, close a file); a callback registered after the cancel runs at
    once."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[], None]] = []

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def cancel(self) -> None:
        with self._lock:
            if self._event.is_set():
                return
            self._event.set()
            callbacks, self._callbacks = self._callbacks, []
        for fn in callbacks:
            try:
                fn()
            except Exception:
                log.exception("cancel callback failed")

    def check(self) -> None:
        """Raise :class:`Cancelled` when a stop was asked for."""
        if self._event.is_set():
            raise Cancelled

    def on_cancel(self, fn: Callable[[], None]) -> Callable[[], None]:
        """Call ``fn`` when cancelled; returns a function that unregisters it."""
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(fn)
                return lambda: self._discard(fn)
        fn()
        return lambda: None

    def _discard(self, fn: Callable[[], None]) -> None:
        with self._lock:
            if fn in self._callbacks:
                self._callbacks.remove(fn)

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True when cancelled meanwhile."""
        return self._event.wait(seconds)


class Reporter:
    """What a job reports through. Every call becomes one :class:`Event` for the sink."""

    def __init__(self, sink: Callable[[Event], None], token: CancelToken, breathe_seconds: float = 0.0):
        self._sink = sink
        self.token = token
        self._phase: str | None = None
        self._breathe = breathe_seconds

    @property
    def current_phase(self) -> str | None:
        return self._phase

    def phase(self, name: str, message: str = "", progress: float | None = None) -> None:
        self._phase = name
        self._sink(Event(PHASE, name, _clamp(progress), message))

    def progress(self, fraction: float | None, message: str = "") -> None:
        self._sink(Event(PROGRESS, self._phase, _clamp(fraction), message))

    def message(self, text: str, level: str = INFO) -> None:
        self._sink(Event(MESSAGE, self._phase, None, text, level))

    def partial(self, data: Any, message: str = "") -> None:
        self._sink(Event(PARTIAL, self._phase, None, message, INFO, data))

    def breathe(self) -> None:
        """Give other threads the interpreter for a moment (a job in a GUI worker calls this between batches
        so the UI thread is not starved); free when the job runs alone."""
        if self._breathe:
            time.sleep(self._breathe)


def _clamp(fraction: float | None) -> float | None:
    return None if fraction is None else min(1.0, max(0.0, float(fraction)))


Job = Callable[[CancelToken, Reporter], Any]


def run(job: Job, sink: Callable[[Event], None], token: CancelToken | None = None, *, breathe: float = 0.0) -> Event:
    """Run ``job`` on this thread. Its reports reach ``sink`` as they happen, then exactly one final event
    (result, error or cancelled), which is also returned. Unexpected exceptions are logged with their traceback
    and become error events: a job never takes its caller down."""
    token = token or CancelToken()
    reporter = Reporter(sink, token, breathe)
    try:
        value = job(token, reporter)
    except Cancelled:
        final = Event(CANCELLED, reporter.current_phase, None, "Stopped.", WARNING)
    except JobError as exc:
        final = Event(ERROR, reporter.current_phase, None, str(exc), SEVERE, exc)
    except OSError as exc:  # a file that vanished, cannot be read, a full disk: expected, said in one line
        final = Event(ERROR, reporter.current_phase, None, os_error_text(exc), SEVERE, exc)
    except Exception as exc:
        log.exception("job failed")
        final = Event(ERROR, reporter.current_phase, None, f"{exc.__class__.__name__}: {exc}", SEVERE, exc)
    else:
        final = Event(RESULT, reporter.current_phase, 1.0, "", INFO, value)
    sink(final)
    return final


def os_error_text(exc: OSError) -> str:
    """'Permission denied: /path' rather than '[Errno 13] Permission denied: '/path''."""
    reason = exc.strerror or exc.__class__.__name__
    return f"{reason}: {exc.filename}" if exc.filename else reason


def run_value(job: Job, sink: Callable[[Event], None] | None = None, token: CancelToken | None = None) -> Any:
    """Run ``job`` here and return its result; raise what it raised (:class:`Cancelled` after a cancel)."""
    final = run(job, sink or (lambda _e: None), token)
    if final.kind == RESULT:
        return final.data
    if final.kind == CANCELLED:
        raise Cancelled
    raise final.data if isinstance(final.data, BaseException) else JobError(final.message)


# ------------------------------------------------------------------------------------------ subprocesses
KILL_GRACE_SECONDS = 3.0


def run_process(
    argv: Sequence[str],
    token: CancelToken,
    on_line: Callable[[str], None],
    *,
    cwd: str | None = None,
    env: dict[str, str] | None = None,
    kill_grace: float = KILL_GRACE_SECONDS,
) -> int:
    """Run ``argv`` with stdout and stderr merged, one ``on_line`` call per line; return its exit status.

    The process starts in a session (process group) of its own, so a cancel stops it *and every child it
    started*: SIGTERM to the group, SIGKILL after ``kill_grace`` seconds if any is left (Windows: the tree
    is killed with ``taskkill /T``). Raises :class:`Cancelled` after a cancel, once the process has ended.
    """
    import subprocess  # (not when the window starts)

    kwargs: dict[str, Any] = {}
    if os.name == "posix":
        kwargs["start_new_session"] = True
    else:
        kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
    proc = subprocess.Popen(
        list(argv), cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        **kwargs,
    )  # fmt: skip
    unregister = token.on_cancel(lambda: stop_process_tree(proc, kill_grace))
    try:
        assert proc.stdout is not None
        for raw in proc.stdout:
            on_line(raw.decode("utf-8", "replace").rstrip("\r\n"))
        code = proc.wait()
    except KeyboardInterrupt:  # Ctrl+C reaches only us (the child has its own session): stop it too
        stop_process_tree(proc, kill_grace)
        proc.wait()
        raise Cancelled from None
    finally:
        unregister()
        if proc.stdout is not None:
            proc.stdout.close()
    if token.cancelled:
        raise Cancelled
    return code


def stop_process_tree(proc: subprocess.Popen, grace: float = KILL_GRACE_SECONDS) -> None:
    """Ask the process group of ``proc`` to end, and kill what is left after ``grace`` seconds (in a timer
    thread: this returns at once, so it can be called from a UI thread)."""
    if os.name != "posix":
        import subprocess

        subprocess.run(["taskkill", "/T", "/F", "/PID", str(proc.pid)], capture_output=True, check=False)
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return

    def kill_rest() -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)

    timer = threading.Timer(grace, kill_rest)
    timer.daemon = True
    timer.start()


# ------------------------------------------------------------------------------------------ terminal
class TerminalProgress:
    """A sink that shows a job's progress on one self-rewriting line of a terminal (stderr by default), at most
    ten times a second, and prints warnings and errors on lines of their own. On a stream that is not a
    terminal it prints only warnings and errors, so logs and pipes stay clean."""

    def __init__(self, stream: TextIO | None = None, interval: float = 0.1, width: int = 28):
        self.stream = stream or sys.stderr
        self.live = _isatty(self.stream)
        self.interval = interval
        self.width = width
        self._last = 0.0
        self._shown = False
        self._drawn: Event | None = None

    def interject(self, write: Callable[[], None]) -> None:
        """Let ``write`` put lines of its own on the terminal (a command's output on stdout) without the progress
        line running into them: the line is cleared first and drawn again after."""
        shown = self._shown
        self._clear()
        write()
        if shown and self._drawn is not None:
            self._draw(self._drawn)

    def __call__(self, event: Event) -> None:
        if event.kind == MESSAGE and event.level in (WARNING, SEVERE):
            self._clear()
            self.stream.write(f"qa2explorer: {event.message}\n")
            self.stream.flush()
        elif event.kind in FINAL_KINDS:
            self._clear()
        elif self.live and event.kind in (PHASE, PROGRESS) and (event.message or event.progress is not None):
            now = time.monotonic()
            if event.kind == PHASE or now - self._last >= self.interval:
                self._last = now
                self._draw(event)

    def _draw(self, event: Event) -> None:
        if event.progress is None:
            bar = ""
        else:
            filled = int(round(event.progress * self.width))
            bar = f"[{'#' * filled}{'.' * (self.width - filled)}] {event.progress * 100:3.0f}% "
        text = (bar + event.message)[:160]
        self.stream.write("\r\x1b[2K" + text)
        self.stream.flush()
        self._shown = True
        self._drawn = event

    def _clear(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self._shown = False


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
