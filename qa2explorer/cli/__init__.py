"""Headless commands. No Qt here (enforced by an import-linter contract); each family of commands is one module
with an ``add(sub)`` that registers its parsers."""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence

from .. import __version__
from . import explore, images, import_, qa, restore, weblog


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qa2explorer",
        description="Explore ALMA QA2 deliveries. Without a command, opens the desktop app "
        "(qa2explorer [PATH] [--demo]).",
    )
    parser.add_argument("--version", action="version", version=f"qa2explorer {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for family in (explore, images, restore, qa, weblog, import_):
        family.add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # astropy warns on import when XDG_CONFIG_HOME / XDG_CACHE_HOME hold no astropy folder: noise for a user
    warnings.filterwarnings("ignore", message=r".*XDG_(CONFIG|CACHE)_HOME is set.*")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # the reader went away (`… | head`): not a failure, and no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's own flush at exit stays quiet
        return 0
