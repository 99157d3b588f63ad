"""``restore``: the checks scriptForPI makes, the exact command, and the run with live output."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys

from .. import jobs
from ..words import human_size
from .output import fail, out, say

NOT_READY = 3  # restore --check: the member cannot be restored as it is
CLI_WAYS = {"calibrated": "--set-aside, --into DIR", "writable": "--into DIR", "disk": "--into DIR, --spacesaving N",
            "into": "--into DIR"}  # how the command line does what a check's hint says  # fmt: skip


def cmd_restore(args: argparse.Namespace) -> int:
    from ..delivery.locate import member_containing
    from ..restore.calibrated import set_aside
    from ..restore.casa import casa_program, find_casas, probe, read_casa
    from ..restore.preflight import BLOCK, PASS, WARN, Check, preflight
    from ..restore.working_copy import copy_path

    member = member_containing(os.path.abspath(args.path))
    if member is None:
        return fail(f"{args.path} is not in a member folder (none at or above it)")
    if args.casa:
        command, problem = casa_program(args.casa)
        if problem:
            return fail(f"--casa {args.casa}: {problem}")
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
            return fail(str(exc))
        except OSError as exc:
            return fail(f"cannot set calibrated/ aside: {jobs.os_error_text(exc)}")
        done = f"Set aside: {os.path.join(target, 'calibrated')} is now {os.path.basename(aside)}"
        if args.json:  # stdout stays JSON lines
            print(done, file=sys.stderr)
        else:
            say(done)
    result = preflight(member, casa, args.spacesaving, into=args.into)
    if args.set_aside and args.check:
        result.checks = [Check(c.key, WARN, f"{c.text}: --set-aside renames it to calibrated.<YYYYmmdd-HHMMSS> "
                               "before the run") if c.key == "calibrated" and c.verdict == BLOCK else c
                         for c in result.checks]  # fmt: skip
    if not args.check:
        return _run_restore(args, member, casa, result)
    if args.json:
        out(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        say(f"Restore of {member}" + (f" into {result.target}:" if args.into else ":"))
        marks = {PASS: "ok  ", BLOCK: "STOP"}
        for check in result.checks:
            say(f"  {marks.get(check.verdict, 'warn')}  {check.text}")
            if check.hint and check.verdict != PASS:
                say(f"        → {_hint(check)}")
        say("Ready to restore." if result.ready else "Not ready: see STOP above.")
    return 0 if result.ready else NOT_READY


def _hint(check) -> str:
    """A check's hint, with the options of this command that do it."""
    return f"{check.hint} [{CLI_WAYS[check.key]}]" if check.key in CLI_WAYS else check.hint


def _run_restore(args, member, casa, checks) -> int:
    """``restore`` without ``--check``: the preflight, the command, and (with ``--yes``) the run."""
    from ..restore.calibrated import left_on_disk, left_text
    from ..restore.run import Options, command, launcher_path, launcher_text, log_paths, restore, shell_text

    if not checks.ready:
        first = next(c for c in checks.checks if c.verdict == "block")
        text = f"not ready to restore {member}: {first.text}. {_hint(first)}"
        if args.json:
            out(json.dumps({"kind": "error", "phase": None, "progress": None, "message": text, "level": "error",
                             "checks": checks.to_dict()}))  # fmt: skip
        return fail(f"{text} (all the checks: qa2explorer restore {shlex.quote(member)} --check)")
    options = Options(args.spacesaving, args.dosplit, args.docontsub)
    spi = checks.script_for_pi
    launcher = launcher_path(checks.target)
    if not args.yes:
        copy = f"A working copy is made in {checks.target} (script/ and calibration/ copied, raw/ linked). "
        say(f"Ready. {copy if args.into else ''}In {os.path.join(checks.target, 'script')} this runs:")
        say(f"  {shell_text(command(casa, launcher, checks.pipeline, log_paths(checks.target)[1]))}")
        say(f"where {launcher} holds:")
        for line in launcher_text(spi, options).splitlines():
            say(f"  {line}")
        say("Add --yes to start it (it writes calibrated/ beside script/).")
        return 0

    def sink(event) -> None:
        if args.json:
            line = {"phase": event.phase, "progress": event.progress, "message": event.message,
                    "level": event.level, "kind": event.kind}  # fmt: skip
            if event.kind == jobs.RESULT:
                line["outcome"] = event.data.to_dict()
            out(json.dumps(line))
        elif event.kind == jobs.MESSAGE:
            terminal.interject(lambda: (out(event.message), sys.stdout.flush()))
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
        return fail(final.message)
    outcome = final.data
    if not args.json:
        say(outcome.summary)
        for name, size in outcome.produced:
            say(f"  {name}  {human_size(size)}")
        if not outcome.ok:
            say(f"Hint: {outcome.hint}")
            say(left_text(outcome.left))
        say(f"Log: {outcome.log}")
        if outcome.casa_log:
            say(f"CASA log: {outcome.casa_log}")
    return 0 if outcome.ok else 1


def add(sub) -> None:
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
