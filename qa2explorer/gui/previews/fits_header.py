"""FITS files: their primary header (the image itself is not read here)."""

from __future__ import annotations

from ...delivery.scan import Node
from ...delivery.vocabulary import FITS, preview_of_extension
from ...imaging.header import header_text
from ..text_viewer import TextViewer
from .base import Preview, register
from .layout import single

NOTE = "Primary FITS header (the image itself is not read)."


@register
class FitsHeaderPreview(Preview):
    @classmethod
    def accepts(cls, node: Node) -> bool:
        return preview_of_extension(node.decoded.extension) == FITS

    def __init__(self, context, parent=None):
        super().__init__(context, parent)
        self.viewer = TextViewer()
        single(self, self.viewer)

    def show_node(self, node: Node) -> None:
        path = node.path
        self.viewer.clear()
        self.viewer.set_note("Reading the FITS header…")
        self.read(
            lambda: header_text(path),
            lambda text: self.viewer.show_text(text, note=NOTE),
            lambda message: self.viewer.set_note(f"Cannot preview this file: {message}"),
        )

    def clear(self) -> None:
        self.drop_reads()
        self.viewer.clear()
