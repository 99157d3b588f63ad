"""Facts of a member (MOUS) and of a delivery (several members), for the CLI and the window alike."""

from __future__ import annotations

import os

from ..delivery import uids
from ..delivery.describe import display_target
from ..delivery.overview import DeliverySummary, MemberOverview
from ..delivery.structure import LEVEL_LABELS
from ..delivery.vocabulary import intent_words
from ..words import plural, yes_no
from .facts import DIM, GOOD, PROBLEM, Cell, Page, Section, fact

IMAGE_SETS_SHOWN = 60
TARGETS_SHOWN = 6  # per member in a delivery's table (a mosaic survey may have a hundred)
QA_WORDS = {
    "qa2_report": "QA2 report",
    "qa0_report": "QA0 reports",
    "weblog": "weblog archive",
    "weblog_dir": "unpacked weblog",
    "manual_qa_plot": "manual QA plots",
    "manual_qa_text": "manual QA texts",
}


def member_title(ov: MemberOverview) -> str:
    """'12-m · pipeline calibration · pipeline imaging'."""
    bits = [ov.array or "array unknown"]
    if ov.calibration_mode:
        bits.append(f"{ov.calibration_mode} calibration")
    if ov.imaging_mode:
        bits.append(f"{ov.imaging_mode} imaging")
    return " · ".join(bits)


def member_page(ov: MemberOverview, qa: list[Section] | None = None) -> Page:
    """The member's facts; ``qa`` (the window's QA card, read in a job) replaces the counts of its QA documents."""
    page = Page(f"Member {ov.mous or ov.folder}", member_title(ov))
    project = (ov.project or "unknown") + (f"  (Cycle {ov.cycle})" if ov.cycle is not None else "")
    page.sections.append(
        Section(
            facts=[
                fact("Project", project),
                fact("Science goal", ov.science_goal or "unknown"),
                fact("Group OUS", ov.group or "unknown"),
                fact("Member OUS", ov.mous or "unknown"),
                fact("Folder", Cell(ov.folder, link=ov.path)),
                fact("Array", ov.array or "unknown", ov.array_evidence),
                fact("Calibration", ov.calibration_mode or "unknown", ov.calibration_evidence),
                fact("Imaging", ov.imaging_mode or "no image products"),
                fact("Pipeline recipe", ov.recipe or "–"),
                fact("Full polarisation", yes_no(ov.full_polarisation)),
                fact("Self-calibration", yes_no(ov.selfcal)),
                fact("Total power", yes_no(ov.total_power)),
            ]
        )
    )
    page.sections.extend(qa or [])
    page.sections.append(_eb_section(ov))
    page.sections.append(_restore_section(ov))
    page.sections.append(_target_section(ov))
    if ov.products.get("total"):
        page.sections.append(_product_section(ov))
    if qa is None and ov.qa:
        page.sections.append(
            Section(
                "Quality assurance", notes=[Cell(", ".join(f"{QA_WORDS.get(k, k)}: {v}" for k, v in ov.qa.items()))]
            )
        )
    if ov.sessions:
        text = "; ".join(f"{s}: {', '.join(uids.short(e) for e in ebs) or '?'}" for s, ebs in ov.sessions.items())
        page.sections.append(Section("Sessions", notes=[Cell(text)]))
    if ov.problems:
        page.sections.append(Section("Problems", bullets=[Cell(p, tone=PROBLEM) for p in ov.problems]))
    return page


def _restore_section(ov: MemberOverview) -> Section:
    """Whether the calibrated measurement sets are there, and the way to restore them."""
    section = Section("Calibrated measurement sets")
    if "calibrated" in ov.sections:
        section.notes.append(Cell("calibrated/ is there: a restore was run.", tone=GOOD))
    elif "script" not in ov.sections:
        section.notes.append(Cell("This member has no script/ folder: it cannot be restored.", tone=DIM))
        return section
    else:
        section.notes.append(Cell("Not restored yet: scriptForPI rebuilds them from the raw data in CASA.", tone=DIM))
    section.notes.append(Cell("Restore calibrated data…", link=ov.path, action="restore", bold=True))
    return section


def _eb_section(ov: MemberOverview) -> Section:
    section = Section(f"Execution blocks ({len(ov.ebs)})")
    session_of = {eb: s for s, ebs in ov.sessions.items() for eb in ebs}
    raw_dir = os.path.join(ov.path, "raw")
    for eb in ov.ebs:
        present = eb in ov.raw_ebs
        asdm = os.path.join(raw_dir, f"{uids.to_name(eb)}.asdm.sdm") if present else None
        status = Cell("✓ raw present", tone=GOOD) if present else Cell("raw not downloaded", tone=PROBLEM)
        section.rows.append([Cell(eb, link=asdm), Cell(session_of.get(eb, ""), tone=DIM), status])
    if not ov.ebs:
        section.notes.append(Cell("No EB found in names.", tone=DIM))
    elif ov.raw_present:
        section.notes.append(Cell("Raw data are present for every EB.", tone=GOOD))
    else:
        section.notes.append(
            Cell(
                f"Raw data (ASDMs) not downloaded for {len(ov.raw_missing)} of {len(ov.ebs)} EBs: needed only to "
                "restore the calibrated measurement sets.",
                tone=PROBLEM,
            )  # fmt: skip
        )
    return section


def _target_section(ov: MemberOverview) -> Section:
    section = Section("Targets and spectral windows")
    for t in ov.targets:
        intents = ", ".join(intent_words(i) or i for i in t.intents) or "–"
        section.rows.append(
            [
                Cell(display_target(t.name), bold=True),
                Cell(intents),
                Cell(f"spws {', '.join(map(str, t.spws))}", tone=DIM),
            ]
        )
    if not ov.targets:
        section.notes.append(Cell("No image products.", tone=DIM))
    return section


def _product_section(ov: MemberOverview) -> Section:
    prod = ov.products
    section = Section(
        f"Image products ({plural(prod['total'], 'file')}, {plural(len(ov.image_sets), 'image set')})",
        headers=["Target", "Spectral windows", "Image set", "Files"],
    )
    section.facts = [
        fact("By type", ", ".join(f"{k} {v}" for k, v in prod["by_specmode"].items())),
        fact("By layer", ", ".join(f"{k} {v}" for k, v in prod["by_layer"].items())),
    ]
    product_dir = os.path.join(ov.path, "product")
    for s in ov.image_sets[:IMAGE_SETS_SHOWN]:
        target = display_target(s.target) + (f" ({s.intent})" if s.intent else "")
        primary = os.path.join(product_dir, s.primary) if s.primary else None
        section.rows.append(
            [Cell(target), Cell(", ".join(map(str, s.spws)), tone=DIM), Cell(s.label, link=primary),
             Cell(" ".join(sorted(s.files)), tone=DIM)]
        )  # fmt: skip
    if len(ov.image_sets) > IMAGE_SETS_SHOWN:
        section.notes.append(Cell(f"… and {len(ov.image_sets) - IMAGE_SETS_SHOWN} more image sets.", tone=DIM))
    return section


def delivery_page(summary: DeliverySummary, title: str | None = None, level: Section | None = None) -> Page:
    """The members of a delivery (or of one project, science goal or group of it, whose facts are ``level``)
    side by side."""
    st = summary.stats
    subtitle = f"{plural(len(summary.members), 'member')}, {plural(st.files, 'file')} in {plural(st.dirs, 'folder')}"
    if st.truncated:
        subtitle += " — the listing stopped at its entry limit"
    page = Page(title or f"Delivery {summary.root}", subtitle)
    if level is not None:
        page.sections.append(level)
    members = Section("Members", headers=["Member", "Kind", "Science targets", "Products", "Raw data"])
    for m in summary.members:
        science = [display_target(t.name) for t in m.targets if "sci" in t.intents]
        targets = ", ".join(science[:TARGETS_SHOWN]) or "–"
        if len(science) > TARGETS_SHOWN:
            targets += f" and {len(science) - TARGETS_SHOWN} more"
        raw = Cell("✓ present", tone=GOOD) if m.raw_present else Cell("not downloaded", tone=PROBLEM)
        members.rows.append(
            [Cell(m.mous or m.folder, link=m.path), Cell(member_title(m)), Cell(targets),
             Cell(plural(m.products.get("total", 0), "image")), raw]
        )  # fmt: skip
    page.sections.append(members)
    projects = sorted({m.project for m in summary.members if m.project})
    if projects and level is None:
        text = ", ".join(f"{p} (Cycle {uids.cycle_of(p)})" for p in projects)
        page.sections.append(
            Section(notes=[Cell(("Projects: " if len(projects) > 1 else "Project: ") + text, tone=DIM)])
        )
    if st.errors:
        page.sections.append(
            Section("Unreadable folders", bullets=[Cell(f"{p}: {msg}", tone=PROBLEM) for p, msg in st.errors[:50]])
        )
    return page


def level_title(role: str | None, name: str) -> str:
    """'Project 2023.1.99999.S', 'Science goal uid://A001/X2f6a/X1c0', 'Group OUS uid://…'."""
    return f"{LEVEL_LABELS.get(role or '', 'Folder')} {uids.to_uri(name) or name}"


def level_section(role: str | None, name: str, summary: DeliverySummary, counts: dict[str, int]) -> Section:
    """What a project, science goal or group folder is: its code or uid, the project and cycle, what it holds."""
    section = Section()
    projects = sorted({m.project for m in summary.members if m.project})
    if role != "project" and projects:
        section.facts.append(fact("Project", ", ".join(f"{p}  (Cycle {uids.cycle_of(p)})" for p in projects)))
    elif role == "project":
        cycle = uids.cycle_of(name)
        section.facts.append(fact("Cycle", str(cycle) if cycle is not None else "unknown"))
    holds = [plural(counts[r], label) for r, label in (("science_goal", "science goal"), ("group", "group OUS"))
             if counts.get(r)]  # fmt: skip
    if holds:
        section.facts.append(fact("Holds", ", ".join(holds)))
    arrays = ", ".join(sorted({m.array for m in summary.members if m.array})) or "unknown"
    section.facts.append(fact("Members", f"{len(summary.members)}  (arrays: {arrays})"))
    return section


def members_inside(summary: DeliverySummary, path: str) -> DeliverySummary:
    """The part of ``summary`` below the folder ``path`` (a project, science goal or group)."""
    prefix = path.rstrip("/") + "/"
    inside = [m for m in summary.members if m.path == path or m.path.startswith(prefix)]
    return DeliverySummary(summary.root, inside, summary.stats)
