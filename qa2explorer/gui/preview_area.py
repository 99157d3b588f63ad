"""The right-hand side of the window: the welcome page, or the preview the registry picks for the selected
item (a folder page, or a file page with its preview). Previews are created once, when first needed."""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget

from ..delivery.scan import Node
from .file_page import FilePage
from .panels import WelcomePage
from .previews import Preview, PreviewContext, preview_for


class PreviewArea(QStackedWidget):
    def __init__(self, context: PreviewContext, welcome: WelcomePage, parent=None):
        super().__init__(parent)
        self.context = context
        self.welcome = welcome
        self.file_page = FilePage(context.actions)
        self.addWidget(welcome)
        self.addWidget(self.file_page)
        self._previews: dict[type[Preview], Preview] = {}
        self._shown: Preview | None = None

    def preview(self, cls: type[Preview]) -> Preview:
        """The one instance of ``cls`` (created on first use)."""
        if cls not in self._previews:
            self._previews[cls] = cls(self.context)
            if not cls.for_files:
                self.addWidget(self._previews[cls])
        return self._previews[cls]

    def show_node(self, node: Node | None) -> None:
        if node is None:
            self.show_welcome()
            return
        from ..present.folders import primary_leaf  # with the first item shown, not at start-up

        if node.path is None and node.role == "image_set" and (primary := primary_leaf(node)) is not None:
            node = primary  # an image set shows its pb-corrected image, with its pb and mask, in the viewer
        real = node.ref or node
        cls = preview_for(node if real.is_dir else real)
        if cls is None:
            return
        preview = self.preview(cls)
        if self._shown is not None and self._shown is not preview:
            self._shown.clear()
        self._shown = preview
        if cls.for_files:
            self.file_page.show_node(real, preview)
            self.setCurrentWidget(self.file_page)
        else:
            preview.show_node(node)
            self.setCurrentWidget(preview)

    def show_welcome(self) -> None:
        if self._shown is not None:
            self._shown.clear()
            self._shown = None
        self.setCurrentWidget(self.welcome)

    @property
    def shown(self) -> Preview | None:
        return self._shown
