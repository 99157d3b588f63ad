"""Read-only text viewer: loads in the background, shows the head of large files, highlights by kind."""

from __future__ import annotations

import os

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from .highlighters import highlighter_for
from .workers import TaskRunner

MAX_BYTES = 2 * 1024 * 1024  # setPlainText runs on the UI thread: keep it well under 0.1 s
HIGHLIGHT_LIMIT = 512 * 1024


def read_text(path: str, limit: int = MAX_BYTES) -> tuple[str, int, int]:
    """(text, bytes shown, file size). Undecodable bytes show as U+FFFD."""
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        data = f.read(limit)
    return data.decode("utf-8", "replace"), len(data), size


class TextViewer(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("color: palette(mid); padding: 2px 4px;")
        self.banner.hide()
        self.edit = QPlainTextEdit()
        self.edit.setReadOnly(True)
        self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.edit.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.banner)
        layout.addWidget(self.edit)
        self._highlighter = None
        self._pending: tuple[str | None, str | None] = (None, None)
        self._runner = TaskRunner(self._loaded, self._failed, self)

    def clear(self) -> None:
        self._runner.cancel()
        self._set_highlighter(None)
        self.edit.clear()
        self.banner.hide()

    def load(self, path: str, kind: str | None, extension: str | None) -> None:
        self.clear()
        self.banner.setText("Loading…")
        self.banner.show()
        self._pending = (kind, extension)
        self._runner.submit(lambda: read_text(path))

    def show_text(self, text: str, kind: str | None = None, extension: str | None = None, note: str = "") -> None:
        self.clear()
        self._set_highlighter(highlighter_for(kind, extension) if len(text) <= HIGHLIGHT_LIMIT else None)
        self.edit.setPlainText(text)
        if note:
            self.banner.setText(note)
            self.banner.show()

    def _loaded(self, value) -> None:
        text, shown, size = value
        note = ""
        if shown < size:
            note = f"Showing the first {shown / 1e6:.1f} MB of {size / 1e6:.1f} MB."
        kind, extension = self._pending
        self.show_text(text, kind, extension, note)

    def _failed(self, message: str) -> None:
        self.clear()
        self.banner.setText(f"Cannot read this file: {message}")
        self.banner.show()

    def _set_highlighter(self, cls) -> None:
        if self._highlighter is not None:
            self._highlighter.setDocument(None)
            self._highlighter = None
        if cls is not None:
            self._highlighter = cls(self.edit.document())
