"""The page of a selected file: what it is in plain words, where it is, its decoded fields, actions, and below
them the preview the registry picked for it."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..delivery.describe import describe
from ..delivery.scan import Node
from ..present.facts import DIM
from ..present.labels import field_rows
from ..words import human_size
from .appearance import set_tone
from .file_actions import FileActions
from .icons import icon_for
from .panels import ElidedLabel
from .previews import Preview

FIELDS_MAX_SHARE = 0.45  # the fields table takes at most this share of the page; the preview the rest


class FilePage(QWidget):
    def __init__(self, actions: FileActions, parent=None):
        super().__init__(parent)
        self.actions = actions
        self.node: Node | None = None
        self.icon = QLabel()
        self.title = ElidedLabel(Qt.TextElideMode.ElideLeft)
        self.title.setStyleSheet("font-weight: bold;")
        self.open_button = QPushButton("Open with Default App")
        self.open_button.setToolTip("Open this file with the application your desktop uses for it")
        self.open_button.clicked.connect(lambda: self._act(self.actions.open_external))
        self.folder_button = QPushButton("Show in Folder")
        self.folder_button.clicked.connect(lambda: self._act(self.actions.show_in_folder))
        self.copy_button = QPushButton("Copy Path")
        self.copy_button.clicked.connect(lambda: self._act(self.actions.copy_path))
        head = QHBoxLayout()
        head.addWidget(self.icon)
        head.addWidget(self.title, 1)
        self.what = QLabel()
        self.what.setWordWrap(True)
        self.what.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.what.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.what.setFont(font)
        self.where = ElidedLabel(Qt.TextElideMode.ElideMiddle)
        set_tone(self.where, DIM)

        self.fields = QTableWidget(0, 2)
        self.fields.setHorizontalHeaderLabels(["Field", "Value"])
        self.fields.verticalHeader().hide()
        self.fields.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.fields.horizontalHeader().setStretchLastSection(True)
        self.fields.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.fields.setAlternatingRowColors(True)
        self.fields.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.fields.setWordWrap(False)

        self.preview_stack = QStackedWidget()
        self.fields_button = QToolButton()
        self.fields_button.setCheckable(True)
        self.fields_button.setAutoRaise(True)
        self.fields_button.toggled.connect(self._fields_toggled)
        buttons = QHBoxLayout()
        buttons.addWidget(self.fields_button)
        for b in (self.open_button, self.folder_button, self.copy_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.what)
        layout.addWidget(self.where)
        layout.addLayout(buttons)
        layout.addWidget(self.fields)
        layout.addWidget(self.preview_stack, 1)

    def show_node(self, node: Node, preview: Preview) -> None:
        """Show ``node`` (a real file) with ``preview`` below its header."""
        self.node = node
        self.icon.setPixmap(icon_for(node).pixmap(32, 32))
        self.title.set_full_text(node.name)
        self.what.setText(describe(node.decoded))
        bits = [
            human_size(node.size) if node.size is not None else "",
            node.error or "",
            os.path.dirname(node.path or ""),
        ]
        self.where.set_full_text(" · ".join(b for b in bits if b))
        rows = field_rows(node.decoded)
        self.fields.setRowCount(len(rows))
        for i, (label, value) in enumerate(rows):
            self.fields.setItem(i, 0, QTableWidgetItem(label))
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            self.fields.setItem(i, 1, item)
        self.fields_button.setChecked(not preview.fields_collapsed)
        self._fields_toggled(self.fields_button.isChecked())
        for b in (self.open_button, self.folder_button, self.copy_button):
            b.setEnabled(bool(node.path))
        if self.preview_stack.indexOf(preview) < 0:
            self.preview_stack.addWidget(preview)
        self.preview_stack.setCurrentWidget(preview)
        preview.show_node(node)

    @property
    def preview(self) -> Preview | None:
        return self.preview_stack.currentWidget()

    def _fields_toggled(self, shown: bool) -> None:
        self.fields_button.setText(("▾ " if shown else "▸ ") + f"Name fields ({self.fields.rowCount()})")
        self._fit_fields()

    def _fit_fields(self) -> None:
        """Every field visible without scrolling, up to a share of the page (the preview keeps the rest)."""
        rows = self.fields.rowCount()
        wanted = self.fields.horizontalHeader().height() + rows * self.fields.verticalHeader().defaultSectionSize()
        wanted += 2 * self.fields.frameWidth() + 2
        self.fields.setFixedHeight(min(wanted, max(120, int(self.height() * FIELDS_MAX_SHARE))))
        self.fields.setVisible(rows > 0 and self.fields_button.isChecked())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_fields()

    def _act(self, action) -> None:
        if self.node is not None and self.node.path:
            action(self.node.path)
