"""Start the desktop app."""

from __future__ import annotations

import logging
import os
import sys

import platformdirs
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from .. import __version__
from .error_handler import ErrorHandler
from .main_window import MainWindow
from .resources import app_icon
from .single_instance import InstanceServer, hand_over

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
    return app


def quit_after(app: QApplication, window: MainWindow, seconds: float, opening: bool) -> None:
    """Quit ``seconds`` after the delivery being opened opened (its path printed), or after the window shows;
    when nothing could be opened, at once with exit status 1 and the window's message on stderr."""

    def quit_soon(opened: str = "") -> None:
        if opened:
            print(f"opened {opened}", flush=True)
        QTimer.singleShot(int(seconds * 1000), app.quit)

    def failed() -> None:
        print(f"qa2explorer: nothing opened: {window.message.text.text() or 'no reason given'}", file=sys.stderr)
        app.exit(1)

    if opening:
        window.opener.opened.connect(quit_soon)
        window.state.subscribe("failed", failed)
    else:
        quit_soon()


def listen_for_others(app: QApplication, windows) -> None:
    """Listen for later ``qa2explorer`` commands of this user: each hands over what it was asked to open."""
    server = InstanceServer(parent=app)
    server.requested.connect(windows.forward)
    server.listen()


def run(path: str | None = None, demo: bool = False, new_window: bool = False,
        quit_after_s: float | None = None) -> int:  # fmt: skip
    log_path = setup_logging()
    app = make_app()
    # a window of this user runs: it opens the path and comes to the front (a timed self-test always starts its own)
    if not new_window and quit_after_s is None and hand_over(path, demo):
        log.info("handed %s to the running window", path or "(no path)")
        return 0
    errors = ErrorHandler(log_path, parent=app)  # unexpected errors: logged, one dialog, the app carries on
    errors.install()
    window = MainWindow(QSettings(), build=False)  # the frame now, the rest once it is on screen
    errors.window_of = window.windows.active
    window.show()

    def built() -> None:
        if demo:
            window.open_demo()
        elif path:
            window.open_path(path)
        if quit_after_s is not None:
            quit_after(app, window, quit_after_s, opening=demo or bool(path))
        listen_for_others(app, window.windows)

    window.when_built(built)
    code = app.exec()
    for each in list(window.windows.all):  # those still open when the app quits (Quit, or a timed self-test)
        each.shutdown()
    return code
