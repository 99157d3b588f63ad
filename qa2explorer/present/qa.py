"""A member's QA as page sections: the card on the member page (versions, the lowest-scoring stages, links to
each document) and the full QA page of the ``qa`` command (every stage)."""

from __future__ import annotations

import os

from ..delivery import uids
from ..qa.documents import DOCUMENT_WORDS
from ..qa.member_qa import MemberQA
from ..qa.scores import BLUE, GREEN, RED, YELLOW, Stage
from ..words import plural
from .facts import BAD, DIM, FAIR, GOOD, PROBLEM, Cell, Page, Section, fact

BAND_TONES = {RED: BAD, YELLOW: PROBLEM, BLUE: FAIR, GREEN: GOOD}
BAND_WORDS = {RED: "error", YELLOW: "warning", BLUE: "sub-optimal", GREEN: "good"}
LOWEST_SHOWN = 5


def qa_page(qa: MemberQA) -> Page:
    """Everything the ``qa`` command prints: the facts, the documents, manual QA per EB, every stage's score."""
    mous = uids.to_uri(os.path.basename(qa.member).removeprefix("member.")) or os.path.basename(qa.member)
    page = Page(f"Quality assurance of member {mous}", qa.member)
    page.sections.append(Section(facts=run_facts(qa, lowest=True) + requested_facts(qa)))
    page.sections.append(documents_section(qa))
    if qa.manual:
        page.sections.append(manual_section(qa))
    if qa.stages:
        page.sections.append(stages_section(qa, qa.stages, f"Pipeline stage scores ({_stage_count(qa)})"))
    return page


def qa_card(qa: MemberQA | None) -> list[Section]:
    """The member page's QA card; ``None`` while it is being read."""
    if qa is None:
        return [Section("Quality assurance", notes=[Cell("Reading the QA documents…", tone=DIM)])]
    card = Section("Quality assurance", facts=run_facts(qa) + requested_facts(qa))
    sections = [card]
    if qa.manual:
        sections.append(manual_section(qa))
    if qa.stages:
        lowest = qa.run.lowest(LOWEST_SHOWN)
        title = f"Lowest pipeline stage scores ({_stage_count(qa)})"
        section = stages_section(qa, lowest, title)
        weblog = qa.run.weblog
        section.notes.append(Cell(f"All {plural(len(qa.stages), 'stage')} with the weblog…", link=weblog))
        sections.append(section)
    sections.append(documents_section(qa))
    return sections


VERDICT_TONES = {"Pass": GOOD, "SemiPass": PROBLEM, "Fail": BAD}


def verdict_facts(qa: MemberQA) -> list:
    """The QA2 outcome and the EBs' QA0 status, as the reports state them (SemiPass EBs named), and the reports
    that could not be read or state none (so that a missing verdict is never taken for a good one)."""
    facts = []
    if qa.qa2 is not None:
        facts.append(fact("QA2 outcome", Cell(qa.qa2.status, tone=VERDICT_TONES[qa.qa2.status], bold=True),
                          qa.qa2.source))  # fmt: skip
    elif "qa2_report" in qa.documents:
        unread = [n for n in qa.unread if "qa2_report" in n.lower()]
        why = "its QA2 report cannot be read" if unread else "its QA2 report states none"
        facts.append(fact("QA2 outcome", Cell(f"not known: {why}", tone=PROBLEM if unread else DIM)))
    if qa.qa0 or "qa0_report" in qa.documents:
        flagged = [v for v in qa.qa0 if v.flagged]
        cells = [Cell(f"{uids.short(v.eb)} {v.status}", tone=VERDICT_TONES[v.status], bold=True) for v in flagged]
        passed = len(qa.qa0) - len(flagged)
        if passed:
            cells.append(Cell(f"{plural(passed, 'EB')} Pass", tone=GOOD))
        unread = [n for n in qa.unread if "qa0_report" in n.lower()]
        if unread:
            cells.append(Cell(f"{plural(len(unread), 'report')} cannot be read", tone=PROBLEM))
        if qa.qa0_unstated:
            cells.append(Cell(f"{plural(len(qa.qa0_unstated), 'report')} without a status", tone=DIM))
        for cell in cells[:-1]:
            cell.text += ";"
        facts.append(fact("QA0", cells, "QA0 reports"))
    return facts


def run_facts(qa: MemberQA, lowest: bool = False) -> list:
    """Verdicts, versions and the run; with ``lowest``, the lowest score too (the card has its own table)."""
    facts = verdict_facts(qa) + [fact("CASA version", qa.casa_version or "not stated", qa.version_source)]
    if qa.pipeline_version or qa.run is not None:
        facts.append(fact("Pipeline version", qa.pipeline_version or "not stated"))
    run = qa.run
    if run is not None:
        if run.recipe:
            facts.append(fact("Recipe", run.recipe))
        when = " · ".join(x for x in (run.started, f"took {run.duration}" if run.duration else None) if x)
        if when:
            facts.append(fact("Pipeline run", when))
        worst = run.lowest(1)
        if worst and lowest:
            low = worst[0]
            facts.append(fact("Lowest score", score_cell(low), f"stage {low.number}, {low.task}"))
    elif qa.run_problem:
        facts.append(fact("Stage scores", Cell(qa.run_problem, tone=DIM)))
    if run is not None:
        facts.extend(fact("Weblog", Cell(note, tone=PROBLEM)) for note in run.notes)
    return facts


def stages_section(qa: MemberQA, stages: list[Stage], title: str) -> Section:
    section = Section(title, headers=["Stage", "Task", "Score", "Message"])
    for s in stages:
        section.rows.append([Cell(str(s.number)), Cell(s.task), score_cell(s), Cell(s.message, tone=DIM)])
    return section


def score_cell(stage: Stage) -> Cell:
    if stage.score is None:
        return Cell("–", tone=DIM)
    return Cell(f"{stage.score:.2f} {BAND_WORDS[stage.band]}", tone=BAND_TONES[stage.band], bold=stage.band == RED)


def documents_section(qa: MemberQA) -> Section:
    """Each document linked; manual-QA plots and textfiles are counted here (their section lists them by EB)."""
    section = Section("QA documents", headers=["Document", "File"])
    for kind, paths in qa.documents.items():
        if kind in MANUAL_KINDS:
            words = plural(len(paths), "file") + (", by EB below" if qa.manual else "")
            section.rows.append([Cell(DOCUMENT_WORDS[kind] + "s", tone=DIM), Cell(words, link=paths[0])])
            continue
        for i, path in enumerate(paths):
            words = DOCUMENT_WORDS[kind] if i == 0 else ""
            section.rows.append([Cell(words, tone=DIM), Cell(os.path.basename(path), link=path)])
    if not qa.documents:
        section.notes.append(Cell("No QA documents in qa/.", tone=DIM))
    return section


MANUAL_KINDS = ("manual_qa_plot", "manual_qa_text")
SUMMARY_KEYS = ("beam", "resolution", "rms", "flagged")  # the figures a manual-QA row shows


def manual_section(qa: MemberQA) -> Section:
    """Per EB: its plots (linked to the gallery) and the textfile's main figures (all of them are in the gallery
    and in ``qa --json``)."""
    section = Section("Manual QA", headers=["EB", "Plots", "Key figures"])
    for eb in qa.manual:
        first = eb.plots[0] if eb.plots else eb.textfile
        shown = [f for f in eb.figures if f.key in SUMMARY_KEYS]
        text = "; ".join(f"{f.label.lower()} {f.value}" for f in shown) or eb.note or "–"
        section.rows.append([Cell(uids.short(eb.eb) if eb.eb else "(no EB in the names)", link=first),
                             Cell(plural(len(eb.plots), "plot")), Cell(text, tone=None if shown else DIM)])  # fmt: skip
    return section


def requested_facts(qa: MemberQA) -> list:
    """Requested against achieved resolution and sensitivities, from the QA2 report's table, else from the first
    manual-QA textfile that gives both (the EBs of a member share the request)."""
    manual = next((eb.figures for eb in qa.manual if eb.figures), [])
    for figures, source in ((qa.report_figures, "QA2 report"), (manual, "manual-QA textfile")):
        facts = _pairs(figures, source)
        if facts:
            return facts
    return []


def _pairs(figures: list, source: str) -> list:
    facts = []
    asked = next((f for f in figures if f.key in ("requested_beam", "requested_resolution")), None)
    got = next((f for f in figures if f.key in ("beam", "resolution")), None)
    if asked and got:
        value = [Cell(f"{got.value} achieved, {asked.value} requested")]
        ratio = _size(got) / _size(asked) if _size(got) and _size(asked) else None
        if ratio:  # the beam's geometric mean against the request: ALMA judges it within the cycle's tolerance
            value.append(Cell(f"({ratio:.2f}× the request)", tone=DIM))
        facts.append(fact("Resolution", value, source))
    asked_rms, got_rms = [f for f in figures if f.key == "requested_rms"], [f for f in figures if f.key == "rms"]
    for asked, got in zip(asked_rms, got_rms, strict=False):  # a report's rows in order: line, continuum
        value = f"{got.value} achieved, {asked.value} requested"
        if asked.number and got.number is not None and asked.unit == got.unit:
            met = got.number <= asked.number
            value = [Cell(value), Cell("met" if met else f"not met: {got.number / asked.number:.2f}× the request",
                                       tone=GOOD if met else PROBLEM)]  # fmt: skip
        facts.append(fact(asked.label.removeprefix("Requested ").capitalize(), value, source))
    return facts


def _size(figure) -> float | None:
    """A beam's or resolution's size in arcsec: the geometric mean of its axes, or its one number."""
    if figure.major and figure.minor:
        return (figure.major * figure.minor) ** 0.5
    return figure.number if figure.unit == "arcsec" else None


def _stage_count(qa: MemberQA) -> str:
    return f"{plural(len(qa.stages), 'stage')}, from {qa.run.source}"
