"""The CASA version a delivery asks for, and where it says so: the README's "CASA version used for reduction"
(Cycles 1–4), a manual calibration script's own version check, the AQUA report's ``CasaVersion``, or the
weblog's "CASA Version" row, or the pipeline's own CASA log in ``log/`` (``CASA Version PIPELINE 6.5.4.9``;
``casa_commands.log`` names no version). scriptForPI itself never checks the version; these are what the ALMA
documents point the PI to."""

from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass

from .textfiles import read_head

_README = re.compile(r"CASA version used for reduction:\s*(\d+\.\d+(?:\.\d+)?(?:-\d+)?)", re.IGNORECASE)
_SCRIPT = re.compile(r"USE THE SAME VERSION OF CASA[^:]*:\s*(\d+\.\d+\.\d+)|search\('\^(\d+\.\d+\.\d+)'")
_AQUA = re.compile(r"CasaVersion[\"'>=\s]+([\d.]+(?:-\d+)?)", re.IGNORECASE)
_WEBLOG = re.compile(r"<th>\s*CASA Version\s*</th>\s*<td>\s*([\d.]+(?:-\d+)?)", re.IGNORECASE)
_CASA_LOG = re.compile(r"\tCASA Version (?:[A-Z]+ )?(\d+\.\d+\.\d+(?:[.-]\d+)?)")
READ_LIMIT = 2_000_000  # bytes read of any one file


@dataclass(frozen=True)
class Wanted:
    version: str
    source: str  # where the delivery says it: "README", "the AQUA report", "<script name>"…


def wanted_casa(member: str) -> Wanted | None:
    """The CASA version the member at ``member`` (its folder) asks for, or None when it names none."""
    sources = [
        (sorted(glob.glob(os.path.join(member, "*README*"))), _README, "the README"),
        (sorted(glob.glob(os.path.join(member, "script", "*scriptForCalibration.py"))), _SCRIPT, None),
        (sorted(glob.glob(os.path.join(member, "qa", "*aquareport.xml"))), _AQUA, "the AQUA report"),
        (sorted(glob.glob(os.path.join(member, "qa", "**", "t1-1.html"), recursive=True)), _WEBLOG, "the weblog"),
        (sorted(glob.glob(os.path.join(member, "log", "*casa-*.log"))), _CASA_LOG, "the pipeline's CASA log"),
    ]
    for paths, pattern, label in sources:
        for path in paths:
            match = pattern.search(read_head(path, READ_LIMIT))
            if match:
                version = next(g for g in match.groups() if g)
                return Wanted(version, label or os.path.basename(path))
    return None
