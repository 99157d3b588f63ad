"""What a set of downloaded ALMA archive files holds, read from their names and tar headers only (nothing is
written): each archive's kind, the members (MOUS) and top folders in it, its sizes, and what is wrong before
anything is unpacked. *Problems* stop an import (an HTML error page saved under a ``.tar`` name, a truncated or
corrupt archive, an entry that would escape the target); *gaps* are reported only: parts of a split set not
downloaded, a member's README or auxiliary tarball missing, and the raw ASDMs a member expects (from the PPR or
README inside the tarballs, or the EB uids its products are named after) with no ``.asdm.sdm.tar`` given."""

from __future__ import annotations

import os
import re
import tarfile
from dataclasses import dataclass, field

from ..delivery import uids
from ..delivery.tar_safety import READ_ERRORS, check_member, open_tar, read_error_text
from ..delivery.textfiles import MAX_XML_BYTES, parse_ppr_text
from ..delivery.vocabulary import ARCHIVE_SUFFIXES, download_tarball_kind
from ..jobs import CancelToken, JobError
from ..words import human_size, plural

_SPLIT = re.compile(r"^(.*)_(\d{3})_of_(\d{3})\.tar$")
_MEMBER_DIR = re.compile(r"^member\.(uid___A\d{3}_X[0-9a-z]+_X[0-9a-z]+)$", re.IGNORECASE)
_HTML = (b"<!doctype html", b"<html", b"<?xml", b"<head", b"<!--")
_END_OF_ARCHIVE = 1024  # two zero blocks close a tar archive
KIND_LABELS = {"product_tar": "products", "auxiliary_tar": "auxiliary files", "readme_tar": "README",
               "asdm_tar": "raw data (ASDM)", "tar": "archive"}  # fmt: skip


@dataclass
class Archive:
    path: str
    kind: str  # product_tar, auxiliary_tar, readme_tar, asdm_tar, or "tar" for another archive
    size: int  # bytes on disk
    unpacked: int = 0  # bytes of the files in it
    entries: int = 0
    members: list[str] = field(default_factory=list)  # MOUS names (uid___A001_…) of the member folders in it
    tops: list[str] = field(default_factory=list)  # its top-level folders
    ebs: list[str] = field(default_factory=list)  # EB uids its ASDMs hold (asdm_tar) or it names (the others)
    problem: str = ""  # why it cannot be unpacked ('' when it can)

    @property
    def name(self) -> str:
        return os.path.basename(self.path)

    def to_dict(self) -> dict:
        return {"path": self.path, "kind": self.kind, "size": self.size, "unpacked": self.unpacked,
                "entries": self.entries, "members": self.members, "tops": self.tops, "ebs": self.ebs,
                "problem": self.problem}  # fmt: skip


@dataclass
class Plan:
    archives: list[Archive]
    gaps: list[str] = field(default_factory=list)  # reported, not errors
    raw_missing: dict[str, list[str]] = field(default_factory=dict)  # MOUS name -> EB uids not downloaded

    @property
    def problems(self) -> list[str]:
        return [f"{a.name}: {a.problem}" for a in self.archives if a.problem]

    @property
    def total(self) -> int:
        """Bytes the archives unpack to."""
        return sum(a.unpacked for a in self.archives)

    @property
    def members(self) -> list[str]:
        return sorted({m for a in self.archives for m in a.members})

    def lines(self) -> list[str]:
        """The plan for people: one line per archive, then the problems and gaps."""
        out = []
        for a in self.archives:
            what = f"{a.name}: {KIND_LABELS[a.kind]}, {human_size(a.size)}"
            if not a.problem:
                what += f", {plural(a.entries, 'entry', 'entries')} ({human_size(a.unpacked)})"
                if a.members:
                    what += f", member {', '.join(a.members)}"
            out.append(what)
        out += [f"problem: {p}" for p in self.problems]
        out += [f"gap: {g}" for g in self.gaps]
        return out

    def to_dict(self) -> dict:
        return {"archives": [a.to_dict() for a in self.archives], "problems": self.problems, "gaps": self.gaps,
                "raw_missing": self.raw_missing, "total": self.total}  # fmt: skip


def archive_paths(paths: list[str]) -> list[str]:
    """The archive files among ``paths``: files as given, folders by the archives directly in them."""
    found: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            names = sorted(os.listdir(path))
            found += [os.path.join(path, n) for n in names if n.endswith(ARCHIVE_SUFFIXES) and
                      os.path.isfile(os.path.join(path, n))]  # fmt: skip
        elif os.path.isfile(path):
            found.append(path)
        else:
            raise JobError(f"{path} does not exist")
    if not found:
        raise JobError(f"no archive (.tar, .tgz) in {', '.join(paths)}")
    return [os.path.abspath(p) for p in dict.fromkeys(found)]


def inspect(paths: list[str], token: CancelToken | None = None) -> Plan:
    """What the archives among ``paths`` hold and what is missing; raises :class:`JobError` only when no archive
    is given (a bad archive is a problem in the plan)."""
    token = token or CancelToken()
    archives = []
    expected: dict[str, dict[str, None]] = {}  # MOUS -> EB uids it expects
    for path in archive_paths(paths):
        token.check()
        archive, ebs_by_member = _read(path, token)
        archives.append(archive)
        for mous, ebs in ebs_by_member.items():
            expected.setdefault(mous, {}).update(dict.fromkeys(ebs))
    plan = Plan(archives)
    _gaps(plan, expected)
    return plan


def _read(path: str, token: CancelToken) -> tuple[Archive, dict[str, list[str]]]:
    name = os.path.basename(path)
    archive = Archive(path, download_tarball_kind(name) or "tar", os.path.getsize(path))
    ebs_by_member: dict[str, list[str]] = {}
    with open(path, "rb") as raw:
        head = raw.read(512).lstrip().lower()
        if head.startswith(_HTML):
            archive.problem = "an HTML page (an error page the browser saved?), not a tar archive: download it again"
            return archive, ebs_by_member
        raw.seek(0)
        try:
            with open_tar(raw) as tar:
                _headers(tar, archive, ebs_by_member, token)
                if tar.fileobj is raw and archive.size < tar.offset + _END_OF_ARCHIVE:  # plain tar cut at a header
                    raise EOFError
        except READ_ERRORS as exc:
            archive.problem = f"{read_error_text(exc)}: download it again"
        except JobError as exc:
            archive.problem = str(exc)
    if archive.kind == "asdm_tar":
        archive.ebs = list(dict.fromkeys(uids.find_ebs(name) + archive.ebs))
    return archive, ebs_by_member


def _headers(tar: tarfile.TarFile, archive: Archive, ebs_by_member: dict[str, list[str]], token) -> None:
    """Every header of ``tar``, checked; members, tops and the EBs named (PPR and README read from inside)."""
    members: dict[str, None] = {}
    tops: dict[str, None] = {}
    ebs: dict[str, None] = {}
    while (m := tar.next()) is not None:
        archive.entries += 1
        archive.unpacked += check_member(m, archive.entries, archive.unpacked)
        if archive.entries % 500 == 0:
            token.check()
        parts = m.name.strip("/").split("/")
        tops[parts[0]] = None
        mous = next((hit.group(1) for p in parts if (hit := _MEMBER_DIR.match(p))), None)
        if mous:
            members[mous] = None
        base = parts[-1]
        named = uids.find_ebs(base)
        if m.isfile() and m.size <= MAX_XML_BYTES and _carries_ebs(base):
            named += _ebs_inside(tar, m)
        for eb in named:
            ebs[eb] = None
            if mous and archive.kind != "asdm_tar":
                ebs_by_member.setdefault(mous, []).append(eb)
        if not mous and named and archive.kind == "readme_tar" and (hit := uids.to_name(archive.name)):
            ebs_by_member.setdefault(hit, []).extend(named)  # a README outside a member tree: the name's MOUS
    archive.members = list(members)
    archive.tops = list(tops)
    archive.ebs = list(ebs)


def _carries_ebs(base: str) -> bool:
    low = base.lower()
    return ("ppr" in low and low.endswith(".xml")) or low.startswith("readme") or low.endswith("_readme.txt")


def _ebs_inside(tar: tarfile.TarFile, m: tarfile.TarInfo) -> list[str]:
    f = tar.extractfile(m)
    data = f.read() if f is not None else b""
    if m.name.lower().endswith(".xml"):
        ppr = parse_ppr_text(data)
        return ppr.ebs if ppr is not None else []
    return uids.find_ebs(data.decode("utf-8", "replace"))


def _gaps(plan: Plan, expected: dict[str, dict[str, None]]) -> None:
    names = [a.name for a in plan.archives]
    splits: dict[tuple[str, str], set[int]] = {}
    for n in names:
        if (m := _SPLIT.match(n)) is not None:
            splits.setdefault((m.group(1), m.group(3)), set()).add(int(m.group(2)))
    for (prefix, of), present in sorted(splits.items()):
        missing = [f"{prefix}_{i:03d}_of_{of}.tar" for i in range(1, int(of) + 1) if i not in present]
        if missing:
            plan.gaps.append(f"{plural(len(missing), 'part')} of {of} not downloaded: {', '.join(missing)}")
    downloaded = {eb for a in plan.archives if a.kind == "asdm_tar" for eb in a.ebs}
    product_members = {m for a in plan.archives if a.kind == "product_tar" for m in a.members}
    for mous in sorted(product_members | set(expected)):
        if not any(a.kind == "readme_tar" and mous in a.name for a in plan.archives):
            plan.gaps.append(f"member {mous}: README tarball not downloaded (member_{mous}_README.txt.tar)")
        if not any(a.kind == "auxiliary_tar" and mous in a.name for a in plan.archives):
            plan.gaps.append(f"member {mous}: auxiliary tarball not downloaded (…_{mous}_auxiliary.tar)")
        missing = [eb for eb in expected.get(mous, {}) if eb not in downloaded]
        if missing:
            plan.raw_missing[mous] = missing
            shown = ", ".join(uids.to_name(eb) or eb for eb in missing)
            plan.gaps.append(f"member {mous}: raw data not downloaded, {plural(len(missing), 'ASDM')}: {shown}")
