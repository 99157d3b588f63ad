"""QA scores benchmark: the stage scores of a real-size weblog archive, read without unpacking it.

    python tests/benchmarks/bench_qa_scores.py [--mb 300] [--runs 5] [--keep DIR]

Builds a weblog-like tgz of about ``--mb`` MB (as bench_weblog.py does, with the Home and By Task pages made from
the real weblog rows in tests/data/weblog) in name order, as the pipeline tars it: the pages come after every
stage folder, the worst case for a stream. Then times, best and median of ``--runs``: the first look (the
archive streamed until the pages are read; a fresh user cache each run), a later look (the remembered run), and
for comparison unpacking the whole weblog then reading its pages.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

from qa2explorer.qa.pipeline_run import cached_weblog_run, read_weblog_archive, read_weblog_folder  # noqa: E402
from qa2explorer.qa.safe_extract import extract  # noqa: E402
from tests.benchmarks.bench_weblog import make_weblog  # noqa: E402
from tests.test_qa_pipeline_run import home_page  # noqa: E402
from tests.test_qa_scores import real_rows, task_page  # noqa: E402


def runs(fn, n: int, before=None) -> list[float]:
    times = []
    for _ in range(n):
        if before:
            before()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", metavar="DIR", help="build the archive in DIR (kept, reused), not in a temp folder")
    args = parser.parse_args()
    folder = args.keep or tempfile.mkdtemp(prefix="bench-scores-")
    os.makedirs(folder, exist_ok=True)
    pages = {"t1-1.html": home_page().encode(), "t1-4.html": task_page(real_rows()).encode()}
    try:
        archive = os.path.join(folder, "member.uid___A001_X87d_X497.hifa_calimage.weblog.tgz")
        if not os.path.exists(archive):
            archive, _ = make_weblog(folder, args.mb, pages)
        size = os.path.getsize(archive)
        stages = len(read_weblog_archive(archive).stages)
        cache = os.path.join(folder, "cache")
        os.environ["XDG_CACHE_HOME"] = cache
        rows = [
            ("first look: streamed until the pages (end of the archive)",
             runs(lambda: cached_weblog_run(archive), args.runs, lambda: shutil.rmtree(cache, ignore_errors=True))),
            ("later look: the remembered run", runs(lambda: cached_weblog_run(archive), args.runs)),
        ]  # fmt: skip
        out = os.path.join(folder, "unpacked")
        rows.append(("unpack the whole weblog, then read its pages",
                     runs(lambda: (extract(archive, out), read_weblog_folder(out)), max(1, args.runs // 2),
                          lambda: shutil.rmtree(out, ignore_errors=True))))  # fmt: skip
        shutil.rmtree(out, ignore_errors=True)
        print(f"weblog: {size / 1e6:.0f} MB compressed, {stages} stages; pages stored last (name order)")
        print(f"{'':<60}{'best (ms)':>12}{'median (ms)':>13}")
        for label, times in rows:
            print(f"{label:<60}{min(times) * 1000:>12.1f}{statistics.median(times) * 1000:>13.1f}")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
