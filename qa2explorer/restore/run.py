"""Running scriptForPI.py in CASA as a job: the exact command (shown and copyable), the run in ``script/`` with
its output read line by line into progress, and the verdict from what it printed and produced (it can print
``ERROR: … was not created.`` for one EB and still end normally)."""

from __future__ import annotations

import os
import shlex
import shutil
import time
from dataclasses import dataclass, field

import platformdirs

from ..jobs import INFO, SEVERE, WARNING, CancelToken, JobError, Reporter, run_process
from .casa import Casa
from .preflight import BLOCK, Preflight, preflight, tree_bytes

BANNER = "*** ALMA scriptForPI ***"
DONE = "Done. Please find results in"


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
    folder = os.path.join(platformdirs.user_cache_dir("qa2explorer"), "restore")
    return os.path.join(folder, f"{os.path.basename(os.path.abspath(member))}.run.py")


def command(casa: Casa, launcher: str, pipeline: bool) -> list[str]:
    """The command, run in script/."""
    return [casa.command, *(["--pipeline"] if pipeline else []), "--nologger", "--nogui", "-c", launcher]


def shell_text(argv: list[str]) -> str:
    return " ".join(shlex.quote(a) for a in argv)


@dataclass
class Outcome:
    ok: bool
    produced: list[tuple[str, int]] = field(default_factory=list)  # calibrated MSs: (name, bytes)
    errors: list[str] = field(default_factory=list)  # the ERROR lines it printed
    exit_code: int | None = None
    log: str | None = None
    seconds: float = 0.0

    @property
    def summary(self) -> str:
        if self.ok:
            return f"Restored: {len(self.produced)} calibrated measurement set(s) in calibrated/."
        first = self.errors[0] if self.errors else f"CASA ended with status {self.exit_code} before finishing"
        return f"The restore did not complete: {first}"


class Progress:
    """scriptForPI's markers → a fraction done: the banner, the ASDMs found, each ASDM started and produced."""

    def __init__(self) -> None:
        self.total = 0
        self.done = 0
        self.fraction = 0.0

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
            self.fraction = max(self.fraction, 0.1 + 0.85 * self.done / max(1, self.total))
            return text.lstrip("> ")
        if "was produced successfully" in text:
            self.done += 1
            self.fraction = 0.1 + 0.85 * self.done / max(1, self.total)
            return text.split(" was ")[0] + " calibrated"
        if text.startswith(DONE):
            self.fraction = 1.0
            return "done"
        return None


def restore(member: str, casa: Casa, options: Options, report: Reporter | None = None,
            checks: Preflight | None = None) -> Outcome:  # fmt: skip
    """Run scriptForPI for the member at ``member`` (a job: progress, messages, cancel stops CASA and its
    children). Refuses when the preflight (``checks``, when just made; else made here) blocks."""
    checks = checks or preflight(member, casa, options.spacesaving)
    blocking = [c for c in checks.checks if c.verdict == BLOCK]
    if blocking:
        raise JobError(f"Not ready to restore: {blocking[0].text}.")
    script = os.path.join(member, "script")
    spi = checks.script_for_pi
    launcher = launcher_path(member)
    os.makedirs(os.path.dirname(launcher), exist_ok=True)
    with open(launcher, "w", encoding="utf-8") as f:
        f.write(launcher_text(spi, options))
    argv = command(casa, launcher, checks.pipeline)
    log_path = os.path.join(os.path.dirname(launcher),
                            f"{os.path.basename(member)}-{time.strftime('%Y%m%d-%H%M%S')}.log")  # fmt: skip
    progress, errors = Progress(), []
    started = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as log:
        log.write(f"# qa2explorer restore of {member}\n# in {script}: {shell_text(argv)}\n# {launcher}:\n")
        log.write("".join(f"#   {line}\n" for line in launcher_text(spi, options).splitlines()))

        def on_line(line: str) -> None:
            log.write(line + "\n")
            if line.strip().startswith("ERROR"):
                errors.append(line.strip())
            phase = progress.feed(line)
            if report is not None:
                text = line.strip()
                report.message(line, SEVERE if text.startswith("ERROR") else WARNING if "WARN" in text[:40] else INFO)
                if phase is not None:
                    report.progress(progress.fraction, phase)

        if report is not None:
            report.phase("restore", f"Running scriptForPI in CASA: {shell_text(argv)}", 0.0)
        code = run_process(argv, report.token if report is not None else CancelToken(), on_line, cwd=script)
    calibrated = os.path.join(member, "calibrated")
    produced = []
    if os.path.isdir(calibrated):
        for name in sorted(os.listdir(calibrated)):
            if name.endswith((".ms.split.cal", ".ms")) and os.path.isdir(os.path.join(calibrated, name)):
                produced.append((name, tree_bytes(os.path.join(calibrated, name))))
        kept = os.path.join(calibrated, "qa2explorer-restore.log")
        shutil.copyfile(log_path, kept)
        log_path = kept
    finished = progress.fraction >= 1.0
    wanted = set(checks.expected_ebs) - set(checks.missing_ebs)
    made = {name.split(".ms")[0] for name, _ in produced}
    ok = finished and code == 0 and not errors and (checks.pipeline or wanted <= made)
    return Outcome(ok, produced, errors, code, log_path, time.monotonic() - started)
