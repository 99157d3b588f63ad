"""HTML pages of a delivery (the QA2 report of older deliveries, ``*.qa2_report.html``): the app draws no HTML
itself; the page says what the file is and opens it in the browser."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout

from ...delivery.scan import Node
from .base import Preview


class WebPagePreview(Preview):
    fields_collapsed = True

    def __init__(self, context, parent=None):
        super().__init__(context, parent)
        self.path: str | None = None
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.open_button = QPushButton("Open in Browser")
        self.open_button.setToolTip("Open this page in the browser your desktop uses")
        self.open_button.clicked.connect(self.open_in_browser)
        box = QVBoxLayout(self)
        box.addStretch(1)
        box.addWidget(self.note)
        box.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(2)

    def show_node(self, node: Node) -> None:
        self.path = node.path
        report = node.decoded.kind in ("qa2_report", "qa0_report")
        what = "This report is a web page" if report else "This is a web page"
        self.note.setText(f"{what}: it opens in your browser (the app does not draw HTML).")

    def open_in_browser(self) -> None:
        if self.path:
            self.context.actions.open_external(self.path)

    def clear(self) -> None:
        self.path = None
