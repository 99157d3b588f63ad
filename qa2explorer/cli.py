"""Headless commands: ``decode``, ``summary``, ``demo``. No Qt here (enforced by an import-linter contract)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from . import __version__
from .delivery import uids
from .delivery.describe import describe, display_target
from .delivery.loader import load
from .delivery.locate import NotADelivery
from .delivery.names import decode
from .delivery.overview import DeliverySummary, MemberOverview

COMMANDS = ("decode", "summary", "demo")


def _out(text: str) -> None:
    """Write to stdout whatever the text holds: names that are not UTF-8 come back as ``\\udcxx`` escapes
    (which is also the JSON escape of such a character)."""
    sys.stdout.buffer.write(text.encode("utf-8", "backslashreplace") + b"\n")


def cmd_decode(args: argparse.Namespace) -> int:
    for name in args.names:
        d = decode(name)
        if args.json:
            _out(json.dumps(d.to_dict(), ensure_ascii=False))
            continue
        _out(name)
        _out("  " + describe(d))
        for key, value in d.to_dict().items():
            if key == "raw" or value in (None, [], False):
                continue
            _out(f"  {key:<14}{', '.join(map(str, value)) if isinstance(value, list) else value}")
    return 0


def _member_text(m: MemberOverview) -> list[str]:
    yes = {True: "yes", False: "no"}
    lines = [f"Member {m.mous or '(MOUS unknown)'}  ({m.folder})"]
    rows = [
        ("Project", f"{m.project or 'unknown'}" + (f"  (Cycle {m.cycle})" if m.cycle is not None else "")),
        ("Science goal", m.science_goal or "unknown"),
        ("Group", m.group or "unknown"),
        ("Array", (m.array or "unknown") + (f"  ({m.array_evidence})" if m.array_evidence else "")),
        (
            "Calibration",
            (m.calibration_mode or "unknown") + (f"  ({m.calibration_evidence})" if m.calibration_evidence else ""),
        ),
        ("Imaging", m.imaging_mode or "no image products"),
        ("Recipe", m.recipe or "-"),
        (
            "Polarisation",
            f"full polarisation: {yes[m.full_polarisation]}; self-calibration: {yes[m.selfcal]}; "
            f"total power: {yes[m.total_power]}",
        ),
    ]
    ebs = [f"{eb}  raw {'present' if eb in m.raw_ebs else 'missing'}" for eb in m.ebs] or ["none found"]
    rows.append((f"EBs ({len(m.ebs)})", ebs[0]))
    rows.extend(("", e) for e in ebs[1:])
    if m.sessions:
        rows.append(
            (
                "Sessions",
                "; ".join(f"{s}: {', '.join(uids.short(e) for e in es) or '?'}" for s, es in m.sessions.items()),
            )
        )
    for i, t in enumerate(m.targets):
        label = display_target(t.name) + (f" ({', '.join(t.intents)})" if t.intents else "")
        rows.append(("Targets" if i == 0 else "", f"{label}  spws {', '.join(map(str, t.spws))}"))
    p = m.products
    by_mode = ", ".join(f"{k} {v}" for k, v in p.get("by_specmode", {}).items())
    by_layer = ", ".join(f"{k} {v}" for k, v in p.get("by_layer", {}).items())
    rows.append(("Products", f"{p.get('total', 0)} images: {by_mode} | {by_layer}" if p.get("total") else "none"))
    rows.append(("Image sets", str(len(m.image_sets))))
    rows.append(("QA", ", ".join(f"{k} {v}" for k, v in m.qa.items()) or "none"))
    for i, problem in enumerate(m.problems):
        rows.append(("Problems" if i == 0 else "", problem))
    lines.extend(f"  {k:<14}{v}" for k, v in rows)
    return lines


def _summary_text(s: DeliverySummary) -> list[str]:
    lines = [f"Delivery {s.root}: {len(s.members)} member(s), {s.stats.files} files in {s.stats.dirs} folders"]
    if s.stats.truncated:
        lines.append("  (listing stopped at the entry limit)")
    for path, message in s.stats.errors:
        lines.append(f"  unreadable: {path}: {message}")
    for m in s.members:
        lines.append("")
        lines.extend(_member_text(m))
    return lines


def cmd_summary(args: argparse.Namespace) -> int:
    try:
        loaded = load(args.path)
    except NotADelivery as exc:
        print(f"qa2explorer: {exc}", file=sys.stderr)
        return 2
    summary = loaded.summary
    if loaded.location.truncated_probe:
        print("qa2explorer: the search for members stopped early in a very large folder; some may be missing",
              file=sys.stderr)  # fmt: skip
    if args.json:
        _out(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False))
    else:
        for line in _summary_text(summary):
            _out(line)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import write_demo  # numpy/astropy/matplotlib only when needed

    dest = os.path.abspath(args.dir)
    try:
        project = write_demo(dest)
    except (FileExistsError, PermissionError, OSError) as exc:
        print(f"qa2explorer: cannot write the demo delivery: {exc}", file=sys.stderr)
        return 2
    _out(project)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qa2explorer",
        description="Explore ALMA QA2 deliveries. Without a command, opens the desktop app "
        "(qa2explorer [PATH] [--demo]).",
    )
    parser.add_argument("--version", action="version", version=f"qa2explorer {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("decode", help="decode delivery file names into their fields")
    p.add_argument("names", nargs="+", metavar="NAME")
    p.add_argument("--json", action="store_true", help="one JSON object per name, one per line")
    p.set_defaults(func=cmd_decode)
    p = sub.add_parser("summary", help="summarise the delivery at PATH (any level of it)")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_summary)
    p = sub.add_parser("demo", help="write the sample delivery into DIR")
    p.add_argument("dir", metavar="DIR", nargs="?", default="qa2explorer-demo")
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
