"""Files the app cannot show (yet): say so, and offer the desktop's application."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout

from ...delivery.describe import describe
from ...delivery.scan import Node
from .base import Preview, register


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
        self.note.setStyleSheet("color: palette(mid); padding: 6px;")
        self.open_button = QPushButton("Open with default app")
        self.open_button.clicked.connect(self._open)
        box = QVBoxLayout(self)
        box.addWidget(self.note)
        box.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        box.addStretch(1)
        self._path: str | None = None

    def show_node(self, node: Node) -> None:
        self._path = node.path
        self.note.setText(
            f"No preview for this kind of file here ({describe(node.decoded)}). "
            "Open it with the application your desktop uses for it."
        )

    def _open(self) -> None:
        if self._path:
            self.context.actions.open_external(self._path)
