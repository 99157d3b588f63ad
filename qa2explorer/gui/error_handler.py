"""Unexpected errors (a bug in a slot, in a worker thread): logged with their traceback in the user log folder and
shown in one dialog (what happened, the details to copy, where the log is) while the app carries on. One dialog
at a time: errors that follow while it is open are counted in it, and for a quiet spell after it closes they are
only logged and said in the window's message bar, so a failing repaint never makes a storm of dialogs."""

from __future__ import annotations

import logging
import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, QTimer, Signal, qVersion

from .. import __version__
from ..words import readable

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from .error_dialog import ErrorDialog

log = logging.getLogger("qa2explorer")
QUIET_SECONDS = 30.0  # after the dialog closes, further errors are only logged and said in the message bar


class ErrorHandler(QObject):
    """Installs itself as ``sys.excepthook`` and ``threading.excepthook``; the dialog is always made on the UI
    thread (errors of other threads reach it through a queued signal)."""

    _raised = Signal(str)  # the details

    def __init__(self, log_path: str, quiet_s: float = QUIET_SECONDS, parent: QObject | None = None):
        super().__init__(parent)
        self.log_path = log_path
        self.quiet_s = quiet_s
        # the window the user works in (the dialog's parent; its message bar says later errors), once one exists
        self.window_of: Callable[[], QWidget | None] = lambda: None
        self.dialog: ErrorDialog | None = None
        self.closed_at = -float("inf")
        self._previous: tuple | None = None
        self._raised.connect(self._soon)  # from another thread: queued to the UI thread

    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None

    def handle(self, kind, value, tb, where: str = "") -> None:
        if issubclass(kind, KeyboardInterrupt):  # Ctrl+C in the terminal that started the app: quit as asked
            sys.__excepthook__(kind, value, tb)
            from PySide6.QtGui import QGuiApplication

            app = QGuiApplication.instance()
            if app is not None:
                app.quit()
            return
        log.error("unexpected error%s", where, exc_info=(kind, value, tb))
        self._raised.emit(details(kind, value, tb, where))

    def _thread_hook(self, args) -> None:
        if args.exc_type is SystemExit:
            return
        name = f" in thread {args.thread.name}" if args.thread is not None else ""
        self.handle(args.exc_type, args.exc_value, args.exc_traceback, name)

    def _soon(self, text: str) -> None:
        QTimer.singleShot(0, self, lambda: self._show(text))  # not inside the error's aftermath

    def _show(self, text: str) -> None:
        if self.dialog is not None:
            self.dialog.add_more()
            return
        if time.monotonic() - self.closed_at < self.quiet_s:
            window = self.window_of()
            if window is not None:
                window.message.show_message(
                    f"Another unexpected error; its details are in {readable(self.log_path)}.", "error"
                )
            return
        try:
            from PySide6.QtCore import Qt

            from .error_dialog import ErrorDialog

            self.dialog = ErrorDialog(text, self.log_path, self.window_of())
            self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.dialog.finished.connect(self._closed)
            self.dialog.show()  # not exec(): no nested event loop inside the error's aftermath
        except Exception:  # the dialog itself failing must not raise again (an endless round of errors)
            log.exception("the error dialog could not be shown")
            self._closed()

    def _closed(self) -> None:
        self.dialog = None
        self.closed_at = time.monotonic()


def details(kind, value, tb, where: str = "") -> str:
    """The traceback with what a bug report needs around it: versions and platform."""
    import platform

    lines = traceback.format_exception(kind, value, tb)
    head = (f"qa2explorer {__version__}, Python {platform.python_version()}, PySide6 {pyside_version} "
            f"(Qt {qVersion()}), {platform.platform()}{where}")  # fmt: skip
    return head + "\n\n" + "".join(lines).rstrip()
