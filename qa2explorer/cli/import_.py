"""``import``: unpack archive files downloaded from the ALMA archive into the one delivery tree, safely, with
progress on the terminal and the gap report (what was not downloaded) at the end."""

from __future__ import annotations

import argparse
import os
import sys

from .. import jobs
from .output import fail, out, say


def cmd_import(args: argparse.Namespace) -> int:
    from ..download.contents import inspect
    from ..download.unpack import unpack

    try:
        plan = inspect(args.paths)
    except jobs.JobError as exc:
        return fail(str(exc))
    first = plan.archives[0].path
    into = os.path.abspath(args.into) if args.into else os.path.dirname(first)
    if not args.json:
        for line in plan.lines():
            print(line, file=sys.stderr)
    if plan.problems:
        return fail(f"not imported, {plan.problems[0]}")
    final = jobs.run(lambda token, report: unpack(plan, into, token, report), jobs.TerminalProgress(sys.stderr))
    if final.kind == jobs.CANCELLED:
        return fail("stopped; importing again finishes the job")
    if final.kind != jobs.RESULT:
        return fail(final.message)
    done = final.data
    if args.json:
        import json

        out(json.dumps({"imported": done.to_dict(), "plan": plan.to_dict()}, indent=2, ensure_ascii=False))
        return 0
    say(f"{done.root}: {done.written} files written, {done.skipped} already there")
    for gap in plan.gaps:
        say(gap)
    return 0


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="unpack archive files downloaded from the ALMA archive into a delivery tree")
    p.add_argument("paths", nargs="+", metavar="ARCHIVE_OR_FOLDER",
                   help="downloaded .tar files, or folders holding them")  # fmt: skip
    p.add_argument("--into", metavar="DIR", help="where the delivery tree goes (default: beside the archives)")
    p.add_argument("--json", action="store_true", help="the result and the gap report as JSON")
    p.set_defaults(func=cmd_import)
