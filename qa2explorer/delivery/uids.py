"""ALMA archive identifiers as they appear in delivery file and folder names.

Names carry uids with the ``://`` and ``/`` replaced by underscores: ``uid://A001/X1465/X1b48`` becomes
``uid___A001_X1465_X1b48``. Documents (and some listings) show two underscores; real names have three.
``A001`` uids are ObsUnitSets (science goal, group, member), ``A002`` uids are execution blocks (EBs).
"""

from __future__ import annotations

import re

# One uid in a file name: 1-3 underscores after "uid", namespace, two hex parts.
UID_IN_NAME = re.compile(r"uid_{1,3}(A\d{3})_(X[0-9a-fA-F]+)_(X[0-9a-fA-F]+)")
# The same uid written as an archive URI.
UID_URI = re.compile(r"uid://(A\d{3})/(X[0-9a-fA-F]+)/(X[0-9a-fA-F]+)")
OUS_IN_NAME = re.compile(r"uid_{1,3}A001_X[0-9a-fA-F]+_X[0-9a-fA-F]+")
EB_IN_NAME = re.compile(r"uid_{1,3}A002_X[0-9a-fA-F]+_X[0-9a-fA-F]+")

# Project codes: 2019.1.01056.S, 2011.0.00772.S, 2019.A.00034.S (DDT), 2025.1.00324.L ...
PROJECT_CODE = re.compile(r"(?<!\d)(\d{4})\.([0-9A-Z])\.(\d{5})\.([A-Z])(?![A-Za-z0-9])")

# Call-for-proposals year -> cycle, for the years that had a call (no 2014 or 2020 call).
_CYCLE_BY_YEAR = {2011: 0, 2012: 1, 2013: 2, 2015: 3, 2016: 4, 2017: 5, 2018: 6, 2019: 7}


def to_uri(token: str) -> str | None:
    """``uid___A001_X1465_X1b48`` (or ``uid://…``) -> ``uid://A001/X1465/X1b48``; None if no uid."""
    m = UID_IN_NAME.search(token) or UID_URI.search(token)
    if not m:
        return None
    return f"uid://{m.group(1)}/{m.group(2)}/{m.group(3)}"


def to_name(uri: str) -> str | None:
    """``uid://A001/X1465/X1b48`` -> ``uid___A001_X1465_X1b48`` (the spelling used in file names)."""
    m = UID_URI.search(uri) or UID_IN_NAME.search(uri)
    if not m:
        return None
    return f"uid___{m.group(1)}_{m.group(2)}_{m.group(3)}"


def find_ebs(text: str) -> list[str]:
    """Every execution-block uid (namespace A002) in ``text``, as URIs, in order of appearance."""
    seen: dict[str, None] = {}
    for m in EB_IN_NAME.finditer(text):
        seen[to_uri(m.group(0))] = None
    for m in UID_URI.finditer(text):
        if m.group(1) == "A002":
            seen[f"uid://{m.group(1)}/{m.group(2)}/{m.group(3)}"] = None
    return list(seen)


def find_project(text: str) -> str | None:
    m = PROJECT_CODE.search(text)
    return m.group(0) if m else None


def cycle_of(project_code: str | None) -> int | None:
    """ALMA cycle of a project code: 2019.1.x -> 7, 2021.1.x -> 8, 2025.1.x -> 12.

    The first digit group is the year of the call. Cycle 8 (2021) came after the pandemic year without a
    call, so from 2021 on the cycle is year - 2013. Supplemental calls and DDT (``2019.2``, ``2019.A``) belong
    to the cycle of their year.
    """
    if not project_code:
        return None
    m = PROJECT_CODE.search(project_code)
    if not m:
        return None
    year = int(m.group(1))
    if year in _CYCLE_BY_YEAR:
        return _CYCLE_BY_YEAR[year]
    if year >= 2021:
        return year - 2013
    return None


def short(uri: str | None) -> str:
    """Last part of a uid, the part people quote ("X1b48"); '' for None."""
    if not uri:
        return ""
    return uri.rsplit("/", 1)[-1]
