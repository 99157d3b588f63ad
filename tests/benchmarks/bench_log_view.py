"""Live log benchmark: a real JobRunner job reports CASA-like output into a LogView shown in a window (offscreen
Qt), while a 5 ms timer on the UI thread measures the longest gap between its ticks (the worst stall a user
would feel).

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_log_view.py [--lines 200000] [--max-lines 100000]
                                                                        [--burst 2000] [--pause-ms 100] [--runs 3]

The lines are the corpus excerpts in tests/data/corpus, cycled: CASA logger lines (INFO and WARN; two turned
SEVERE by their priority field), the pipeline's console lines (INFO, WARNING, TODO), scriptForPI's prints. The
job decodes each from bytes (as a restore reads CASA's pipe) and reports it as info: the view finds the levels.
It pauses 0.5 ms every 1000 lines, as this app's jobs do between batches. Runs, each ``--runs`` times:

* floor: the fast job with its messages dropped on arrival (the stalls of the worker and the bridge alone:
  a worker running Python makes each entry of the UI thread into Python wait for the interpreter);
* fast: ``--lines`` lines as fast as the job can into a fresh view;
* fast, the same again into that view with a search active (twice ``--lines`` in all: memory must not grow);
* CASA-like: bursts of ``--burst`` lines at full speed, ``--pause-ms`` apart, into a fresh view.

Each row: the worst gap of the 5 ms timer (median and maximum over the runs; and the median of its difference to
the floor of the same run, as the shared machine's own stalls vary from run to run), its 99th percentile (median),
the time from the job's start to the last line held and lines a second (median), the process's RSS before the
first run and after the last, the rows held. Then the cost of one batch of 10 000 messages into a full view.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QMainWindow  # noqa: E402

from qa2explorer.gui.app import make_app  # noqa: E402
from qa2explorer.gui.job_runner import JobRunner  # noqa: E402
from qa2explorer.gui.log_view import LogView  # noqa: E402
from qa2explorer.jobs import MESSAGE, Event  # noqa: E402

CORPUS = os.path.join(os.path.dirname(__file__), "..", "data", "corpus")
HEARTBEAT_MS = 5


def corpus_lines(name: str) -> list[str]:
    with open(os.path.join(CORPUS, name), encoding="utf-8") as f:
        return f.read().splitlines()


def line_pool() -> list[bytes]:
    """A restore's worth of real lines, as bytes: scriptForPI's prints around CASA logger and pipeline lines."""
    casa = corpus_lines("casapy_log_lines.txt")
    severe = [line.replace("\tINFO\t", "\tSEVERE\t", 1) for line in casa[5:7]]
    pipeline = [line for line in corpus_lines("pipeline_console_lines.txt") if " DEBUG: " not in line]
    prints = corpus_lines("scriptforpi_prints.txt")
    lines = prints[:20] + casa * 4 + pipeline + severe + casa * 4 + prints[20:]
    return [line.encode("utf-8") for line in lines]


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024


def restore_like(pool: list[bytes], n: int, burst: int = 0, pause_s: float = 0.0):
    def job(token, report):
        for i in range(n):
            report.message(pool[i % len(pool)].decode("utf-8", "replace"))
            if i % 1000 == 999:
                report.breathe()
                token.check()
            if pause_s and i % burst == burst - 1:
                token.wait(pause_s)

    return job


def measure(runner: JobRunner, job, receive: Callable, done: Callable[[], bool]) -> dict:
    """Start ``job``, its messages to ``receive``, and wait until ``done()``; the heartbeat's gaps meanwhile."""
    gaps: list[float] = []
    loop = QEventLoop()
    state = {"last": 0.0, "end": 0.0, "finished": False}

    def beat() -> None:
        now = time.perf_counter()
        gaps.append(now - state["last"])
        state["last"] = now
        if state["finished"] and done():
            state["end"] = now
            loop.quit()

    heartbeat = QTimer(interval=HEARTBEAT_MS, timerType=Qt.TimerType.PreciseTimer, timeout=beat)
    start = state["last"] = time.perf_counter()
    handle = runner.start(job, name="bench")
    handle.messages.connect(receive)
    handle.finished.connect(lambda: state.update(finished=True))
    heartbeat.start()
    loop.exec()
    heartbeat.stop()
    return {"worst": max(gaps), "p99": statistics.quantiles(gaps, n=100, method="inclusive")[98],
            "seconds": state["end"] - start}  # fmt: skip


def holds(view: LogView, total: int) -> Callable[[], bool]:
    """Whether ``view`` has added ``total`` lines since its clear (held or dropped)."""
    return lambda: view.model.dropped + view.model.held == total


def shown_view(max_lines: int) -> tuple[QMainWindow, LogView]:
    """A view in a window, showing a first line (as the restore panel shows the command before CASA's output)."""
    window = QMainWindow()
    view = LogView(max_lines=max_lines)
    window.setCentralWidget(view)
    window.resize(1200, 800)
    window.show()
    view.append([("casa --nologger --nogui -c member.uid___A001_X87d_X497.run.py", "info")])
    view.flush()
    return window, view


def batch_cost(app, pool: list[bytes], max_lines: int, batch: int) -> tuple[float, list[float]]:
    """One batch of ``batch`` job messages into a view already holding ``max_lines``: the time ``append_events``
    takes, and each turn of the event loop until the batch is shown (its work, repaints included)."""
    window, view = shown_view(max_lines)
    view.append([(pool[i % len(pool)].decode(), "info") for i in range(max_lines)])
    view.flush()
    app.processEvents()
    events = [Event(MESSAGE, message=pool[i % len(pool)].decode()) for i in range(batch)]
    start = time.perf_counter()
    view.append_events(events)
    appended = time.perf_counter() - start
    turns = []
    while view.model.dropped + view.model.held < max_lines + 1 + batch:
        start = time.perf_counter()
        app.processEvents()
        turns.append(time.perf_counter() - start)
    window.close()
    window.deleteLater()
    return appended, turns


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--max-lines", type=int, default=100_000)
    parser.add_argument("--burst", type=int, default=2000, help="lines per burst (CASA-like run)")
    parser.add_argument("--pause-ms", type=float, default=100, help="pause between bursts (CASA-like run)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    app = make_app()
    owner = QObject()
    runner = JobRunner(owner)
    pool = line_pool()
    n = args.lines
    names = ["floor: the fast job, its lines dropped on arrival", f"fast: {n:,} lines",
             f"fast: {n:,} more, search active ({2 * n:,} in all)",
             f"CASA-like: {args.burst:,}-line bursts {args.pause_ms:g} ms apart"]  # fmt: skip
    results: dict[str, list[dict]] = {name: [] for name in names}
    memory: dict[str, list[float]] = {name: [] for name in names}
    held: dict[str, int] = {}
    for _ in range(args.runs):
        results[names[0]].append(measure(runner, restore_like(pool, n), lambda _events: None, lambda: True))
        window, view = shown_view(args.max_lines)
        app.processEvents()
        for name, total in ((names[1], n), (names[2], 2 * n)):
            if name == names[2]:
                view.find("uid___A002_Xc27dd7_X2fc3")
            memory[name].append(rss_mb())
            results[name].append(measure(runner, restore_like(pool, n), view.append_events, holds(view, total + 1)))
            memory[name].append(rss_mb())
            held[name] = view.line_count()
        window.close()
        window.deleteLater()
        window, view = shown_view(args.max_lines)
        app.processEvents()
        memory[names[3]].append(rss_mb())
        job = restore_like(pool, n, args.burst, args.pause_ms / 1000)
        results[names[3]].append(measure(runner, job, view.append_events, holds(view, n + 1)))
        memory[names[3]].append(rss_mb())
        held[names[3]] = view.line_count()
        window.close()
        window.deleteLater()
        app.processEvents()
    runner.shutdown()
    costs = [batch_cost(app, pool, args.max_lines, 10_000) for _ in range(args.runs)]

    width = max(map(len, names))
    print(f"| {'run':<{width}} | worst stall: median, max | over the floor | p99 gap | total time |  lines/s "
          f"| RSS first → last run | rows held |")  # fmt: skip
    print(f"|{'-' * (width + 2)}|-------------------------:|---------------:|--------:|-----------:|---------:"
          f"|---------------------:|----------:|")  # fmt: skip
    floors = [r["worst"] * 1000 for r in results[names[0]]]
    for name in names:
        runs = results[name]
        worst = [r["worst"] * 1000 for r in runs]
        over = statistics.median(w - f for w, f in zip(worst, floors, strict=True))
        over = "" if name == names[0] else f"{over:+.1f} ms"
        seconds = statistics.median(r["seconds"] for r in runs)
        p99 = statistics.median(r["p99"] * 1000 for r in runs)
        rss = "" if name == names[0] else f"{memory[name][0]:.0f} → {memory[name][-1]:.0f} MB"
        rows = f"{held[name]:,}" if name in held else ""
        print(f"| {name:<{width}} | {statistics.median(worst):9.1f} ms, {max(worst):6.1f} ms | {over:>14} "
              f"| {p99:4.1f} ms | {seconds:8.2f} s | {n / seconds:8,.0f} | {rss:>20} | {rows:>9} |")  # fmt: skip
    appended = statistics.median(a for a, _ in costs) * 1000
    turns = [t * 1000 for _, ts in costs for t in ts]
    print(f"\nOne batch of 10,000 messages into a view holding {args.max_lines:,} lines (median of {args.runs}): "
          f"append_events {appended:.2f} ms, then {statistics.median(len(ts) for _, ts in costs):.0f} turns of the "
          f"event loop of at most {max(turns):.1f} ms each, {statistics.median(sum(ts) for _, ts in costs) * 1000:.1f} "
          f"ms in all.")  # fmt: skip


if __name__ == "__main__":
    main()
