"""Start the desktop app."""

from __future__ import annotations

import logging
import os
import sys

import platformdirs
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from .. import __version__
from .appearance import follow_system
from .error_handler import ErrorHandler
from .icons import app_icon
from .main_window import MainWindow
from .single_instance import InstanceServer, bring_forward, hand_over

log = logging.getLogger("qa2explorer")


def setup_logging() -> str:
    """Log to ``<user log dir>/qa2explorer.log``; returns the file path."""
    folder = platformdirs.user_log_dir("qa2explorer")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "qa2explorer.log")
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setOrganizationName("qa2explorer")
    app.setApplicationName("qa2explorer")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("qa2explorer")
    app.setWindowIcon(app_icon())
    follow_system(app)  # a platform that says "dark" but gives a light palette gets a dark one
    return app


def quit_after(app: QApplication, window: MainWindow, seconds: float, opening: bool) -> None:
    """Quit ``seconds`` after the delivery being opened opened (its path printed), or after the window shows."""

    def quit_soon(opened: str = "") -> None:
        if opened:
            print(f"opened {opened}", flush=True)
        QTimer.singleShot(int(seconds * 1000), app.quit)

    if opening:
        window.opener.opened.connect(quit_soon)
    else:
        quit_soon()


def run(path: str | None = None, demo: bool = False, new_window: bool = False,
        quit_after_s: float | None = None) -> int:  # fmt: skip
    log_path = setup_logging()
    app = make_app()
    # a window of this user runs: it opens the path and comes to the front (a timed self-test always starts its own)
    if (
        not new_window and quit_after_s is None and hand_over(path, demo)
    ):  # a window of this user runs: it opens the path and comes to the front
        log.info("handed %s to the running window", path or "(no path)")
        return 0
    errors = ErrorHandler(log_path, parent=app)  # unexpected errors: logged, one dialog, the app carries on
    errors.install()
    window = MainWindow(QSettings())
    errors.window = window
    errors.notify = window.message.show_message
    server = InstanceServer(parent=app)
    server.requested.connect(lambda asked, asked_demo: bring_forward(window, asked, asked_demo))
    server.listen()
    window.show()
    if demo:
        window.open_demo()
    elif path:
        window.open_path(path)
    if quit_after_s is not None:
        quit_after(app, window, quit_after_s, opening=demo or bool(path))
    code = app.exec()
    window.shutdown()
    return code
