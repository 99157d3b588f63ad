"""PDF report benchmark on a 16-page A4 report it writes itself with matplotlib (text, tables, line plots, a page
with a 2000 × 2000 image embedded at full resolution (page 9), a page with a 200 000-point vector scatter
(page 12), like an amp-vs-uvdist plot).

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_pdf.py [--runs 7] [--dir DIR]

Model (qa.pdf, this thread), each run on a freshly opened document unless said: open + page 1 at fit width
(150 dpi), page 1 at 2× zoom (300 dpi, same document), the heavy page at 150 dpi, search across all 16 pages.
Window (a real MainWindow, offscreen, 1300 × 850): from selecting the PDF to page 1 drawn; then a scroll through
all pages, a page step every 40 ms, while a 5 ms timer on the UI thread measures the longest gap between its
ticks (the worst stall a user would feel) until every page passed has been drawn. Best and median over the runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

import numpy as np  # noqa: E402
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from qa2explorer.qa.pdf import PdfFile  # noqa: E402

A4 = (8.27, 11.69)
IMAGE_PAGE, SCATTER_PAGE = 9, 12  # 1-based
CALIBRATOR = "J1924-2914"
PLAN = ["text", "table", "plot", "table", "plot", "text", "plot", "table", "image", "plot", "table", "scatter",
        "plot", "table", "plot", "text"]  # fmt: skip


# ------------------------------------------------------------------------------------------ the report
def write_report(path: str) -> None:
    rng = np.random.default_rng(42)
    with PdfPages(path, metadata={"Title": "QA2 report 2023.1.01234.S"}) as pdf:
        for number, kind in enumerate(PLAN, start=1):
            fig = Figure(figsize=A4)
            if kind == "text":
                lines = [f"ALMA QA2 report, section {number}", "QA2 result: PASS (semi-pass on SPW 25, high Tsys)"]
                lines += [f"  uid___A002_Xf{i:02d}0a  {rng.integers(40, 50)} antennas  bandpass {CALIBRATOR}"
                          for i in range(20)]  # fmt: skip
                lines += [f"  {i + 1:2d}. The phase calibrator J1751+0939 was observed every 7 minutes."
                          for i in range(30)]  # fmt: skip
                fig.text(0.08, 0.95, "\n".join(lines), fontsize=9, va="top", family="monospace")
            elif kind == "table":
                ax = fig.add_axes((0.05, 0.05, 0.9, 0.9))
                ax.axis("off")
                rows = [[f"{17 + 2 * i}", f"{90 + rng.random() * 250:.4f}", f"{60 + rng.random() * 200:.1f}",
                         rng.choice([CALIBRATOR, "J1751+0939", "NGC_253"])] for i in range(40)]  # fmt: skip
                table = ax.table(cellText=rows, colLabels=["SPW", "Freq (GHz)", "Tsys (K)", "Field"], loc="center")
                table.auto_set_font_size(False)
                table.set_fontsize(7)
            elif kind == "plot":
                for i in range(6):
                    ax = fig.add_subplot(3, 2, i + 1)
                    x = np.linspace(0, 10, 2000)
                    for s in range(4):
                        ax.plot(x, np.sin(x * (i + 1) + s) + 0.1 * rng.standard_normal(x.size), lw=0.5)
                    ax.set_title(f"Amp vs time, DA{41 + i}, {CALIBRATOR}", fontsize=7)
            elif kind == "image":
                ax = fig.add_axes((0.1, 0.3, 0.8, 0.5))
                y, x = np.mgrid[-1:1:2000j, -1:1:2000j]
                ax.imshow(np.exp(-(x**2 + y**2) * 8) + 0.3 * rng.standard_normal((2000, 2000)), cmap="inferno",
                          interpolation="none", origin="lower")  # fmt: skip
                ax.set_title("Continuum image NGC_253 (2000 x 2000 pixels)")
            else:
                ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
                uv = rng.random(200_000) * 3000
                ax.plot(uv, 1.0 / (1 + uv / 800) + 0.05 * rng.standard_normal(uv.size), ",")
                ax.set_title("Amp vs uvdist, 200 000 visibilities (vector points)")
            pdf.savefig(fig)


# ------------------------------------------------------------------------------------------ model
def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def model_runs(path: str, runs: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {k: [] for k in ("open", "open + p1 150 dpi", "p1 300 dpi (same document)",
                                                   f"p{SCATTER_PAGE} (200k points) 150 dpi",
                                                   f"p{SCATTER_PAGE} again 300 dpi (page kept)",
                                                   "search 16 pages", "search again (same document)")}  # fmt: skip
    hits: list = []
    for _ in range(runs):
        start = time.perf_counter()
        PdfFile(path).close()
        out["open"].append(time.perf_counter() - start)
        start = time.perf_counter()
        pdf = PdfFile(path)
        pdf.render(0, 150 / 72)
        out["open + p1 150 dpi"].append(time.perf_counter() - start)
        out["p1 300 dpi (same document)"].append(timed(pdf.render, 0, 300 / 72))
        out[f"p{SCATTER_PAGE} (200k points) 150 dpi"].append(timed(pdf.render, SCATTER_PAGE - 1, 150 / 72))
        out[f"p{SCATTER_PAGE} again 300 dpi (page kept)"].append(timed(pdf.render, SCATTER_PAGE - 1, 300 / 72))
        pdf.close()
        pdf = PdfFile(path)
        start = time.perf_counter()
        hits = pdf.search(CALIBRATOR)
        out["search 16 pages"].append(time.perf_counter() - start)
        out["search again (same document)"].append(timed(pdf.search, CALIBRATOR))
        pdf.close()
    print(f"search: {len(hits)} hits of {CALIBRATOR!r} on {len({h.page for h in hits})} pages")
    return out


# ------------------------------------------------------------------------------------------ window
def window_runs(path: str, runs: int, tmp: str) -> dict[str, list[float]]:
    from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from qa2explorer.delivery.scan import Node
    from qa2explorer.gui.app import make_app
    from qa2explorer.gui.main_window import MainWindow
    from qa2explorer.gui.pdf_worker import pdf_worker

    make_app()
    window = MainWindow(QSettings(os.path.join(tmp, "s.ini"), QSettings.Format.IniFormat))
    window.resize(1300, 850)
    window.show()
    out: dict[str, list[float]] = {"select → page 1 drawn": [], "scroll all 16 pages: worst UI stall": [],
                                   "scroll: 5 ms timer's p99 gap": [], "scroll: until all drawn": []}  # fmt: skip
    clock = QElapsedTimer()
    gaps: list[float] = []
    last = [0.0]

    def tick():
        now = clock.nsecsElapsed() / 1e9
        gaps.append(now - last[0])
        last[0] = now

    ticker = QTimer(interval=5)
    ticker.timeout.connect(tick)

    def spin_until(condition, limit=120.0):
        end = time.monotonic() + limit
        while not condition():
            if time.monotonic() > end:
                raise TimeoutError
            QApplication.processEvents()
            time.sleep(0.001)

    for _ in range(runs):
        window.preview.show_welcome()
        spin_until(pdf_worker().idle)
        start = time.perf_counter()
        window.preview.show_node(Node(os.path.basename(path), path, None, False))
        view = window.preview.file_page.preview
        spin_until(lambda view=view: view.pages.image(0) is not None)
        out["select → page 1 drawn"].append(time.perf_counter() - start)
        pages = view.pages
        gaps.clear()
        clock.start()
        last[0] = 0.0
        ticker.start()
        start = time.perf_counter()
        for page in range(1, len(PLAN)):
            pages.go_to_page(page)
            step_end = time.monotonic() + 0.04
            while time.monotonic() < step_end:
                QApplication.processEvents()
                time.sleep(0.001)
        spin_until(lambda pages=pages: all(pages.image(p) is not None for p in pages.visible_pages()))
        spin_until(pdf_worker().idle)
        out["scroll: until all drawn"].append(time.perf_counter() - start)
        ticker.stop()
        out["scroll all 16 pages: worst UI stall"].append(max(gaps))
        out["scroll: 5 ms timer's p99 gap"].append(statistics.quantiles(gaps, n=100, method="inclusive")[98])
    window.preview.show_welcome()
    spin_until(pdf_worker().idle)
    window.shutdown()
    return out


def table(title: str, results: dict[str, list[float]]) -> None:
    print(f"\n{title}\n| measurement | best (ms) | median (ms) |\n|---|---:|---:|")
    for name, values in results.items():
        print(f"| {name} | {min(values) * 1000:.1f} | {statistics.median(values) * 1000:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--dir", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        path = os.path.join(tmp, "member.uid___A001_X3571_X1a2.qa2_report.pdf")
        write_report(path)
        print(f"report: {len(PLAN)} A4 pages, {os.path.getsize(path) / 1e6:.1f} MB; {args.runs} runs")
        table("Model (qa.pdf)", model_runs(path, args.runs))
        table("Window (offscreen, 1300 × 850)", window_runs(path, args.runs, tmp))


if __name__ == "__main__":
    main()
