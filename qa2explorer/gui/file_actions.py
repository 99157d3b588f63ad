"""What a user can do with a file or folder of the delivery besides looking at it: open it with the desktop's
application, copy its path or name, show it in the file manager. Each says in the window when it cannot."""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication

from ..words import readable

# (text, level, [(button text, callback)]) -> shown in the window's message bar
Notify = Callable[[str, str, list[tuple[str, Callable[[], None]]]], None]


class FileActions:
    def __init__(self, notify: Notify):
        self.notify = notify

    def open_external(self, path: str) -> bool:
        """Open ``path`` with the desktop's application for it; say so when none could be started."""
        if not os.path.exists(path):
            self.notify(f"{readable(path)} is no longer there.", "error", [])
            return False
        if QDesktopServices.openUrl(QUrl.fromLocalFile(path)):
            return True
        self.notify(
            f"No application could be started for {readable(os.path.basename(path))}: this desktop has no "
            "launcher for it (on Linux, xdg-open and a file association). Copy the path to open it elsewhere.",
            "warning",
            [("Copy Path", lambda: self.copy_path(path)), ("Show in Folder", lambda: self.show_in_folder(path))],
        )
        return False

    def show_in_folder(self, path: str) -> bool:
        folder = path if os.path.isdir(path) else os.path.dirname(path)
        if QDesktopServices.openUrl(QUrl.fromLocalFile(folder)):
            return True
        self.copy_path(folder, quiet=True)
        self.notify(
            f"No file manager could be started. The folder's path is on the clipboard: {readable(folder)}",
            "warning",
            [],
        )
        return False

    def copy_path(self, path: str, quiet: bool = False) -> None:
        QGuiApplication.clipboard().setText(readable(path))
        if not quiet:
            self.notify(f"Copied: {readable(path)}", "info", [])

    def copy_name(self, path: str) -> None:
        name = readable(os.path.basename(path.rstrip(os.sep)) or path)
        QGuiApplication.clipboard().setText(name)
        self.notify(f"Copied: {name}", "info", [])
