"""``decode``, ``summary`` and ``demo``: what a delivery is, from its names and its tree."""

from __future__ import annotations

import argparse
import json
import os
import sys

from ..delivery.describe import describe
from ..delivery.names import decode
from ..delivery.opening import open_delivery
from ..present.labels import field_rows
from ..present.member import delivery_page, member_page
from .output import fail, out, run_job, say, show


def cmd_decode(args: argparse.Namespace) -> int:
    for name in args.names:
        d = decode(name)
        if args.json:
            out(json.dumps(d.to_dict(), ensure_ascii=False))
            continue
        say(name if name else "(empty name)")
        say("  " + describe(d))
        for label, value in field_rows(d):
            say(f"  {label:<18}{value}")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    code, opened = run_job(open_delivery(args.path))
    if code:
        return code
    summary = opened.summary
    return show(summary.to_dict(), [delivery_page(summary)] + [member_page(m) for m in summary.members], args.json)


def cmd_demo(args: argparse.Namespace) -> int:
    from ..demo import write_demo  # numpy/astropy/matplotlib only when needed

    dest = os.path.abspath(args.dir)
    if sys.stderr.isatty():
        more = " and simulating its 7-m member's raw data with CASA (about 30 s)" if args.with_raw else " (about 10 s)"
        print(f"Writing the demo delivery into {dest}{more}…", file=sys.stderr)
    try:
        project = write_demo(dest)
        if args.with_raw:
            from ..demo.restorable import make_restorable

            make_restorable(project)
    except (OSError, RuntimeError) as exc:
        return fail(f"cannot write the demo delivery: {exc}")
    out(project)
    return 0


def add(sub) -> None:
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
