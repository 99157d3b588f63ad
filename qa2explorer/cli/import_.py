"""``import``: unpack archive files downloaded from the ALMA archive into the one delivery tree, safely, with
progress on the terminal and the gap report (what was not downloaded) at the end. With ``--json`` the outcome is
one JSON document on stdout whether the archives were imported or not (``error`` then says why, exit 2)."""

from __future__ import annotations

import argparse
import json
import os
import sys

from .. import jobs
from .output import fail, out, say


def cmd_import(args: argparse.Namespace) -> int:
    from ..download.contents import inspect
    from ..download.unpack import unpack

    progress = jobs.TerminalProgress(sys.stderr)
    read = jobs.run(lambda token, report: inspect(args.paths, token, report), progress)
    if read.kind != jobs.RESULT:
        return _refused(args, read.message if read.kind == jobs.ERROR else "stopped", None)
    plan = read.data
    into = os.path.abspath(args.into) if args.into else os.path.dirname(plan.archives[0].path)
    if not args.json:
        for line in plan.lines():
            print(line, file=sys.stderr)
    if plan.problems:
        return _refused(args, f"not imported, {plan.problems[0]}", plan)
    final = jobs.run(lambda token, report: unpack(plan, into, token, report), progress)
    if final.kind == jobs.CANCELLED:
        return _refused(args, "stopped; importing again finishes the job", plan)
    if final.kind != jobs.RESULT:
        return _refused(args, final.message, plan)
    done = final.data
    if args.json:
        out(json.dumps({"error": None, "imported": done.to_dict(), "plan": plan.to_dict()}, indent=2,
                       ensure_ascii=False))  # fmt: skip
        return 0
    say(f"{done.root}: {done.written} files written, {done.skipped} already there")
    for gap in plan.gaps:
        say(gap)
    return 0


def _refused(args: argparse.Namespace, message: str, plan) -> int:
    """One line on stderr, and with ``--json`` the reason and the plan (None when no archive was read) as JSON."""
    if args.json:
        out(json.dumps({"error": message, "imported": None, "plan": plan.to_dict() if plan is not None else None},
                       indent=2, ensure_ascii=False))  # fmt: skip
    return fail(message)


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import",
        help="unpack archive files downloaded from the ALMA archive into a delivery tree",
        description="Unpack the archive files downloaded from the ALMA archive (products 001_of_00N, auxiliary, "
        "README and ASDM tarballs, or a folder holding them) into the one standard delivery tree. Every entry is "
        "checked before a byte is written; a file already there is skipped when identical and never "
        "overwritten; a cancelled import finishes when run again. The report names what is missing (split "
        "parts, README or auxiliary tarballs, raw data not downloaded). Exit 0 when everything given was "
        "unpacked, 2 with one line when an archive is refused, truncated, does not fit or cannot be written.",
    )
    p.add_argument("paths", nargs="+", metavar="ARCHIVE_OR_FOLDER",
                   help="downloaded .tar files, or folders holding them")  # fmt: skip
    p.add_argument("--into", metavar="DIR", help="where the delivery tree goes (default: beside the archives)")
    p.add_argument("--json", action="store_true", help="the outcome and the gap report as JSON (also on failure)")
    p.set_defaults(func=cmd_import)
