"""What a new user hit in the explorer, fixed: a split that stays put, pictures that fit, actions that say
when they cannot work, broken links named, plain field labels, long names that keep their telling end,
a context menu, double-click, and pages for targets and sections."""

import os

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from qa2explorer.demo import layout
from qa2explorer.gui.tree_model import NAME
from qa2explorer.viewstate import PRODUCTS
from tests.gui.conftest import open_and_wait, page_text

GROUP = f"science_goal.{layout.SOUS}/group.{layout.GOUS}"
M12 = f"{GROUP}/member.{layout.M12}"
M7 = f"{GROUP}/member.{layout.M7}"
CONT = f"member.{layout.M12}.NGC_3627_sci.spw17_19_21_23.cont.I.selfcal.alpha.error.fits"
PNG = f"member.{layout.M7}.{layout.EBS_7M[0]}__qa2_part1.png"


def test_the_split_between_tree_and_page_is_the_users(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    window.splitter.setSizes([640, 660])
    before = window.splitter.sizes()
    long_name = os.path.join(demo_project, M12, "product", CONT)
    for path in (os.path.join(demo_project, M12), long_name, os.path.join(demo_project, M7, "qa", PNG),
                 os.path.join(demo_project, M12, "script"), demo_project):  # fmt: skip
        window.select_path(path)
        QApplication.processEvents()
        assert window.splitter.sizes() == before, path
    window.state.set_view_mode(PRODUCTS)
    window.tree.expandAll()
    QApplication.processEvents()
    assert window.splitter.sizes() == before


def test_a_qa_plot_fits_the_pane_and_zooms(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    window.select_path(os.path.join(demo_project, M7, "qa", PNG))
    view = window.preview.file_page.preview.gallery.picture  # the manual-QA gallery's large view
    qtbot.waitUntil(view.has_image, timeout=10_000)
    assert view.fit_mode() and view.zoom() < 1

    def whole_picture_visible():
        shown = view.view.mapFromScene(view._item.sceneBoundingRect()).boundingRect()
        return view.view.viewport().rect().contains(shown)  # nothing cut off at the top or bottom

    qtbot.waitUntil(whole_picture_visible, timeout=5_000)
    view.zoom_actual()
    assert view.zoom() == 1.0 and view.view.verticalScrollBar().maximum() > 0  # scrolls at 1:1


def test_open_with_default_app_says_when_it_cannot(qtbot, window, demo_project):
    """Offscreen there is no desktop launcher: the failure is said in the window, with a way out."""
    open_and_wait(qtbot, window, demo_project)
    path = os.path.join(demo_project, M12, "product", CONT)
    window.select_path(path)
    page = window.preview.file_page
    page.open_button.click()
    assert window.message.isVisible() and "No application could be started" in window.message.text.text()
    buttons = {b.text(): b for b in window.message.buttons}
    assert set(buttons) == {"Copy Path", "Show in Folder"}
    buttons["Copy Path"].click()
    assert QGuiApplication.clipboard().text() == path


def test_a_broken_link_is_named_with_its_target(qtbot, window, tmp_path):
    link = tmp_path / "delivery"
    os.symlink(tmp_path / "moved-away", link)
    window.open_path(str(link))
    qtbot.waitUntil(window.message.isVisible, timeout=10_000)
    text = window.message.text.text()
    assert "is a broken link" in text and str(tmp_path / "moved-away") in text


def test_fields_use_plain_labels_and_all_show(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    window.select_path(os.path.join(demo_project, M12, "product", CONT))
    fields = window.preview.file_page.fields
    labels = [fields.item(r, 0).text() for r in range(fields.rowCount())]
    values = [fields.item(r, 1).text() for r in range(fields.rowCount())]
    assert labels[:3] == ["Kind", "Member OUS", "Target"] and "Self-calibration" not in labels
    assert "Calibration" in labels and "self-calibrated" in values
    assert not any("_" in label for label in labels) and "True" not in values
    qtbot.waitUntil(lambda: fields.verticalScrollBar().maximum() == 0, timeout=5_000)  # every row visible


def test_long_names_drop_their_shared_start_first(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    window.select_path(os.path.join(demo_project, M7, "qa", PNG))
    index = window.tree.currentIndex()
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, 200, 20)
    option.decorationSize = window.tree.iconSize()
    window.tree.itemDelegate().initStyleOption(option, index)
    assert option.text.startswith("…") and option.text.endswith("X88f1__qa2_part1.png")
    full = window.model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert full.startswith(f"{layout.EBS_7M[0].replace('uid://', 'uid___').replace('/', '_')}__qa2_part1.png") or (
        "__qa2_part1.png" in full.splitlines()[0]
    )


def test_context_menu_and_double_click(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    path = os.path.join(demo_project, M12, "product", CONT)
    window.select_path(path)
    node = window.current_node()
    menu = window.tree_panel.context_menu(node)
    actions = {a.text(): a for a in menu.actions() if a.text()}
    assert list(actions) == ["Open", "Open with Default App", "Show in Folder", "Copy Path", "Copy Name"]
    actions["Copy Name"].trigger()
    assert QGuiApplication.clipboard().text() == CONT
    # double-click (or Enter) on a folder expands and collapses it; on a file it gives the preview the keyboard
    qa = window.model.index_of(window.model.find(os.path.join(demo_project, M7, "qa")))
    expanded = window.tree.isExpanded(qa)
    window.tree.activated.emit(qa)
    assert window.tree.isExpanded(qa) is not expanded
    focused = []
    window.tree_panel.open_file = focused.append
    window.tree.activated.emit(window.tree.currentIndex())
    assert focused == [node]
    assert window.tree.model().index(0, NAME, QModelIndex()).isValid()


def test_target_and_section_pages_say_what_they_hold(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    window.select_path(os.path.join(demo_project, M7, "qa"))
    text = page_text(window)
    assert "Content by kind" in text and "manual QA2 diagnostic plots" in text and "QA0 report" in text
    window.state.set_view_mode(PRODUCTS)
    window.state.select(window.state.products_root.children[0].children[0])
    text = page_text(window)
    assert "NGC 3627 (science target)" in text and "Image sets" in text
    assert "cube · selfcal · Stokes I" in text and "MB" in text and "science target" in text


def test_a_filter_that_hides_the_selection_moves_it_to_a_match(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    window.state.set_view_mode(PRODUCTS)
    image_set = window.state.products_root.children[0].children[0].children[0].children[0]
    window.state.select(image_set)
    assert image_set.label == "cont · Stokes I"
    window.filter_edit.setText("spw17 cube")
    qtbot.waitUntil(lambda: window.filter_status.text() == "6 matching files", timeout=10_000)
    selected = window.state.selection
    assert selected is not image_set and not selected.is_dir and "spw17.cube" in selected.name
    assert window.current_node() is selected  # tree, state and page agree: nothing stale
    assert window.preview.file_page.title.full_text() == selected.ref.name


def test_the_products_view_shows_sizes(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    window.state.set_view_mode(PRODUCTS)
    member = window.state.products_root.children[0]
    target = member.children[0]
    assert member.size > target.size > 0
    assert target.size == sum(leaf.size for leaf in target.iter_files())
    assert window.model.data(window.model.index_of(target, 1)).endswith("MB")
