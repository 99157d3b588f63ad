"""Headless commands: ``decode``, ``summary``, ``demo``. No Qt here (enforced by an import-linter contract)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from . import __version__, jobs
from .delivery.describe import describe
from .delivery.names import decode, readable
from .delivery.opening import Opened, open_delivery
from .present.labels import field_rows
from .present.member import delivery_page, member_page
from .present.text import page_lines

COMMANDS = ("decode", "summary", "demo")


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
        print(f"Writing the demo delivery into {dest} (about 10 s)…", file=sys.stderr)
    try:
        project = write_demo(dest)
    except OSError as exc:
        return _fail(f"cannot write the demo delivery: {exc}")
    _out(project)
    return 0


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
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
