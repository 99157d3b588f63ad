"""Scan, decode and first-rows benchmark on a generated delivery.

    python tests/benchmarks/bench_scan.py [--files 20000] [--repeat 25] [--window]

Builds a delivery of about ``--files`` files (members with product/, qa/ with an unpacked weblog, calibration/,
script/, raw/ ASDMs) in a temporary folder, then times, best of ``--repeat`` runs:

* a bare ``os.scandir`` walk of the same tree (the reference),
* qa2explorer's listing pass (what the window shows first) and the ratio to the bare walk,
* the size pass (stat of every file), decoding every name alone, the member overviews,
* the whole headless load (``qa2explorer summary``),
* with ``--window``: the time from ``open_path`` to the first level of rows in the window (offscreen Qt).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

from qa2explorer.delivery.locate import locate  # noqa: E402
from qa2explorer.delivery.names import decode  # noqa: E402
from qa2explorer.delivery.opening import load  # noqa: E402
from qa2explorer.delivery.overview import summarise  # noqa: E402
from qa2explorer.delivery.scan import measure, scan  # noqa: E402


def make_delivery(root: str, n_files: int) -> list[str]:
    """A project with 4 members; about 60% of the files in unpacked weblogs and ASDMs (as in real trees)."""
    project = os.path.join(root, "2022.1.00001.S", "science_goal.uid___A001_X1_X10", "group.uid___A001_X1_X11")
    members = [os.path.join(project, f"member.uid___A001_X1_X1{i}") for i in range(2, 6)]
    per_member = n_files // len(members)
    names: list[str] = []
    for m_i, member in enumerate(members):
        mous = os.path.basename(member)
        made = 0

        def touch(rel: str, member: str = member) -> None:
            nonlocal made
            path = os.path.join(member, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY))
            names.append(os.path.basename(path))
            made += 1

        i = 0
        while made < per_member * 0.25:
            spw = 17 + 2 * (i % 4)
            for layer in ("pbcor.fits", "pb.fits.gz", "mask.fits.gz"):
                touch(f"product/{mous}.T{i // 12}_sci.spw{spw}.{('cube', 'mfs', 'cont')[i % 3]}.I.{layer}")
            i += 1
        for e in range(4):
            eb = f"uid___A002_X{m_i:x}{e:x}00_X{e + 1:x}"
            touch(f"qa/{eb}.qa0_report.pdf")
            touch(f"calibration/{eb}.ms.calapply.txt")
            touch(f"calibration/{eb}.ms.flagversions.tgz")
            for k in range(int(per_member * 0.04)):
                touch(f"raw/{eb}.asdm.sdm/ASDMBinary/{eb}_{k:05d}")
        touch(f"script/{mous}.scriptForPI.py")
        touch(f"script/{mous}.hifa_calimage.pprequest.xml")
        stage = 0
        while made < per_member:
            for k in range(40):
                touch(f"qa/pipeline-20240101T000000/html/stage{stage}/thumbs/plot_{k}.png")
            touch(f"qa/pipeline-20240101T000000/html/stage{stage}/casapy.log")
            stage += 1
    return names


def bare_walk(path: str) -> int:
    n = 0
    with os.scandir(path) as it:
        for e in it:
            n += 1
            if e.is_dir(follow_symlinks=False):
                n += bare_walk(e.path)
    return n


def best_of(repeat: int, fn) -> tuple[float, float]:
    """(best, median) seconds; each run starts from a collected heap so earlier runs' garbage is not billed."""
    times = []
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)


def window_first_rows(path: str, repeat: int) -> tuple[float, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from qa2explorer.gui.app import make_app
    from qa2explorer.gui.main_window import MainWindow

    make_app()
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(QSettings(os.path.join(tmp, "s.ini"), QSettings.Format.IniFormat))
        window.show()
        for _ in range(repeat):
            t = time.perf_counter()
            window.open_path(path)
            while window.model.rowCount(window.model.index(0, 0)) == 0:
                QApplication.processEvents()
            times.append(time.perf_counter() - t)
            while window.summary is None:
                QApplication.processEvents()
        window.shutdown()
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=25)
    parser.add_argument("--window", action="store_true", help="also time the first rows in the window")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        names = make_delivery(tmp, args.files)
        project = os.path.join(tmp, "2022.1.00001.S")
        loc = locate(project)
        entries = bare_walk(project)
        rows = []
        bare = best_of(args.repeat, lambda: bare_walk(project))
        rows.append(("bare os.scandir walk (reference)", *bare))
        listing = best_of(args.repeat, lambda: scan(project, member_paths=loc.members))
        rows.append(("qa2explorer listing pass", *listing))

        def sizes():
            root, _ = scan(project, member_paths=loc.members)
            gc.collect()
            t = time.perf_counter()
            measure(root)
            return time.perf_counter() - t

        size_times = [sizes() for _ in range(args.repeat)]
        rows.append(("size pass: stat + decode every file", min(size_times), statistics.median(size_times)))
        rows.append(("decode every name alone", *best_of(args.repeat, lambda: [decode(n) for n in names])))
        root, stats = scan(project, member_paths=loc.members)
        measure(root)
        rows.append(("member overviews (4 members)", *best_of(args.repeat, lambda: summarise(root, stats))))
        rows.append(("whole headless load (summary)", *best_of(args.repeat, lambda: load(project))))
        if args.window:
            rows.append(("window: open_path -> first level shown", *window_first_rows(project, args.repeat)))

    print(f"\nDelivery of {len(names):,} files ({entries:,} entries with folders), best / median of {args.repeat}\n")
    print(f"| {'step':<42} | {'best (ms)':>10} | {'median (ms)':>11} |")
    print(f"|{'-' * 44}|{'-' * 12}|{'-' * 13}|")
    for label, best, median in rows:
        print(f"| {label:<42} | {best * 1e3:>10.1f} | {median * 1e3:>11.1f} |")
    print(f"\nlisting pass / bare walk = {listing[0] / bare[0]:.2f} (best), {listing[1] / bare[1]:.2f} (median)")
    print(f"decode: {rows[3][1] / len(names) * 1e6:.1f} µs per name")


if __name__ == "__main__":
    main()
