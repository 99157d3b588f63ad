"""The QA verdicts a delivery states: the QA2 outcome of the member (Pass, Semipass, Fail) and the QA0 status of
each EB (Pass, SemiPass), read from the first pages of the QA2 and QA0 reports, where they say "QA2 status:
PASS", "QA0 Status: SemiPass" and the like. QA0 SemiPass EBs are flawed or incomplete data a PI should know of."""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass

from ..delivery import uids
from ..jobs import JobError
from .pdf import PdfFile

PAGES_READ = 2  # the verdict is on the first page or two
_VERDICT = re.compile(r"\bQA\s*([02])[\s_]*(?:status|result|outcome|assessment|state)?[\s_]*[:=]?\s*"
                      r"(semi[\s_-]?pass(?:ed)?|pass(?:ed)?|fail(?:ed)?)\b", re.I)  # fmt: skip
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
    for m in _VERDICT.finditer(text):
        if f"QA{m.group(1)}" == level:
            word = re.sub(r"[\s_-]|ed$", "", m.group(2).lower())
            return WORDS.get(word)
    return None


def report_text(path: str) -> str:
    """The text of a report's first pages ("" when it cannot be read: its own view says why)."""
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
