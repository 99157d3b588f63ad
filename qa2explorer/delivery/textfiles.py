"""Small, bounded reads of delivery text files that carry facts the names do not (PPR, README, antennas)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field

from . import uids

MAX_XML_BYTES = 8 * 1024 * 1024
MAX_SNIFF_BYTES = 256 * 1024


def read_head(path: str, limit: int = MAX_SNIFF_BYTES) -> str:
    """The first ``limit`` bytes of a file as text ('' if unreadable)."""
    try:
        with open(path, "rb") as f:
            data = f.read(limit)
    except OSError:
        return ""
    return data.decode("utf-8", "replace")


@dataclass
class PprInfo:
    project: str | None = None
    mous: str | None = None
    gous: str | None = None
    science_goal: str | None = None
    sessions: dict[str, list[str]] = field(default_factory=dict)
    ebs: list[str] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)

    @property
    def imaging_foreseen(self) -> bool:
        """scriptForPI's own test: more than one hif_makeimages call in the PPR."""
        return sum(1 for c in self.commands if c == "hif_makeimages") > 1


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_ppr(path: str) -> PprInfo | None:
    """Project code, MOUS, sessions and EBs of a pipeline processing request; None if unreadable."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_XML_BYTES + 1)
    except OSError:
        return None
    return parse_ppr_text(data)


def parse_ppr_text(data: bytes) -> PprInfo | None:
    """:func:`parse_ppr` of a PPR's bytes (read from a file or from inside an archive); None if not one."""
    if len(data) > MAX_XML_BYTES:
        return None
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return None
    info = PprInfo()
    keyword = None
    for el in root.iter():
        tag = _local(el.tag)
        text = (el.text or "").strip()
        if tag in ("ProposalCode", "ProjectCode") and text:
            info.project = uids.find_project(text) or text
        elif tag == "OUSStatusRef":
            info.mous = uids.to_uri(el.get("entityId", "")) or info.mous
        elif tag == "RelativePath" and text:
            for part in text.split("/"):
                if part.startswith("GOUS_"):
                    info.gous = uids.to_uri(part)
                elif part.startswith("SOUS_"):
                    info.science_goal = uids.to_uri(part)
                elif part.startswith("MOUS_") and info.mous is None:
                    info.mous = uids.to_uri(part)
        elif tag == "Keyword":
            keyword = text
        elif tag == "Value" and keyword and keyword.upper().startswith("SESSION"):
            name = keyword.lower()
            info.sessions[name] = uids.find_ebs(text)
            keyword = None
        elif tag == "Command" and text:
            info.commands.append(text)
        elif tag == "AsdmDiskName" and text:
            info.ebs.extend(e for e in uids.find_ebs(text) if e not in info.ebs)
    for ebs in info.sessions.values():
        info.ebs.extend(e for e in ebs if e not in info.ebs)
    return info


_ANTENNA = re.compile(r"(?<![A-Za-z0-9])(DA|DV|PM|CM)(\d{2})(?![0-9])")


def count_antennas(text: str) -> Counter:
    """How often 12-m (DA, DV), 7-m (CM) and TP/12-m (PM) antenna names appear in ``text``."""
    c: Counter = Counter()
    for m in _ANTENNA.finditer(text):
        c[m.group(1)] += 1
    return c


_CONFIG = re.compile(r"Configuration:\s*(.*)", re.IGNORECASE)


def readme_facts(text: str) -> dict[str, str]:
    """Project code and configuration from a (Cycle 0-4 style) README."""
    facts = {}
    if (project := uids.find_project(text)) is not None:
        facts["project"] = project
    if (m := _CONFIG.search(text)) is not None:
        facts["configuration"] = m.group(1).strip()
    return facts


_CONFIG_7M = re.compile(r"\b(7\s*-?\s*m|ACA)\b", re.IGNORECASE)
_CONFIG_12M = re.compile(r"\b(12\s*-?\s*m|C(40|43)-\d+|C-\d+)\b", re.IGNORECASE)


def array_from_configuration(text: str) -> str | None:
    """'12-m' or '7-m' from a README configuration line ("12m array, …", "C40-5/C40-6", "7m (ACA)")."""
    seven, twelve = bool(_CONFIG_7M.search(text)), bool(_CONFIG_12M.search(text))
    if seven and not twelve:
        return "7-m"
    if twelve and not seven:
        return "12-m"
    return None
