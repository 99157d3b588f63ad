"""Unexpected errors: raised inside a real slot (a button's click) and in a worker thread, logged in the user log
folder, shown in one dialog, the app alive after. pytest-qt replaces ``sys.excepthook`` during each test to
fail tests on exceptions in Qt callbacks; the handler installed inside the test replaces pytest-qt's in turn (and
is uninstalled before pytest-qt checks), so the errors these tests raise reach the app's handler only."""

import logging
import os
import threading

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QPushButton

from qa2explorer.gui.app import setup_logging
from qa2explorer.gui.error_handler import ErrorHandler
from tests.gui.test_single_instance import warmed_up


@pytest.fixture
def handler(qtbot, window):
    warmed_up(qtbot, window)
    log_path = setup_logging()  # the user log folder (the test's own: see tests/conftest.py)
    errors = ErrorHandler(log_path, quiet_s=60)
    errors.install()
    errors.window_of = lambda: window
    yield errors
    errors.uninstall()
    if errors.dialog is not None:
        errors.dialog.close()
    root = logging.getLogger()
    for h in [h for h in root.handlers if getattr(h, "baseFilename", None) == log_path]:
        root.removeHandler(h)
        h.close()


def broken_button(qtbot, window) -> QPushButton:
    button = QPushButton("Broken", window)

    def slot():
        raise ZeroDivisionError("a bug in a slot")

    button.clicked.connect(slot)
    button.show()
    return button


def test_an_error_in_a_slot_is_logged_and_shown_once_and_the_app_carries_on(qtbot, window, handler, demo_project):
    assert handler.log_path.startswith(os.environ["XDG_STATE_HOME"])
    button = broken_button(qtbot, window)
    button.click()
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
    dialog = handler.dialog
    assert "Something went wrong" in dialog.text.text() and handler.log_path in dialog.text.text()
    assert "ZeroDivisionError: a bug in a slot" in dialog.details.toPlainText()
    assert "qa2explorer " in dialog.details.toPlainText() and "Python " in dialog.details.toPlainText()
    with open(handler.log_path, encoding="utf-8") as f:
        logged = f.read()
    assert "unexpected error" in logged and "ZeroDivisionError: a bug in a slot" in logged and "in slot" in logged

    for _ in range(5):  # a storm: counted in the open dialog, no second dialog
        button.click()
    qtbot.waitUntil(lambda: dialog.more == 5)
    assert "5 more unexpected errors" in dialog.count.text()
    assert [w for w in QGuiApplication.topLevelWindows() if w.title() == "Something went wrong"]
    dialogs = [w for w in window.findChildren(type(dialog)) if w.isVisible()]
    assert dialogs == [dialog]

    dialog.copy_button.click()
    assert "ZeroDivisionError" in QGuiApplication.clipboard().text()
    dialog.close()
    qtbot.waitUntil(lambda: handler.dialog is None)
    button.click()  # within the quiet spell: logged and said in the message bar, no dialog
    qtbot.waitUntil(lambda: window.message.isVisible())
    assert handler.dialog is None and "Another unexpected error" in window.message.text.text()

    from tests.gui.conftest import open_and_wait

    open_and_wait(qtbot, window, demo_project)  # the app is alive and works
    assert window.model.root.path == demo_project


class FolderOpener(QObject):  # the desktop's handler for file: URLs, as Qt lets an app name one
    def __init__(self):
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url):
        self.urls.append(url)


def test_an_error_in_a_worker_thread_reaches_the_dialog_and_open_log_folder(qtbot, window, handler):
    def work():
        raise ValueError("a bug in a thread")

    thread = threading.Thread(target=work, name="worker-x")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: handler.dialog is not None)
    text = handler.dialog.details.toPlainText()
    assert "ValueError: a bug in a thread" in text and "in thread worker-x" in text
    opener = FolderOpener()
    QDesktopServices.setUrlHandler("file", opener, "open")
    try:
        handler.dialog.folder_button.click()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [u.toLocalFile() for u in opener.urls] == [os.path.dirname(handler.log_path)]
