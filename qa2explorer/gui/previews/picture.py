"""Pictures of the delivery (manual-QA plots, calibration plots): shown whole, with zoom and panning."""

from __future__ import annotations

from PySide6.QtGui import QImage

from ...delivery.scan import Node
from ..picture_view import PictureView
from .base import Preview
from .layout import single


def load_picture(path: str) -> QImage:
    """Decode the picture (off the UI thread: QImage may be built on any thread)."""
    image = QImage(path)
    if image.isNull():
        raise ValueError("not a readable picture (damaged, or a format Qt cannot read)")
    return image


class PicturePreview(Preview):
    def __init__(self, context, parent=None):
        super().__init__(context, parent)
        self.view = PictureView()
        single(self, self.view)

    def show_node(self, node: Node) -> None:
        path = node.path
        self.view.set_message("Loading…")
        self.read(
            lambda: load_picture(path),
            self.view.show_image,
            lambda message: self.view.set_message(f"Cannot show this picture: {message}"),
        )

    def clear(self) -> None:
        self.drop_reads()
        self.view.clear()
