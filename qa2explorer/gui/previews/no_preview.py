"""Files the app cannot show (yet): say so; the page header offers the desktop's application."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from ...delivery.scan import Node
from ...present.facts import DIM
from ..appearance import set_tone
from .base import Preview, register
from .layout import single


@register
class NoPreview(Preview):
    priority = -100  # whatever no other preview takes

    @classmethod
    def accepts(cls, node: Node) -> bool:
        return not node.is_dir

    def __init__(self, context, parent=None):
        super().__init__(context, parent)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.note.setStyleSheet("padding: 6px;")
        set_tone(self.note, DIM)
        single(self, self.note)

    def show_node(self, node: Node) -> None:
        ext = node.decoded.extension
        what = f"{ext.upper()} files" if ext else "this kind of file"
        self.note.setText(f"qa2explorer shows no preview of {what} yet: use “Open with Default App” above.")
