"""A member's quality assurance in one place: its QA documents by kind, the QA2 outcome and the EBs' QA0 status
the reports state, the pipeline run its weblog records (versions and stage scores), manual QA per EB, and the
CASA version with where it was read from."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field

from ..delivery.casa_wanted import wanted_casa
from ..jobs import CancelToken, JobError, Reporter
from .documents import documents_of
from .manual import EbManualQA, manual_qa
from .manual_figures import Figure
from .outcome import Verdict, report_text, report_verdict
from .pipeline_run import PipelineRun, cached_weblog_run, read_aqua_file
from .report_figures import report_figures


@dataclass
class MemberQA:
    member: str
    documents: dict[str, list[str]] = field(default_factory=dict)  # kind -> paths, sorted
    run: PipelineRun | None = None  # from the pipeline weblog (or a lone AQUA report)
    run_problem: str | None = None  # why there is no run although there is a weblog
    casa_version: str | None = None
    pipeline_version: str | None = None
    version_source: str | None = None  # "pipeline_aquareport.xml in <weblog>", "the README", …
    manual: list[EbManualQA] = field(default_factory=list)  # per EB: plots, textfile, key figures
    qa2: Verdict | None = None  # the QA2 outcome, where the QA2 report states it
    qa0: list[Verdict] = field(default_factory=list)  # the QA0 status of each EB whose report states it
    report_figures: list[Figure] = field(default_factory=list)  # the QA2 report's requested and achieved values
    unread: list[str] = field(default_factory=list)  # QA2 / QA0 reports that could not be read (file names)
    qa0_unstated: list[str] = field(default_factory=list)  # QA0 reports read that state no status

    @property
    def stages(self):
        return self.run.stages if self.run else []

    def to_dict(self) -> dict:
        return {
            "member": self.member,
            "casa_version": self.casa_version,
            "pipeline_version": self.pipeline_version,
            "version_source": self.version_source,
            "stages": [s.to_dict() for s in self.stages],
            "reports": self.documents,
            "pipeline_run": self.run.to_dict() if self.run else None,
            "pipeline_run_problem": self.run_problem,
            "manual_qa": [eb.to_dict() for eb in self.manual],
            "qa2_outcome": self.qa2.to_dict() if self.qa2 else None,
            "qa0": [v.to_dict() for v in self.qa0],
            "requested_achieved": [f.to_dict() for f in self.report_figures],
            "unreadable_reports": self.unread,
        }


def member_qa(member: str, token: CancelToken | None = None, report: Reporter | None = None) -> MemberQA:
    """The member's QA, read in a job: the weblog is streamed (or its run read from the cache) only when a
    pipeline weblog is there."""
    qa = MemberQA(member, documents_of(member))
    for path in qa.documents.get("qa2_report", []):
        if not path.lower().endswith((".pdf", ".html", ".htm")):
            continue  # a QA2_report.tgz: its content is listed, not read
        text = report_text(path)
        if not text.strip():
            qa.unread.append(os.path.basename(path))
        qa.qa2 = qa.qa2 or report_verdict(path, "QA2", text)
        qa.report_figures = qa.report_figures or report_figures(text)
    for path in qa.documents.get("qa0_report", []):
        text = report_text(path)
        verdict = report_verdict(path, "QA0", text)
        if verdict is not None:
            qa.qa0.append(verdict)
        elif text.strip():
            qa.qa0_unstated.append(os.path.basename(path))
        else:
            qa.unread.append(os.path.basename(path))
    if "manual_qa_plot" in qa.documents or "manual_qa_text" in qa.documents:
        qa.manual = manual_qa(member)
    weblogs = qa.documents.get("weblog", []) + qa.documents.get("imaging_weblog", [])
    for weblog in weblogs:
        try:
            qa.run = cached_weblog_run(weblog, token, report)
            break
        except JobError as exc:
            qa.run_problem = qa.run_problem or str(exc)
    if qa.run is None:
        for aqua in qa.documents.get("aqua_report", []):
            try:
                qa.run = read_aqua_file(aqua)
                break
            except JobError as exc:
                qa.run_problem = qa.run_problem or str(exc)
    if qa.run is not None:
        qa.run_problem = None
    run = qa.run
    if run is not None and run.version_source:
        qa.casa_version, qa.pipeline_version = run.casa_version, run.pipeline_version
        qa.version_source = f"{run.version_source} in {os.path.basename(run.weblog)}"
    else:
        wanted = wanted_casa(member)
        if wanted is not None:
            qa.casa_version, qa.version_source = wanted.version, wanted.source
    return qa


def remember_runs(members: list[str], token: CancelToken | None = None, report: Reporter | None = None) -> int:
    """Read (once) the pipeline runs of the members' weblogs into the user cache, so that a member's QA card and
    its weblog's scores show at once when first looked at; the window runs this in the background after opening a
    delivery. Returns how many weblogs were read."""
    read = 0
    for member in members:
        for weblog in documents_of(member).get("weblog", []):
            if token is not None:
                token.check()
            with contextlib.suppress(JobError):  # said where the weblog is looked at
                cached_weblog_run(weblog, token)
                read += 1
    return read
