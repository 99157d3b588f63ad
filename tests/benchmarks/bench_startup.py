"""Start-up benchmark: from launching a fresh process to the first painted frame of its main window, for a bare
PySide6 window (the reference) and for qa2explorer's real entry point: its first frame (the window's frame: title,
icon, size and place), and its first frame once built (tree, welcome page, menus: usable), with no delivery and
with the demo delivery given on the command line.

    python tests/benchmarks/bench_startup.py [--runs 15] [--no-demo]

The three kinds run in turn (bare, qa2explorer, qa2explorer DEMO, bare, …) so that a change in the machine's
load hits all of them alike; the table gives the best and median seconds of each and their ratios to the bare
window. Every process runs this interpreter with the same flags and environment (offscreen platform, a temporary
settings/cache/log home, bytecode compiled into a temporary folder by one untimed run of each kind: an installed
application has its .pyc files). The clock starts here just before the launch (interpreter start-up counts) and
stops in the child once its main window's first frame is painted (``tests/first_frame.py``). A second table gives
the CPU seconds each process used by then: on a loaded machine the wall-clock figures wander, the CPU ones much
less.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

from tests.first_frame import APP, APP_BUILT, BARE, REPO, child_env, launch  # noqa: E402


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each kind (default 15)")
    parser.add_argument("--no-demo", action="store_true", help="skip qa2explorer with the demo delivery")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qa2x-startup-") as home:
        env = child_env(home)
        kinds = [("bare PySide6 window", BARE, []), ("qa2explorer", APP, []), ("qa2explorer, built", APP_BUILT, [])]
        if not args.no_demo:
            demo = os.path.join(home, "demo")
            subprocess.run([sys.executable, "-m", "qa2explorer", "demo", demo], env=env, cwd=REPO, check=True,
                           capture_output=True)  # fmt: skip
            kinds.append(("qa2explorer DEMO, built", APP_BUILT, [demo]))
        for _name, script, argv in kinds:  # untimed: the bytecode is compiled and cached, the files are read once
            launch(script, argv, env)
        print(f"load average before: {load()} ({os.cpu_count()} CPUs); {args.runs} runs of each, in turn")
        times: dict[str, list[float]] = {name: [] for name, _, _ in kinds}
        cpus: dict[str, list[float]] = {name: [] for name, _, _ in kinds}
        for _ in range(args.runs):
            for name, script, argv in kinds:
                frame = launch(script, argv, env)
                times[name].append(frame.seconds)
                cpus[name].append(frame.cpu)
        print(f"load average after:  {load()}")
    for title, table in (("to the first painted frame", times), ("CPU used by then", cpus)):
        bare = table[kinds[0][0]]
        print(f"\n{title:28} {'best s':>7} {'median s':>9} {'ratio of medians':>17} {'of bests':>9}")
        for name, ts in table.items():
            median = statistics.median(ts) / statistics.median(bare)
            best = min(ts) / min(bare)
            print(f"{name:28} {min(ts):7.3f} {statistics.median(ts):9.3f} {median:16.2f}× {best:8.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
