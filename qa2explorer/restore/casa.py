"""Which CASA would run scriptForPI: found on PATH as ``casa``, in the places CASA's tarballs and installers
put it, or chosen by the user; its version and whether it carries the ALMA pipeline, read from its
installation's name (``casa-6.5.4-9-pipeline-2023.1.0.124``), which is how CASA's releases are named, or, when
the name does not tell, asked of CASA itself (``casa --version``: ``CASA 6.7.0.31``)."""

from __future__ import annotations

import dataclasses
import glob
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

USUAL_PLACES = (  # (pattern, how deep the casa executable sits below the match)
    "~/casa-*/bin/casa",
    "~/casa*/bin/casa",
    "/opt/casa-*/bin/casa",
    "/opt/casa/*/bin/casa",
    "/usr/local/casa*/bin/casa",
    "/Applications/CASA*.app/Contents/MacOS/casa",
)
_VERSION = re.compile(r"casa[-_](?:release[-_])?(\d+\.\d+\.\d+(?:[-.]\d+)?)", re.IGNORECASE)
_APP_VERSION = re.compile(r"CASA[-_]?(\d+\.\d+(?:\.\d+)?(?:-\d+)?)", re.IGNORECASE)
_PIPELINE = re.compile(r"pipeline[-_](\d{4}\.\d+\.\d+\.\d+)", re.IGNORECASE)
_SAYS = re.compile(r"^CASA\s+(?:Version\s+)?(?:[A-Z]+\s+)?(\d+\.\d+\.\d+(?:[.-]\d+)?)", re.MULTILINE)
PROBE_SECONDS = 30.0


@dataclass(frozen=True)
class Casa:
    """A CASA installation: the command that starts it, its version and pipeline when its name says them."""

    command: str
    version: str | None  # "6.5.4-9"
    pipeline: str | None  # the pipeline release it carries ("2023.1.0.124"), when its name says so
    found: str  # "on PATH", "in <pattern's folder>", "chosen"

    @property
    def major(self) -> int | None:
        return int(self.version.split(".")[0]) if self.version else None

    @property
    def has_pipeline(self) -> bool | None:
        """True when its name carries a pipeline release, None when its name does not tell."""
        return True if self.pipeline else None

    def describe(self) -> str:
        what = f"CASA {self.version}" if self.version else "CASA (version not in its name)"
        if self.pipeline:
            what += f" with pipeline {self.pipeline}"
        return f"{what}: {self.command} ({self.found})"


def read_casa(command: str, found: str) -> Casa:
    """What the installation's folder names say about the CASA that ``command`` starts (links followed)."""
    real = os.path.realpath(command)
    names = " ".join(part for part in real.split(os.sep) if part)
    version = _VERSION.search(names) or _APP_VERSION.search(names)
    pipeline = _PIPELINE.search(names)
    return Casa(command, version.group(1) if version else None, pipeline.group(1) if pipeline else None, found)


def probe(casa: Casa, timeout: float = PROBE_SECONDS) -> Casa:
    """``casa`` with its version as CASA itself says it (``casa --version``, run in a scratch folder) when its
    name does not tell; unchanged when CASA cannot say (an old release, a broken installation, too slow)."""
    if casa.version is not None:
        return casa
    try:
        with tempfile.TemporaryDirectory(prefix="qa2explorer-casa-") as scratch:
            said = subprocess.run([casa.command, "--version"], cwd=scratch, stdin=subprocess.DEVNULL,
                                  capture_output=True, text=True, errors="replace", timeout=timeout)  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return casa
    match = _SAYS.search(said.stdout)
    return dataclasses.replace(casa, version=match.group(1)) if said.returncode == 0 and match else casa


def casa_program(given: str) -> tuple[str, str]:
    """The casa program a user names (a program, or a CASA installation folder), as an absolute path (the run
    happens in script/), and what is wrong with it ("" when nothing)."""
    path = shutil.which(given) or given
    if os.path.isdir(path):
        inside = [os.path.join(path, "bin", "casa"), os.path.join(path, "Contents", "MacOS", "casa")]
        path = next((p for p in inside if os.path.isfile(p)), path)
        if os.path.isdir(path):
            return path, "a folder without bin/casa (give the casa program, or a CASA installation folder)"
    if not os.path.exists(path):
        return path, "no such program"
    if not os.access(path, os.X_OK):
        return path, "not a program this user can run (no execute permission)"
    return os.path.abspath(path), ""


def find_casas(path_env: str | None = None, home: str | None = None) -> list[Casa]:
    """Every CASA found: the one on PATH first, then the usual installation places (newest version first)."""
    found: dict[str, Casa] = {}
    on_path = shutil.which("casa", path=path_env if path_env is not None else os.environ.get("PATH", ""))
    if on_path:
        casa = read_casa(on_path, "on PATH")
        found[os.path.realpath(on_path)] = casa
    home = home or os.path.expanduser("~")
    others = []
    for pattern in USUAL_PLACES:
        for command in glob.glob(pattern.replace("~", home, 1)):
            real = os.path.realpath(command)
            if real not in found and os.access(command, os.X_OK) and os.path.isfile(real):
                casa = read_casa(command, f"in {os.path.dirname(os.path.dirname(command))}")
                found[real] = casa
                others.append(casa)
    others.sort(key=lambda c: _version_key(c.version), reverse=True)
    return ([found[os.path.realpath(on_path)]] if on_path else []) + others


def _version_key(version: str | None) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", version or ""))


def same_release(wanted: str, casa: Casa) -> bool | None:
    """Whether ``casa`` is the release ``wanted`` ("6.5.4" matches "6.5.4-9"), None when its version is unknown."""
    if casa.version is None:
        return None
    have = _version_key(casa.version)
    want = _version_key(wanted)
    return have[: len(want)] == want
