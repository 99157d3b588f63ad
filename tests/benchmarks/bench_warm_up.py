"""Warm-up benchmark: how long the window's idle-time loading of the previews' modules takes, and the longest
pause it causes on the UI thread (``qa2explorer/gui/warm_up.py``: Qt-free modules in a job, Qt types and
Qt-bound modules on the UI thread, a slice per event-loop turn).

    python tests/benchmarks/bench_warm_up.py [--runs 7]

Each run is a fresh interpreter (offscreen, bytecode compiled by one untimed run) that shows the real main
window; a 5-ms timer on the UI thread records the longest gap between its ticks from the warm-up's start to
its end (what a user clicking then would wait at most), beside the warm-up's own longest UI turn.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

from tests.first_frame import REPO, child_env  # noqa: E402

CHILD = """
import json, sys, time
from PySide6.QtCore import QSettings, QTimer
from qa2explorer.gui.app import make_app
from qa2explorer.gui.main_window import MainWindow
app = make_app()
window = MainWindow(QSettings(sys.argv[1], QSettings.Format.IniFormat))
window.show()
ticks = {"last": None, "gap": 0.0, "start": None}
def tick():
    now = time.perf_counter()
    if ticks["last"] is not None and ticks["start"] is not None:
        ticks["gap"] = max(ticks["gap"], now - ticks["last"])
    ticks["last"] = now
timer = QTimer(interval=5, timeout=tick)
timer.start()
window._warm_up.timeout.connect(lambda: ticks.update(start=time.perf_counter()))
def done():
    print(json.dumps([time.perf_counter() - ticks["start"], window.warming.longest_turn, ticks["gap"]]))
    window.shutdown()
    app.quit()
window.warming.done.connect(done)
app.exec()
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="qa2x-warm-") as home:
        env = child_env(home)
        for i in range(args.runs + 1):
            r = subprocess.run([sys.executable, "-c", CHILD, os.path.join(home, "s.ini")], env=env, cwd=REPO,
                               capture_output=True, text=True, timeout=300, check=True)  # fmt: skip
            if i:  # the first run compiles the bytecode
                rows.append(json.loads(r.stdout.strip().splitlines()[-1]))
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {args.runs} runs\n")
    print(f"{'warm-up':34} {'best':>8} {'median':>8}")
    for k, name in enumerate(("whole warm-up (s)", "longest UI-thread turn (ms)", "longest UI pause seen (ms)")):
        values = [row[k] * (1 if k == 0 else 1000) for row in rows]
        print(f"{name:34} {min(values):8.2f} {statistics.median(values):8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
