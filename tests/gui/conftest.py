import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from qa2explorer.gui.app import make_app
from qa2explorer.gui.main_window import MainWindow


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings):
    make_app()
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.resize(1300, 800)
    w.show()
    yield w
    w.shutdown()


def open_and_wait(qtbot, window, path, timeout=60_000):
    window.open_path(str(path))
    qtbot.waitUntil(lambda: window.summary is not None, timeout=timeout)


def drag_and_drop(window, paths: list[str], pos: QPoint | None = None) -> tuple[bool, bool]:
    """A drag of local files over ``window`` ending in a drop, event by event as Qt delivers a real one
    (a drop only reaches the widget that accepted the drag-enter). Returns (enter accepted, drop accepted)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(p) for p in paths])
    pos = pos or QPoint(40, 80)
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(pos, *args)
    QApplication.sendEvent(window, enter)
    move = QDragMoveEvent(pos, *args)
    QApplication.sendEvent(window, move)
    drop = QDropEvent(QPointF(pos), *args)
    QApplication.sendEvent(window, drop)
    return enter.isAccepted(), drop.isAccepted()


def folder_page(window):
    """The folder page preview (delivery levels, members, sections, targets…)."""
    from qa2explorer.gui.previews.folder_page import FolderPagePreview

    return window.preview.preview(FolderPagePreview)


def page_text(window) -> str:
    return folder_page(window).browser.toPlainText()


def wheel(widget, pos: QPoint, notches: int) -> None:
    """A mouse-wheel turn of ``notches`` (positive: away from the user) over ``widget`` at ``pos``."""
    from PySide6.QtGui import QWheelEvent

    event = QWheelEvent(QPointF(pos), QPointF(widget.mapToGlobal(pos)), QPoint(), QPoint(0, 120 * notches),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)  # fmt: skip
    QApplication.sendEvent(widget, event)
