"""Base of the structured views of a member's helper files (cont.dat, flux.csv, calapply, flag commands,
casa_commands.log, archives): the file is read and parsed in a job, its views appear as tabs, and its full text
is always in the last tab. A file its parser does not recognise shows why, and its text."""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from ...delivery.archives import read_entry
from ...delivery.names import decode
from ...delivery.scan import Node
from ...qa.helper_table import NotRecognised
from ..text_viewer import TextViewer, read_text
from .base import Preview

TEXT_TAB = "Text"


class HelperPreview(Preview):
    priority = 5  # above the plain text view of the same kinds
    fields_collapsed = True  # the tables need the room; the name's fields are one click away
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
        self.own_slot = ""  # a view shown inside another (an archive's entry) reads on its own slot

    # --- what each view gives (the first two run in the job: no widgets there) ---
    def loader(self, node: Node) -> Callable[[], tuple[str, str, object]]:
        """A function (run in a job) returning (text, note, parsed or the :class:`NotRecognised` error)."""
        path, parsed = node.path, type(self).parsed
        return lambda: parsed(*read_text(path), path)

    @classmethod
    def parsed(cls, text: str, note: str, path: str) -> tuple[str, str, object]:
        try:
            return text, note, cls.parse(text, path)
        except NotRecognised as exc:
            return text, note, exc

    @staticmethod
    def parse(text: str, path: str) -> object:
        raise NotImplementedError

    def build(self, parsed: object) -> list[tuple[str, QWidget]]:
        """The tabs before the text (runs on the UI thread: keep it to filling widgets). A view may take the text
        viewer (``self.viewer``, filled) into its tab to show the text beside it; the Text tab then goes."""
        raise NotImplementedError

    def summary(self, parsed: object) -> str:
        return ""

    # --- showing ---
    def show_node(self, node: Node) -> None:
        self.clear()
        self.note.setText(self.loading)
        kind, extension = node.decoded.kind, node.decoded.extension
        self.read(self.loader(node), lambda value: self._show(value, kind, extension), self._failed)

    def show_entry(self, archive: str, name: str) -> None:
        """Show the file ``name`` of the tar ``archive`` (read into memory in a job, never extracted)."""
        self.clear()
        self.note.setText(self.loading)
        decoded = decode(os.path.basename(name))
        note = "Read from the archive (nothing is extracted)."
        parsed = type(self).parsed
        load = lambda: parsed(read_entry(archive, name).decode("utf-8", "replace"), note, archive)  # noqa: E731
        self.read(load, lambda value: self._show(value, decoded.kind, decoded.extension), self._failed)

    @property
    def slot(self) -> str:
        return self.own_slot or super().slot

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
        if self.tabs.indexOf(self.viewer) < 0:  # a view had taken the text beside it: back to its tab first
            self.tabs.addTab(self.viewer, TEXT_TAB)
        for i in reversed(range(self.tabs.count())):
            widget = self.tabs.widget(i)
            if widget is not self.viewer:
                self.tabs.removeTab(i)
                widget.deleteLater()
        self.viewer.clear()
        self.note.setText("")
