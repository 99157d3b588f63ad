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
import time
from dataclasses import dataclass, field

from ..delivery import uids
from ..delivery.tar_safety import READ_ERRORS, check_member, open_tar, read_error_text
from ..delivery.textfiles import MAX_XML_BYTES, parse_ppr_text
from ..delivery.vocabulary import ARCHIVE_SUFFIXES, download_tarball_kind
from ..jobs import CancelToken, JobError, Reporter
from ..words import human_size, plural

_SPLIT = re.compile(r"^(.*)_(\d{3})_of_(\d{3})\.tar$")
_MEMBER_DIR = re.compile(r"^member\.(uid___A\d{3}_X[0-9a-z]+_X[0-9a-z]+)$", re.IGNORECASE)
_HTML = (b"<!doctype html", b"<html", b"<?xml", b"<head", b"<!--")
_END_OF_ARCHIVE = 1024  # two zero blocks close a tar archive
KIND_LABELS = {"product_tar": "products", "auxiliary_tar": "auxiliary files", "readme_tar": "README",
               "asdm_tar": "raw data (ASDM)", "tar": "archive"}  # fmt: skip
# What is wrong with an archive, in a word or two: an HTML page, truncated, corrupt (not a tar archive), or an
# entry refused (one that would escape the target, a device, a decompression bomb)
STATUS_LABELS = {"ok": "OK", "html": "HTML page", "truncated": "truncated", "corrupt": "corrupt",
                 "hostile": "hostile entry"}  # fmt: skip
_REPORT_SECONDS = 0.1


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
    status: str = "ok"  # a key of STATUS_LABELS
    files: list[tuple[str, int]] = field(default_factory=list, repr=False)  # its regular files: (name, size)

    @property
    def name(self) -> str:
        return os.path.basename(self.path)

    @property
    def kind_label(self) -> str:
        """'products', 'products, part 2 of 3' (of a split set), 'auxiliary files', 'README'…"""
        hit = _SPLIT.match(self.name)
        if self.kind == "product_tar" and hit is not None and hit.group(3) != "001":
            return f"products, part {int(hit.group(2))} of {int(hit.group(3))}"
        return KIND_LABELS[self.kind]

    @property
    def holds(self) -> str:
        """What it holds, in a few words: its members (or ASDMs, or top folders) and how many files ('' for an
        HTML page)."""
        if self.status == "html":
            return ""
        if self.kind == "asdm_tar" and self.ebs:
            what = ", ".join(f"ASDM {uids.to_name(eb) or eb}" for eb in self.ebs)
        elif self.members:
            what = ("member " if len(self.members) == 1 else "members ") + ", ".join(self.members)
        else:
            what = ", ".join(self.tops)
        count = plural(len(self.files), "file")
        return f"{what} ({count})" if what else count

    def to_dict(self) -> dict:
        return {"path": self.path, "kind": self.kind, "size": self.size, "unpacked": self.unpacked,
                "entries": self.entries, "members": self.members, "tops": self.tops, "ebs": self.ebs,
                "problem": self.problem, "status": self.status}  # fmt: skip


@dataclass(frozen=True)
class Gap:
    """One thing not downloaded: a part of a split set, a member's README or auxiliary tarball, or an ASDM."""

    kind: str  # "part", "readme", "auxiliary", "raw"
    name: str  # the file not downloaded, or the EB (uid___A002_…) whose ASDM was not
    member: str = ""  # the MOUS name (uid___A001_…) it belongs to; '' for a part of an older split set

    @property
    def what(self) -> str:
        """The row's few words: 'part 2 of 3 not downloaded', 'raw data (ASDM) not downloaded'…"""
        if self.kind == "part" and (hit := _SPLIT.match(self.name)) is not None:
            return f"part {int(hit.group(2))} of {int(hit.group(3))} not downloaded"
        return {"readme": "README tarball", "auxiliary": "auxiliary tarball", "raw": "raw data (ASDM)"}.get(
            self.kind, self.kind) + " not downloaded"  # fmt: skip

    def to_dict(self) -> dict:
        return {"kind": self.kind, "name": self.name, "member": self.member}


@dataclass
class Plan:
    archives: list[Archive]
    missing: list[Gap] = field(default_factory=list)  # reported, not errors

    @property
    def problems(self) -> list[str]:
        return [f"{a.name}: {a.problem}" for a in self.archives if a.problem]

    @property
    def missing_parts(self) -> list[str]:
        """The names of the parts of split sets not downloaded."""
        return [g.name for g in self.missing if g.kind == "part"]

    @property
    def raw_missing(self) -> dict[str, list[str]]:
        """MOUS name -> the EB uids (``uid://A002/…``) it expects whose ASDM was not downloaded."""
        out: dict[str, list[str]] = {}
        for g in self.missing:
            if g.kind == "raw":
                out.setdefault(g.member, []).append(uids.to_uri(g.name) or g.name)
        return out

    @property
    def gaps(self) -> list[str]:
        """The gaps as sentences: the parts of a split set not downloaded in one, each member's missing README
        and auxiliary tarballs in one each, its missing ASDMs in one."""
        groups: dict[tuple[str, ...], list[Gap]] = {}
        for g in self.missing:
            hit = _SPLIT.match(g.name) if g.kind == "part" else None
            key = (g.kind, *hit.group(1, 3)) if hit else (g.kind, g.member) if g.kind == "raw" else (g.kind, g.name)
            groups.setdefault(key, []).append(g)
        lines = []
        for key, gs in groups.items():
            names = ", ".join(g.name for g in gs)
            if key[0] == "part":
                lines.append(f"{plural(len(gs), 'part')} of {key[2]} not downloaded: {names}")
            elif key[0] == "raw":
                lines.append(f"member {gs[0].member}: raw data not downloaded, {plural(len(gs), 'ASDM')}: {names}")
            else:
                lines.append(f"member {gs[0].member}: {gs[0].what} ({names})")
        return lines

    @property
    def total(self) -> int:
        """Bytes the archives unpack to."""
        return sum(a.unpacked for a in self.archives)

    def root_in(self, into: str) -> str:
        """Where the delivery tree goes in the folder ``into``: the archives' one top folder in it, else itself."""
        tops = {t for a in self.archives for t in a.tops}
        return os.path.join(into, next(iter(tops))) if len(tops) == 1 else into

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
                "missing": [g.to_dict() for g in self.missing], "raw_missing": self.raw_missing,
                "total": self.total}  # fmt: skip


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


def inspect(paths: list[str], token: CancelToken | None = None, report: Reporter | None = None) -> Plan:
    """What the archives among ``paths`` hold and what is missing; raises :class:`JobError` only when no archive
    is given (a bad archive is a problem in the plan). Progress: bytes of the archives read of their sum."""
    token = token or CancelToken()
    archives = []
    expected: dict[str, dict[str, None]] = {}  # MOUS -> EB uids it expects
    found = archive_paths(paths)
    meter = _ReadMeter(found, report)
    for i, path in enumerate(found):
        token.check()
        meter.start(i)
        archive, ebs_by_member = _read(path, token, meter)
        archives.append(archive)
        for mous, ebs in ebs_by_member.items():
            expected.setdefault(mous, {}).update(dict.fromkeys(ebs))
    plan = Plan(archives)
    _gaps(plan, expected)
    return plan


class _ReadMeter:
    """Bytes of the archives read of their sum, with the one being read: reported at most every 0.1 s."""

    def __init__(self, paths: list[str], report: Reporter | None):
        self.paths, self.report = paths, report
        self.sizes = [os.path.getsize(p) for p in paths]
        self.total = sum(self.sizes) or 1
        self.before, self.index, self.last = 0, 0, 0.0

    def start(self, index: int) -> None:
        self.before, self.index = sum(self.sizes[:index]), index
        self.at(0, force=True)

    def at(self, offset: int, force: bool = False) -> None:
        now = time.monotonic()
        if self.report is None or (not force and now - self.last < _REPORT_SECONDS):
            return
        self.last = now
        name = os.path.basename(self.paths[self.index])
        self.report.progress((self.before + offset) / self.total,
                             f"Reading {name} ({self.index + 1} of {len(self.paths)})")  # fmt: skip


def _read(path: str, token: CancelToken, meter: _ReadMeter) -> tuple[Archive, dict[str, list[str]]]:
    name = os.path.basename(path)
    archive = Archive(path, download_tarball_kind(name) or "tar", os.path.getsize(path))
    ebs_by_member: dict[str, list[str]] = {}
    with open(path, "rb") as raw:
        head = raw.read(512).lstrip().lower()
        if head.startswith(_HTML):
            archive.problem = "an HTML page (an error page the browser saved?), not a tar archive: download it again"
            archive.status = "html"
            return archive, ebs_by_member
        raw.seek(0)
        try:
            with open_tar(raw) as tar:
                _headers(tar, archive, ebs_by_member, token, lambda: meter.at(raw.tell()))
                if tar.fileobj is raw and archive.size < tar.offset + _END_OF_ARCHIVE:  # plain tar cut at a header
                    raise EOFError
        except READ_ERRORS as exc:
            reason = read_error_text(exc)
            archive.problem = f"{reason}: download it again"
            archive.status = "truncated" if reason == "truncated" else "corrupt"
        except JobError as exc:
            archive.problem = str(exc)
            archive.status = "hostile"
    if archive.kind == "asdm_tar":
        archive.ebs = list(dict.fromkeys(uids.find_ebs(name) + archive.ebs))
    return archive, ebs_by_member


def _headers(tar: tarfile.TarFile, archive: Archive, ebs_by_member: dict[str, list[str]], token, progress) -> None:
    """Every header of ``tar``, checked; members, tops, files and the EBs named (PPR and README read from
    inside). ``progress()`` is called after each entry."""
    members: dict[str, None] = {}
    tops: dict[str, None] = {}
    ebs: dict[str, None] = {}
    while (m := tar.next()) is not None:
        archive.entries += 1
        archive.unpacked += check_member(m, archive.entries, archive.unpacked)
        if archive.entries % 500 == 0:
            token.check()
        progress()
        if m.isfile():
            archive.files.append((m.name, m.size))
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
    splits: dict[tuple[str, str], set[int]] = {}
    for a in plan.archives:
        if (m := _SPLIT.match(a.name)) is not None:
            splits.setdefault((m.group(1), m.group(3)), set()).add(int(m.group(2)))
    for (prefix, of), present in sorted(splits.items()):
        ous = uids.OUS_IN_NAME.search(prefix)  # older splits have none in their names
        mous = (uids.to_name(ous.group(0)) or "") if ous else ""
        plan.missing += [Gap("part", f"{prefix}_{i:03d}_of_{of}.tar", mous) for i in range(1, int(of) + 1)
                         if i not in present]  # fmt: skip
    downloaded = {eb for a in plan.archives if a.kind == "asdm_tar" for eb in a.ebs}
    product_members = {m for a in plan.archives if a.kind == "product_tar" for m in a.members}
    for mous in sorted(product_members | set(expected)):
        tops = [t for a in plan.archives if mous in a.members for t in a.tops]
        project = next((t for t in tops if uids.PROJECT_CODE.fullmatch(t)), "…")
        if not any(a.kind == "readme_tar" and mous in a.name for a in plan.archives):
            plan.missing.append(Gap("readme", f"member_{mous}_README.txt.tar", mous))
        if not any(a.kind == "auxiliary_tar" and mous in a.name for a in plan.archives):
            plan.missing.append(Gap("auxiliary", f"{project}_{mous}_auxiliary.tar", mous))
        plan.missing += [
            Gap("raw", uids.to_name(eb) or eb, mous) for eb in expected.get(mous, {}) if eb not in downloaded
        ]
