"""Archives of the delivery (weblog, caltables, auxproducts…): their content, listed without extracting."""

from __future__ import annotations

from ...delivery.archives import list_archive
from ...delivery.scan import Node
from ...delivery.vocabulary import ARCHIVE, preview_of_extension
from ..text_viewer import TextViewer
from .base import Preview, register
from .layout import single

NOTE = "Archive contents (read-only listing; nothing is extracted)."


@register
class ArchivePreview(Preview):
    @classmethod
    def accepts(cls, node: Node) -> bool:
        return preview_of_extension(node.decoded.extension) == ARCHIVE

    def __init__(self, context, parent=None):
        super().__init__(context, parent)
        self.viewer = TextViewer()
        single(self, self.viewer)

    def show_node(self, node: Node) -> None:
        path = node.path
        self.viewer.clear()
        self.viewer.set_note("Reading the archive…")
        self.read(
            lambda: list_archive(path),
            lambda text: self.viewer.show_text(text, note=NOTE),
            lambda message: self.viewer.set_note(f"Cannot list this archive: {message}"),
        )

    def clear(self) -> None:
        self.drop_reads()
        self.viewer.clear()
