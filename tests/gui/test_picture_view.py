"""The picture preview: a real 990×720 QA plot fits the pane whole, zooms (buttons, wheel, keys) and scrolls."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QImage, QMouseEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from qa2explorer.gui.app import make_app  # noqa: E402
from qa2explorer.gui.picture_view import PictureView  # noqa: E402
from tests.gui.conftest import wheel as turn  # noqa: E402


@pytest.fixture
def qa_image(tmp_path) -> QImage:
    """A manual-QA-like plot, 990×720 px, with text touching its top and bottom edges."""
    fig = plt.figure(figsize=(9.9, 7.2), dpi=100)
    ax = fig.add_axes((0.08, 0.1, 0.88, 0.8))
    ax.plot([0, 1, 2, 3], [1.0, 0.2, 0.9, 0.4], "o-")
    fig.text(0.5, 0.999, "uid___A002_Xabc  amp vs freq  (top edge)", ha="center", va="top", fontsize=14)
    fig.text(0.5, 0.001, "spw 17  (bottom edge)", ha="center", va="bottom", fontsize=14)
    path = tmp_path / "qa.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    image = QImage(str(path))
    assert (image.width(), image.height()) == (990, 720)
    return image


@pytest.fixture
def view(qtbot) -> PictureView:
    make_app()
    w = PictureView()
    qtbot.addWidget(w)
    w.resize(600, 400)
    w.show()
    qtbot.waitExposed(w)
    return w


def picture_rect(w: PictureView) -> QRectF:
    """The picture's rectangle in viewport coordinates."""
    (item,) = w.view.scene().items()
    return w.view.viewportTransform().mapRect(item.sceneBoundingRect())


def assert_fits(w: PictureView) -> None:
    shown, room = picture_rect(w), QRectF(w.view.viewport().rect())
    assert room.contains(shown), (shown, room)
    if w.zoom() < 1:  # shrunk: as large as fits
        assert shown.width() >= room.width() - 3 or shown.height() >= room.height() - 3
    assert abs(shown.left() - (room.right() - shown.right())) <= 3  # centred (Qt rounds the margins)
    assert abs(shown.top() - (room.bottom() - shown.bottom())) <= 3
    assert not w.view.verticalScrollBar().isVisible() and not w.view.horizontalScrollBar().isVisible()


def wait_fits(qtbot, w: PictureView) -> None:
    """Scroll bars come and go when Qt next lays out the view; then the picture must fit."""
    qtbot.waitUntil(lambda: assert_fits(w), timeout=2000)


def wheel(w: PictureView, pos: QPoint, notches: int) -> None:
    turn(w.view.viewport(), pos, notches)


def drag(w: PictureView, start: QPoint, end: QPoint) -> None:
    port = w.view.viewport()
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    steps = [(QEvent.Type.MouseButtonPress, start, left, left)]
    steps += [(QEvent.Type.MouseMove, start + (end - start) * i / 4, none, left) for i in range(1, 5)]
    steps += [(QEvent.Type.MouseButtonRelease, end, left, none)]
    for kind, pos, button, buttons in steps:
        event = QMouseEvent(
            kind, QPointF(pos), QPointF(port.mapToGlobal(pos)), button, buttons, Qt.KeyboardModifier.NoModifier
        )
        QApplication.sendEvent(port, event)


def test_a_new_picture_fits_whole(qtbot, view, qa_image):
    view.show_image(qa_image)
    assert view.fit_mode()
    assert 0.3 < view.zoom() < 1
    wait_fits(qtbot, view)
    assert view.zoom_label.text() == f"Fit · {round(view.zoom() * 100)} %"


def test_actual_size_scrolls_and_pans(qtbot, view, qa_image):
    view.show_image(qa_image)
    view.zoom_actual()
    assert view.zoom() == 1.0
    assert not view.fit_mode()
    assert picture_rect(view).size().toSize() == qa_image.size()
    bars = view.view.verticalScrollBar(), view.view.horizontalScrollBar()
    qtbot.waitUntil(lambda: all(bar.isVisible() for bar in bars), timeout=2000)
    assert all(bar.maximum() > 0 for bar in bars)
    assert view.zoom_label.text() == "100 %"
    before = [bar.value() for bar in bars]
    drag(view, QPoint(300, 200), QPoint(200, 150))  # the picture follows the mouse: it scrolls right and down
    assert [bar.value() for bar in bars] == [before[0] + 50, before[1] + 100]


def test_wheel_zooms_around_the_cursor_and_fit_returns(qtbot, view, qa_image):
    view.show_image(qa_image)
    fitted = view.zoom()
    pos = QPoint(150, 100)
    wheel(view, pos, 1)
    assert view.zoom() == pytest.approx(fitted * 1.25)
    assert not view.fit_mode()
    assert view.zoom_label.text() == f"{round(fitted * 125)} %"
    view.zoom_actual()
    qtbot.wait(10)
    under = view.view.mapToScene(pos)
    wheel(view, pos, 1)
    assert view.zoom() == pytest.approx(1.25)
    after = view.view.mapToScene(pos)
    assert abs(after.x() - under.x()) < 2 and abs(after.y() - under.y()) < 2  # same picture point under the cursor
    wheel(view, pos, -2)
    assert view.zoom() == pytest.approx(0.8)
    view.zoom_fit()
    assert view.fit_mode()
    assert view.zoom() == pytest.approx(fitted)
    wait_fits(qtbot, view)


def test_zoom_is_clamped(view, qa_image):
    view.show_image(qa_image)
    for _ in range(40):
        view.zoom_in()
    assert view.zoom() == pytest.approx(16.0)
    for _ in range(60):
        view.zoom_out()
    assert view.zoom() == pytest.approx(0.05)


def test_resize_refits_in_fit_mode_only(qtbot, view, qa_image):
    view.show_image(qa_image)
    small = view.zoom()
    view.resize(900, 700)
    qtbot.waitUntil(lambda: view.zoom() > small)
    assert view.fit_mode()
    wait_fits(qtbot, view)
    view.zoom_in()
    zoomed = view.zoom()
    view.resize(600, 400)
    qtbot.wait(20)
    assert view.zoom() == zoomed


def test_keys_on_the_view(qtbot, view, qa_image):
    view.show_image(qa_image)
    fitted = view.zoom()
    qtbot.keyClick(view.view, Qt.Key.Key_Plus)
    assert view.zoom() == pytest.approx(fitted * 1.25)
    qtbot.keyClick(view.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view.view, Qt.Key.Key_Minus)
    assert view.zoom() == pytest.approx(fitted / 1.25)
    qtbot.keyClick(view.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() == pytest.approx(fitted)
    assert not view.fit_mode()
    qtbot.keyClick(view.view, Qt.Key.Key_1)
    assert view.zoom() == 1.0
    qtbot.keyClick(view.view, Qt.Key.Key_0)
    assert view.fit_mode()
    assert view.zoom() == pytest.approx(fitted)


def test_null_image_and_messages(view, qa_image):
    view.set_message("Loading…")
    assert view.message.isVisible() and view.message.text() == "Loading…"
    assert not view.view.isVisible()
    view.show_image(qa_image)
    assert view.view.isVisible() and not view.message.isVisible()
    view.show_image(QImage())
    assert view.message.isVisible() and view.message.text()
    assert not view.view.isVisible()
    assert view.zoom_label.text() == ""
    view.zoom_in()  # nothing to zoom: no error, no change of mode
    assert view.fit_mode()
    view.clear()
    assert view.message.text() == ""


def test_fit_never_enlarges_a_small_picture(qtbot, view):
    small = QImage(200, 100, QImage.Format.Format_RGB32)
    small.fill(Qt.GlobalColor.darkBlue)
    view.show_image(small)
    assert view.fit_mode()
    assert view.zoom() == 1.0
    wait_fits(qtbot, view)
