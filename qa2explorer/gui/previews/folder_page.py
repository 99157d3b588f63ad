"""Folders of the tree: the page that tells about them (delivery levels, member overview, sections, targets,
spectral windows, image sets), from :mod:`qa2explorer.present`."""

from __future__ import annotations

from urllib.parse import unquote

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QTextBrowser

from ...delivery.scan import Node
from ...jobs import JobError
from ...present.html import page_html
from ...present.pages import folder_page_for, member_of
from ...present.qa import qa_card
from ...qa.member_qa import member_qa
from ..appearance import on_change, scheme
from . import folder
from .base import Preview
from .layout import single


class FolderPagePreview(Preview):
    """Registered by name in the package (imported on first use: the QA cards' model is not needed to start)."""

    for_files = False

    @classmethod
    def accepts(cls, node: Node) -> bool:
        return folder(node)

    def __init__(self, context, parent=None):
        super().__init__(context, parent)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._clicked)
        self.page = None
        on_change(self._redraw)  # the page's colours follow the system's light or dark appearance
        single(self, self.browser)

    def show_node(self, node: Node) -> None:
        summary = self.context.state.summary
        member = member_of(node, summary)
        page = folder_page_for(node, summary, qa_card(None) if member else None)
        self._show(page)
        pictures = [p for s in page.sections for p in s.pictures if p.path is None]
        if not pictures and member is None:
            self.drop_reads()
            return

        def make(token, report):  # the QA card and thumbnails are read off the UI thread, then the page redrawn
            from ...imaging.thumbnails import thumbnail

            done = page
            if member is not None:
                done = folder_page_for(node, summary, qa_card(member_qa(member.path, token, report)))
            for picture in pictures:
                token.check()
                try:
                    picture.path = thumbnail(picture.source)
                except (JobError, OSError):
                    picture.caption += " (unreadable)"
            return done

        handle = self.context.runner.start(make, slot=self.slot, name="thumbnails")
        handle.result.connect(self._show)

    def _show(self, page) -> None:
        self.page = page
        self.browser.setHtml(page_html(page, scheme()))

    def _redraw(self) -> None:
        """The same page in the new appearance's colours, scrolled where it was."""
        if self.page is not None:
            bar = self.browser.verticalScrollBar()
            at = bar.value()
            self.browser.setHtml(page_html(self.page, scheme()))
            bar.setValue(at)

    def clear(self) -> None:
        self.drop_reads()

    def toPlainText(self) -> str:  # noqa: N802  (reads like the browser it wraps)
        return self.browser.toPlainText()

    def _clicked(self, url: QUrl) -> None:
        action, _, path = url.toString().partition(":")
        path = unquote(path, errors="surrogateescape")
        if action == "select":
            self.context.select_path(path)
        elif action == "restore":
            self.context.restore(path)
