"""Manual-QA gallery benchmark: thumbnails of an EB's plots (not cached, then cached) and one plot decoded for
the large view, on PNGs written here with matplotlib at a real QA2 plot's size.

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_manual_qa.py [--plots 15] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from qa2explorer.gui.app import make_app  # noqa: E402
from qa2explorer.gui.previews import manual_qa_gallery as gallery  # noqa: E402
from qa2explorer.gui.previews.picture import load_picture  # noqa: E402


def write_plots(folder: str, count: int) -> list[str]:
    """``count`` four-panel plots of 1600×1200 px (about 140 kB each)."""
    rng = np.random.default_rng(1)
    paths = []
    for part in range(1, count + 1):
        path = os.path.join(folder, f"uid___A002_X1_X2__qa2_part{part}.png")
        fig = plt.figure(figsize=(16, 12), dpi=100)
        for k in range(4):
            fig.add_subplot(2, 2, k + 1).plot(rng.normal(size=3000), ".", ms=2)
        fig.savefig(path)
        plt.close(fig)
        paths.append(path)
    return paths


def timed(fn, runs: int, before=lambda: None) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plots", type=int, default=15)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    make_app()
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_plots(tmp, args.plots)
        kb = os.path.getsize(paths[0]) / 1024

        def all_thumbnails():
            for path in paths:
                gallery.thumbnail(path)

        cold = timed(all_thumbnails, args.runs, gallery._cache.clear)
        warm = timed(all_thumbnails, args.runs)
        large = timed(lambda: load_picture(paths[0]), args.runs)
    print(f"{args.plots} plots of 1600x1200 px, {kb:.0f} kB each; {args.runs} runs, best / median")
    print(f"thumbnails, not cached: {cold[0]:.3f} s / {cold[1]:.3f} s")
    print(f"thumbnails, cached:     {warm[0] * 1e3:.2f} ms / {warm[1] * 1e3:.2f} ms")
    print(f"one plot decoded:       {large[0] * 1e3:.0f} ms / {large[1] * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
