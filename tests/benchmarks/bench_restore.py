"""Restore overhead: the demo's restorable 7-m member (``demo --with-raw``) restored by running scriptForPI by hand
(``casa -c`` in script/, the options set before it) and through ``qa2explorer restore --yes``, alternately, on
fresh copies; wall time of each, best and median. Needs CASA's Python packages (``pip install '.[casa]'``).

    python tests/benchmarks/bench_restore.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

from qa2explorer.demo import layout  # noqa: E402
from qa2explorer.demo.restorable import site_config  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="qa2bench-restore-")
    try:
        env = dict(os.environ, CASASITECONFIG=site_config(os.path.join(work, "casa")),
                   XDG_CACHE_HOME=os.path.join(work, "cache"))  # fmt: skip
        casa = os.path.join(work, "casa-launcher")
        with open(casa, "w") as f:
            f.write(f'#!/bin/sh\nexec {sys.executable} -m casashell --nologger --nogui --agg "$@"\n')
        os.chmod(casa, 0o755)
        demo = subprocess.run([sys.executable, "-m", "qa2explorer", "demo", os.path.join(work, "demo"), "--with-raw"],
                              capture_output=True, text=True, env=env, check=True)  # fmt: skip
        project = demo.stdout.strip()
        source = os.path.join(project, f"science_goal.{layout.SOUS}", f"group.{layout.GOUS}", f"member.{layout.M7}")
        runner = os.path.join(work, "by_hand.py")
        with open(runner, "w") as f:
            f.write(f"SPACESAVING = 1\nexec(open('member.{layout.M7}.scriptForPI.py').read())\n")
        times: dict[str, list[float]] = {"by hand (casa -c in script/)": [], "qa2explorer restore --yes": []}
        for run in range(args.runs):
            for way in times:
                member = shutil.copytree(source, os.path.join(work, f"run{run}-{len(times[way])}-{way[:2]}"))
                t = time.perf_counter()
                if way.startswith("by hand"):
                    subprocess.run([casa, "-c", runner], cwd=os.path.join(member, "script"), env=env,
                                   capture_output=True, check=True)  # fmt: skip
                else:
                    subprocess.run([sys.executable, "-m", "qa2explorer", "restore", member, "--casa", casa, "--yes"],
                                   env=env, capture_output=True, check=True)  # fmt: skip
                times[way].append(time.perf_counter() - t)
                assert os.path.isdir(os.path.join(member, "calibrated", f"{layout.EBS_7M[0]}.ms.split.cal"))
        hand = times["by hand (casa -c in script/)"]
        best, median = min(hand), statistics.median(hand)
        title = "restore of the 7-m demo member (2 EBs)"
        print(f"| {title:<40} | {'best':>7} | {'median':>7} | ratio (best, median) |")
        print(f"|{'-' * 42}|{'-' * 9}|{'-' * 9}|{'-' * 22}|")
        for way, values in times.items():
            ratios = f"{min(values) / best:.2f}, {statistics.median(values) / median:.2f}"
            print(f"| {way:<40} | {min(values):6.2f}s | {statistics.median(values):6.2f}s | {ratios:>20} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
