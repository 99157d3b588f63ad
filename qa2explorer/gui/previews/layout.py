"""Layout helper shared by the previews."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget


def single(owner: QWidget, child: QWidget) -> QVBoxLayout:
    """``child`` fills ``owner``, without margins."""
    box = QVBoxLayout(owner)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(0)
    box.addWidget(child)
    return box
