"""casa_commands.log view benchmark: a log made by repeating the corpus's real excerpt (tests/data/corpus/
helperfiles) to a given size, parsed as the preview's job does, then shown as the preview shows it on the UI
thread (offscreen Qt), against the plain text view of the same text.

    QT_QPA_PLATFORM=offscreen python -m tests.benchmarks.bench_helper_views [--repeats 180 800] [--runs 5]

Prints per size the best and median of ``--runs`` runs of: the parse (job), the view's show (UI thread), the
plain text view's show (UI thread).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402

from qa2explorer.gui.app import make_app  # noqa: E402
from qa2explorer.gui.main_window import MainWindow  # noqa: E402
from qa2explorer.gui.previews.commands_log_view import CommandsLogPreview  # noqa: E402
from qa2explorer.gui.previews.text import TextPreview  # noqa: E402
from qa2explorer.qa.commands_log import logged_stages  # noqa: E402

HELPERS = Path(__file__).resolve().parents[1] / "data" / "corpus" / "helperfiles"
LOG = HELPERS / "astropenguin_2016.1.00023.S.casa_commands.log"


def timed(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, nargs="+", default=[180, 800])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    make_app()
    text = LOG.read_text(encoding="utf-8")
    body = text.split("\n", 2)[2]
    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(QSettings(os.path.join(tmp, "s.ini"), QSettings.Format.IniFormat))
        view, plain = CommandsLogPreview(window.preview.context), TextPreview(window.preview.context)
        for n in args.repeats:
            big = text + "\n".join([body] * n)
            stages = logged_stages(big)
            parse = timed(lambda big=big: logged_stages(big), args.runs)
            show = timed(lambda big=big, st=stages: (view.clear(), view._show((big, "", st), "casa_commands_log",
                                                                              "log")), args.runs)  # fmt: skip
            text_only = timed(lambda big=big: plain.viewer.show_text(big, "casa_commands_log", "log"), args.runs)
            print(f"{len(big) / 1e6:.2f} MB, {len(stages)} stages: parse {parse[0]:.3f}/{parse[1]:.3f} s, "
                  f"view {show[0]:.3f}/{show[1]:.3f} s, plain text {text_only[0]:.3f}/{text_only[1]:.3f} s "
                  "(best/median)")  # fmt: skip
        window.shutdown()


if __name__ == "__main__":
    main()
