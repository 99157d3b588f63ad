"""Base of the structured views of a member's helper files (cont.dat, flux.csv, calapply, flag commands,
casa_commands.log, archives): the file is read and parsed in a job, its views appear as tabs, and its full text
is always in the last tab. A file its parser does not recognise shows why, and its text."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from ...delivery.scan import Node
from ...qa.helper_table import NotRecognised
from ..text_viewer import TextViewer, read_text
from .base import Preview

TEXT_TAB = "Text"


class HelperPreview(Preview):
    priority = 5  # above the plain text view of the same kinds
    what = "a helper file"  # "a flux.csv table": said when the parser does not recognise the file
    loading = "Loading…"
    failure = "Cannot read this file"

    def __init__(self, context, parent=None):
        super().__init__(context, parent)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("padding: 2px 4px;")
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.viewer = TextViewer()
        self.tabs.addTab(self.viewer, TEXT_TAB)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.note)
        box.addWidget(self.tabs)
        self.recognised = False

    # --- what each view gives (the first two run in the job: no widgets there) ---
    def loader(self, node: Node) -> Callable[[], tuple[str, str, object]]:
        """A function returning (text, note, parsed); it raises :class:`NotRecognised` after setting nothing."""
        path, parse = node.path, type(self).parse

        def load() -> tuple[str, str, object]:
            text, note = read_text(path)
            try:
                return text, note, parse(text, path)
            except NotRecognised as exc:
                return text, note, exc

        return load

    @staticmethod
    def parse(text: str, path: str) -> object:
        raise NotImplementedError

    def build(self, parsed: object) -> list[tuple[str, QWidget]]:
        """The tabs before the text (runs on the UI thread: keep it to filling widgets)."""
        raise NotImplementedError

    def summary(self, parsed: object) -> str:
        return ""

    # --- showing ---
    def show_node(self, node: Node) -> None:
        self.clear()
        self.note.setText(self.loading)
        kind, extension = node.decoded.kind, node.decoded.extension
        self.read(self.loader(node), lambda value: self._show(value, kind, extension), self._failed)

    def _failed(self, message: str) -> None:
        self.note.setText(f"{self.failure}: {message}")

    def _show(self, value: tuple[str, str, object], kind: str | None, extension: str | None) -> None:
        text, note, parsed = value
        self.viewer.show_text(text, kind, extension, note)
        if isinstance(parsed, NotRecognised):
            self.note.setText(f"Not recognised as {self.what} ({parsed}); showing the text.")
            self.tabs.setCurrentWidget(self.viewer)
            return
        self.recognised = True
        for i, (title, widget) in enumerate(self.build(parsed)):
            self.tabs.insertTab(i, widget, title)
        self.tabs.setCurrentIndex(0)
        self.note.setText(" ".join(p for p in (self.summary(parsed), note) if p))

    def clear(self) -> None:
        self.drop_reads()
        self.recognised = False
        while self.tabs.count() > 1:
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            widget.deleteLater()
        self.viewer.clear()
        self.note.setText("")
