"""The ``qa2explorer`` command: a headless command (decode, summary, demo, render, stats, spectrum) or the
desktop app."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__
from .display import display_problem

# the cli package's commands (it is imported only for them)
COMMANDS = ("decode", "summary", "demo", "render", "stats", "spectrum", "restore", "qa", "weblog", "import")


def main(argv: Sequence[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    if args_in and args_in[0] in COMMANDS:
        from . import cli

        return cli.main(args_in)
    parser = argparse.ArgumentParser(
        prog="qa2explorer",
        description="Open an ALMA QA2 delivery in the qa2explorer window.",
        epilog=f"Headless commands: {', '.join(f'qa2explorer {c}' for c in COMMANDS)} (each with -h).",
    )
    parser.add_argument("path", nargs="?", metavar="PATH", help="any level of a delivery, or a folder holding one")
    parser.add_argument("--demo", action="store_true", help="open the bundled demo delivery")
    parser.add_argument(
        "--new-window",
        action="store_true",
        help="open a window of its own (by default PATH goes to the qa2explorer window already open)",
    )
    parser.add_argument("--version", action="version", version=f"qa2explorer {__version__}")
    parser.add_argument(
        "--quit-after",
        type=float,
        metavar="SECONDS",
        help="quit SECONDS after the window shows, or after PATH or the demo opened (smoke tests, start-up timing)",
    )
    args = parser.parse_args(args_in)
    problem = display_problem()  # before Qt starts: Qt's own failure is an abort with a misleading text
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from .gui.app import run  # Qt only for the window

    return run(path=args.path, demo=args.demo, new_window=args.new_window, quit_after_s=args.quit_after)
