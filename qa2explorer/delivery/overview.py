"""What a member (MOUS) of a delivery holds, in the terms an ALMA user asks about.

Everything here is read from names, plus bounded reads of a few small text files (the PPR, README, flag
templates and calibration scripts) for facts names do not carry.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field

from ..words import natural_key, plural
from . import textfiles, uids
from .imagesets import ImageSet, group_image_sets
from .names import DecodedName
from .scan import Node, ScanStats
from .vocabulary import intent_order, is_polarisation_intent

_MAX_SNIFFED_FILES = 40


@dataclass
class TargetInfo:
    name: str
    intents: list[str]
    spws: list[int]

    def to_dict(self) -> dict:
        return {"name": self.name, "intents": self.intents, "spws": self.spws}


@dataclass
class MemberOverview:
    path: str
    folder: str
    project: str | None = None
    cycle: int | None = None
    science_goal: str | None = None
    group: str | None = None
    mous: str | None = None
    array: str | None = None  # "12-m", "7-m", "TP" or None when nothing tells
    array_evidence: str | None = None
    calibration_mode: str | None = None  # "pipeline", "manual"
    calibration_evidence: str | None = None
    imaging_mode: str | None = None  # "pipeline", "manual", "pipeline + supplemental manual", …
    recipe: str | None = None
    full_polarisation: bool = False
    selfcal: bool = False
    total_power: bool = False
    ebs: list[str] = field(default_factory=list)
    raw_ebs: list[str] = field(default_factory=list)
    sessions: dict[str, list[str]] = field(default_factory=dict)
    targets: list[TargetInfo] = field(default_factory=list)
    spws: list[int] = field(default_factory=list)
    products: dict = field(default_factory=dict)
    image_sets: list[ImageSet] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    qa: dict[str, int] = field(default_factory=dict)
    scripts: dict[str, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def raw_missing(self) -> list[str]:
        return [eb for eb in self.ebs if eb not in self.raw_ebs]

    @property
    def raw_present(self) -> bool:
        """True when every EB of the member has its ASDM in raw/."""
        return bool(self.ebs) and not self.raw_missing

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "folder": self.folder,
            "project": self.project,
            "cycle": self.cycle,
            "science_goal": self.science_goal,
            "group": self.group,
            "mous": self.mous,
            "array": self.array,
            "array_evidence": self.array_evidence,
            "calibration_mode": self.calibration_mode,
            "calibration_evidence": self.calibration_evidence,
            "imaging_mode": self.imaging_mode,
            "recipe": self.recipe,
            "full_polarisation": self.full_polarisation,
            "selfcal": self.selfcal,
            "total_power": self.total_power,
            "ebs": self.ebs,
            "raw_present": self.raw_present,
            "raw_missing": self.raw_missing,
            "sessions": self.sessions,
            "targets": [t.to_dict() for t in self.targets],
            "spws": self.spws,
            "products": self.products,
            "image_sets": [s.to_dict() for s in self.image_sets],
            "sections": self.sections,
            "qa": self.qa,
            "scripts": self.scripts,
            "problems": self.problems,
        }


def _files(section: Node | None, recursive: bool = False) -> list[Node]:
    if section is None:
        return []
    if recursive:
        return [f for f in section.iter_files()]
    return [c for c in section.children or () if not c.is_dir]


def member_overview(member: Node) -> MemberOverview:
    ov = MemberOverview(path=member.path or "", folder=member.display_name)
    sections = {c.name: c for c in member.children or () if c.role == "section"}
    ov.sections = list(sections)
    product = sections.get("product")
    script = sections.get("script")
    calibration = sections.get("calibration")
    qa = sections.get("qa")
    raw = sections.get("raw")

    products = [f.decoded for f in _files(product, recursive=True)]
    image_products = [d for d in products if d.kind == "image_product"]
    scripts = [f.decoded for f in _files(script)]
    cal_files = [f.decoded for f in _files(calibration)]
    qa_files = [f.decoded for f in _files(qa)]
    member_files = [f.decoded for f in _files(member)]
    raw_entries = [c.decoded for c in raw.children or ()] if raw is not None else []

    ppr = None
    for f in _files(script):
        if f.decoded.kind == "ppr" and f.path:
            ppr = textfiles.parse_ppr(f.path)
            if ppr is not None:
                break

    readme = _readme_facts(member)
    _identity(ov, member, ppr, readme, products + scripts + cal_files + qa_files + member_files)
    _ebs(
        ov,
        ppr,
        scripts + cal_files + qa_files + raw_entries + [f.decoded for f in _files(sections.get("log"))],
        raw_entries,
        cal_files,
    )
    _modes(ov, scripts, image_products, products, cal_files, ppr)
    _array(ov, member, readme, image_products, scripts, cal_files, qa, script, calibration)
    _targets(ov, image_products)
    ov.image_sets = group_image_sets(image_products)
    ov.qa = dict(
        Counter(
            d.kind
            for d in qa_files
            if d.kind in ("qa2_report", "qa0_report", "weblog", "manual_qa_plot", "manual_qa_text")
        )
    )
    if qa is not None:
        weblog_dirs = sum(1 for c in qa.children or () if c.role == "weblog_dir")
        if weblog_dirs:
            ov.qa["weblog_dir"] = weblog_dirs
    by_kind: dict[str, list[str]] = {}
    for d in scripts:
        by_kind.setdefault(d.kind, []).append(d.raw)
    ov.scripts = by_kind
    _problems(ov, member, sections)
    return ov


def _identity(ov: MemberOverview, member: Node, ppr, readme: dict[str, str], decoded: list[DecodedName]) -> None:
    levels = {a.role: a for a in member.ancestors() if a.role in ("project", "science_goal", "group")}
    if "project" in levels:
        ov.project = levels["project"].name
    if "science_goal" in levels:
        ov.science_goal = uids.to_uri(levels["science_goal"].name)
    if "group" in levels:
        ov.group = uids.to_uri(levels["group"].name)
    if member.name.startswith("member."):
        ov.mous = uids.to_uri(member.name)
    mous_votes = Counter(d.mous for d in decoded if d.mous)
    if ov.mous is None and mous_votes:
        ov.mous = mous_votes.most_common(1)[0][0]
    if ppr is not None:
        ov.project = ov.project or ppr.project
        ov.mous = ov.mous or ppr.mous
        ov.group = ov.group or ppr.gous
        ov.science_goal = ov.science_goal or ppr.science_goal
    if ov.project is None:
        ov.project = next((d.project for d in decoded if d.project), None)
    if ov.project is None:
        ov.project = readme.get("project")
    if ov.project is None:  # tarballs kept next to the unpacked tree (legus keeps them in tar/)
        ov.project = next((n.decoded.project for n in member.iter_files() if uids.find_project(n.name)), None)
    ov.cycle = uids.cycle_of(ov.project)


def _readme_facts(member: Node) -> dict[str, str]:
    """Project code and configuration from the README(s) at the top of the member, read once per member."""
    facts: dict[str, str] = {}
    for node in member.children or ():
        if not node.is_dir and node.path and node.decoded.kind == "readme":
            for key, value in textfiles.readme_facts(textfiles.read_head(node.path)).items():
                facts.setdefault(key, value)
    return facts


def _ebs(ov, ppr, decoded, raw_entries, cal_files) -> None:
    seen: dict[str, None] = {}
    if ppr is not None:
        for eb in ppr.ebs:
            seen[eb] = None
    for d in decoded:
        if d.eb:
            seen[d.eb] = None
    ov.ebs = sorted(seen)
    ov.raw_ebs = sorted({d.eb for d in raw_entries if d.eb and d.kind in ("asdm", "asdm_tar")})
    if ppr is not None and ppr.sessions:
        ov.sessions = dict(ppr.sessions)
    else:
        names = sorted({d.session for d in cal_files if d.session})
        ov.sessions = {s: [] for s in names}


def _modes(ov, scripts, image_products, products, cal_files, ppr) -> None:
    kinds = Counter(d.kind for d in scripts)
    if kinds["ppr"]:
        ov.calibration_mode = "pipeline"
        ov.calibration_evidence = "pipeline processing request (PPR) in script/"
    elif kinds["calibration_script"]:
        ov.calibration_mode = "manual"
        ov.calibration_evidence = f"{plural(kinds['calibration_script'], 'per-EB calibration script')} in script/"
    elif kinds["restore_script"] or kinds["pipescript"]:
        ov.calibration_mode = "pipeline"
        ov.calibration_evidence = "pipeline restore script in script/ (no PPR)"
    ov.recipe = next((d.recipe for d in scripts + cal_files if d.recipe), None)

    science = [d for d in image_products if d.intent in ("sci", None)]
    manual = [d for d in science if d.comment and "manual" in d.comment.split(".")]
    pipeline = [d for d in science if d not in manual]
    supplemental = any(d.kind == "supplemental_imaging" for d in products)
    if pipeline and supplemental:
        ov.imaging_mode = "pipeline + supplemental manual"
    elif pipeline and manual:
        ov.imaging_mode = "pipeline and manual"
    elif manual:
        ov.imaging_mode = "manual"
    elif pipeline:
        ov.imaging_mode = "pipeline"
    elif supplemental:
        ov.imaging_mode = "supplemental manual"
    elif ppr is not None and ppr.imaging_foreseen:
        ov.imaging_mode = "pipeline (foreseen in the PPR; no image products here)"
    ov.selfcal = any(d.calibration == "selfcal" for d in image_products) or any(
        d.kind == "selfcal_json" for d in cal_files
    )
    ov.full_polarisation = (
        any(d.stokes not in (None, "I") for d in image_products)
        or any(is_polarisation_intent(d.intent) for d in image_products)
        or kinds["polcal_script"] > 0
    )
    counts_specmode = Counter(d.specmode or "none" for d in image_products)
    counts_layer = Counter(d.layer or (d.taylor or "none") for d in image_products)
    ov.products = {
        "total": len(image_products),
        "by_specmode": dict(sorted(counts_specmode.items())),
        "by_layer": dict(sorted(counts_layer.items())),
    }


def _array(ov, member, readme, image_products, scripts, cal_files, qa, script, calibration) -> None:
    """12-m, 7-m or TP, with the evidence that told. None when nothing tells."""
    if any(d.layer == "sd" for d in image_products):
        ov.array, ov.array_evidence = "TP", "single-dish (sd) image products"
    elif any((d.recipe or "").startswith("hsd") for d in scripts + cal_files):
        ov.array, ov.array_evidence = "TP", "single-dish pipeline recipe (hsd_*)"
    elif any("scriptForSDCalibration" in d.raw for d in scripts):
        ov.array, ov.array_evidence = "TP", "single-dish calibration scripts"
    elif any(d.kind == "jyperk" for d in cal_files):
        ov.array, ov.array_evidence = "TP", "Kelvin-to-Jansky factors in calibration/"
    if ov.array == "TP":
        ov.total_power = True
        return
    tokens = {d.array for d in image_products if d.array}
    if tokens & {"12m", "7m"} and len(tokens) == 1:
        ov.array = "12-m" if "12m" in tokens else "7-m"
        ov.array_evidence = f"array token .{tokens.pop()}. in product names"
        return
    for node in [member, *member.ancestors()]:
        name = node.name.lower()
        for token, array in (("7m", "7-m"), ("12m", "12-m"), ("aca", "7-m"), ("tp", "TP")):
            if (
                name == token
                or name.endswith(("_" + token, "-" + token))
                or name.startswith((token + "_", token + "-"))
            ):
                ov.array, ov.array_evidence = array, f"folder name “{node.name}”"
                ov.total_power = array == "TP"
                return
    config = readme.get("configuration", "")
    array = textfiles.array_from_configuration(config)
    if array:
        ov.array, ov.array_evidence = array, f"README: “Configuration: {config[:60]}”"
        return
    counts = Counter()
    sniffed = 0
    for section, kinds in (
        (calibration, ("flag_template", "calapply")),
        (qa, ("manual_qa_text",)),
        (script, ("calibration_script", "scriptForPI")),
    ):
        for f in _files(section):
            if sniffed >= _MAX_SNIFFED_FILES:
                break
            if f.decoded.kind in kinds and f.path:
                counts += textfiles.count_antennas(textfiles.read_head(f.path))
                sniffed += 1
    twelve = counts["DA"] + counts["DV"]
    seven = counts["CM"]
    if seven > 2 * twelve and seven >= 3:
        ov.array, ov.array_evidence = "7-m", f"7-m antenna names (CM) in calibration and QA files ({seven}×)"
    elif twelve > 2 * seven and twelve >= 3:
        ov.array, ov.array_evidence = "12-m", f"12-m antenna names (DA/DV) in calibration and QA files ({twelve}×)"


def _targets(ov, image_products) -> None:
    by_target: dict[str, TargetInfo] = {}
    spws: set[int] = set()
    for d in image_products:
        name = d.target or "?"
        t = by_target.setdefault(name, TargetInfo(name, [], []))
        if d.intent and d.intent not in t.intents:
            t.intents.append(d.intent)
        for s in d.spws:
            if s not in t.spws:
                t.spws.append(s)
        spws.update(d.spws)
    for t in by_target.values():
        t.spws.sort()
    ov.targets = sorted(
        by_target.values(), key=lambda t: (min((intent_order(i) for i in t.intents), default=9), natural_key(t.name))
    )
    ov.spws = sorted(spws)


def _problems(ov, member, sections) -> None:
    if "product" not in sections:
        ov.problems.append("No product/ folder: the FITS products were not downloaded or not unpacked here.")
    if "script" not in sections:
        ov.problems.append("No script/ folder: the auxiliary tarball was not unpacked here.")
    if "raw" not in sections:
        ov.problems.append(
            "No raw/ folder: the raw data (asdm.sdm tarballs) were not downloaded; they are needed only to "
            "restore the calibrated measurement sets."
        )
    elif ov.raw_missing:
        ov.problems.append(
            f"raw/ lacks {len(ov.raw_missing)} of {len(ov.ebs)} EBs (needed to restore): "
            + ", ".join(uids.short(e) for e in ov.raw_missing)
        )
    for node in member.iter_dirs():
        if node.error:
            rel = os.path.relpath(node.path, member.path) if node.path and member.path else node.name
            ov.problems.append(f"{rel}: {node.error}")


@dataclass
class DeliverySummary:
    root: str
    members: list[MemberOverview]
    stats: ScanStats

    def to_dict(self) -> dict:
        return {
            "root": self.root,
            "members": [m.to_dict() for m in self.members],
            "scan": {
                "folders": self.stats.dirs,
                "files": self.stats.files,
                "errors": [{"path": p, "message": m} for p, m in self.stats.errors],
                "truncated": self.stats.truncated,
            },
        }


def find_members(root: Node) -> list[Node]:
    return [n for n in root.iter_dirs() if n.role == "member"]


def summarise(root: Node, stats: ScanStats) -> DeliverySummary:
    members = sorted(find_members(root), key=lambda n: n.path or "")
    return DeliverySummary(root=root.path or "", members=[member_overview(m) for m in members], stats=stats)
