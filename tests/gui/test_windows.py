"""A second delivery in a second window: File ▸ New Window, Open in New Window, the Window menu, and where a
path handed over by a second ``qa2explorer PATH`` goes (real windows, the real demo delivery)."""

import os

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import open_and_wait


@pytest.fixture
def members(demo_project):
    found = sorted(
        root for root, _dirs, _files in os.walk(demo_project) if os.path.basename(root).startswith("member.")
    )
    assert len(found) >= 2
    return found


def close_others(qtbot, window):
    for other in [w for w in window.windows.all if w is not window]:
        other.close()
    qtbot.waitUntil(lambda: window.windows.all == [window], timeout=10_000)


def test_a_new_window_opens_a_second_delivery_beside_the_first(qtbot, window, members):
    open_and_wait(qtbot, window, members[0])
    window.act_new_window.trigger()
    assert len(window.windows.all) == 2
    second = window.windows.all[1]
    assert second.opened_path is None and second.isVisible()
    assert second.pos() - window.pos() == QPoint(32, 32)  # a step down-right of the first
    open_and_wait(qtbot, second, members[1])
    assert os.path.realpath(window.opened_path) == os.path.realpath(members[0])  # the first one kept its own
    assert os.path.realpath(second.opened_path) == os.path.realpath(members[1])

    window.window_menu.aboutToShow.emit()
    window.window_menu.aboutToShow.emit()  # filled afresh each time it opens
    actions = window.window_menu.actions()
    listed = actions[[a.isSeparator() for a in actions].index(True) + 1 :]  # the windows, after the separator
    assert [a.text() for a in listed] == [f"&1 {window.windowTitle()}", f"&2 {second.windowTitle()}"]
    assert [(a.isCheckable(), a.isChecked()) for a in listed] == [(True, True), (False, False)]
    assert window.windowTitle() != second.windowTitle()

    runner = second.runner
    second.close()  # deleted on close, its jobs stopped, forgotten by the set
    qtbot.waitUntil(lambda: window.windows.all == [window], timeout=10_000)
    assert runner.busy() == []
    assert window.isVisible()


def test_a_path_handed_over_goes_to_the_window_showing_it_or_to_a_new_one(qtbot, window, members):
    windows = window.windows
    assert windows.forward(members[0], False) is window  # an empty window takes it
    qtbot.waitUntil(lambda: window.summary is not None, timeout=60_000)

    product = os.path.join(members[0], "product")
    opened = window.summary
    again = windows.forward(product, False)
    assert again is window and len(windows.all) == 1  # already open here: this window comes forward,
    assert os.path.realpath(window.current_node().path) == os.path.realpath(product)  # at the path asked
    assert window.summary is opened  # not read again

    other = windows.forward(members[1], False)  # a second delivery: a window of its own
    assert other is not window and len(windows.all) == 2
    qtbot.waitUntil(lambda: other.summary is not None, timeout=60_000)
    assert os.path.realpath(other.opened_path) == os.path.realpath(members[1])
    close_others(qtbot, window)


def test_the_active_window_is_the_one_the_user_works_in(qtbot, window):
    second = window.windows.new()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is second, timeout=10_000)
    assert window.windows.active() is second
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=10_000)
    assert window.windows.active() is window
    close_others(qtbot, window)
    assert window.windows.active() is window


def test_a_folder_of_the_tree_opens_in_a_new_window_from_its_context_menu(qtbot, window, demo_project, members):
    open_and_wait(qtbot, window, demo_project)
    node = window.state.select_path(members[1])
    menu = window.tree_panel.context_menu(node)
    action = next(a for a in menu.actions() if a.text() == "Open in New Window")
    action.trigger()
    second = window.windows.all[-1]
    assert second is not window
    qtbot.waitUntil(lambda: second.summary is not None, timeout=60_000)
    assert os.path.realpath(second.opened_path) == os.path.realpath(members[1])
    assert os.path.realpath(window.opened_path) == os.path.realpath(demo_project)
    a_file = next(child for child in node.children if not child.is_dir)
    assert "Open in New Window" not in [a.text() for a in window.tree_panel.context_menu(a_file).actions()]
    close_others(qtbot, window)


def test_a_window_made_in_two_steps_is_built_after_its_first_frame(qtbot, settings):
    from qa2explorer.gui.main_window import MainWindow

    window = MainWindow(settings, build=False)
    qtbot.addWidget(window)
    opened = []
    window.when_built(lambda: opened.append(window.opened_path))
    assert not window.built and window.opened_path is None and window.centralWidget() is None
    window.show()
    qtbot.waitUntil(lambda: window.built, timeout=10_000)
    assert opened == [None] and window.tree_panel.isVisible()
    hidden = MainWindow(settings, build=False)  # never shown: built all the same, a moment later
    qtbot.addWidget(hidden)
    qtbot.waitUntil(lambda: hidden.built, timeout=10_000)
    for each in (window, hidden):
        each.shutdown()
