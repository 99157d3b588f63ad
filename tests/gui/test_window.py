"""The main window driven as a user would: open, drop, select, filter, switch views, reopen."""

import os
import tarfile
import time

from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtGui import QDragEnterEvent
from PySide6.QtWidgets import QApplication

from qa2explorer.demo import layout
from qa2explorer.gui.highlighters import PythonHighlighter, XmlHighlighter
from qa2explorer.gui.main_window import MainWindow
from qa2explorer.gui.tree_model import NAME, WHAT
from tests.gui.conftest import drag_and_drop, folder_page, open_and_wait, page_text

GROUP = f"science_goal.{layout.SOUS}/group.{layout.GOUS}"
M12 = f"{GROUP}/member.{layout.M12}"
M7 = f"{GROUP}/member.{layout.M7}"
CONT = f"member.{layout.M12}.NGC_3627_sci.spw17_19_21_23.cont.I.tt0.pbcor.fits"


def rows(model, parent):
    return [model.data(model.index(r, NAME, parent)) for r in range(model.rowCount(parent))]


def test_open_shows_the_delivery_levels_and_overview(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    m = window.model
    top = m.index(0, 0)
    assert m.data(top) == "2023.1.99999.S"
    assert m.data(m.index(0, WHAT)) == "Project, Cycle 10"
    group = m.index(0, 0, m.index(0, 0, top))
    assert rows(m, group) == [f"member.{layout.M12}", f"member.{layout.M7}"]
    member_what = m.data(m.index(0, WHAT, group))
    assert member_what.startswith("Member OUS X1c2") and "12-m" in member_what and "pipeline" in member_what
    assert window.tree.isExpanded(group)
    assert window.preview.currentWidget() is folder_page(window)
    assert "2 members" in page_text(window)
    window.select_path(os.path.join(demo_project, M7))
    text = page_text(window)
    assert "Member uid://A001/X2f6a/X1c4" in text and "7-m" in text and "manual" in text
    assert "Raw data (ASDMs) not downloaded for 2 of 2 EBs" in text


def test_drag_and_drop_of_a_folder_opens_it(qtbot, window, demo_project):
    dropped = os.path.join(demo_project, M12, "product")
    pos = window.tree.viewport().mapTo(window, QPoint(20, 20))
    assert drag_and_drop(window, [dropped], pos) == (True, True)
    qtbot.waitUntil(lambda: window.summary is not None, timeout=60_000)
    assert window.model.root.path == demo_project  # the whole project, with the dropped folder selected
    assert window.current_node().path == dropped


def test_drop_of_something_that_is_not_a_delivery(qtbot, window, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert drag_and_drop(window, [str(empty)]) == (True, True)
    qtbot.waitUntil(lambda: window.message.isVisible(), timeout=10_000)
    assert window.message.level == "error" and "is empty" in window.message.text.text()
    assert window.preview.currentWidget() is window.welcome
    not_files = QMimeData()
    not_files.setText("just text")
    enter = QDragEnterEvent(
        QPoint(5, 5), Qt.DropAction.CopyAction, not_files, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()


def test_selecting_a_product_shows_what_it_is(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    window.select_path(os.path.join(demo_project, M12, "product", CONT))
    d = window.preview.file_page
    assert window.preview.currentWidget() is d
    assert d.what.text() == (
        "pb-corrected continuum image of NGC 3627 (science target), spws 17, 19, 21, 23, Stokes I, Taylor term 0"
    )
    fields = {d.fields.item(r, 0).text(): d.fields.item(r, 1).text() for r in range(d.fields.rowCount())}
    assert fields["Target"] == "NGC 3627" and fields["Taylor term"] == "tt0 — Taylor term 0"
    assert fields["Layer"] == "pbcor — pb-corrected" and fields["File type"] == "FITS"
    header = d.preview.header_view.edit  # the image viewer's Header tab
    qtbot.waitUntil(lambda: "SIMPLE" in header.toPlainText(), timeout=10_000)
    assert "OBJECT  = 'NGC_3627'" in header.toPlainText()
    # the Name column drops the repeated member.<MOUS> prefix; the View menu brings it back
    index = window.tree.currentIndex()
    assert window.model.data(index) == "NGC_3627_sci.spw17_19_21_23.cont.I.tt0.pbcor.fits"
    window.act_full_names.setChecked(True)
    assert window.model.data(index) == CONT


def test_scripts_and_xml_open_highlighted(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    script = os.path.join(demo_project, M12, "script")
    window.select_path(os.path.join(script, f"member.{layout.M12}.scriptForPI.py"))
    viewer = window.preview.file_page.preview.viewer
    qtbot.waitUntil(lambda: "*** ALMA scriptForPI ***" in viewer.edit.toPlainText(), timeout=10_000)
    assert isinstance(viewer._highlighter, PythonHighlighter)
    assert viewer.edit.isReadOnly()
    window.select_path(os.path.join(script, f"member.{layout.M12}.hifa_calimage.pprequest.xml"))
    qtbot.waitUntil(lambda: "<SciPipeRequest" in viewer.edit.toPlainText(), timeout=10_000)
    assert isinstance(viewer._highlighter, XmlHighlighter)


def test_archives_are_listed_and_damaged_ones_explained(qtbot, window, demo_project, tmp_path):
    open_and_wait(qtbot, window, demo_project)
    weblog = os.path.join(demo_project, M12, "qa", f"member.{layout.M12}.hifa_calimage.weblog.tgz")
    window.select_path(weblog)
    viewer = window.preview.file_page.preview.viewer
    qtbot.waitUntil(lambda: "html/t1-4.html" in viewer.edit.toPlainText(), timeout=10_000)

    member = tmp_path / "member.uid___A001_X1_X2"
    (member / "qa").mkdir(parents=True)
    (member / "script").mkdir()
    good = tmp_path / "w.tgz"
    with tarfile.open(good, "w:gz") as tar:
        tar.add(os.path.join(demo_project, M12, "script"), arcname="pipeline-x/html")
    data = good.read_bytes()
    (member / "qa" / "member.uid___A001_X1_X2.weblog.tgz").write_bytes(data[: len(data) // 2])
    open_and_wait(qtbot, window, member)
    window.select_path(str(member / "qa" / "member.uid___A001_X1_X2.weblog.tgz"))
    qtbot.waitUntil(lambda: "damaged or truncated" in viewer.edit.toPlainText(), timeout=10_000)


def test_manual_qa_png_is_previewed(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    png = os.path.join(demo_project, M7, "qa", f"member.{layout.M7}.{layout.EBS_7M[0]}__qa2_part1.png")
    window.select_path(png)
    page = window.preview.file_page
    qtbot.waitUntil(lambda: page.preview.gallery.picture.has_image(), timeout=10_000)  # the manual-QA gallery
    assert "manual QA2 diagnostic plots" in page.what.text()


def test_filter_by_typing(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    qtbot.keyClicks(window.filter_edit, "spw17 cube selfcal")
    # typing is slow under load: results for a prefix ("spw17 cube") may show first, then the final one
    qtbot.waitUntil(lambda: window.filter_status.text() == "3 matching files", timeout=10_000)
    product = window.model.reveal(window.model.find(os.path.join(demo_project, M12, "product")))
    names = rows(window.model, product)
    assert names == [f"NGC_3627_sci.spw17.cube.I.selfcal.{x}" for x in ("mask.fits.gz", "pb.fits.gz", "pbcor.fits")]
    window.filter_edit.clear()
    qtbot.waitUntil(lambda: not window.model.filtered, timeout=10_000)
    product = window.model.reveal(window.model.find(os.path.join(demo_project, M12, "product")))
    window.tree.expand(product)  # the view asks for the rows (lazily) when it lays the open folder out
    qtbot.waitUntil(lambda: len(rows(window.model, product)) == 60, timeout=10_000)


def test_products_by_target_view(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    window.select_path(os.path.join(demo_project, M12, "product", CONT))
    window.group_combo.setCurrentIndex(1)
    m = window.model
    assert m.data(m.index(0, 0)) == "Products by target"
    members = rows(m, m.index(0, 0))
    assert members[0].startswith("uid://A001/X2f6a/X1c2 · 12-m")
    current = window.current_node()
    assert current.ref is not None and current.ref.name == CONT  # the selection followed the file
    set_node = current.parent
    assert set_node.role == "image_set" and set_node.label == "cont · Stokes I"
    assert {c.label for c in set_node.children} == {"pbcor.tt0", "pbcor.tt1", "pb.tt0", "mask", "alpha", "alpha.error"}
    assert (
        set_node.parent.label == "spws 17, 19, 21, 23" and set_node.parent.parent.label == "NGC 3627 (science target)"
    )


def test_recent_files_and_layout_persist(qtbot, window, settings, demo_project):
    open_and_wait(qtbot, window, demo_project)
    window.resize(711, 577)  # within the offscreen screen (800 x 800), or Qt clamps it
    window.splitter.setSizes([300, 800])
    window.close()
    assert window.recent_paths() == [demo_project]
    again = MainWindow(settings)
    qtbot.addWidget(again)
    try:
        assert again.size().width() == 711 and again.size().height() == 577
        assert again.splitter.sizes()[0] < again.splitter.sizes()[1]
        actions = [a.text() for a in again.recent_menu.actions()]
        assert actions[0].endswith(demo_project)
        assert again.welcome.recent.count() == 1
    finally:
        again.shutdown()


def test_reload_keeps_the_selection(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    target = os.path.join(demo_project, M7, "log")
    window.select_path(target)
    window.reload()
    qtbot.waitUntil(lambda: window.summary is not None, timeout=60_000)
    assert window.current_node().path == target


def test_open_demo_writes_it_to_the_cache_once(qtbot, window):
    window.open_demo()
    qtbot.waitUntil(lambda: window.summary is not None, timeout=120_000)
    assert window.opened_path.endswith(os.path.join(f"demo-v{layout.DEMO_VERSION}", "2023.1.99999.S"))
    assert window.opened_path.startswith(os.environ["XDG_CACHE_HOME"])
    assert len(window.summary.members) == 2


def test_first_level_is_shown_before_the_listing_ends(qtbot, window, tmp_path):
    member = tmp_path / "member.uid___A001_X1_X2"
    for section in ("product", "calibration", "qa", "script"):
        (member / section).mkdir(parents=True)
    for i in range(4000):
        (member / "qa" / f"f{i:05d}").mkdir()  # many folders: the listing takes a while
    seen = []
    window.open_path(str(member))
    deadline = time.monotonic() + 60
    while window.summary is None and time.monotonic() < deadline:
        QApplication.processEvents()
        if window.model.root is not None and not seen:
            seen.append(
                (
                    window.model.rowCount(window.model.index(0, 0)),
                    window.folder_root.children is not None,
                    all(c.children is not None for c in window.folder_root.iter_dirs()),
                )
            )
    assert seen and seen[0][0] == 4 and seen[0][1]
    assert seen[0][2] is False  # deeper folders were still being listed when the first level showed
