"""The weblog archive's page: what it is, a button that opens it in the browser (unpacked once into the user
cache in a job with progress and Stop, then served on 127.0.0.1 by the window's local server), its unpacked
folder, and below, in tabs, the pipeline's stage scores (read from the archive without unpacking it; a stage
opens its own page in the browser, and lists the image products it made) and the archive's listing."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QTabWidget, QVBoxLayout, QWidget

from ...delivery.archives import listing_text, read_listing
from ...delivery.locate import member_containing
from ...delivery.scan import Node
from ...imaging.provenance import products_by_stage
from ...present.facts import BAD, DIM
from ...qa import weblog
from ...qa.documents import label
from ...qa.pipeline_run import cached_weblog_run
from ...words import human_size, readable
from ..appearance import set_tone
from ..scores_table import ScoresTable
from ..text_viewer import TextViewer
from ..weblog_open import url_job
from .base import Preview


class WeblogPreview(Preview):
    """Registered by name in the package (its ``weblog_archive``), above the plain archive listing."""

    fields_collapsed = True  # the scores need the room

    def __init__(self, context, parent=None):
        super().__init__(context, parent)
        self.archive: str | None = None
        self.folder: str | None = None  # the unpacked weblog, once known
        self.url: str | None = None
        self._unpacking = None  # the running unpack job's handle
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 13pt;")
        self.info = QLabel()
        self.info.setWordWrap(True)
        set_tone(self.info, DIM)
        self.open_button = QPushButton("Open Weblog in Browser")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(lambda: self.open_in_browser())
        self.folder_button = QPushButton("Show Extracted Folder")
        self.folder_button.clicked.connect(lambda: self.folder and self.context.actions.show_in_folder(self.folder))
        self.stop_button = QPushButton("Stop")
        self.stop_button.clicked.connect(self.stop)
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.status.linkActivated.connect(lambda link: QDesktopServices.openUrl(QUrl(link)))
        self.viewer = TextViewer()  # the listing (named as in the other textual previews)
        self.scores = ScoresTable()
        self.scores.stage_activated.connect(self.open_stage)
        self.scores.product_activated.connect(self.context.select_path)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.scores, "Stage Scores")
        self.tabs.addTab(self.viewer, "Contents")
        self.run = None  # the pipeline run the scores came from

        buttons = QHBoxLayout()
        for b in (self.open_button, self.folder_button, self.stop_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        header = QWidget()
        head = QVBoxLayout(header)
        head.setContentsMargins(10, 8, 10, 4)
        for w in (self.title, self.info):
            head.addWidget(w)
        head.addLayout(buttons)
        head.addWidget(self.bar)
        head.addWidget(self.status)
        self.header = header
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(header)
        box.addWidget(self.tabs, 1)
        self._idle()

    # -- showing an archive -----------------------------------------------------------------------------
    def show_node(self, node: Node) -> None:
        self.clear()
        self.archive = archive = node.path
        self._idle()
        what = label(archive)
        self.title.setText(what[:1].upper() + what[1:])
        self.info.setText(f"{human_size(node.size)} archive · checking the cache…" if node.size else "Checking…")
        self.viewer.set_note("Reading the archive…")
        self._start(lambda _t, _r: (os.path.getsize(archive), weblog.cached(archive)), "state",
                    self._show_state, self._show_failure)  # fmt: skip
        scored = what != "manual weblog"  # a manual weblog has no pipeline stages to score
        self.tabs.setTabVisible(self.tabs.indexOf(self.scores), scored)
        self.tabs.setCurrentWidget(self.scores if scored else self.viewer)
        if scored:
            self.scores.set_run(None, "Reading the stage scores…")
            self._start(lambda token, report: self._read_scores(archive, token, report), "scores", self._show_scores,
                        lambda message: (self.scores.set_run(None, _sentence(readable(message))),
                                         self.tabs.setCurrentWidget(self.viewer)))  # fmt: skip
        self._start(lambda _t, _r: listing_text(read_listing(archive)), "listing",
                    lambda text: self.viewer.show_text(text, note="Archive contents (read-only listing)."),
                    lambda message: self.viewer.set_note(f"Cannot list this archive: {message}"))  # fmt: skip

    def _show_state(self, value) -> None:
        size, folder = value
        self.folder = folder
        if folder:
            self.info.setText(f"{human_size(size)} archive · unpacked in the cache: it opens at once")
            self.info.setToolTip(readable(folder))
        else:
            self.info.setText(f"{human_size(size)} archive · not unpacked yet: Open unpacks it once, every entry "
                              "checked first, into the cache")  # fmt: skip
            self.info.setToolTip(readable(weblog.cache_root()))
        self.folder_button.setEnabled(folder is not None)

    @staticmethod
    def _read_scores(archive: str, token, report):
        run = cached_weblog_run(archive, token, report)
        member = member_containing(os.path.dirname(os.path.abspath(archive)))
        return run, products_by_stage(member, token) if member else {}

    def _show_scores(self, value) -> None:
        self.run, products = value
        self.scores.set_run(self.run, products=products)
        self.tabs.setCurrentWidget(self.scores)

    # -- opening ----------------------------------------------------------------------------------------
    def open_stage(self, number: int) -> None:
        """Open stage ``number``'s page of the weblog in the browser (unpacking it first if need be)."""
        if self.run is not None:
            self.open_in_browser(self.run.stage_page(number))

    def open_in_browser(self, page: str | None = None) -> None:
        """Open the weblog (at ``page``, relative to its unpacked folder; else at its entry page)."""
        if self.archive is None:
            return
        job = url_job(self.context.weblog_servers, self.archive, page)

        self.open_button.setEnabled(False)
        self.stop_button.setVisible(True)
        self.bar.setRange(0, 0)  # busy until the first progress (at once when cached)
        self.bar.setFormat("Unpacking…")
        self.bar.setVisible(True)
        self._set_status("")
        self._unpacking = self._start(job, "unpack", self._opened, self._show_failure)
        self._unpacking.progress.connect(self._progress)
        self._unpacking.cancelled.connect(lambda: (self._idle(), self._set_status("Stopped: nothing was kept.")))

    def _progress(self, event) -> None:
        if event.progress is not None:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(event.progress * 1000))
            self.bar.setFormat(f"%p %  {event.message}")

    def _opened(self, value) -> None:
        size, self.folder, self.url = value
        self._idle()
        self._show_state((size, self.folder))
        link = f'<a href="{self.url}">{self.url}</a>'
        if QDesktopServices.openUrl(QUrl(self.url)):
            self._set_status(f"Opened in the browser: {link} (served on this computer only, until qa2explorer "
                             "closes)")  # fmt: skip
        else:
            self._set_status(f"No browser could be started. Open {link} in one (served on this computer only, "
                             "until qa2explorer closes).")  # fmt: skip

    def stop(self) -> None:
        """Stop the unpacking (its partial folder is removed)."""
        if self._unpacking is not None:
            self._unpacking.cancel()

    # -- helpers ----------------------------------------------------------------------------------------
    def _start(self, job, name: str, on_result, on_failed):
        handle = self.context.runner.start(job, slot=self._slot(name), name=f"weblog {name}")
        handle.result.connect(on_result)
        handle.failed.connect(on_failed)
        return handle

    def _slot(self, name: str) -> str:
        return f"{self.slot}:{name}"

    def _show_failure(self, message: str) -> None:
        self._idle()
        self._set_status(readable(message), error=True)

    def _set_status(self, text: str, error: bool = False) -> None:
        set_tone(self.status, BAD if error else None)
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _idle(self) -> None:
        self.open_button.setEnabled(self.archive is not None)
        self.folder_button.setEnabled(self.folder is not None)
        self.stop_button.setVisible(False)
        self.bar.setVisible(False)

    def clear(self) -> None:
        for name in ("state", "scores", "listing", "unpack"):
            self.context.runner.cancel(self._slot(name))
        self.archive = self.folder = self.url = self._unpacking = self.run = None
        self.viewer.clear()
        self.scores.set_run(None)
        self._set_status("")
        self._idle()


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
