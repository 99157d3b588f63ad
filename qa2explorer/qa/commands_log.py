"""``casa_commands.log``: the CASA tasks the pipeline ran, in order, each under the pipeline stage that ran it.

Layout (real logs): a first ``raise Error(...)`` line, then per stage ``# <pipeline task call>`` / ``#`` /
``# <description>`` / the CASA calls, wrapped over lines; a blank line between stages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .casa_calls import find_calls, keyword_values
from .helper_table import NotRecognised, check_text

_STAGE = re.compile(r"^#\s+(h[a-z]*_\w+)\s*\(")
SUMMARY_KEYS = ("vis", "caltable", "imagename", "outputvis", "field", "intent", "spw", "mode", "inpfile", "asdm")
SUMMARY_LENGTH = 110


@dataclass(frozen=True)
class LoggedTask:
    task: str
    line: int  # 1-based line of the call in the text
    summary: str  # a few of its parameters


@dataclass
class LoggedStage:
    number: int  # 1-based, in the log's order (the weblog's stage numbers may differ: not every stage logs)
    task: str  # the pipeline task, e.g. hifa_bandpass
    line: int
    summary: str
    tasks: list[LoggedTask] = field(default_factory=list)  # the CASA calls it ran, in order


def _summary(args: dict[str, object]) -> str:
    keys = [k for k in SUMMARY_KEYS if k in args] or list(args)[:3]
    text = ", ".join(f"{k}={args[k]!r}" for k in keys)
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "…"


def logged_stages(text: str) -> list[LoggedStage]:
    """The pipeline stages of the log with the CASA calls each ran (calls before the first stage header go
    under a stage named "(before the first stage)"). Raises :class:`NotRecognised` when the text has neither a
    stage header nor a task call."""
    check_text(text)
    stages = []
    for n, line in enumerate(text.splitlines(), 1):
        if m := _STAGE.match(line):
            call = line.lstrip("#").strip()
            stages.append(LoggedStage(len(stages) + 1, m.group(1), n, _summary(keyword_values(call))))
    calls = [c for c in find_calls(text) if c.task != "raise"]
    if not stages and not calls:
        raise NotRecognised("no '# <pipeline task>(…)' stage line and no CASA task call")
    s = 0
    for call in calls:
        while s < len(stages) and stages[s].line < call.line:
            s += 1
        if s == 0:
            stages.insert(0, LoggedStage(0, "(before the first stage)", 1, ""))
            s = 1
        stages[s - 1].tasks.append(LoggedTask(call.task, call.line, _summary(call.args)))
    return stages
