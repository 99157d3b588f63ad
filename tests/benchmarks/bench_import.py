"""Import benchmark: ``qa2explorer import`` (reading the plan, then merging into one tree) against ``tar xf`` of
the same downloaded tarballs.

    python tests/benchmarks/bench_import.py [--mb 2000] [--runs 5] [--keep DIR]

Builds a member's download of about ``--mb`` MB in a temporary folder — a product tarball of FITS-sized files
(50 MB) and small script/qa files, an auxiliary tarball of many small calibration files, a README tarball and
an ASDM tarball of BDF-sized binaries (20 MB) and XML tables — as plain tar (as the archive hands them out),
then unpacks them ``--runs`` times each with ``inspect`` + ``unpack`` and with ``tar xf`` of each tarball into a
fresh folder (disk buffers flushed before each run, not timed), and prints best and median seconds, MB/s and the
ratio of throughputs (target: ≥ 0.8).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

from qa2explorer.download.contents import inspect  # noqa: E402
from qa2explorer.download.unpack import unpack  # noqa: E402
from tests.benchmarks.bench_weblog import print_comparison, timed  # noqa: E402

PROJECT = "2019.1.01234.S"
MOUS = "uid___A001_X1465_X1b48"
EB = "uid___A002_Xe1d2cb_X1234"
MEMBER = f"{PROJECT}/science_goal.uid___A001_X1465_X1b46/group.uid___A001_X1465_X1b47/member.{MOUS}"


def make_set(folder: str, mb: int) -> int:
    """The tarballs in ``folder``; returns the bytes they hold."""
    tree = os.path.join(folder, "tree")
    block = os.urandom(1 << 20)
    total = 0

    def write(rel: str, size: int) -> str:
        nonlocal total
        path = os.path.join(tree, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            for start in range(0, size, len(block)):
                f.write(block[: min(len(block), size - start)])
        total += size
        return rel

    product = [write(f"{MEMBER}/script/script{i}.py", 20_000) for i in range(5)]
    product += [write(f"{MEMBER}/qa/plot{i}.png", 200_000) for i in range(20)]
    aux = [write(f"{MEMBER}/calibration/{EB}.ms.cal{i}.txt", 30_000) for i in range(300)]
    readme = [write(f"{MEMBER}/README", 5_000)]
    asdm = [write(f"{MEMBER}/raw/{EB}.asdm.sdm/{n}.xml", 100_000) for n in ("ASDM", "Main", "Antenna", "Scan")]
    budget = mb * 1_000_000 - total
    for i in range(max(1, budget // 2 // 50_000_000)):
        product.append(write(f"{MEMBER}/product/member.{MOUS}.src{i}.spw25.cube.I.pbcor.fits", 50_000_000))
    for i in range(max(1, budget // 2 // 20_000_000)):
        asdm.append(write(f"{MEMBER}/raw/{EB}.asdm.sdm/ASDMBinary/uid___A002_Xe1d2cb_X{i:x}", 20_000_000))
    for name, rels in ((f"{PROJECT}_{MOUS}_001_of_001.tar", product), (f"{PROJECT}_{MOUS}_auxiliary.tar", aux),
                       (f"member_{MOUS}_README.txt.tar", readme), (f"{PROJECT}_{EB}.asdm.sdm.tar", asdm)):  # fmt: skip
        with tarfile.open(os.path.join(folder, name), "w", format=tarfile.GNU_FORMAT) as tar:
            for rel in rels:
                tar.add(os.path.join(tree, rel), rel)
    shutil.rmtree(tree)
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=2000, help="bytes the tarballs hold (MB)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", metavar="DIR", help="build the tarballs in DIR (kept) instead of a temporary folder")
    args = parser.parse_args()
    folder = args.keep or tempfile.mkdtemp(prefix="bench-import-")
    downloads = os.path.join(folder, "downloads")
    os.makedirs(downloads, exist_ok=True)
    try:
        if not os.listdir(downloads):
            t = time.perf_counter()
            make_set(downloads, args.mb)
            print(f"built in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        archives = sorted(os.path.join(downloads, n) for n in os.listdir(downloads))
        out = os.path.join(folder, "out")
        times: dict[str, list[float]] = {"qa2explorer import": [], "tar xf": []}
        for _ in range(args.runs):
            shutil.rmtree(out, ignore_errors=True)
            times["qa2explorer import"].append(timed(lambda: unpack(inspect([downloads]), out)))
            shutil.rmtree(out)
            os.makedirs(out)
            times["tar xf"].append(timed(lambda: [subprocess.run(["tar", "xf", a, "-C", out], check=True)
                                                  for a in archives]))  # fmt: skip
        expanded = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(out) for f in fs)
        shutil.rmtree(out, ignore_errors=True)
        print(f"{len(archives)} tarballs, {expanded / 1e6:.0f} MB; {args.runs} runs each; "
              f"load before: {os.getloadavg()[0]:.2f}")  # fmt: skip
        print_comparison(times, expanded, "qa2explorer import", "tar xf")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
