"""Text files of the delivery (scripts, logs, PPR, README, cont.dat, textfiles…), highlighted by kind."""

from __future__ import annotations

from ...delivery.kinds import TEXT_KINDS
from ...delivery.scan import Node
from ...delivery.vocabulary import TEXT, preview_of_extension
from ..text_viewer import TextViewer, read_text
from .base import Preview, register
from .layout import single


@register
class TextPreview(Preview):
    @classmethod
    def accepts(cls, node: Node) -> bool:
        d = node.decoded
        return d.kind in TEXT_KINDS or preview_of_extension(d.extension) == TEXT

    def __init__(self, context, parent=None):
        super().__init__(context, parent)
        self.viewer = TextViewer()
        single(self, self.viewer)

    def show_node(self, node: Node) -> None:
        d, path = node.decoded, node.path
        self.viewer.clear()
        self.viewer.set_note("Loading…")
        self.read(
            lambda: read_text(path),
            lambda value: self.viewer.show_text(value[0], d.kind, d.extension, value[1]),
            lambda message: self.viewer.set_note(f"Cannot read this file: {message}"),
        )

    def clear(self) -> None:
        self.drop_reads()
        self.viewer.clear()
