"""QA documents of the demo delivery: QA2 and QA0 report PDFs, manual-QA diagnostic PNGs.

Drawn with matplotlib's object API (Figure + Agg/PDF canvases), never pyplot, so no GUI backend is touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

A4 = (8.27, 11.69)


@dataclass
class ReportFacts:
    project: str
    mous: str
    sb_name: str
    pi: str
    array: str
    band: str
    casa: str
    pipeline: str | None
    calibration: str
    imaging: str
    ebs: list[tuple[str, str, str]]  # (uid, date, duration)
    targets: list[str]
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # (item, requested, achieved)
    comments: list[str] = field(default_factory=list)
    restore_command: str = ""


def _text_page(fig: Figure, title: str, blocks: list[tuple[str, list[str]]]) -> None:
    fig.text(0.08, 0.95, title, fontsize=17, weight="bold", va="top")
    fig.text(0.08, 0.925, "Atacama Large Millimeter/submillimeter Array", fontsize=9, color="0.35", va="top")
    y = 0.89
    for heading, lines in blocks:
        fig.text(0.08, y, heading, fontsize=11.5, weight="bold", va="top")
        y -= 0.025
        for line in lines:
            fig.text(0.10, y, line, fontsize=9, va="top", family="monospace" if line.startswith("  ") else None)
            y -= 0.019
        y -= 0.012


def qa2_report(path: str, facts: ReportFacts, image: np.ndarray | None, spectrum: tuple | None) -> None:
    """A two-page QA2 report: summary, instructions, comments; then the science image and spectrum."""
    with PdfPages(path, metadata={"Title": f"QA2 report {facts.mous}", "Author": "ALMA (qa2explorer demo)"}) as pdf:
        fig = Figure(figsize=A4)
        summary = [
            f"Project code:        {facts.project}",
            f"Member OUS:          {facts.mous}",
            f"SB name:             {facts.sb_name}",
            f"PI:                  {facts.pi}",
            f"Array / band:        {facts.array}, {facts.band}",
            f"Calibration:         {facts.calibration}",
            f"Imaging:             {facts.imaging}",
            f"CASA version:        {facts.casa}",
        ]
        if facts.pipeline:
            summary.append(f"Pipeline version:    {facts.pipeline}")
        summary.append("QA2 status:          PASS")
        ebs = [f"{uid}   {date}   {dur}" for uid, date, dur in facts.ebs]
        quality = [f"{item:<28}{req:<22}{ach}" for item, req, ach in facts.rows]
        _text_page(
            fig,
            "QA2 Report",
            [
                ("Summary", summary),
                ("Execution blocks", ebs),
                ("Requested and achieved", [f"{'':<28}{'Requested':<22}Achieved", *quality]),
                ("Comments from the reviewer", facts.comments or ["None."]),
                (
                    "Instructions: restoring the calibrated data",
                    [
                        "Download the raw data (asdm.sdm tarballs) and unpack them next to this delivery.",
                        "Then, in the script/ folder of this member:",
                        "  " + facts.restore_command,
                    ],
                ),
            ],
        )
        pdf.savefig(fig)
        if image is not None:
            fig = Figure(figsize=A4)
            fig.text(0.08, 0.95, "Imaging products", fontsize=15, weight="bold", va="top")
            ax = fig.add_axes((0.12, 0.45, 0.76, 0.45))
            finite = image[np.isfinite(image)]
            vmax = np.percentile(finite, 99.7) if finite.size else 1.0
            im = ax.imshow(image * 1e3, origin="lower", cmap="inferno", vmin=-0.1 * vmax * 1e3, vmax=vmax * 1e3)
            fig.colorbar(im, ax=ax, label="mJy/beam")
            ax.set_title(f"{facts.targets[0]} continuum (pb-corrected)")
            ax.set_xlabel("pixel")
            ax.set_ylabel("pixel")
            if spectrum is not None:
                freq_ghz, flux = spectrum
                ax2 = fig.add_axes((0.12, 0.08, 0.76, 0.27))
                ax2.step(freq_ghz, flux * 1e3, where="mid", color="tab:blue")
                ax2.set_xlabel("Frequency LSRK (GHz)")
                ax2.set_ylabel("mJy/beam")
                ax2.set_title("Spectrum at the image peak, spw with the line")
            pdf.savefig(fig)


def qa0_report(path: str, eb: str, date: str, duration: str, antennas: list[str], pwv_mm: float, seed: int) -> None:
    rng = np.random.default_rng(seed)
    with PdfPages(path, metadata={"Title": f"QA0 report {eb}", "Author": "ALMA (qa2explorer demo)"}) as pdf:
        fig = Figure(figsize=A4)
        _text_page(
            fig,
            "QA0 Report",
            [
                (
                    "Execution block",
                    [
                        f"UID:             {eb}",
                        f"Start:           {date}",
                        f"Duration:        {duration}",
                        f"Antennas:        {len(antennas)} ({', '.join(antennas[:6])}, …)",
                        f"Median PWV:      {pwv_mm:.2f} mm",
                        "QA0 status:      Pass",
                    ],
                ),
            ],
        )
        t = np.linspace(0, 60, 120)
        ax = fig.add_axes((0.12, 0.40, 0.78, 0.22))
        ax.plot(t, pwv_mm + 0.05 * np.cumsum(rng.standard_normal(t.size)) / 10, color="tab:blue")
        ax.set_xlabel("Minutes since start")
        ax.set_ylabel("PWV (mm)")
        ax.set_title("Precipitable water vapour")
        ax = fig.add_axes((0.12, 0.08, 0.78, 0.22))
        freq = np.linspace(229.0, 231.0, 128)
        for ant in antennas[:5]:
            ax.plot(freq, 80 + 8 * rng.random() + 4 * np.exp(-0.5 * ((freq - 229.3) / 0.08) ** 2), lw=0.8, label=ant)
        ax.set_xlabel("Frequency (GHz)")
        ax.set_ylabel("Tsys (K)")
        ax.set_title("System temperature, spw 16")
        ax.legend(fontsize=7, ncol=5)
        pdf.savefig(fig)


def manual_qa_png(path: str, eb: str, part: int, antennas: list[str], seed: int) -> None:
    """One of the per-EB manual QA2 plot pages (part 1: schedule and array, 2: Tsys and bandpass,
    3: calibrated visibilities and a test image)."""
    rng = np.random.default_rng(seed)
    fig = Figure(figsize=(11, 8), dpi=90)
    fig.suptitle(f"{eb} — QA2 diagnostics, part {part}", fontsize=13)
    axes = fig.subplots(2, 2)
    if part == 1:
        t = np.linspace(0, 70, 400)
        intents = ["BANDPASS", "FLUX", "PHASE", "TARGET"]
        seq = np.where(t < 8, 0, np.where(t < 12, 1, np.where((t // 5) % 2 == 0, 2, 3)))
        axes[0, 0].scatter(t, seq, s=3, c=seq, cmap="tab10")
        axes[0, 0].set_yticks(range(4), intents)
        axes[0, 0].set_xlabel("Minutes")
        axes[0, 0].set_title("Observing schedule")
        x, y = rng.normal(0, 20, len(antennas)), rng.normal(0, 20, len(antennas))
        axes[0, 1].scatter(x, y, marker="^")
        for ant, xi, yi in zip(antennas, x, y, strict=True):
            axes[0, 1].annotate(ant, (xi, yi), fontsize=7)
        axes[0, 1].set_title("Antenna configuration (m)")
        axes[1, 0].plot(t, 15 * np.sin(t / 9) + rng.normal(0, 3, t.size), ".", ms=2)
        axes[1, 0].set_title("WVR-corrected phase (deg)")
        axes[1, 1].hist(rng.normal(0.7, 0.15, 200), bins=20)
        axes[1, 1].set_title("WVR improvement ratio")
    elif part == 2:
        freq = np.linspace(229.0, 231.0, 256)
        for ant in antennas[:6]:
            tsys = 75 + 10 * rng.random() + 5 * np.exp(-0.5 * ((freq - 229.3) / 0.05) ** 2)
            axes[0, 0].plot(freq, tsys, lw=0.7, label=ant)
        axes[0, 0].legend(fontsize=6, ncol=3)
        axes[0, 0].set_title("Tsys (K) vs frequency (GHz)")
        shape = 1 - 0.15 * ((freq - 230) / 1.0) ** 4
        for _ in range(6):
            axes[0, 1].plot(freq, shape + rng.normal(0, 0.01, freq.size), lw=0.6)
        axes[0, 1].set_title("Bandpass amplitude")
        axes[1, 0].plot(freq, np.cumsum(rng.normal(0, 0.4, freq.size)), lw=0.7)
        axes[1, 0].set_title("Bandpass phase (deg)")
        t = np.linspace(0, 70, 60)
        for _ in range(6):
            axes[1, 1].plot(t, 30 * np.sin(t / 15 + rng.random() * 6), ".-", ms=3, lw=0.5)
        axes[1, 1].set_title("Gain phase vs time (deg)")
    else:
        uv = rng.uniform(5, 45, 600)
        axes[0, 0].plot(uv, 0.35 + rng.normal(0, 0.02, uv.size), ".", ms=2)
        axes[0, 0].set_title("Phase calibrator amplitude vs uv distance (m)")
        axes[0, 1].plot(uv, 0.04 * np.exp(-((uv / 20) ** 2)) + rng.normal(0, 0.005, uv.size), ".", ms=2)
        axes[0, 1].set_title("Target amplitude vs uv distance (m)")
        yy, xx = np.mgrid[-40:40, -40:40]
        img = np.exp(-(xx**2 / 90 + yy**2 / 40)) + rng.normal(0, 0.05, xx.shape)
        axes[1, 0].imshow(img, origin="lower", cmap="viridis")
        axes[1, 0].set_title("Test image of the target")
        axes[1, 1].imshow(np.exp(-(xx**2 / 30 + yy**2 / 14)), origin="lower", cmap="gray")
        axes[1, 1].set_title("Synthesized beam (PSF)")
    fig.tight_layout()
    fig.savefig(path)


def small_plot_png(path: str, title: str, seed: int) -> None:
    """A thumbnail-sized diagnostic plot (weblog pages)."""
    rng = np.random.default_rng(seed)
    fig = Figure(figsize=(4, 3), dpi=80)
    ax = fig.add_subplot()
    x = np.linspace(0, 1, 100)
    ax.plot(x, np.cumsum(rng.normal(0, 1, x.size)))
    ax.set_title(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(path)
