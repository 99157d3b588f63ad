"""The QA verdicts a delivery states: the QA2 outcome of the member (Pass, Semipass, Fail) and the QA0 status of
each EB (Pass, SemiPass), read from the first pages of the QA2 and QA0 reports, where they say "QA2 status:
PASS", "QA0 Status: SemiPass" and the like. QA0 SemiPass EBs are flawed or incomplete data a PI should know of."""

from __future__ import annotations

import contextlib
import html
import os
import re
from dataclasses import dataclass

from ..delivery import uids
from ..jobs import JobError

PAGES_READ = 2  # the verdict is on the first page or two
HTML_LIMIT = 2_000_000  # bytes of an HTML report read
_STATUS = r"(semi[\s_-]?pass(?:ed)?|pass(?:ed)?|fail(?:ed)?)\b"
# "QA2 status: SemiPass", "QA0 Result = Pass": a labelled statement, believed first …
_STATED = re.compile(rf"\bQA\s*([02])[\s_]*(?:status|result|outcome|assessment|state)\s*[:=]?\s*{_STATUS}", re.I)
# … else a bare one ("declared QA2_SEMIPASS", "QA2 Pass"); words between ("the QA2 pass criteria") never count.
_BARE = re.compile(rf"\bQA\s*([02])[\s_]*[:=]?\s*{_STATUS}", re.I)
WORDS = {"pass": "Pass", "semipass": "SemiPass", "fail": "Fail"}


@dataclass(frozen=True)
class Verdict:
    level: str  # "QA2" or "QA0"
    status: str  # "Pass", "SemiPass", "Fail"
    source: str  # the report's file name
    eb: str | None = None  # a QA0 verdict's EB (uid://…)

    @property
    def flagged(self) -> bool:
        return self.status != "Pass"

    def to_dict(self) -> dict:
        return {"level": self.level, "status": self.status, "source": self.source, "eb": self.eb}


def verdict_in(text: str, level: str) -> str | None:
    """The status a report's text gives for ``level`` ("QA2" / "QA0"), in the words above, or None."""
    for pattern in (_STATED, _BARE):
        for m in pattern.finditer(text):
            if f"QA{m.group(1)}" == level and not _criteria(text, m.end()):
                return WORDS.get(re.sub(r"[\s_-]|ed$", "", m.group(2).lower()))
    return None


def _criteria(text: str, end: int) -> bool:
    """Whether a match is part of a phrase about the criteria ("the QA2 pass criteria"), not a verdict."""
    return re.match(r"\s*(criteria|criterion|threshold|requirement)", text[end : end + 20], re.I) is not None


def report_text(path: str) -> str:
    """The text of a report's first pages, or of an older HTML report ("" when it cannot be read: its own view
    says why)."""
    if path.lower().endswith((".html", ".htm")):
        try:
            with open(path, "rb") as f:
                page = f.read(HTML_LIMIT).decode("utf-8", "replace")
        except OSError:
            return ""
        page = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", page)
        page = re.sub(r"(?i)<br\s*/?>|</(p|div|tr|h\d|li|table)>", "\n", page)
        return html.unescape(re.sub(r"<[^>]+>", " ", page))
    from .pdf import PdfFile  # PDFium and numpy load with the first report read (a job), not with the window

    try:
        pdf = PdfFile(path)
    except JobError:
        return ""
    try:
        return "\n".join(pdf.page_text(i) for i in range(min(PAGES_READ, pdf.info.pages)))
    except JobError:
        return ""
    finally:
        with contextlib.suppress(JobError):
            pdf.close()


def report_verdict(path: str, level: str, text: str | None = None) -> Verdict | None:
    """The verdict of one report PDF (whose ``text`` may be given), or None when it states none."""
    status = verdict_in(report_text(path) if text is None else text, level)
    if status is None:
        return None
    eb = uids.to_uri(os.path.basename(path).split(".")[0]) if level == "QA0" else None
    return Verdict(level, status, os.path.basename(path), eb)
