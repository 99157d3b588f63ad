"""The levels of an ALMA delivery tree, recognised from folder names.

``<project>/science_goal.uid___A001_…/group.uid___A001_…/member.uid___A001_…/{product,calibration,qa,script,
log,raw}``. Users rename and flatten trees (corpus: jturne19/legus-alma keeps ``band4/12m/{product,…}``), so a
folder also counts as a member when it holds the member sections.
"""

from __future__ import annotations

import os
import re

from . import uids

SECTIONS = ("product", "calibration", "qa", "script", "log", "raw", "calibrated")
_CORE_SECTIONS = frozenset({"product", "calibration", "qa", "script"})
_LEVEL_PREFIX = re.compile(r"^(science_goal|group|member)\.uid_{1,3}A001_X[0-9a-fA-F]+_X[0-9a-fA-F]+$")
_PROJECT_DIR = re.compile(r"^\d{4}\.[0-9A-Z]\.\d{5}\.[A-Z]$")
_WEBLOG_DIR = re.compile(r"^pipeline-[\w.-]+$")

LEVEL_LABELS = {
    "root": "Delivery folder",
    "project": "Project",
    "science_goal": "Science goal",
    "group": "Group OUS",
    "member": "Member OUS",
    "section": "Section",
}


def level_of_dirname(name: str) -> str | None:
    """'project', 'science_goal', 'group', 'member' from a folder name, or None."""
    if _PROJECT_DIR.match(name):
        return "project"
    m = _LEVEL_PREFIX.match(name)
    return m.group(1) if m else None


def looks_like_member(name: str, child_dir_names: set[str]) -> bool:
    if level_of_dirname(name) == "member":
        return True
    present = child_dir_names & set(SECTIONS)
    return len(present) >= 2 and bool(present & _CORE_SECTIONS)


def role_inside_member(name: str, depth: int) -> str:
    """Role of a folder ``depth`` levels below a member folder (1 = a section)."""
    if depth == 1 and name in SECTIONS:
        return "section"
    if name.endswith((".asdm.sdm", "_asdm.sdm")) or (depth == 2 and uids.EB_IN_NAME.fullmatch(name)):
        return "asdm"
    if name.endswith((".ms", ".ms.split", ".ms.split.cal")):
        return "measurement_set"
    if _WEBLOG_DIR.match(name):
        return "weblog_dir"
    return "folder"


def child_dir_names(path: str) -> set[str]:
    """Names of the sub-folders of ``path`` (empty on any error)."""
    try:
        with os.scandir(path) as it:
            return {e.name for e in it if _is_dir(e)}
    except OSError:
        return set()


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False
