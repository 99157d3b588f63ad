"""What to do after a failed restore: the first problem scriptForPI or CASA reported, turned into a hint. The
messages are the real scriptForPI's (corpus ``scriptForPI_messages_by_version.md``, v1.14 to v2.5) and CASA's;
a CASA ended by a signal is recognised from its exit status (negative, or 128 + the signal when a shell
launcher reports it)."""

from __future__ import annotations

import re
import signal

_NOT_CREATED = re.compile(r"ERROR: (\S+?)(?:\*?\.ms\S*)? was not created")
RAW = "Download the missing ASDMs from the ALMA archive and unpack them into raw/ (the checks name them)."
_KNOWN = (  # (what scriptForPI printed, what to do)
    ("Pipeline not available", "Start CASA with --pipeline, from a CASA release that includes the ALMA pipeline "
     "(its folder is named casa-…-pipeline-…)."),
    ("not enough free disk space", "Free some space, raise SPACESAVING, or restore into a folder on a larger disk "
     "(SPACESAVING -1 skips scriptForPI's estimate)."),
    ('directory "raw" not present', RAW),
    ('No ASDM found in directory "raw"', RAW),
    ("cannot find raw/", RAW),
    ("Nothing to process", RAW),
    ("absent from directory", RAW),
    ("already exists", "Set the old calibrated/ aside (renamed with a timestamp) or restore into another folder."),
    ('start this script in directory "script"', "scriptForPI runs only in the member's folder named script/."),
    ("No calibration script found", "script/ lacks the calibration scripts (…scriptForCalibration.py or "
     "…casa_piperestorescript.py): download the delivery's script and calibration files again."),
    ("not permitted", "SPACESAVING takes -1, 0, 1, 2 or 3; DOSPLIT and DOCONTSUB True or False."),
    ("non-unique", "scriptForPI needs exactly one file of that kind in script/ or calibration/: keep the "
     "delivery's own and move the other away."),
    ("Cannot find directory", "Download the delivery's calibration files into calibration/."),
    ("PermissionError", "scriptForPI could not write in the member's folder: restore into another folder."),
    ("No space left on device", "The disk filled up: free some space, raise SPACESAVING, or restore into a folder "
     "on a larger disk."),
)  # fmt: skip
_SIGNALS = {
    signal.SIGKILL: "CASA was killed (SIGKILL), most often by the system's out-of-memory killer: see `dmesg`, and "
    "restore with more free memory (close other programs, or use a larger machine).",
    signal.SIGSEGV: "CASA crashed (SIGSEGV, a segmentation fault): try again, or with the CASA version the delivery "
    "asks for.",
    signal.SIGBUS: "CASA crashed (SIGBUS): often a file that shrank, or a full disk, while CASA read it.",
    signal.SIGABRT: "CASA aborted (SIGABRT): see the last lines of its log.",
    signal.SIGTERM: "CASA was stopped from outside (SIGTERM): by the system shutting down, or another program.",
    signal.SIGHUP: "CASA was stopped because its terminal closed (SIGHUP).",
}


def ended_by_signal(code: int | None) -> int | None:
    """The signal that ended CASA: a negative status (the process itself), or 129–192 (a shell launcher's
    128 + signal, e.g. 137 for SIGKILL); None otherwise."""
    if code is None:
        return None
    if code < 0:
        return -code
    return code - 128 if 128 < code <= 128 + 64 else None


def signal_name(number: int) -> str:
    """'SIGKILL'."""
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def hint(first_error: str | None, code: int | None, *, no_pipeline: bool = False, last_severe: str = "") -> str:
    """What to do about a restore that did not complete: ``first_error`` the first ERROR line scriptForPI
    printed (None: none), ``code`` CASA's exit status, ``no_pipeline`` when CASA said it could not import the
    pipeline, ``last_severe`` the last SEVERE message CASA logged before that error."""
    killed = ended_by_signal(code)
    if killed is not None:
        return _SIGNALS.get(killed, f"CASA was ended by {signal_name(killed)}.")
    if first_error:
        if "Pipeline not available" in first_error and no_pipeline:
            return ("This CASA has no ALMA pipeline (it said: could not import pipeline): restore with a CASA "
                    "release that includes it (casa-…-pipeline-…), started with --pipeline.")  # fmt: skip
        not_created = _NOT_CREATED.search(first_error)
        if not_created:
            cause = f" CASA's last SEVERE message before it: {last_severe}" if last_severe else ""
            return (f"The calibration of {not_created.group(1)} stopped before producing it: see its messages in "
                    f"the log and in CASA's log.{cause}")  # fmt: skip
        for message, what_to_do in _KNOWN:
            if message in first_error:
                return what_to_do
        return "See the lines before this error in the log."
    return "See the last lines of the log and of CASA's log (scriptForPI printed no ERROR line)."
