"""Weblog extraction benchmark: qa2explorer's safe extraction against ``tar xzf``.

    python tests/benchmarks/bench_weblog.py [--mb 300] [--runs 3] [--keep DIR]

Builds a weblog-like tgz of about ``--mb`` MB expanded in a temporary folder (``pipeline-<stamp>/html/`` with
stage folders of PNG plots written as real PNGs of plot-like images — deflate-compressed, so gzip gains little
on them, as in a real weblog — html pages with tables, CASA log excerpts and text files), then unpacks it
``--runs`` times each with ``qa2explorer.qa.safe_extract.extract`` and with ``tar xzf`` into fresh folders
(disk buffers flushed before each run, not timed) and prints best and median seconds, MB/s of expanded data,
and the ratio of throughputs (target: ≥ 0.8).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import struct
import subprocess
import sys
import tarfile
import tempfile
import time
import zlib

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

from qa2explorer.qa.safe_extract import extract  # noqa: E402

WORDS = ["hifa_flagdata", "hifa_bandpass", "hif_applycal", "spw", "flux", "calibrator", "phase", "amplitude", "scan",
         "field", "antenna", "DA41", "DV12", "PM03", "median", "rms", "beam", "channel", "tsys", "WVR",
         "uid___A002_Xc27dd7_X2fc3", "J1058+0133", "NGC1068"]  # fmt: skip


def png(width: int, height: int, rng: np.random.Generator) -> bytes:
    """A real PNG of a plot-like picture: white ground, a few noisy curves, a noisy strip (like a plotms scatter)."""
    img = np.full((height, width, 3), 255, np.uint8)
    x = np.arange(width)
    for _ in range(4):
        y = (height / 2 + np.cumsum(rng.normal(0, 2, width))).astype(int).clip(0, height - 1)
        img[y, x] = rng.integers(0, 200, 3, dtype=np.uint8)
    top = int(rng.integers(0, height // 2))
    img[top : top + height // 6] = rng.integers(120, 255, (height // 6, width, 3), dtype=np.uint8)
    raw = b"".join(b"\x00" + row.tobytes() for row in img)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")


def text(kind: str, size: int, rnd: random.Random) -> bytes:
    rows = []
    n = 0
    while n < size:
        w = rnd.choices(WORDS, k=4)
        if kind == "html":
            row = f"<tr><td>{w[0]}</td><td>{w[1]}</td><td>{rnd.random():.4f}</td><td>{w[2]} {w[3]}</td></tr>\n"
        else:
            stamp = f"2018-03-09 23:{rnd.randrange(60):02d}:{rnd.randrange(60):02d}"
            row = f"{stamp}\tINFO\t{w[0]}::::\t{w[1]} {w[2]} {rnd.random():.6g}\n"
        rows.append(row)
        n += len(row)
    return "".join(rows).encode()


def make_weblog(folder: str, mb: int, pages: dict[str, bytes] | None = None) -> tuple[str, int]:
    """Write the tree under ``folder``/tree and tar it; returns (archive, expanded bytes). ``pages`` replace the
    filler index.html / t1-1.html / t1-4.html (and may add pages); the archive is tarred in name order, as the
    pipeline's Python tarfile writes it, so the top pages come after every stage folder."""
    rng, rnd = np.random.default_rng(1), random.Random(1)
    html = os.path.join(folder, "tree", "pipeline-20180309T230546", "html")
    os.makedirs(os.path.join(html, "resources", "css"))
    written = 0
    stage = 0
    while written < mb * 1_000_000:
        stage += 1
        sdir = os.path.join(html, f"stage{stage}")
        os.makedirs(os.path.join(sdir, "thumbs"))
        files = {"t2-4m_details.html": text("html", 40_000, rnd), "casapy.log": text("log", 120_000, rnd)}
        for i in range(12):
            files[f"uid___A002_Xc27dd7_X2fc3.ms-spw{17 + 2 * (i % 4)}-plot{i}.png"] = png(900, 650, rng)
            files[f"thumbs/uid___A002_Xc27dd7_X2fc3.ms-spw{17 + 2 * (i % 4)}-plot{i}.png"] = png(250, 180, rng)
            files[f"plot{i}-summary.html"] = text("html", 8_000, rnd)
        for name, data in files.items():
            with open(os.path.join(sdir, name), "wb") as f:
                f.write(data)
            written += len(data)
    for name in ("index.html", "t1-1.html", "t1-4.html"):
        with open(os.path.join(html, name), "wb") as f:
            f.write(text("html", 20_000, rnd))
    for name, data in (pages or {}).items():
        with open(os.path.join(html, name), "wb") as f:
            f.write(data)
    archive = os.path.join(folder, "member.uid___A001_X87d_X497.hifa_calimage.weblog.tgz")
    subprocess.run(["tar", "czf", archive, "--sort=name", "-C", os.path.join(folder, "tree"), "."], check=True)
    shutil.rmtree(os.path.join(folder, "tree"))
    return archive, written


def print_comparison(times: dict[str, list[float]], expanded: int, ours: str, tar: str) -> None:
    """The table of best and median seconds and MB/s, and the throughput ratio of ``tar`` time to ``ours``."""
    print(f"{'':22} {'best s':>8} {'median s':>9} {'MB/s (best)':>12}")
    for name, ts in times.items():
        print(f"{name:22} {min(ts):8.2f} {statistics.median(ts):9.2f} {expanded / 1e6 / min(ts):12.0f}")
    a, b = times[ours], times[tar]
    print(f"throughput ratio (tar time / ours): best {min(b) / min(a):.2f}, "
          f"median {statistics.median(b) / statistics.median(a):.2f} (target ≥ 0.8)")  # fmt: skip


def timed(fn) -> float:
    os.sync()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=300, help="expanded size of the weblog (MB)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", metavar="DIR", help="build the archive in DIR (kept) instead of a temporary folder")
    args = parser.parse_args()
    folder = args.keep or tempfile.mkdtemp(prefix="bench-weblog-")
    os.makedirs(folder, exist_ok=True)
    try:
        archive = next((os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".tgz")), None)
        if archive is None:
            t = time.perf_counter()
            archive, _ = make_weblog(folder, args.mb)
            print(f"built in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        out = os.path.join(folder, "out")
        expanded = 0
        times: dict[str, list[float]] = {"qa2explorer extract": [], "tar xzf": []}
        for _ in range(args.runs):
            shutil.rmtree(out, ignore_errors=True)
            times["qa2explorer extract"].append(timed(lambda: extract(archive, out)))
            expanded = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(out) for f in fs)
            shutil.rmtree(out)
            os.makedirs(out)
            times["tar xzf"].append(timed(lambda: subprocess.run(["tar", "xzf", archive, "-C", out], check=True)))
        shutil.rmtree(out, ignore_errors=True)
        with tarfile.open(archive) as tar:
            n = len(tar.getmembers())
        print(f"archive: {os.path.getsize(archive) / 1e6:.0f} MB compressed, {expanded / 1e6:.0f} MB expanded, "
              f"{n:,} entries; {args.runs} runs each; load before: {os.getloadavg()[0]:.2f}")  # fmt: skip
        print_comparison(times, expanded, "qa2explorer extract", "tar xzf")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
