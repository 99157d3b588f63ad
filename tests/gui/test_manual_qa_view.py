"""The manual-QA view: selecting an EB's plot (or its textfile) shows the EB's gallery beside its textfile; the
gallery steps with buttons and keys and keeps the tree in step; a key figure clicked puts the text cursor on its
line; a corrupt plot and a textfile in an unknown layout are said in their places."""

import os

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from qa2explorer.demo import layout  # noqa: E402
from qa2explorer.gui.previews.manual_qa_gallery import READY  # noqa: E402
from qa2explorer.gui.previews.manual_qa_view import ManualQAPreview  # noqa: E402
from qa2explorer.qa.manual import NO_FIGURES  # noqa: E402
from tests.gui.conftest import folder_page, open_and_wait, page_text  # noqa: E402

M7 = f"science_goal.{layout.SOUS}/group.{layout.GOUS}/member.{layout.M7}"
EB = layout.EBS_7M[0]


def plot(demo_project, part: int, eb: str = EB) -> str:
    return os.path.join(demo_project, M7, "qa", f"member.{layout.M7}.{eb}__qa2_part{part}.png")


def shown_view(qtbot, window) -> ManualQAPreview:
    qtbot.waitUntil(lambda: isinstance(window.preview.file_page.preview, ManualQAPreview), timeout=10_000)
    return window.preview.file_page.preview


def thumbnails_done(view) -> bool:
    strip = view.gallery.strip
    return strip.count() > 0 and all(strip.item(i).data(READY) is not None for i in range(strip.count()))


def test_a_plot_shows_its_eb_gallery_and_textfile_figures(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    window.select_path(plot(demo_project, 1))
    view = shown_view(qtbot, window)
    gallery = view.gallery
    qtbot.waitUntil(lambda: thumbnails_done(view), timeout=20_000)
    assert gallery.strip.count() == 3 and all(gallery.strip.item(i).data(READY) for i in range(3))
    qtbot.waitUntil(gallery.picture.has_image, timeout=10_000)
    assert gallery.caption.text() == "part 1 of 3"
    assert not gallery.prev_button.isEnabled() and gallery.next_button.isEnabled()

    rows = {view.textfile.table.item(r, 0).text(): view.textfile.table.item(r, 1).text()
            for r in range(view.textfile.table.rowCount())}  # fmt: skip
    assert rows["Achieved beam"] == "7.29 x 4.72 arcsec (PA 81 deg)"
    assert rows["Achieved rms"] == "0.52 mJy/beam (aggregate continuum)"
    assert rows["Flagged data"] == "6.8 %"
    assert "Check of a target image and sensitivity" in view.textfile.text.toPlainText()  # the full text, too

    gallery.picture.view.setFocus()
    qtbot.keyClick(gallery.picture.view, Qt.Key.Key_Right)
    assert gallery.caption.text() == "part 2 of 3"
    qtbot.waitUntil(
        lambda: window.current_node() is not None and window.current_node().path == plot(demo_project, 2), timeout=5_000
    )  # fmt: skip  (the tree and the page's header follow)
    assert "part 2" in window.preview.file_page.what.text()
    gallery.next_button.click()
    assert gallery.caption.text() == "part 3 of 3" and not gallery.next_button.isEnabled()
    gallery.picture.view.setFocus()
    qtbot.keyClick(gallery.picture.view, Qt.Key.Key_PageUp)
    assert gallery.caption.text() == "part 2 of 3"
    qtbot.waitUntil(gallery.picture.has_image, timeout=10_000)


def test_the_textfile_opens_the_same_view_and_the_other_eb_is_a_choice_away(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    window.select_path(os.path.join(demo_project, M7, "qa", f"member.{layout.M7}.{EB}__textfile.txt"))
    view = shown_view(qtbot, window)
    qtbot.waitUntil(lambda: view.gallery.caption.text() == "part 1 of 3", timeout=10_000)
    assert view.eb_box.count() == 2 and view.eb_box.currentText().startswith("EB X88f1")
    view.eb_box.setCurrentIndex(1)
    view.eb_box.activated.emit(1)
    other = plot(demo_project, 1, layout.EBS_7M[1])
    qtbot.waitUntil(lambda: window.current_node() is not None and window.current_node().path == other, timeout=5_000)
    assert view.textfile.title.full_text().endswith(f"{layout.EBS_7M[1]}__textfile.txt")


def test_clicking_a_figure_puts_the_text_cursor_on_its_line(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    window.select_path(plot(demo_project, 2))
    view = shown_view(qtbot, window)
    table, text = view.textfile.table, view.textfile.text
    qtbot.waitUntil(lambda: table.rowCount() > 0, timeout=10_000)
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "Achieved rms")
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualItemRect(table.item(row, 1)).center())
    line = text.textCursor().blockNumber() + 1
    assert line == view.textfile.figures[row].line == 27
    assert text.textCursor().block().text().startswith("Continuum rms:")
    assert len(text.extraSelections()) == 1  # the line is highlighted
    first = text.cursorRect().top()
    assert 0 <= first < text.viewport().height()  # and scrolled into view


def _png(path, title):
    fig = plt.figure(figsize=(5, 4), dpi=60)
    fig.add_subplot().plot([0, 1, 2], [2, 1, 3])
    fig.suptitle(title)
    fig.savefig(path)
    plt.close(fig)


def test_a_corrupt_plot_and_an_unknown_textfile_are_said_in_place(qtbot, window, tmp_path):
    qa = tmp_path / "member.uid___A001_X1_X2" / "qa"
    qa.mkdir(parents=True)
    eb = "uid___A002_Xd81670_X867e"
    _png(qa / f"{eb}__qa2_part1.png", "part 1")
    (qa / f"{eb}__qa2_part2.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00not a picture" * 20)
    _png(qa / f"{eb}__qa2_part3.png", "part 3")
    (qa / f"{eb}__textfile.txt").write_text("12 0.3 0.4\n13 0.5 0.1\nend of listing\n")
    open_and_wait(qtbot, window, qa.parent)
    window.select_path(str(qa / f"{eb}__qa2_part2.png"))
    view = shown_view(qtbot, window)
    gallery = view.gallery
    qtbot.waitUntil(lambda: thumbnails_done(view), timeout=20_000)
    assert [gallery.strip.item(i).data(READY) for i in range(3)] == [True, False, True]
    assert gallery.strip.item(1).text() == "part 2 — unreadable"
    qtbot.waitUntil(lambda: "Cannot show part 2" in gallery.picture.message.text(), timeout=10_000)
    assert "not a readable picture" in gallery.picture.message.text() and not gallery.picture.has_image()
    assert view.textfile.note.text() == NO_FIGURES and view.textfile.table.rowCount() == 0
    assert view.textfile.text.toPlainText().startswith("12 0.3 0.4")  # the full text is shown
    gallery.next_button.click()  # the next plot shows as usual
    qtbot.waitUntil(gallery.picture.has_image, timeout=10_000)


def test_the_qa_page_links_each_eb_to_its_gallery(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    window.select_path(os.path.join(demo_project, M7, "qa"))
    qtbot.waitUntil(lambda: "Manual QA of EB X88f1" in page_text(window), timeout=10_000)
    assert "Manual QA of EB X2c5a" in page_text(window)
    html = folder_page(window).browser.toHtml()
    assert f"select:{plot(demo_project, 1)}" in html.replace("%5F", "_")
