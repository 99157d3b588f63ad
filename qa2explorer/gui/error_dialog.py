"""The dialog of an unexpected error (:mod:`.error_handler`): what happened, the details to copy, where the log
is. Loaded with the first such error, not when the app starts."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..words import readable


class ErrorDialog(QDialog):
    def __init__(self, details: str, log_path: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Something went wrong")
        self.log_path = log_path
        self.more = 0
        self.text = QLabel(
            "<b>Something went wrong.</b> qa2explorer met an unexpected error and carried on; what you were doing "
            f"may not have finished.<br>The details are in the log: <tt>{readable(log_path)}</tt>"
        )
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.count = QLabel()
        self.count.hide()
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("Copy Details")
        self.copy_button.clicked.connect(self.copy_details)
        self.folder_button = QPushButton("Open Log Folder")
        self.folder_button.clicked.connect(self.open_log_folder)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.text)
        box.addWidget(QLabel("Details (please include them when you report this):"))
        box.addWidget(self.details, 1)
        box.addWidget(self.count)
        box.addWidget(buttons)
        self.resize(640, 380)

    def add_more(self) -> None:
        self.more += 1
        self.count.setText(f"{self.more} more unexpected error{'s' * (self.more > 1)} since, in the log.")
        self.count.show()

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText("Copied")

    def open_log_folder(self) -> bool:
        folder = os.path.dirname(self.log_path)
        opened = QDesktopServices.openUrl(QUrl.fromLocalFile(folder))
        if not opened:  # no file manager: the path to paste elsewhere
            QGuiApplication.clipboard().setText(readable(folder))
            self.folder_button.setText("No file manager: folder path copied")
        return opened
