"""Running scriptForPI.py in CASA as a job: the exact command (shown and copyable), the run in ``script/`` with
its output read line by line into progress, CASA's own log file followed as it grows (CASA is told to write it
into the user cache, so that the delivery gets only scriptForPI's output), and the verdict from what it printed
and produced (it can print ``ERROR: … was not created.`` for one EB and still end normally), with a hint when it
failed and what it left in ``calibrated/``."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import threading
import time
from dataclasses import asdict, dataclass, field

import platformdirs

from ..jobs import INFO, SEVERE, WARNING, Cancelled, CancelToken, JobError, Reporter, run_process
from ..words import plural
from . import casa_log, hints
from .calibrated import CALIBRATED, left_on_disk, produced
from .casa import Casa
from .preflight import BLOCK, Preflight, preflight
from .working_copy import copy_path, working_copy

BANNER = "*** ALMA scriptForPI ***"
DONE = "Done. Please find results in"
_STEP = re.compile(r"Step\s+(\d+)\s+(.+)")
STOPS = ("ERROR", "WARNING: will stop here")  # the lines scriptForPI stops (or fails an EB) with
ABSENT = 'absent from directory "raw"'  # its ERROR line for EBs whose ASDM is missing: it goes on with the rest
_EXCEPTION = re.compile(r"[A-Z]\w*(?:Error|Exception): ")  # the last line of a Python traceback
SAVED_LOG, SAVED_CASA_LOG = "qa2explorer-restore.log", "qa2explorer-restore.casa.log"  # kept in calibrated/


@dataclass(frozen=True)
class Options:
    spacesaving: int = 1
    dosplit: bool = False
    docontsub: bool = False


def launcher_text(script_for_pi: str, options: Options) -> str:
    """What CASA runs: the options set as the module-level names scriptForPI reads, then scriptForPI itself
    (a file, run by ``casa -c`` in the shell's namespace, where CASA's tasks are)."""
    return (f"SPACESAVING = {options.spacesaving}\nDOSPLIT = {options.dosplit}\nDOCONTSUB = {options.docontsub}\n"
            f"exec(open({os.path.basename(script_for_pi)!r}).read())\n")  # fmt: skip


def launcher_path(member: str) -> str:
    """Where the launcher is written: the user cache (the delivery gets only what scriptForPI writes)."""
    return os.path.join(cache_dir(), f"{os.path.basename(os.path.abspath(member))}.run.py")


def log_paths(member: str) -> tuple[str, str]:
    """Where a run's log and CASA's log are written while it runs: the user cache, named for the member and the
    time (``<member>-<YYYYmmdd-HHMMSS>.log`` and ``.casa.log``), never those of an earlier run."""
    stem = os.path.join(cache_dir(), f"{os.path.basename(os.path.abspath(member))}-{time.strftime('%Y%m%d-%H%M%S')}")
    base, n = stem, 1
    while os.path.exists(base + ".log") or os.path.exists(base + ".casa.log"):
        n += 1
        base = f"{stem}-{n}"
    return base + ".log", base + ".casa.log"


def cache_dir() -> str:
    """The restore launchers and run logs (the user cache)."""
    return os.path.join(platformdirs.user_cache_dir("qa2explorer"), "restore")


def command(casa: Casa, launcher: str, pipeline: bool, logfile: str | None = None) -> list[str]:
    """The command, run in script/; with ``logfile``, CASA writes its log there (not into script/)."""
    return [casa.command, *(["--pipeline"] if pipeline else []), "--nologger", "--nogui",
            *(["--logfile", logfile] if logfile else []), "-c", launcher]  # fmt: skip


def shell_text(argv: list[str]) -> str:
    return " ".join(shlex.quote(a) for a in argv)


@dataclass
class Outcome:
    ok: bool
    produced: list[tuple[str, int]] = field(default_factory=list)  # calibrated MSs: (name, bytes)
    errors: list[str] = field(default_factory=list)  # its ERROR lines (not the expected ones), or what stopped it
    exit_code: int | None = None
    log: str | None = None  # what CASA printed (stdout and stderr), in calibrated/ when there is one
    seconds: float = 0.0
    casa_log: str | None = None  # CASA's own log file, beside ``log``
    hint: str = ""  # what to do, when not ok
    skipped_ebs: list[str] = field(default_factory=list)  # EBs not restored: their ASDM is not in raw/
    left: list[tuple[str, int]] = field(default_factory=list)  # when not ok: calibrated/'s content (left_on_disk)
    target: str = ""  # the folder restored: the member, or its working copy

    @property
    def summary(self) -> str:
        if self.ok:
            text = f"Restored: {plural(len(self.produced), 'calibrated measurement set')} in calibrated/."
            if self.skipped_ebs:
                text += f" Skipped, no ASDM in raw/: {', '.join(self.skipped_ebs)}."
            return text
        killed = hints.ended_by_signal(self.exit_code)
        if killed is not None:
            first = f"CASA was ended by {hints.signal_name(killed)} (exit status {self.exit_code})"
        elif self.errors:
            first = self.errors[0]
        elif self.exit_code:
            first = f"CASA ended with status {self.exit_code} before scriptForPI finished"
        else:
            first = "scriptForPI ended before calibrating every EB"
        return f"The restore did not complete: {first}"

    def to_dict(self) -> dict:
        return {**asdict(self), "summary": self.summary}


class Progress:
    """scriptForPI's markers → a fraction done: the banner, the ASDMs found, each ASDM started and produced, and
    within an ASDM the steps of its calibration script (``Executing all steps:  range(0, 22)`` announces how
    many, ``Step  3 Generation and time averaging of the WVR cal table`` starts one)."""

    def __init__(self) -> None:
        self.total = 0
        self.done = 0
        self.steps = 0  # of the ASDM being calibrated: announced, and started
        self.step = 0
        self.fraction = 0.0

    def _eb(self, within: float) -> float:
        return 0.1 + 0.85 * (self.done + within) / max(1, self.total)

    def feed(self, line: str) -> str | None:
        """The phase text this line starts, if any (and the fraction moves)."""
        text = line.strip()
        if text.startswith(BANNER):
            self.fraction = 0.03
            return "scriptForPI started"
        if text.startswith("Found the following ASDMs:"):
            self.total = max(1, text.count("uid"))
            self.fraction = 0.08
            return f"{self.total} ASDM(s) found"
        if "Processing ASDM" in text:
            self.steps = self.step = 0
            self.fraction = max(self.fraction, self._eb(0))
            return text.lstrip("> ")
        if text.startswith("Executing all steps:"):
            numbers = [int(n) for n in re.findall(r"\d+", text)]
            self.steps = numbers[-1] if "range" in text and numbers else len(numbers)
            return None
        if (step := _STEP.match(text)) is not None:
            self.step += 1
            within = self.step / (self.steps + 1) if self.steps else 1 - 0.8**self.step  # unknown count: slowing
            self.fraction = max(self.fraction, self._eb(min(within, 0.95)))
            return f"step {step[1]}: {step[2]}"
        if "was produced successfully" in text:
            self.done += 1
            self.fraction = self._eb(0)
            return text.split(" was ")[0] + " calibrated"
        if text.startswith(DONE):
            self.fraction = 1.0
            return "done"
        return None


class _Output:
    """What the run prints (stdout and stderr, one thread) and CASA's log (the tail's thread), merged into one
    live log (a line CASA prints and logs shown once), read for progress, errors and hints."""

    def __init__(self, report: Reporter | None, log, missing_expected: bool):
        self.report = report
        self.log = log
        self.progress = Progress()
        self.errors: list[str] = []
        self.last_severe = ""  # CASA's last SEVERE message before the first error (with its continuation lines)
        self.no_pipeline = False  # CASA said it could not import the pipeline
        self.exception = ""  # the last Python exception it printed (what stopped scriptForPI when no ERROR did)
        self._missing_expected = missing_expected
        self._echoes = casa_log.Echoes()
        self._lock = threading.Lock()

    def printed(self, line: str) -> None:
        self.log.write(line + "\n")
        text = line.strip()
        parsed = casa_log.parse(line)
        if parsed is not None:
            level = parsed.level
        elif text.startswith(STOPS) and not (self._missing_expected and ABSENT in text):
            level = SEVERE
            self.errors.append(text)
        else:
            level = WARNING if text.startswith(("WARN", "ERROR")) else INFO  # ERROR here: the EBs it skips
        self.no_pipeline = self.no_pipeline or "could not import pipeline" in text
        self.exception = text if _EXCEPTION.match(line) else self.exception
        phase = self.progress.feed(line)
        with self._lock:
            if parsed is None or self._echoes.first(line, casa_log.Echoes.OUTPUT):
                self._show(line, level, parsed)
            if self.report is not None and phase is not None:
                self.report.progress(self.progress.fraction, phase)

    def logged(self, line: str) -> None:
        if not line.strip():
            return
        parsed = casa_log.parse(line)
        with self._lock:
            if parsed is None or self._echoes.first(line, casa_log.Echoes.FILE):
                self._show(line, parsed.level if parsed else INFO, parsed)

    def _show(self, line: str, level: str, parsed: casa_log.LogLine | None) -> None:
        if parsed is not None and parsed.level == SEVERE and not self.errors:
            continued = parsed.origin.endswith("+") and self.last_severe
            self.last_severe = f"{self.last_severe} {parsed.message}" if continued else parsed.message
        if self.report is not None:
            self.report.message(line, level)


def restore(member: str, casa: Casa, options: Options, report: Reporter | None = None,
            checks: Preflight | None = None, into: str | None = None) -> Outcome:  # fmt: skip
    """Run scriptForPI for the member at ``member`` (a job: progress, messages, cancel stops CASA and its
    children), in place or, with ``into``, in a working copy made there. Refuses when the preflight
    (``checks``, when just made for the same place; else made here) blocks."""
    target = copy_path(member, into) if into else os.path.abspath(member)
    if checks is None or checks.target != target:
        checks = preflight(member, casa, options.spacesaving, into=into)
    blocking = [c for c in checks.checks if c.verdict == BLOCK]
    if blocking:
        raise JobError(f"Not ready to restore: {blocking[0].text}. {blocking[0].hint}".strip())
    token = report.token if report is not None else CancelToken()
    if into:
        if report is not None:
            report.phase("copy", f"Making a working copy in {target}: script/ and calibration/ copied, raw/ linked")
        working_copy(checks.member, into, token)
    script = os.path.join(target, "script")
    spi = checks.script_for_pi
    launcher = launcher_path(target)
    os.makedirs(os.path.dirname(launcher), exist_ok=True)
    with open(launcher, "w", encoding="utf-8") as f:
        f.write(launcher_text(spi, options))
    log_path, casa_log_path = log_paths(target)
    if report is not None:  # where the logs are, for a view that is stopped before the end
        report.partial(RunFiles(target, log_path, casa_log_path))
    argv = command(casa, launcher, checks.pipeline, casa_log_path)
    started = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as log:
        log.write(f"# qa2explorer restore of {checks.member}\n# in {script}: {shell_text(argv)}\n# {launcher}:\n")
        log.write("".join(f"#   {line}\n" for line in launcher_text(spi, options).splitlines()))
        output = _Output(report, log, bool(checks.missing_ebs))
        if report is not None:
            report.phase("restore", f"Running scriptForPI in CASA: {shell_text(argv)}", 0.0)
        tail = casa_log.Tail(casa_log_path, output.logged)
        tail.start()
        try:
            code = run_process(argv, token, output.printed, cwd=script)
        except Cancelled:
            code = None
        finally:
            tail.finish()
    log_path, casa_log_path = _keep_logs(target, log_path, casa_log_path)
    if code is None:
        raise Cancelled
    made = produced(target)
    finished = output.progress.fraction >= 1.0
    if not finished and not output.errors and output.exception:
        output.errors.append(output.exception)
    wanted = set(checks.expected_ebs) - set(checks.missing_ebs)
    all_made = checks.pipeline or wanted <= {name.split(".ms")[0] for name, _ in made}
    ok = finished and code == 0 and not output.errors and all_made
    return Outcome(
        ok, made, output.errors, code, log_path, time.monotonic() - started,
        casa_log=casa_log_path if os.path.exists(casa_log_path) else None,
        hint="" if ok else hints.hint(output.errors[0] if output.errors else None, code,
                                      no_pipeline=output.no_pipeline, last_severe=output.last_severe),
        skipped_ebs=list(checks.missing_ebs),
        left=[] if ok else left_on_disk(target),
        target=target,
    )  # fmt: skip


@dataclass(frozen=True)
class RunFiles:
    """Where a run writes, reported as it starts: the folder restored and its two logs (in the user cache)."""

    target: str
    log: str
    casa_log: str


def _keep_logs(target: str, log_path: str, casa_log_path: str) -> tuple[str, str]:
    """Copy the logs beside what the run made in calibrated/ (when it made that folder, even when stopped);
    returns where they are to be read."""
    calibrated = os.path.join(target, CALIBRATED)
    if os.path.isdir(calibrated):
        log_path = shutil.copyfile(log_path, os.path.join(calibrated, SAVED_LOG))
        if os.path.exists(casa_log_path):
            casa_log_path = shutil.copyfile(casa_log_path, os.path.join(calibrated, SAVED_CASA_LOG))
    return log_path, casa_log_path
