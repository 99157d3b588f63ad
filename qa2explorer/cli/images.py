"""``render``, ``stats`` and ``spectrum``: an image product as the viewer shows and measures it."""

from __future__ import annotations

import argparse
import json

from ..words import plural
from .output import fail, out, run_job, say


def _image_job(fn):
    """Run ``fn(report)`` as a job with progress on a terminal; (exit status, result)."""
    return run_job(lambda _token, report: fn(report))


def cmd_render(args: argparse.Namespace) -> int:
    from ..imaging.render import RenderSettings, render_png

    settings = RenderSettings(channel=args.channel, stokes=args.stokes, stretch=args.stretch,
                              levels=args.clip, cmap=args.cmap)  # fmt: skip
    code, out = _image_job(lambda report: render_png(args.file, args.out, settings, report))
    if code == 0:
        say(out)
    return code


def cmd_stats(args: argparse.Namespace) -> int:
    from ..imaging.stats import image_stats

    code, stats = _image_job(lambda report: image_stats(args.file, args.pb, args.mask, args.channel, args.stokes,
                                                        report=report))  # fmt: skip
    if code:
        return code
    if args.json:
        out(json.dumps(stats.to_dict(), ensure_ascii=False))
        return 0
    unit = stats.unit
    where = "pb annulus 0.2–0.3 of the flat-noise image" if stats.method == "pb_annulus" else "whole image"
    rows = [
        ("rms", f"{stats.rms:.4g} {unit}  ({where}, {plural(stats.npix, 'pixel')})"),
        ("peak", f"{stats.peak:.4g} {unit} at pixel {stats.peak_pixel[0]}, {stats.peak_pixel[1]}"),
        ("peak / rms", f"{stats.peak_snr:.1f}" if stats.peak_snr else "–"),
        ("beam", stats.beam.text() if stats.beam else "none in the header"),
        ("channel", str(stats.channel)),
        ("pb", stats.pb or "none found"),
        ("mask", stats.mask or "none found"),
    ]  # fmt: skip
    for label, value in rows:
        say(f"{label:<12}{value}")
    for note in stats.notes:
        say(f"note: {note}")
    return 0


def cmd_spectrum(args: argparse.Namespace) -> int:
    from ..imaging.spectra import spectrum_at

    pixel = tuple(args.pixel) if args.pixel else None
    world = _world(args.world) if args.world else None
    if args.world and world is None:
        return fail(f"cannot read the sky position {' '.join(args.world)!r} (e.g. 11:20:15.0 +12:59:30, or degrees)")
    code, spectrum = _image_job(lambda report: spectrum_at(args.file, pixel, world, args.box, args.stokes,
                                                           args.restfreq, args.redshift, report))  # fmt: skip
    if code:
        return code
    if args.json:
        out(json.dumps(spectrum.to_dict()))
        return 0
    out("channel,frequency_hz,velocity_kms,value")
    for row in spectrum.rows():
        out(
            ",".join(
                "" if row[k] is None else repr(row[k]) for k in ("channel", "frequency_hz", "velocity_kms", "value")
            )
        )
    return 0


def _clip(text: str) -> str:
    """--clip: a percentage in (0, 100], minmax or zscale (argparse says what is wrong, in one line)."""
    from ..imaging.levels import clip_percent

    if text in ("minmax", "zscale"):
        return text
    try:
        clip_percent(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _odd_box(text: str) -> int:
    from ..imaging.spectra import box_problem

    try:
        box = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: an odd number of pixels, at least 1 (1, 3, 5…)") from None
    if problem := box_problem(box):
        raise argparse.ArgumentTypeError(problem)
    return box


def _world(text: list[str]) -> tuple[float, float] | None:
    from astropy import units as u
    from astropy.coordinates import Angle

    ra, dec = text
    try:
        ra_deg = float(ra) if _is_number(ra) else Angle(ra, unit=u.hourangle).deg
        dec_deg = float(dec) if _is_number(dec) else Angle(dec, unit=u.deg).deg
    except ValueError:
        return None
    return float(ra_deg), float(dec_deg)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def add(sub) -> None:
    p = sub.add_parser(
        "render",
        help="write a PNG of an image plane with WCS axes, beam and colour bar",
        description="Draw one plane of a FITS image (or .fits.gz) as the viewer shows it, with sky axes, the "
        "beam and a colour bar, into a PNG.",
    )
    p.add_argument("file", metavar="FILE", help="a FITS image or cube (.fits or .fits.gz)")
    p.add_argument("--out", required=True, metavar="PNG", help="the PNG file to write")
    p.add_argument("--channel", type=int, default=0, metavar="N", help="the channel of a cube (default 0)")
    p.add_argument("--stokes", type=int, default=0, metavar="S", help="Stokes plane index (0 = first, e.g. I)")
    p.add_argument("--stretch", default="linear", choices=["linear", "sqrt", "log", "asinh", "power"],
                   help="how values between the levels are spread (default linear)")  # fmt: skip
    p.add_argument(
        "--clip",
        default="99.5",
        metavar="P",
        type=_clip,
        help="levels: a clip percentage (100, 99.5, 99, 98, 95), minmax or zscale (default 99.5)",
    )
    p.add_argument("--cmap", default="inferno", metavar="NAME", help="a matplotlib colour map; NAME_r reverses it")
    p.set_defaults(func=cmd_render)

    p = sub.add_parser(
        "stats",
        help="noise (pipeline-style rms), peak and beam of an image",
        description="The robust rms (1.4826 × MAD) of the flat-noise image (pbcor × pb) in the annulus "
        "0.2 < pb < 0.3 outside the clean mask, as the ALMA pipeline measures it (method pb_annulus); without a "
        "pb, of the whole image (mad_all). The pb and mask beside the file are found by name when not given.",
    )
    p.add_argument("file", metavar="PBCOR", help="a pb-corrected image or cube (.fits or .fits.gz)")
    p.add_argument("--pb", metavar="PB", help="its primary beam (default: found beside it)")
    p.add_argument("--mask", metavar="MASK", help="its clean mask (default: found beside it)")
    p.add_argument("--channel", type=int, metavar="N", help="the channel of a cube (default: the middle one; the "
                   "beam reported is then the median of a per-plane beam table)")  # fmt: skip
    p.add_argument("--stokes", type=int, default=0, metavar="S", help="Stokes plane index (default 0)")
    p.add_argument("--json", action="store_true", help="one JSON object (keys rms, peak, peak_snr, beam, unit, "
                   "method, npix…)")  # fmt: skip
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser(
        "spectrum",
        help="the spectrum of a cube at a pixel or sky position",
        description="Read one value per channel at a position (or the mean of a box around it) without reading "
        "the cube; print CSV (channel, frequency_hz, velocity_kms, value) or JSON.",
    )
    p.add_argument("file", metavar="CUBE", help="a FITS cube (.fits or .fits.gz)")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--pixel", nargs=2, type=int, metavar=("X", "Y"), help="0-based pixel (x along RA)")
    where.add_argument("--world", nargs=2, metavar=("RA", "DEC"),
                       help="sky position: sexagesimal (11:20:15.0 +12:59:30) or degrees")  # fmt: skip
    p.add_argument("--box", type=_odd_box, default=1, metavar="N", help="average an N × N box, N odd (default 1)")
    p.add_argument("--stokes", type=int, default=0, metavar="S", help="Stokes plane index (default 0)")
    p.add_argument("--restfreq", type=float, metavar="HZ", help="rest frequency for velocities (default RESTFRQ)")
    p.add_argument("--redshift", type=float, metavar="Z", help="the line's redshift: velocities relative to it")
    form = p.add_mutually_exclusive_group()
    form.add_argument("--csv", action="store_true", help="comma-separated values with a header line (default)")
    form.add_argument("--json", action="store_true", help="one JSON object with the channels")
    p.set_defaults(func=cmd_spectrum)
