"""The preview that shows text read from the file in a job: text files (scripts, logs, PPR, README, manual-QA
textfiles…, highlighted by kind). Helper files with a structure of their own (cont.dat, flux.csv…) have their
own previews above this one, which still show this text in a tab."""

from __future__ import annotations

from ...delivery.scan import Node
from ..text_viewer import TextViewer, read_text
from .base import Preview
from .layout import single


class TextPreview(Preview):
    """Shows the head of the file in a read-only text view, highlighted by its kind."""

    def __init__(self, context, parent=None):
        super().__init__(context, parent)
        self.viewer = TextViewer()
        single(self, self.viewer)

    def show_node(self, node: Node) -> None:
        kind, extension, path = node.decoded.kind, node.decoded.extension, node.path
        self.viewer.clear()
        self.viewer.set_note("Loading…")
        self.read(
            lambda: read_text(path),
            lambda value: self.viewer.show_text(value[0], kind, extension, value[1]),
            lambda message: self.viewer.set_note(f"Cannot read this file: {message}"),
        )

    def clear(self) -> None:
        self.drop_reads()
        self.viewer.clear()
