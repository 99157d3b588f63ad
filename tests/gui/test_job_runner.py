"""The one bridge from jobs to the UI thread: bursts coalesced, stale results dropped, cancel reaching a
subprocess, threads joined at shutdown."""

import sys
import threading
import time

import pytest
from PySide6.QtCore import QObject

from qa2explorer import jobs
from qa2explorer.gui.app import make_app
from qa2explorer.gui.job_runner import JobRunner


@pytest.fixture
def runner(qtbot):
    make_app()
    owner = QObject()
    r = JobRunner(owner)
    yield r
    r.shutdown()


def record(handle):
    seen = {"messages": [], "batches": 0, "progress": [], "partial": [], "result": [], "failed": [], "order": []}

    def on_messages(events):
        seen["batches"] += 1
        seen["messages"].extend(e.message for e in events)
        seen["order"].append("messages")

    handle.messages.connect(on_messages)
    handle.progress.connect(lambda e: (seen["progress"].append(e.progress), seen["order"].append("progress")))
    handle.partial.connect(lambda e: (seen["partial"].append(e.data), seen["order"].append("partial")))
    handle.result.connect(lambda v: (seen["result"].append(v), seen["order"].append("result")))
    handle.failed.connect(lambda m: (seen["failed"].append(m), seen["order"].append("failed")))
    handle.cancelled.connect(lambda: seen["order"].append("cancelled"))
    return seen


def test_a_burst_of_events_arrives_coalesced_and_complete(qtbot, runner):
    n = 100_000

    def flood(token, report):
        for i in range(n):
            report.message(f"line {i}")
            if i % 10 == 0:
                report.progress(i / n)
        report.partial("tail")
        return "done"

    handle = runner.start(flood)
    seen = record(handle)
    with qtbot.waitSignal(handle.finished, timeout=60_000):
        pass
    assert seen["messages"] == [f"line {i}" for i in range(n)]  # every line, in order
    assert seen["batches"] < n / 100  # delivered in a few dozen batches, not one signal a line
    assert len(seen["progress"]) < n / 1000 and seen["progress"] == sorted(seen["progress"])
    assert seen["partial"] == ["tail"] and seen["result"] == ["done"] and seen["order"][-1] == "result"


def test_a_new_job_in_the_same_slot_supersedes_the_old(qtbot, runner):
    release = threading.Event()

    def slow(token, report):
        release.wait(10)
        return "old"

    old = runner.start(slow, slot="preview")
    seen_old = record(old)
    new = runner.start(lambda token, report: "new", slot="preview")
    seen_new = record(new)
    with qtbot.waitSignal(new.finished, timeout=10_000):
        pass
    release.set()
    qtbot.waitUntil(lambda: not old.running, timeout=10_000)
    qtbot.wait(100)
    assert seen_new["result"] == ["new"]
    assert seen_old["order"] == []  # the stale job's result (and its cancel) never reach the receiver
    assert old.token.cancelled and runner.current("preview") is None


def test_errors_and_partials(qtbot, runner):
    def job(token, report):
        for i in range(3):
            report.partial(i)
        raise jobs.JobError("No ALMA delivery found here.")

    handle = runner.start(job)
    seen = record(handle)
    with qtbot.waitSignal(handle.finished, timeout=10_000):
        pass
    assert seen["partial"] == [0, 1, 2] and seen["failed"] == ["No ALMA delivery found here."]


def test_cancel_reaches_a_subprocess_of_the_job(qtbot, runner):
    started = threading.Event()

    def job(token, report):
        def on_line(line):
            report.message(line)
            started.set()

        return jobs.run_process([sys.executable, "-u", "-c", "import time; print('up'); time.sleep(60)"], token,
                                on_line)  # fmt: skip

    handle = runner.start(job)
    seen = record(handle)
    assert started.wait(30)
    t0 = time.monotonic()
    with qtbot.waitSignal(handle.cancelled, timeout=20_000):
        handle.cancel()
    assert time.monotonic() - t0 < 15
    assert seen["messages"] == ["up"] and seen["order"][-1] == "cancelled"


def test_shutdown_cancels_and_joins_every_worker(qtbot, runner):
    handles = [runner.start(lambda token, report: token.wait(30)) for _ in range(3)]
    runner.shutdown(wait_s=10)
    assert all(not h.running for h in handles)
    assert runner.busy() == []


def test_a_job_that_outlives_its_window_does_not_take_the_process_down(qtbot):
    """A job that cannot be interrupted (here a sleep; in life an import or a read stuck on a slow disk) is still
    running when the window closes: its handle outlives the window, so its last event reaches a live object."""
    import shiboken6

    make_app()
    owner = QObject()
    runner = JobRunner(owner)
    release = threading.Event()
    handle = runner.start(lambda _token, _report: release.wait(10) and "late", name="stuck")
    runner.shutdown(wait_s=0.05)
    assert handle.running
    del owner, runner  # the window (and its runner) are destroyed
    qtbot.wait(50)
    assert shiboken6.isValid(handle)
    release.set()
    handle.thread.join(5)
    qtbot.wait(100)  # its result is delivered (and dropped: it was superseded) without a crash
    assert handle.done
