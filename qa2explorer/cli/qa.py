"""``qa``: a member's quality assurance — versions, stage scores, the QA documents — without unpacking anything."""

from __future__ import annotations

import argparse
import os

from .output import fail, run_job, show


def cmd_qa(args: argparse.Namespace) -> int:
    from ..delivery.locate import member_containing
    from ..present.qa import qa_page
    from ..qa.member_qa import member_qa

    if not os.path.exists(args.path):
        return fail(f"{args.path}: no such file or folder")
    member = member_containing(os.path.abspath(args.path))
    if member is None:
        below = members_below(os.path.abspath(args.path))
        hint = f"; it holds {', '.join(os.path.relpath(m, args.path) for m in below)}: give one" if below else ""
        return fail(f"{args.path} is not in a member folder (none at or above it){hint}")
    code, qa = run_job(lambda token, report: member_qa(member, token, report))
    return code or show(qa.to_dict(), [qa_page(qa)], args.json)


def members_below(folder: str, depth: int = 3) -> list[str]:
    """The member folders at most ``depth`` levels below ``folder`` (a project, science goal or group)."""
    from ..delivery import structure

    found = []
    for top, dirs, _files in os.walk(folder):
        if top[len(folder) :].count(os.sep) >= depth:
            dirs[:] = []
        for d in sorted(dirs):
            path = os.path.join(top, d)
            if structure.looks_like_member(d, structure.child_dir_names(path)):
                found.append(path)
        dirs[:] = [d for d in dirs if os.path.join(top, d) not in found]
    return sorted(found)


def add(sub) -> None:
    p = sub.add_parser(
        "qa",
        help="a member's QA: CASA and pipeline versions, stage scores, QA documents",
        description="Read a member's QA without unpacking anything: the CASA and pipeline versions (and where they "
        "are stated), the pipeline's score for every stage (from pipeline_aquareport.xml or the weblog's By Task "
        "page, read from the weblog archive as a stream and remembered in the user cache), and the QA documents by "
        "kind. Exit status 2 with one line on stderr when PATH is not in a member.",
    )
    p.add_argument("path", metavar="PATH", help="a member folder or anything inside it")
    p.add_argument("--json", action="store_true", help="one JSON document (keys casa_version, pipeline_version, "
                   "version_source, stages, reports, pipeline_run…)")  # fmt: skip
    p.set_defaults(func=cmd_qa)
