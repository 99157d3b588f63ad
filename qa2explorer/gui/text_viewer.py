"""Read-only text view: a note above monospaced text, highlighted by kind (Python, XML, CASA logs)."""

from __future__ import annotations

import os

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ..present.facts import DIM
from .appearance import set_tone
from .highlighters import highlighter_for

MAX_BYTES = 2 * 1024 * 1024  # setPlainText runs on the UI thread: keep it well under 0.1 s
HIGHLIGHT_LIMIT = 512 * 1024


def read_text(path: str, limit: int = MAX_BYTES) -> tuple[str, str]:
    """(text, note): the head of the file as text (undecodable bytes show as U+FFFD) and what was left out."""
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        data = f.read(limit)
    note = f"Showing the first {len(data) / 1e6:.1f} MB of {size / 1e6:.1f} MB." if len(data) < size else ""
    return data.decode("utf-8", "replace"), note


def read_only_text(wrap: bool) -> QPlainTextEdit:
    """A read-only plain-text view in the system's fixed-width font; ``wrap``: long lines wrap at its width."""
    edit = QPlainTextEdit()
    edit.setReadOnly(True)
    mode = QPlainTextEdit.LineWrapMode
    edit.setLineWrapMode(mode.WidgetWidth if wrap else mode.NoWrap)
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    edit.setFont(font)
    return edit


class TextViewer(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("padding: 2px 4px;")
        set_tone(self.banner, DIM)
        self.banner.hide()
        self.edit = read_only_text(wrap=False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.banner)
        layout.addWidget(self.edit)
        self._highlighter = None

    def clear(self) -> None:
        self._set_highlighter(None)
        self.edit.clear()
        self.banner.hide()

    def set_note(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def show_text(self, text: str, kind: str | None = None, extension: str | None = None, note: str = "") -> None:
        self.clear()
        self._set_highlighter(highlighter_for(kind, extension) if len(text) <= HIGHLIGHT_LIMIT else None)
        self.edit.setPlainText(text)
        self.set_note(note)

    def _set_highlighter(self, cls) -> None:
        if self._highlighter is not None:
            self._highlighter.setDocument(None)
            self._highlighter = None
        if cls is not None:
            self._highlighter = cls(self.edit.document())
