"""The PDF view: the demo's QA2 report in the window, pages, zoom, search, broken files, switching items."""

import logging
import os

import numpy as np
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from PySide6.QtCore import Qt, QUrl
from PySide6.QtTest import QTest

from qa2explorer.delivery.scan import Node
from qa2explorer.demo import layout
from qa2explorer.gui.pdf_worker import pdf_worker
from qa2explorer.gui.previews.pdf_view import PdfPreview
from qa2explorer.gui.previews.web_page import WebPagePreview
from tests.gui.conftest import open_and_wait
from tests.pdf_files import CALIBRATOR, write_encrypted, write_image_only, write_report

M12 = os.path.join(f"science_goal.{layout.SOUS}", f"group.{layout.GOUS}", f"member.{layout.M12}")


def show(window, path: str):
    """Show a file outside any delivery in the window's preview area, as the tree would."""
    window.preview.show_node(Node(os.path.basename(path), path, None, False))
    return window.preview.file_page.preview


def wait_rendered(qtbot, view, page: int = 0, timeout: int = 30_000):
    qtbot.waitUntil(lambda: view.pages.image(page) is not None, timeout=timeout)
    return view.pages.image(page)


def test_the_demo_report_pages_and_zoom(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    window.select_path(os.path.join(demo_project, M12, "qa", f"member.{layout.M12}.qa2_report.pdf"))
    view = window.preview.file_page.preview
    assert isinstance(view, PdfPreview)
    image = wait_rendered(qtbot, view)
    assert view.page_box.text() == "1 / 2" and not view.prev_button.isEnabled()
    # fit width: the page spans the view's width, rendered at the screen's pixel density
    pages = view.pages
    room = pages.viewport().width() - 24
    assert abs(image.width() - room * pages.devicePixelRatioF()) <= 2
    assert view.zoom_menu.text().startswith("Fit width · ")

    view.next_button.click()
    assert pages.page == 1 and view.page_box.text() == "2 / 2" and not view.next_button.isEnabled()
    wait_rendered(qtbot, view, 1)
    QTest.keyClick(pages, Qt.Key.Key_Home)
    assert pages.page == 0 and view.page_box.text() == "1 / 2"
    QTest.keyClick(pages, Qt.Key.Key_End)
    assert pages.page == 1
    QTest.keyClick(pages, Qt.Key.Key_PageUp)
    assert pages.page == 0
    QTest.keyClick(pages, Qt.Key.Key_PageDown)
    assert pages.page == 1

    before = pages.image(1).width()
    view.zoom_in.click()
    view.zoom_in.click()
    qtbot.waitUntil(lambda: pages.image(1) is not None and pages.image(1).width() > before * 1.5, timeout=30_000)
    assert pages.fit is None and view.zoom_menu.text().endswith("%") and "Fit" not in view.zoom_menu.text()
    assert pages.horizontalScrollBar().maximum() > 0  # wider than the view now
    view.page_box.setValue(1)  # typed into the page field
    assert pages.page == 0
    actions = {a.text(): a for a in view.zoom_menu.menu().actions()}
    actions["100 %"].trigger()
    assert view.zoom_menu.text() == "100 %" and pages.zoom == pages.logicalDpiY() / 72
    actions["Fit page"].trigger()  # the whole page in the view
    assert view.zoom_menu.text().startswith("Fit page · ")
    assert pages._heights()[0] <= pages.viewport().height() - 24


def test_search_counts_marks_and_steps_through_hits(qtbot, window, tmp_path):
    path = str(tmp_path / "member.uid___A001_X1_X2.qa2_report.pdf")
    counts = write_report(path)
    view = show(window, path)
    wait_rendered(qtbot, view)
    view.find_edit.setText(CALIBRATOR.lower())
    QTest.keyClick(view.find_edit, Qt.Key.Key_Return)
    total = sum(counts.values())
    qtbot.waitUntil(lambda: view.find_label.text() == f"1 of {total}", timeout=30_000)
    assert [h.page for h in view.pages.hits] == [0, 0, 0, 2]
    # the current hit is drawn over the page, in orange
    wait_rendered(qtbot, view)
    hit = view.pages.hits[0]
    box = view.pages._to_view(0, hit.rects[0])
    grabbed = view.pages.viewport().grab().toImage()
    colour = grabbed.pixelColor(int(box.center().x()), int(box.bottom()) - 1)
    assert colour.red() > 200 and colour.blue() < 150, colour.name()

    QTest.keyClick(view.find_edit, Qt.Key.Key_Return)  # Enter again: the next hit
    assert view.find_label.text() == f"2 of {total}"
    QTest.keyClick(view.find_edit, Qt.Key.Key_F3)
    QTest.keyClick(view.find_edit, Qt.Key.Key_F3)
    assert view.find_label.text() == f"4 of {total}" and view.pages.page == 2  # scrolled to the last page
    QTest.keyClick(view.find_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert view.find_label.text() == f"3 of {total}"

    view.pages.go_to_page(2)  # a search from the last page starts at its hit, not at the first page's
    view.find_edit.setText(CALIBRATOR)
    view.start_search()
    qtbot.waitUntil(lambda: view.find_label.text() == f"4 of {total}", timeout=30_000)
    assert view.pages.page == 2

    view.find_edit.setText("no such words")
    view.start_search()
    qtbot.waitUntil(lambda: view.find_label.text() == "No match", timeout=30_000)
    assert view.pages.hits == []


def test_ctrl_f_on_the_pages_goes_to_the_find_field(qtbot, window, tmp_path):
    path = str(tmp_path / "report.pdf")
    write_report(path)
    view = show(window, path)
    wait_rendered(qtbot, view)
    window.activateWindow()
    view.pages.setFocus()
    qtbot.waitUntil(view.pages.hasFocus, timeout=5_000)
    QTest.keyClick(view.pages, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.find_edit.hasFocus()  # not the window's Ctrl+F (the tree's filter)
    QTest.keyClick(view.find_edit, Qt.Key.Key_Escape)
    assert view.pages.hasFocus()


def test_a_pdf_without_text_says_so(qtbot, window, tmp_path):
    path = str(tmp_path / "scan.pdf")
    write_image_only(path)
    view = show(window, path)
    wait_rendered(qtbot, view)
    view.find_edit.setText("Tsys")
    view.start_search()
    qtbot.waitUntil(lambda: view.find_label.text() == "This PDF has no text", timeout=30_000)


def test_broken_and_locked_pdfs_show_a_message(qtbot, window, tmp_path):
    good = str(tmp_path / "good.pdf")
    write_report(good)
    with open(good, "rb") as f:
        data = f.read()
    broken = tmp_path / "uid___A002_X1_X2.qa0_report.pdf"
    broken.write_bytes(data[: len(data) // 3])
    view = show(window, str(broken))
    qtbot.waitUntil(lambda: "not a PDF or damaged" in view.message.text(), timeout=30_000)
    assert view.message.text().startswith("Cannot show this PDF: not a PDF or damaged: uid___A002_X1_X2.qa0_report")
    assert view.stack.currentIndex() == 1 and view.toolbar.isHidden() and view.message_open.isVisible()

    locked = str(tmp_path / "locked.pdf")
    write_encrypted(locked, "alma")
    show(window, locked)
    qtbot.waitUntil(lambda: "protected by a password" in view.message.text(), timeout=30_000)
    assert view.password_edit.isVisible()
    QTest.keyClicks(view.password_edit, "wrong")
    QTest.keyClick(view.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "the password is not right" in view.message.text(), timeout=30_000)
    QTest.keyClicks(view.password_edit, "alma")
    QTest.keyClick(view.password_edit, Qt.Key.Key_Return)
    wait_rendered(qtbot, view)
    assert view.info.pages == 1 and view.password_edit.text() == "" and view.password_edit.isHidden()

    show(window, good)  # and a good one shows its pages again
    wait_rendered(qtbot, view)
    assert view.stack.currentWidget() is view.pages and not view.toolbar.isHidden()


def heavy_pdf(path: str, points: int = 120_000) -> None:
    """Two pages: a square one with a vector scatter of ``points`` points (slow for PDFium to parse), then a short
    text page."""
    rng = np.random.default_rng(3)
    with PdfPages(path) as pdf:
        fig = Figure(figsize=(8, 8))
        ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
        ax.plot(rng.random(points), rng.random(points), ",")
        pdf.savefig(fig)
        fig = Figure(figsize=(8.27, 11.69))
        fig.text(0.1, 0.9, "Second page")
        pdf.savefig(fig)


def test_switching_items_drops_the_renders_and_closes_the_document(qtbot, window, tmp_path, caplog):
    heavy, light = str(tmp_path / "heavy.pdf"), str(tmp_path / "light.pdf")
    heavy_pdf(heavy)
    write_report(light)
    caplog.set_level(logging.ERROR)
    worker = pdf_worker()
    view = show(window, heavy)
    qtbot.waitUntil(lambda: view.info is not None, timeout=30_000)
    first = view.doc
    view.find_edit.setText("page")
    view.start_search()
    # another PDF, then a folder page, then the PDF again, while the heavy page is still being drawn
    show(window, light)
    window.preview.show_welcome()
    assert view.doc is None and view.pages.sizes == []
    shapes = []  # what the view is given to draw: never a square page of the heavy document
    set_image = view.pages.set_image
    view.pages.set_image = lambda page, scale, image: (shapes.append(image.height() / image.width()),
                                                       set_image(page, scale, image))  # fmt: skip
    view = show(window, light)
    wait_rendered(qtbot, view)
    qtbot.waitUntil(worker.idle, timeout=60_000)
    assert shapes and all(abs(shape - 1) > 0.2 for shape in shapes), shapes
    assert view.doc in worker._files and not set(range(first, view.doc)) & set(worker._files)  # closed there
    assert view.info.pages == 3
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    doc = view.doc
    window.preview.show_welcome()
    qtbot.waitUntil(lambda: doc not in worker._files, timeout=30_000)


def test_the_old_html_report_is_drawn_with_its_pictures(qtbot, window, tmp_path):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(2, 1))
    fig.add_subplot().plot([0, 1], [1, 0])
    fig.savefig(tmp_path / "uvcov.png")
    page = tmp_path / "member.uid___A001_X1_X2.qa2_report.html"
    page.write_text("<html><head><script>document.write('scripted')</script></head><body><h1>QA2 report</h1>"
                    "<table><tr><td>QA2 status</td><td>PASS</td></tr></table><img src='uvcov.png'>"
                    "<img src='http://example.invalid/remote.png'></body></html>")  # fmt: skip
    view = show(window, str(page))
    assert isinstance(view, WebPagePreview) and view.open_button.text() == "Open in Browser"
    qtbot.waitUntil(lambda: "QA2 status" in view.page.toPlainText(), timeout=10_000)
    assert "scripted" not in view.page.toPlainText()  # no script ran
    picture = view.page.loadResource(2, QUrl("uvcov.png"))  # 2: QTextDocument.ImageResource
    assert picture is not None and not picture.isNull()  # the page's own picture, from its folder
    assert view.page.loadResource(2, QUrl("http://example.invalid/remote.png")) is None  # nothing from the network
