"""Headless commands: ``decode``, ``summary``, ``demo``. No Qt here (enforced by an import-linter contract)."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import warnings
from collections.abc import Sequence

from . import __version__, jobs
from .delivery.describe import describe
from .delivery.names import decode, readable
from .delivery.opening import Opened, open_delivery
from .present.labels import field_rows
from .present.member import delivery_page, member_page
from .present.text import page_lines
from .words import human_size, plural


def _out(text: str) -> None:
    """Write to stdout whatever the text holds: names that are not UTF-8 come back as ``\\udcxx`` escapes
    (which is also the JSON escape of such a character)."""
    sys.stdout.buffer.write(text.encode("utf-8", "backslashreplace") + b"\n")


def _say(text: str) -> None:
    """A line for people: bytes of names that are not UTF-8 show as U+FFFD, control characters escaped."""
    _out(readable(text).translate(_CONTROLS))


_CONTROLS = {c: f"\\x{c:02x}" for c in range(32) if c != 9}


def _fail(message: str) -> int:
    print(f"qa2explorer: {message}", file=sys.stderr)
    return 2


def cmd_decode(args: argparse.Namespace) -> int:
    for name in args.names:
        d = decode(name)
        if args.json:
            _out(json.dumps(d.to_dict(), ensure_ascii=False))
            continue
        _say(name if name else "(empty name)")
        _say("  " + describe(d))
        for label, value in field_rows(d):
            _say(f"  {label:<18}{value}")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    final = jobs.run(open_delivery(args.path), jobs.TerminalProgress(sys.stderr))
    if final.kind != jobs.RESULT:
        return _fail(final.message)
    opened: Opened = final.data
    summary = opened.summary
    if args.json:
        _out(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False))
        return 0
    for line in page_lines(delivery_page(summary)):
        _say(line)
    for member in summary.members:
        _out("")
        for line in page_lines(member_page(member)):
            _say(line)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import write_demo  # numpy/astropy/matplotlib only when needed

    dest = os.path.abspath(args.dir)
    if sys.stderr.isatty():
        more = " and simulating its 7-m member's raw data with CASA (about 30 s)" if args.with_raw else " (about 10 s)"
        print(f"Writing the demo delivery into {dest}{more}…", file=sys.stderr)
    try:
        project = write_demo(dest)
        if args.with_raw:
            from .demo.restorable import make_restorable

            make_restorable(project)
    except (OSError, RuntimeError) as exc:
        return _fail(f"cannot write the demo delivery: {exc}")
    _out(project)
    return 0


def _image_job(fn):
    """Run ``fn(report)`` as a job with progress on a terminal; (exit status, result)."""
    final = jobs.run(lambda _token, report: fn(report), jobs.TerminalProgress(sys.stderr))
    if final.kind != jobs.RESULT:
        return _fail(final.message), None
    return 0, final.data


def cmd_render(args: argparse.Namespace) -> int:
    from .imaging.render import RenderSettings, render_png

    settings = RenderSettings(channel=args.channel, stokes=args.stokes, stretch=args.stretch,
                              levels=args.clip, cmap=args.cmap)  # fmt: skip
    code, out = _image_job(lambda report: render_png(args.file, args.out, settings, report))
    if code == 0:
        _say(out)
    return code


def cmd_stats(args: argparse.Namespace) -> int:
    from .imaging.stats import image_stats

    code, stats = _image_job(lambda report: image_stats(args.file, args.pb, args.mask, args.channel, args.stokes,
                                                        report=report))  # fmt: skip
    if code:
        return code
    if args.json:
        _out(json.dumps(stats.to_dict(), ensure_ascii=False))
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
        _say(f"{label:<12}{value}")
    for note in stats.notes:
        _say(f"note: {note}")
    return 0


def cmd_spectrum(args: argparse.Namespace) -> int:
    from .imaging.spectra import spectrum_at

    pixel = tuple(args.pixel) if args.pixel else None
    world = _world(args.world) if args.world else None
    if args.world and world is None:
        return _fail(f"cannot read the sky position {' '.join(args.world)!r} (e.g. 11:20:15.0 +12:59:30, or degrees)")
    code, spectrum = _image_job(lambda report: spectrum_at(args.file, pixel, world, args.box, args.stokes,
                                                           args.restfreq, args.redshift, report))  # fmt: skip
    if code:
        return code
    if args.json:
        _out(json.dumps(spectrum.to_dict()))
        return 0
    _out("channel,frequency_hz,velocity_kms,value")
    for row in spectrum.rows():
        _out(
            ",".join(
                "" if row[k] is None else repr(row[k]) for k in ("channel", "frequency_hz", "velocity_kms", "value")
            )
        )
    return 0


def _clip(text: str) -> str:
    """--clip: a percentage in (0, 100], minmax or zscale (argparse says what is wrong, in one line)."""
    from .imaging.levels import clip_percent

    if text in ("minmax", "zscale"):
        return text
    try:
        clip_percent(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _odd_box(text: str) -> int:
    from .imaging.spectra import box_problem

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qa2explorer",
        description="Explore ALMA QA2 deliveries. Without a command, opens the desktop app "
        "(qa2explorer [PATH] [--demo]).",
    )
    parser.add_argument("--version", action="version", version=f"qa2explorer {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser(
        "decode",
        help="decode delivery file names into their fields",
        description="Say what delivery files are from their names alone: target, intent, spectral windows, "
        "image type, self-calibration, Stokes, Taylor term, pb/pbcor/mask, EB… Never fails: what cannot be "
        "placed is listed as not recognised.",
    )
    p.add_argument("names", nargs="+", metavar="NAME", help="file names or paths (only the last part is decoded)")
    p.add_argument("--json", action="store_true", help="one JSON object per name and line, with the field keys")
    p.set_defaults(func=cmd_decode)
    p = sub.add_parser(
        "summary",
        help="summarise the delivery at PATH",
        description="Open the delivery around PATH as the window does and print each member: project, array, "
        "calibration and imaging modes, EBs and raw data, targets, spectral windows, image sets, QA, problems. "
        "Exit status 2 with one line on stderr when PATH holds no delivery.",
    )
    p.add_argument("path", metavar="PATH", help="any level of a delivery (project, science goal, group, member, a "
                   "folder or file inside it), or a folder holding deliveries")  # fmt: skip
    p.add_argument("--json", action="store_true", help="the summary as one JSON document")
    p.set_defaults(func=cmd_summary)
    p = sub.add_parser(
        "demo",
        help="write the demo delivery into DIR",
        description="Write the demo delivery (project 2023.1.99999.S: a 12-m pipeline member and a 7-m manual "
        "member, about 19 MB) into DIR and print its project folder. Refuses to overwrite.",
    )
    p.add_argument("dir", metavar="DIR", nargs="?", default="qa2explorer-demo",
                   help="the folder to write into (default: ./qa2explorer-demo)")  # fmt: skip
    p.add_argument("--with-raw", action="store_true",
                   help="make the 7-m member restorable for real: simulated ASDMs in raw/, real calibration tables "
                   "and scripts (needs CASA's Python packages: pip install 'qa2explorer[casa]')")  # fmt: skip
    p.set_defaults(func=cmd_demo)
    _image_commands(sub)
    return parser


def _image_commands(sub) -> None:
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

    p = sub.add_parser(
        "restore",
        help="restore a member's calibrated data with scriptForPI in CASA (checks first)",
        description="The checks scriptForPI.py makes, made before it runs: script/ and calibration/, the EBs in "
        "raw/, calibrated/ not there yet, free disk for the SPACESAVING chosen, the CASA found (or chosen) against "
        "the version the delivery asks for, the pipeline, Python 2 or 3, a folder it can write. With --check: exit "
        "0 when ready, 3 when not. Without: the exact command, and with --yes the run (CASA's output and its log "
        "live, both kept in calibrated/): exit 0 when every EB with raw data was calibrated, 1 when the run did not "
        "complete (with a hint and what it left in calibrated/), 2 when it could not start.",
        epilog="--set-aside renames calibrated/ (the member's, or with --into the working copy's) at once, before the "
        "checks and the command shown, and so before the run with --yes; with --check it renames nothing and only "
        "says that it would, so the exit status tells whether '--set-aside --yes' would start. --into DIR restores "
        "into DIR/<member folder>/, made when the run starts (reused by a later one): copies of script/ and "
        "calibration/ and the small top-level files, raw/, product/ and qa/ linked; --check and the command shown "
        "make nothing.",
    )
    p.add_argument("path", metavar="PATH", help="a member folder (or a folder inside it)")
    p.add_argument("--check", action="store_true", help="run the checks only (nothing is written)")
    p.add_argument("--yes", action="store_true", help="start the restore (without it: the checks and the command)")
    p.add_argument("--dosplit", action="store_true", help="scriptForPI's DOSPLIT: split out the science spws")
    p.add_argument("--docontsub", action="store_true", help="scriptForPI's DOCONTSUB: continuum subtraction")
    p.add_argument("--casa", metavar="CMD", help="the casa to use (default: on PATH, then the usual places)")
    p.add_argument("--spacesaving", type=int, default=1, metavar="N",
                   help="scriptForPI's SPACESAVING: -1 no disk check, 0 keep all, 1 (default) delete *.ms.split, "
                   "2 also *.ms, 3 also *.ms.split.cal when calibrated.ms exists")  # fmt: skip
    p.add_argument("--into", metavar="DIR", help="restore in a working copy in DIR (for a member that is not "
                   "writable, or by choice): the member itself is not written")  # fmt: skip
    p.add_argument("--set-aside", action="store_true", help="first rename an existing calibrated/ to "
                   "calibrated.<YYYYmmdd-HHMMSS> (never deleted, never overwritten)")  # fmt: skip
    p.add_argument("--json", action="store_true", help="the checks as JSON; with --yes, one event per line (the "
                   "last one with the outcome)")  # fmt: skip
    p.set_defaults(func=cmd_restore)


NOT_READY = 3  # restore --check: the member cannot be restored as it is
CLI_WAYS = {"calibrated": "--set-aside, --into DIR", "writable": "--into DIR", "disk": "--into DIR, --spacesaving N",
            "into": "--into DIR"}  # how the command line does what a check's hint says  # fmt: skip


def cmd_restore(args: argparse.Namespace) -> int:
    from .delivery.locate import member_containing
    from .restore.calibrated import set_aside
    from .restore.casa import casa_program, find_casas, probe, read_casa
    from .restore.preflight import BLOCK, PASS, WARN, Check, preflight
    from .restore.working_copy import copy_path

    member = member_containing(os.path.abspath(args.path))
    if member is None:
        return _fail(f"{args.path} is not in a member folder (none at or above it)")
    if args.casa:
        command, problem = casa_program(args.casa)
        if problem:
            return _fail(f"--casa {args.casa}: {problem}")
        casa = read_casa(command, "chosen")
    else:
        casas = find_casas()
        casa = casas[0] if casas else None
    casa = probe(casa) if casa is not None else None  # its version from CASA itself when its name does not say
    target = copy_path(member, args.into) if args.into else member
    if args.set_aside and not args.check and os.path.lexists(os.path.join(target, "calibrated")):
        try:
            aside = set_aside(target)
        except jobs.JobError as exc:
            return _fail(str(exc))
        except OSError as exc:
            return _fail(f"cannot set calibrated/ aside: {jobs.os_error_text(exc)}")
        done = f"Set aside: {os.path.join(target, 'calibrated')} is now {os.path.basename(aside)}"
        if args.json:  # stdout stays JSON lines
            print(done, file=sys.stderr)
        else:
            _say(done)
    result = preflight(member, casa, args.spacesaving, into=args.into)
    if args.set_aside and args.check:
        result.checks = [Check(c.key, WARN, f"{c.text}: --set-aside renames it to calibrated.<YYYYmmdd-HHMMSS> "
                               "before the run") if c.key == "calibrated" and c.verdict == BLOCK else c
                         for c in result.checks]  # fmt: skip
    if not args.check:
        return _run_restore(args, member, casa, result)
    if args.json:
        _out(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        _say(f"Restore of {member}" + (f" into {result.target}:" if args.into else ":"))
        marks = {PASS: "ok  ", BLOCK: "STOP"}
        for check in result.checks:
            _say(f"  {marks.get(check.verdict, 'warn')}  {check.text}")
            if check.hint and check.verdict != PASS:
                _say(f"        → {_hint(check)}")
        _say("Ready to restore." if result.ready else "Not ready: see STOP above.")
    return 0 if result.ready else NOT_READY


def _hint(check) -> str:
    """A check's hint, with the options of this command that do it."""
    return f"{check.hint} [{CLI_WAYS[check.key]}]" if check.key in CLI_WAYS else check.hint


def _run_restore(args, member, casa, checks) -> int:
    """``restore`` without ``--check``: the preflight, the command, and (with ``--yes``) the run."""
    from .restore.calibrated import left_on_disk, left_text
    from .restore.run import Options, command, launcher_path, launcher_text, log_paths, restore, shell_text

    if not checks.ready:
        first = next(c for c in checks.checks if c.verdict == "block")
        text = f"not ready to restore {member}: {first.text}. {_hint(first)}"
        if args.json:
            _out(json.dumps({"kind": "error", "phase": None, "progress": None, "message": text, "level": "error",
                             "checks": checks.to_dict()}))  # fmt: skip
        return _fail(f"{text} (all the checks: qa2explorer restore {shlex.quote(member)} --check)")
    options = Options(args.spacesaving, args.dosplit, args.docontsub)
    spi = checks.script_for_pi
    launcher = launcher_path(checks.target)
    if not args.yes:
        copy = f"A working copy is made in {checks.target} (script/ and calibration/ copied, raw/ linked). "
        _say(f"Ready. {copy if args.into else ''}In {os.path.join(checks.target, 'script')} this runs:")
        _say(f"  {shell_text(command(casa, launcher, checks.pipeline, log_paths(checks.target)[1]))}")
        _say(f"where {launcher} holds:")
        for line in launcher_text(spi, options).splitlines():
            _say(f"  {line}")
        _say("Add --yes to start it (it writes calibrated/ beside script/).")
        return 0

    def sink(event) -> None:
        if args.json:
            line = {"phase": event.phase, "progress": event.progress, "message": event.message,
                    "level": event.level, "kind": event.kind}  # fmt: skip
            if event.kind == jobs.RESULT:
                line["outcome"] = event.data.to_dict()
            _out(json.dumps(line))
        elif event.kind == jobs.MESSAGE:
            terminal.interject(lambda: (_out(event.message), sys.stdout.flush()))
        elif event.kind == jobs.PARTIAL:
            files.append(event.data)
        else:
            terminal(event)

    terminal = jobs.TerminalProgress(sys.stderr)
    files = []  # where the run writes its logs (reported as it starts)
    final = jobs.run(lambda _token, report: restore(member, casa, options, report, checks, into=args.into), sink)
    if final.kind == jobs.CANCELLED:
        log = f" Log: {files[0].log}" if files else ""
        print(f"qa2explorer: Stopped. {left_text(left_on_disk(checks.target))}{log}", file=sys.stderr)
        return 1
    if final.kind != jobs.RESULT:
        return _fail(final.message)
    outcome = final.data
    if not args.json:
        _say(outcome.summary)
        for name, size in outcome.produced:
            _say(f"  {name}  {human_size(size)}")
        if not outcome.ok:
            _say(f"Hint: {outcome.hint}")
            _say(left_text(outcome.left))
        _say(f"Log: {outcome.log}")
        if outcome.casa_log:
            _say(f"CASA log: {outcome.casa_log}")
    return 0 if outcome.ok else 1


def main(argv: Sequence[str] | None = None) -> int:
    # astropy warns on import when XDG_CONFIG_HOME / XDG_CACHE_HOME hold no astropy folder: noise for a user
    warnings.filterwarnings("ignore", message=r".*XDG_(CONFIG|CACHE)_HOME is set.*")
    args = build_parser().parse_args(argv)
    return args.func(args)
