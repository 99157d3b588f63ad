"""One line under an image product: the pipeline stage that made it, with the stage's score from the member's
weblog, and a link to the weblog. Read in a job (the header's FILNAM cards, the weblog's run from the cache)."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from html import escape

from PySide6.QtWidgets import QLabel

from ..delivery.locate import member_containing
from ..imaging.provenance import Provenance, provenance
from ..jobs import JobError
from ..present.colours import Colours
from ..present.qa import BAND_TONES, BAND_WORDS
from ..qa.documents import documents_of
from ..qa.pipeline_run import PipelineRun, cached_weblog_run
from ..qa.scores import Stage
from .appearance import on_change, scheme
from .job_runner import JobRunner


@dataclass
class Made:
    provenance: Provenance
    weblog: str | None = None
    run: PipelineRun | None = None

    @property
    def stage(self) -> Stage | None:
        number = self.provenance.stage
        return next((s for s in self.run.stages if s.number == number), None) if self.run else None


def made_by(path: str, token=None, report=None) -> Made | None:
    """Which stage made the image at ``path`` and, when its member has a pipeline weblog, that stage's score."""
    found = provenance(path)
    if found is None or found.stage is None:
        return None
    made = Made(found)
    member = member_containing(os.path.dirname(os.path.abspath(path)))
    weblogs = documents_of(member).get("weblog", []) if member else []
    if weblogs:
        made.weblog = weblogs[0]
        with contextlib.suppress(JobError):  # the stage is still known; its score is not
            made.run = cached_weblog_run(weblogs[0], token, report)
    return made


def line_html(made: Made, colours: Colours) -> str:
    number = made.provenance.stage
    stage = made.stage
    text = f"Made by pipeline stage <b>{number}</b>"
    if stage is not None:
        text += f" ({escape(stage.task)})"
        if stage.score is not None:
            colour = colours.tones[BAND_TONES[stage.band]]
            text += (f", scored <span style='color:{colour}'><b>{stage.score:.2f}</b> {BAND_WORDS[stage.band]}</span>"
                     + (f": {escape(stage.message)}" if stage.message else ""))  # fmt: skip
    if made.weblog:
        text += f" · <a href='weblog:{number}'>see it in the weblog</a>"
    return text


class StageLine(QLabel):
    """A click on its weblog link calls ``open_stage(weblog archive, stage page)`` (the page relative to the
    unpacked weblog), or ``open_stage(weblog archive, None)`` when the weblog's run could not be read."""

    def __init__(self, runner: JobRunner, open_stage, parent=None):
        super().__init__(parent)
        self.runner = runner
        self.open_stage = open_stage
        self.made: Made | None = None
        self.setWordWrap(True)
        self.linkActivated.connect(self._clicked)
        on_change(self._redraw)
        self.hide()

    def show_for(self, path: str) -> None:
        self.clear_line()
        handle = self.runner.start(lambda token, report: made_by(path, token, report), slot="stage-line",
                                   name="pipeline stage")  # fmt: skip
        handle.result.connect(self._ready)

    def clear_line(self) -> None:
        self.runner.cancel("stage-line")
        self.made = None
        self.clear()
        self.hide()

    def _ready(self, made: Made | None) -> None:
        self.made = made
        if made is None:
            return
        self._redraw()
        if made.weblog:
            self.setToolTip(f"{made.provenance.working_name or ''}\nfrom {os.path.basename(made.weblog)}".strip())
        self.show()

    def _redraw(self) -> None:
        """The line in the colours of the system's appearance (again when it changes)."""
        if self.made is not None:
            self.setText(line_html(self.made, scheme()))

    def _clicked(self, _link: str) -> None:
        made = self.made
        if made is not None and made.weblog:
            self.open_stage(made.weblog, made.run.stage_page(made.provenance.stage) if made.run else None)
