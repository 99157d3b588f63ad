"""HTML pages of a delivery (the QA2 report of older deliveries, ``*.qa2_report.html``), drawn in the window as Qt's
rich text draws HTML: text, tables and the page's own pictures beside it (no script runs, nothing is fetched from
the network). *Open in Browser* shows it as its author meant."""

from __future__ import annotations

import os

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout

from ...delivery.scan import Node
from ...present.facts import DIM
from ..appearance import set_tone
from .base import Preview

PAGE_LIMIT = 5_000_000  # bytes of a page drawn (a report page is far smaller)


class _LocalBrowser(QTextBrowser):
    """Loads a page's pictures and stylesheets from its own folder only."""

    def loadResource(self, kind: int, url: QUrl):  # noqa: N802  (Qt's name)
        if url.scheme() not in ("", "file"):
            return None
        return super().loadResource(kind, url)


class WebPagePreview(Preview):
    fields_collapsed = True

    def __init__(self, context, parent=None):
        super().__init__(context, parent)
        self.path: str | None = None
        self.note = QLabel()
        self.note.setWordWrap(True)
        set_tone(self.note, DIM)
        self.open_button = QPushButton("Open in Browser")
        self.open_button.setToolTip("Open this page in the browser your desktop uses")
        self.open_button.clicked.connect(self.open_in_browser)
        self.page = _LocalBrowser()
        self.page.setOpenLinks(False)  # a link opens in the browser, not in place of the report
        self.page.anchorClicked.connect(lambda url: QDesktopServices.openUrl(url))
        bar = QHBoxLayout()
        bar.addWidget(self.note, 1)
        bar.addWidget(self.open_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(bar)
        box.addWidget(self.page, 1)

    def show_node(self, node: Node) -> None:
        self.path = path = node.path
        self.page.clear()
        self.note.setText("Reading the page…")
        self.read(lambda: _read(path), self._show, lambda message: self.note.setText(f"Cannot read it: {message}"))

    def _show(self, html: str) -> None:
        self.page.setSearchPaths([os.path.dirname(self.path or "")])
        self.page.setHtml(html)
        self.note.setText("Drawn here without its scripts and styles; Open in Browser shows it as it was made.")

    def open_in_browser(self) -> None:
        if self.path:
            self.context.actions.open_external(self.path)

    def clear(self) -> None:
        self.drop_reads()
        self.path = None
        self.page.clear()


def _read(path: str) -> str:
    with open(path, "rb") as f:
        data = f.read(PAGE_LIMIT)
    return data.decode("utf-8", "replace")
