"""Folders of the tree: the page that tells about them (delivery levels, member overview, sections, targets,
spectral windows, image sets), from :mod:`qa2explorer.present`."""

from __future__ import annotations

from urllib.parse import unquote

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QTextBrowser

from ...delivery.scan import Node
from ...present.html import page_html
from ...present.pages import folder_page_for
from .base import Preview, register
from .layout import single


@register
class FolderPagePreview(Preview):
    for_files = False

    @classmethod
    def accepts(cls, node: Node) -> bool:
        return (node.ref or node).is_dir

    def __init__(self, context, parent=None):
        super().__init__(context, parent)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._clicked)
        single(self, self.browser)

    def show_node(self, node: Node) -> None:
        self.browser.setHtml(page_html(folder_page_for(node, self.context.state.summary)))

    def show_html(self, html: str) -> None:
        self.browser.setHtml(html)

    def toPlainText(self) -> str:  # noqa: N802  (reads like the browser it wraps)
        return self.browser.toPlainText()

    def _clicked(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("select:"):
            self.context.select_path(unquote(text[len("select:") :], errors="surrogateescape"))
