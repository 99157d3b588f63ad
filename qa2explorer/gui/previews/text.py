"""Previews that show text read from the file in a job: text files (scripts, logs, PPR, README, cont.dat,
textfiles…, highlighted by kind) and archive listings."""

from __future__ import annotations

from collections.abc import Callable

from ...delivery.archives import list_archive
from ...delivery.scan import Node
from ..text_viewer import TextViewer, read_text
from .base import Preview
from .layout import single


class TextualPreview(Preview):
    """Shows ``(text, note)`` from :meth:`reader` in a read-only text view."""

    loading = "Loading…"
    failure = "Cannot read this file"

    def __init__(self, context, parent=None):
        super().__init__(context, parent)
        self.viewer = TextViewer()
        single(self, self.viewer)

    def reader(self, node: Node) -> Callable[[], tuple[str, str]]:
        raise NotImplementedError

    def highlight(self, node: Node) -> tuple[str | None, str | None]:
        """(kind, extension) that pick the highlighter; none by default."""
        return None, None

    def show_node(self, node: Node) -> None:
        kind, extension = self.highlight(node)
        self.viewer.clear()
        self.viewer.set_note(self.loading)
        self.read(
            self.reader(node),
            lambda value: self.viewer.show_text(value[0], kind, extension, value[1]),
            lambda message: self.viewer.set_note(f"{self.failure}: {message}"),
        )

    def clear(self) -> None:
        self.drop_reads()
        self.viewer.clear()


class TextPreview(TextualPreview):
    def reader(self, node: Node) -> Callable[[], tuple[str, str]]:
        path = node.path
        return lambda: read_text(path)

    def highlight(self, node: Node) -> tuple[str | None, str | None]:
        return node.decoded.kind, node.decoded.extension


class ArchivePreview(TextualPreview):
    """Archives (weblog, caltables, auxproducts…): their content, listed without extracting."""

    loading = "Reading the archive…"
    failure = "Cannot list this archive"

    def reader(self, node: Node) -> Callable[[], tuple[str, str]]:
        path = node.path
        return lambda: (list_archive(path), "Archive contents (read-only listing; nothing is extracted).")
