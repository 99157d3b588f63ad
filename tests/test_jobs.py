"""The job layer without Qt: events, errors, cancel (down to a subprocess tree), terminal progress."""

import io
import logging
import os
import pty
import subprocess
import sys
import threading
import time

import pytest

from qa2explorer import jobs
from qa2explorer.jobs import Cancelled, CancelToken, JobError


def collect(job, token=None):
    events = []
    final = jobs.run(job, events.append, token)
    return events, final


def test_reports_become_events_in_order_then_one_final():
    def job(token, report):
        report.phase("read", "Reading…", 0.0)
        report.progress(0.5, "half")
        report.progress(7, "clamped")
        report.message("careful", jobs.WARNING)
        report.partial({"n": 1})
        return 42

    events, final = collect(job)
    assert [e.kind for e in events] == ["phase", "progress", "progress", "message", "partial", "result"]
    assert events[2].progress == 1.0 and events[1].phase == "read"
    assert events[3].level == "warning" and events[4].data == {"n": 1}
    assert final is events[-1] and final.data == 42
    assert set(final.to_dict()) == {"kind", "phase", "progress", "message", "level"}


def test_expected_errors_are_one_line_without_a_traceback(caplog, tmp_path):
    def refused(token, report):
        raise JobError("That is not a delivery.")

    def vanished(token, report):
        os.stat(tmp_path / "gone.fits")

    with caplog.at_level(logging.ERROR):
        _, final = collect(refused)
        assert final.kind == "error" and final.message == "That is not a delivery."
        _, final = collect(vanished)
        assert final.kind == "error" and final.message.startswith("No such file or directory: ")
    assert not caplog.records


def test_unexpected_errors_are_logged_and_become_events(caplog):
    def buggy(token, report):
        return {}["missing"]

    with caplog.at_level(logging.ERROR):
        _, final = collect(buggy)
    assert final.kind == "error" and final.message == "KeyError: 'missing'"
    assert caplog.records and caplog.records[0].exc_info is not None
    with pytest.raises(KeyError):
        jobs.run_value(buggy)


def test_cancel_stops_the_job_and_runs_callbacks_once():
    token = CancelToken()
    calls = []
    token.on_cancel(lambda: calls.append("a"))
    remove = token.on_cancel(lambda: calls.append("removed"))
    remove()

    def job(tok, report):
        while True:
            tok.check()
            time.sleep(0.001)

    threading.Timer(0.05, token.cancel).start()
    _, final = collect(job, token)
    token.cancel()
    assert final.kind == "cancelled" and calls == ["a"]
    token.on_cancel(lambda: calls.append("late"))  # registered after the cancel: runs at once
    assert calls == ["a", "late"]
    with pytest.raises(Cancelled):
        jobs.run_value(job, token=token)


def test_run_process_streams_lines_and_returns_the_status():
    token = CancelToken()
    lines = []
    script = "import sys; print('one'); print('two', file=sys.stderr); sys.exit(3)"
    code = jobs.run_process([sys.executable, "-c", script], token, lines.append)
    assert code == 3 and sorted(lines) == ["one", "two"]


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ", 1)[1].startswith("Z")  # a zombie has ended
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_cancel_reaches_every_process_the_job_started():
    """A parent that starts a child which ignores nothing and sleeps: cancel ends both (no orphan left)."""
    script = (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    token = CancelToken()
    pids = []

    def on_line(line):
        pids.append(int(line))
        token.cancel()

    start = time.monotonic()
    with pytest.raises(Cancelled):
        jobs.run_process([sys.executable, "-c", script], token, on_line, kill_grace=1.0)
    assert time.monotonic() - start < 30
    deadline = time.monotonic() + 10
    while not _gone(pids[0]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(pids[0]), "the child of the cancelled process is still running"


def test_terminal_progress_draws_on_a_terminal_only():
    quiet = io.StringIO()
    sink = jobs.TerminalProgress(quiet)
    sink(jobs.Event(jobs.PHASE, "list", None, "Listing…"))
    sink(jobs.Event(jobs.MESSAGE, "list", None, "some folders are unreadable", jobs.WARNING))
    assert quiet.getvalue() == "qa2explorer: some folders are unreadable\n"

    master, slave = pty.openpty()
    with os.fdopen(slave, "w") as stream:
        sink = jobs.TerminalProgress(stream, interval=0)
        sink(jobs.Event(jobs.PHASE, "measure", 0.25, "Reading sizes…"))
        sink(jobs.Event(jobs.RESULT))
    out = os.read(master, 4096).decode()
    os.close(master)
    assert "\r" in out and "25%" in out and "Reading sizes…" in out and "#######" in out


def test_lines_of_ones_own_do_not_run_into_the_progress_line():
    master, slave = pty.openpty()
    with os.fdopen(slave, "w") as stream:
        sink = jobs.TerminalProgress(stream, interval=0)
        sink(jobs.Event(jobs.PROGRESS, "restore", 0.5, "EB 1 calibrated"))
        sink.interject(lambda: (stream.write("SPACESAVING = 1\n"), stream.flush()))
    out = os.read(master, 4096).decode().replace("\r\n", "\n")
    os.close(master)
    bar = "[##############..............]  50% EB 1 calibrated"
    assert out == f"\r\x1b[2K{bar}\r\x1b[2KSPACESAVING = 1\n\r\x1b[2K{bar}"  # cleared, the line, drawn again


def test_the_summary_command_shows_progress_on_a_terminal(demo_project):
    master, slave = pty.openpty()
    r = subprocess.run([sys.executable, "-m", "qa2explorer", "summary", demo_project], stdout=subprocess.PIPE,
                       stderr=slave, timeout=120)  # fmt: skip
    os.close(slave)
    err = os.read(master, 65536).decode()
    os.close(master)
    assert r.returncode == 0 and b"Member uid://A001/X2f6a/X1c2" in r.stdout
    assert "Looking for the delivery" in err and "\r" in err
    piped = subprocess.run([sys.executable, "-m", "qa2explorer", "summary", demo_project], capture_output=True,
                           timeout=120)  # fmt: skip
    assert piped.stderr == b""  # not a terminal: no progress lines in logs or pipes
