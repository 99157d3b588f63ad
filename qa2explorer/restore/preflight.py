"""Before a restore starts: the checks scriptForPI.py makes (and some it makes only after hours of work), as a
checklist a user reads before Start. Each check passes, warns, or blocks, in one line with what to do.

What scriptForPI checks, and how (corpus NOTES.md): it runs in ``script/`` with ``../calibration``; it
needs ``raw/`` with ``uid*.asdm.sdm`` for the EBs its calibration knows (PPR ``<AsdmDiskName>`` lines, or the
``uid*.ms.scriptForCalibration.py`` names), and proceeds with the rest when some are missing; it stops when
``calibrated/`` exists; it needs free disk of raw size × (11 + 3 sf) MB at SPACESAVING 0, × (7 + 3 sf) at 1,
× (3 + 3 sf) at 2 or more (sf = 1 with flux, imaging-prep or polarisation scripts), none at −1; a pipeline
restore needs CASA started with ``--pipeline``. Scripts up to version 1.25 are Python 2 (CASA ≤ 5), later ones
Python 3 (CASA 6).

Restoring into another folder (``into``): the checks are those of the working copy that the restore makes there
(:mod:`.working_copy`): the same scripts, calibration and raw data (linked), its own ``calibrated/``, that
folder's disk and write permission."""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
from dataclasses import dataclass, field

from ..delivery.casa_wanted import READ_LIMIT, Wanted, wanted_casa
from ..delivery.names import decode
from ..delivery.textfiles import parse_ppr, read_head
from ..delivery.uids import find_project, short, to_name
from .casa import Casa, same_release
from .working_copy import copy_path, is_working_copy

PASS, WARN, BLOCK = "pass", "warn", "block"
_PY2 = re.compile(r"^\s*print\s+['\"]|\.has_key\(", re.MULTILINE)
_PY3_PRINT = re.compile(r"^\s*print\(", re.MULTILINE)


@dataclass(frozen=True)
class Check:
    key: str
    verdict: str  # PASS, WARN or BLOCK
    text: str  # what was found
    hint: str = ""  # what to do about it


@dataclass
class Preflight:
    member: str
    checks: list[Check] = field(default_factory=list)
    expected_ebs: list[str] = field(default_factory=list)  # uid___… names
    missing_ebs: list[str] = field(default_factory=list)
    need_mb: int | None = None
    free_mb: int | None = None
    wanted: Wanted | None = None
    pipeline: bool = False  # a pipeline restore (needs casa --pipeline)
    script_for_pi: str | None = None  # its name in script/
    target: str = ""  # the folder whose calibrated/ the restore writes: the member, or its working copy

    def __post_init__(self) -> None:
        self.target = self.target or self.member

    @property
    def ready(self) -> bool:
        return all(c.verdict != BLOCK for c in self.checks)

    def to_dict(self) -> dict:
        return {
            "member": self.member,
            "ready": self.ready,
            "checks": [c.__dict__ for c in self.checks],
            "expected_ebs": self.expected_ebs,
            "missing_ebs": self.missing_ebs,
            "need_mb": self.need_mb,
            "free_mb": self.free_mb,
            "wanted_casa": self.wanted.version if self.wanted else None,
            "pipeline": self.pipeline,
            "target": self.target,
        }


def preflight(member: str, casa: Casa | None, spacesaving: int = 1, free_bytes: int | None = None,
              into: str | None = None) -> Preflight:  # fmt: skip
    """The checks for restoring the member at ``member`` with ``casa`` (None: none found), in place or, with
    ``into``, in a working copy in that folder. ``free_bytes`` replaces the file system's reading (tests inject
    a full disk this way)."""
    out = Preflight(os.path.abspath(member))
    if into:
        out.target = copy_path(out.member, into)
    add = out.checks.append
    script, calibration, raw = (os.path.join(member, s) for s in ("script", "calibration", "raw"))
    spi = sorted(glob.glob(os.path.join(script, "*scriptForPI.py")))
    if not os.path.isdir(script) or not spi:
        add(Check("script", BLOCK, "no scriptForPI.py in script/" if os.path.isdir(script) else "no script/ folder",
                  "This member cannot be restored: the delivery has no restore script."))  # fmt: skip
    else:
        out.script_for_pi = os.path.basename(spi[0])
        add(Check("script", PASS, f"script/{out.script_for_pi}"))
    if os.path.isdir(calibration):
        add(Check("calibration", PASS, "calibration/ present"))
    else:
        add(Check("calibration", BLOCK, "no calibration/ folder", "Download the delivery's calibration tarball."))
    scripts = os.listdir(script) if os.path.isdir(script) else []
    out.pipeline = any(n.endswith("casa_piperestorescript.py") or n.endswith("casa_pipescript.py") for n in scripts)
    _ebs(out, script, scripts, raw)
    _disk(out, raw, scripts, spacesaving, free_bytes)
    _target(out, into)
    _casa(out, casa, spi[0] if spi else None)
    return out


def _target(out: Preflight, into: str | None) -> None:
    """calibrated/ not there yet, and a folder the restore can write: the member, or the working copy's."""
    add = out.checks.append
    where = "" if out.target == out.member else f" in {out.target}"
    if into and os.path.lexists(out.target) and not is_working_copy(out.target, out.member):
        add(Check("into", BLOCK, f"{out.target} exists and is not a working copy of this member",
                  "Choose another folder to restore into."))  # fmt: skip
    elif os.path.lexists(os.path.join(out.target, "calibrated")):
        add(Check("calibrated", BLOCK, f"calibrated/ already exists{where} (scriptForPI stops there)",
                  "Set it aside (renamed with a timestamp) or restore into another folder."))  # fmt: skip
    else:
        add(Check("calibrated", PASS, f"no calibrated/ yet{where}"))
    if not into and os.access(out.member, os.W_OK):
        add(Check("writable", PASS, "the member folder is writable"))
    elif not into:
        add(Check("writable", BLOCK, "the member folder is not writable",
                  "Restore into another folder: a working copy of script/ and calibration/, raw/ linked."))  # fmt: skip
    elif os.access(_existing(out.target), os.W_OK):
        add(Check("writable", PASS, f"{_existing(out.target)} is writable: the restore goes to a working copy "
                  f"{out.target} (script/ and calibration/ copied, raw/ linked)"))  # fmt: skip
    else:
        add(Check("writable", BLOCK, f"{_existing(out.target)} is not writable", "Choose another folder."))


def _existing(path: str) -> str:
    """``path`` or its nearest folder above that exists."""
    while not os.path.exists(path) and os.path.dirname(path) != path:
        path = os.path.dirname(path)
    return path


def _ebs(out: Preflight, script: str, scripts: list[str], raw: str) -> None:
    ebs: dict[str, None] = {}
    project = None
    for name in sorted(scripts):
        if name.endswith(".xml") and ("PPR" in name or "pprequest" in name):
            ppr = parse_ppr(os.path.join(script, name))
            for eb in ppr.ebs if ppr else []:
                ebs[to_name(eb) or eb] = None
            project = project or (ppr.project if ppr else None)
    for name in sorted(scripts):
        d = decode(name)
        if d.kind == "calibration_script" and d.eb:
            ebs[to_name(d.eb) or d.eb] = None
    out.expected_ebs = list(ebs)
    project = project or _project(out.member, raw)
    present = set()
    if os.path.isdir(raw):
        for name in os.listdir(raw):
            d = decode(name)
            if d.kind == "asdm" and d.eb and name.endswith(".asdm.sdm"):
                present.add(to_name(d.eb) or d.eb)
    out.missing_ebs = [eb for eb in out.expected_ebs if eb not in present]
    add = out.checks.append
    download = (
        "Download from the ALMA archive "
        + ", ".join(f"{project}_{eb}.asdm.sdm.tar" if project else f"{eb}.asdm.sdm" for eb in out.missing_ebs)
        + (" and unpack them into raw/." if len(out.missing_ebs) > 1 else " and unpack it into raw/.")
    )
    if not out.expected_ebs and not scripts:
        return  # no script/: the script check says why nothing can be restored
    if not out.expected_ebs:
        add(
            Check("raw", WARN, "no EB named by the PPR or calibration scripts", "scriptForPI will use what raw/ holds.")
        )
    elif not os.path.isdir(raw):
        add(Check("raw", BLOCK, f"no raw/ folder: the {len(out.expected_ebs)} ASDMs are to be downloaded",
                  download))  # fmt: skip
    elif len(out.missing_ebs) == len(out.expected_ebs):
        add(Check("raw", BLOCK, "raw/ holds none of the EBs the calibration knows", download))
    elif out.missing_ebs:
        add(Check("raw", WARN, f"raw/ lacks {len(out.missing_ebs)} of {len(out.expected_ebs)} EBs: "
                  + ", ".join(short(eb) for eb in out.missing_ebs),
                  "scriptForPI restores the others. " + download))  # fmt: skip
    else:
        add(Check("raw", PASS, f"raw/ holds all {len(out.expected_ebs)} EBs"))


def _project(member: str, raw: str) -> str | None:
    """The project code when no PPR names it: from the folders raw/ sits in (the delivery unpacked under its
    project's folder; a working copy's raw/ links there), else a reducer's README ("Project code: …")."""
    if found := find_project(os.path.realpath(raw)):
        return found
    for readme in sorted(glob.glob(os.path.join(member, "*README*"))):
        if found := find_project(read_head(readme, READ_LIMIT)):
            return found
    return None


def _disk(out: Preflight, raw: str, scripts: list[str], spacesaving: int, free: int | None) -> None:
    add = out.checks.append
    if spacesaving < -1:
        add(Check("disk", BLOCK, f"SPACESAVING {spacesaving} is not one scriptForPI accepts", "Use −1, 0, 1, 2 or 3."))
        return
    if not os.path.isdir(raw):
        return
    raw_mb = -(-tree_bytes(raw, allocated=True) // (1024 * 1024))  # MB as ``du -smc`` counts them
    extra = any(k in n for n in scripts for k in ("scriptForFluxCalibration", "scriptForImagingPrep",
                                                    "scriptForPolCalibration"))  # fmt: skip
    factor = {0: 11, 1: 7}.get(spacesaving, 3) + 3 * extra
    out.need_mb = 0 if spacesaving == -1 else raw_mb * factor
    out.free_mb = (free if free is not None else shutil.disk_usage(_existing(out.target)).free) // (1024 * 1024)
    if spacesaving == -1:
        add(Check("disk", PASS, f"{out.free_mb:,} MB free; scriptForPI checks no disk at SPACESAVING -1"))
    elif out.need_mb <= out.free_mb:
        add(
            Check("disk", PASS, f"{out.free_mb:,} MB free, up to {out.need_mb:,} MB needed (SPACESAVING {spacesaving})")
        )
    else:
        add(Check("disk", BLOCK, f"{out.free_mb:,} MB free, up to {out.need_mb:,} MB needed at SPACESAVING "
                  f"{spacesaving} (raw/ is {raw_mb:,} MB × {factor})",
                  "Free some space, raise SPACESAVING, or restore into a folder on a larger disk."))  # fmt: skip


def tree_bytes(folder: str, allocated: bool = False) -> int:
    """Bytes of the files under ``folder`` (links not followed): their sizes, or with ``allocated`` the disk
    blocks they take, as ``du`` counts them."""
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            with contextlib.suppress(OSError):
                st = os.lstat(os.path.join(root, name))
                total += st.st_blocks * 512 if allocated else st.st_size
    return total


def _casa(out: Preflight, casa: Casa | None, spi: str | None) -> None:
    add = out.checks.append
    out.wanted = wanted_casa(out.member)
    if casa is None:
        add(Check("casa", BLOCK, "no CASA found (not on PATH, nor in ~/casa-*, /opt/casa-*, /usr/local/casa*)",
                  "Install CASA (with the pipeline for pipeline data) or choose its casa."))  # fmt: skip
        return
    add(Check("casa", PASS, casa.describe()))
    if out.wanted is not None:
        same = same_release(out.wanted.version, casa)
        text = f"the delivery asks for CASA {out.wanted.version} ({out.wanted.source})"
        if same is False:
            add(Check("casa_version", WARN, f"{text}; this is {casa.version}",
                      f"Results may differ from the QA2 ones: install CASA {out.wanted.version}."))  # fmt: skip
        elif same is None:
            add(Check("casa_version", WARN, f"{text}; this CASA's version is not in its name"))
        else:
            add(Check("casa_version", PASS, text))
    if out.pipeline and not casa.has_pipeline:
        add(Check("pipeline", WARN, "a pipeline restore: CASA must have the ALMA pipeline (casa --pipeline); this "
                  "one's name does not say it has", "Use a CASA release named …-pipeline-…."))  # fmt: skip
    if spi is not None and casa.major is not None:
        text = read_head(spi, READ_LIMIT)
        python2 = bool(_PY2.search(text)) and not _PY3_PRINT.search(text)
        if python2 and casa.major >= 6:
            add(Check("python", BLOCK, "this scriptForPI is Python 2 (CASA 5 and older); CASA 6 cannot run it",
                      "Use a CASA 5 release (the version the QA2 report names)."))  # fmt: skip
        elif not python2 and casa.major <= 5 and _PY3_PRINT.search(text):
            add(Check("python", BLOCK, "this scriptForPI is Python 3 (CASA 6); this CASA is Python 2",
                      "Use a CASA 6 release."))  # fmt: skip
