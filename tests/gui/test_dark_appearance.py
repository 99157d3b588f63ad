"""A dark appearance (the system's palette, as Qt applies it when the desktop is dark): the message bar keeps its
text readable on its light background, and an open page, the stage scores table, highlighted text and dimmed
labels take the dark colours the moment the palette changes, without being opened again (and the light ones back).
Offscreen, Qt's colour scheme cannot be set (the platform has none), so the palette is; a platform that says
"dark" but keeps a light palette gets the app's dark one."""

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from qa2explorer.demo import layout
from qa2explorer.gui.appearance import dark_palette, is_dark, match_scheme
from qa2explorer.gui.panels import _BAR_STYLES
from qa2explorer.gui.previews.weblog_view import WeblogPreview
from qa2explorer.present.colours import DARK, LIGHT
from qa2explorer.present.facts import DIM
from tests.contrast import contrast
from tests.gui.conftest import folder_page, open_and_wait, page_text
from tests.gui.test_window import M12

WEBLOG = f"member.{layout.M12}.hifa_calimage.weblog.tgz"


@pytest.fixture
def restore_palette(qapp):
    saved = QApplication.palette()
    yield
    qapp.setProperty("dark_palette_set", False)
    QApplication.setPalette(saved)


def go_dark() -> None:
    QApplication.setPalette(dark_palette())
    QApplication.processEvents()


def test_message_bar_is_readable_in_a_dark_palette(qtbot, window, restore_palette):
    go_dark()
    for level in ("info", "warning", "error"):
        window.message.show_message("Could not read the weblog.", level)
        qtbot.waitUntil(window.message.isVisible)
        label = window.message.text
        label.ensurePolished()
        text = label.palette().color(QPalette.ColorRole.WindowText).name()
        assert contrast(text, _BAR_STYLES[level][0]) >= 4.5


def test_the_member_page_turns_dark_and_light_again_where_it_is(qtbot, window, demo_project, restore_palette):
    open_and_wait(qtbot, window, demo_project)
    window.select_path(os.path.join(demo_project, M12))
    qtbot.waitUntil(lambda: "Lowest pipeline stage scores" in page_text(window), timeout=30_000)
    browser = folder_page(window).browser
    html = browser.toHtml()
    assert LIGHT.link in html and LIGHT.tones[DIM] in html and DARK.link not in html
    text = page_text(window)

    go_dark()
    html = browser.toHtml()
    assert DARK.link in html and DARK.tones[DIM] in html and DARK.header in html and LIGHT.link not in html
    assert page_text(window) == text  # the same page, not opened again
    base = browser.viewport().grab().toImage().pixelColor(3, 3)
    assert base == QColor(dark_palette().color(QPalette.ColorRole.Base))

    QApplication.setPalette(QApplication.style().standardPalette())
    QApplication.processEvents()
    assert LIGHT.link in browser.toHtml() and DARK.link not in browser.toHtml()


def test_the_stage_scores_redraw_in_dark_tints(qtbot, window, demo_project, restore_palette):
    open_and_wait(qtbot, window, demo_project)
    qa = os.path.join(demo_project, M12, "qa")
    window.select_path(os.path.join(qa, WEBLOG))
    qtbot.waitUntil(lambda: isinstance(window.preview.shown, WeblogPreview))
    scores = window.preview.shown.scores
    qtbot.waitUntil(lambda: scores.model.rowCount() == 36, timeout=30_000)
    proxy, table = scores.proxy, scores.table
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 1).data() == "hifa_imageprecheck")  # 0.50
    index = proxy.index(row, 2)
    band = scores.model.stages[proxy.mapToSource(index).row()].band
    table.scrollTo(index)

    def cell_colour() -> QColor:
        QApplication.processEvents()
        rect = table.visualRect(index)
        return table.viewport().grab().toImage().pixelColor(rect.left() + 2, rect.top() + 2)

    assert cell_colour() == QColor(LIGHT.bands[band][0])
    count = scores.count.palette().color(QPalette.ColorRole.WindowText)
    assert count == QColor(LIGHT.tones[DIM])

    go_dark()
    assert index.data(Qt.ItemDataRole.BackgroundRole) == QColor(DARK.bands[band][0])
    assert index.data(Qt.ItemDataRole.ForegroundRole) == QColor(DARK.bands[band][1])
    assert cell_colour() == QColor(DARK.bands[band][0])  # painted so, without a new selection
    assert scores.count.palette().color(QPalette.ColorRole.WindowText) == QColor(DARK.tones[DIM])


def test_highlighted_text_is_recoloured(qtbot, window, demo_project, restore_palette):
    open_and_wait(qtbot, window, demo_project)
    window.select_path(os.path.join(demo_project, M12, "script", f"member.{layout.M12}.scriptForPI.py"))
    viewer = window.preview.file_page.preview.viewer
    qtbot.waitUntil(lambda: "*** ALMA scriptForPI ***" in viewer.edit.toPlainText(), timeout=10_000)

    def keyword_colours() -> set[str]:
        block, found = viewer.edit.document().begin(), set()
        while block.isValid():
            found |= {r.format.foreground().color().name() for r in block.layout().formats() if r.format.fontWeight()
                      == 700 and block.text()[r.start : r.start + r.length] in ("import", "def", "if")}  # fmt: skip
            block = block.next()
        return found

    qtbot.waitUntil(lambda: keyword_colours() == {LIGHT.syntax["keyword"]})
    title = window.preview.file_page.title  # bold by its style sheet, which kept it black on a dark window
    go_dark()
    assert keyword_colours() == {DARK.syntax["keyword"]}
    assert title.palette().color(QPalette.ColorRole.WindowText) == dark_palette().color(QPalette.ColorRole.WindowText)


def test_a_dark_scheme_without_a_dark_palette_gets_one(qapp, restore_palette):
    QApplication.setPalette(QApplication.style().standardPalette())
    assert not is_dark()
    match_scheme(qapp, Qt.ColorScheme.Dark)
    assert is_dark()
    match_scheme(qapp, Qt.ColorScheme.Light)  # the platform's palette back
    assert not is_dark()
    go_dark()  # a platform's own dark palette is kept when it turns light: it sends its light one itself
    match_scheme(qapp, Qt.ColorScheme.Light)
    assert is_dark()


def test_views_closed_before_the_change_are_left_alone(qtbot, restore_palette):
    """What followed the palette and is gone (deleted with its page) is no longer called when it changes."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from qa2explorer.gui.beam_plot import BeamPlot
    from qa2explorer.gui.scores_table import ScoresTable
    from qa2explorer.gui.text_viewer import TextViewer

    viewer = TextViewer()
    viewer.show_text("import os\n", extension="py")
    gone = [viewer, ScoresTable(), BeamPlot()]
    for widget in gone:
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    go_dark()  # a call into a deleted widget would raise here (pytest-qt fails the test on it)
    QApplication.setPalette(QApplication.style().standardPalette())
