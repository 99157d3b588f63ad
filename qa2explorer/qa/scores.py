"""The pipeline's QA scores, stage by stage: from the AQUA report (``pipeline_aquareport.xml``, machine-readable,
in modern weblogs) or else from the weblog's "By Task" page (``t1-4.html``, one table row a stage: number, task,
description, short message, score). Scores are coloured as the pipeline colours them."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

# the pipeline's bands (its QA_scores documentation): ≤ 0.33 error, ≤ 0.66 warning, ≤ 0.90 suboptimal, above: good
RED, YELLOW, BLUE, GREEN = "red", "yellow", "blue", "green"


@dataclass(frozen=True)
class Stage:
    number: int
    task: str  # "hifa_antpos"
    score: float | None  # None: the stage has no score
    message: str = ""  # the short message beside the score
    description: str = ""

    @property
    def band(self) -> str | None:
        return band(self.score)

    def to_dict(self) -> dict:
        return {"number": self.number, "task": self.task, "score": self.score, "message": self.message,
                "band": self.band}  # fmt: skip


def band(score: float | None) -> str | None:
    if score is None:
        return None
    return RED if score <= 0.33 else YELLOW if score <= 0.66 else BLUE if score <= 0.90 else GREEN


_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_STAGE = re.compile(r"sidebar_stage\d+\">\s*(\d+)\.\s*<strong>([^<]+)</strong>:?\s*([^<]*)</a>", re.S)
_MESSAGE = re.compile(r"class=\"pull-right\">([^<]*)</span>", re.S)
_SCORE = re.compile(r"aria-valuenow=\"([-+0-9.eE]+)\"")


def from_task_page(text: str) -> list[Stage]:
    """The stages of a weblog's ``t1-4.html``, in page order (rows that are not stages are skipped)."""
    stages = []
    for row in _ROW.finditer(text):
        found = _STAGE.search(row.group(1))
        if found is None:
            continue
        message, score = _MESSAGE.search(row.group(1)), _SCORE.search(row.group(1))
        stages.append(Stage(int(found.group(1)), html.unescape(found.group(2)).strip(),
                            float(score.group(1)) if score else None,
                            html.unescape(message.group(1)).strip() if message else "",
                            html.unescape(found.group(3)).strip()))  # fmt: skip
    return stages


def from_aqua(text: str) -> list[Stage]:
    """The stages of an AQUA report, each with its representative score and reason. Raises ``ValueError`` for
    a file that is not one."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise ValueError(f"not an AQUA report: {exc}") from None
    stages = []
    for stage in root.iter("Stage"):
        rep = stage.find("RepresentativeScore")
        score = _number(rep.get("Score")) if rep is not None else None
        stages.append(Stage(int(stage.get("Number", "0")), stage.get("Name", ""), score,
                            rep.get("Reason", "") if rep is not None else ""))  # fmt: skip
    return stages


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None  # "Undefined"
