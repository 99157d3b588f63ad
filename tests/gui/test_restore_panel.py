"""The Restore panel with real CASA (modular CASA through a `casa` launcher on PATH, as a user's installation
would be): its checklist and command, a real restore with the live log and the progress bar reaching 100 %,
a queue of two members, cancel mid-run, setting an old calibrated/ aside, and closing the window during a run."""

import importlib.util
import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from qa2explorer.demo import layout
from qa2explorer.restore.run import launcher_path
from tests.gui.conftest import open_and_wait
from tests.helpers import running

if importlib.util.find_spec("casatools") is None or importlib.util.find_spec("casashell") is None:
    pytest.skip("CASA's Python packages have no wheels on this platform: no real restore here",
                allow_module_level=True)  # fmt: skip

pytestmark = pytest.mark.usefixtures("casa_on_path")


@pytest.fixture
def casa_on_path(casa, monkeypatch):
    monkeypatch.setenv("PATH", os.path.dirname(casa) + os.pathsep + os.environ["PATH"])


@pytest.fixture(autouse=True)
def _quit_answers_yes(monkeypatch):
    """A window closed at the end of a test with a restore still going asks whether to stop it: yes."""
    monkeypatch.setattr(QMessageBox, "question", lambda *_args, **_kwargs: QMessageBox.StandardButton.Yes)


@pytest.fixture
def member(restorable, tmp_path):
    """A copy of the restorable demo, opened as its own delivery: the restore writes into the copy only."""
    project = shutil.copytree(os.path.dirname(os.path.dirname(os.path.dirname(restorable))), tmp_path / "project")
    return str(project / f"science_goal.{layout.SOUS}" / f"group.{layout.GOUS}" / f"member.{layout.M7}")


def setup_for(qtbot, window, member):
    open_and_wait(qtbot, window, os.path.dirname(os.path.dirname(os.path.dirname(member))))
    window.select_path(member)
    assert window.act_restore.isEnabled()
    window.act_restore.trigger()
    setup = window.restore_dock.setup
    qtbot.waitUntil(lambda: setup.checks is not None and setup.checks.member == os.path.abspath(member), timeout=30_000)
    return setup


def test_the_checklist_and_the_command_before_anything_runs(qtbot, window, member, casa):
    setup = setup_for(qtbot, window, member)
    assert window.restore_dock.isVisible()
    assert "Ready to restore." in setup.checklist.text() and "raw/ holds all 2 EBs" in setup.checklist.text()
    assert setup.start_button.isEnabled()
    assert setup.chosen_casa().command == casa and "on PATH" in setup.casa_combo.currentText()
    setup.spacesaving.setCurrentIndex(3)  # SPACESAVING 2: the checks and the command follow
    qtbot.waitUntil(lambda: "SPACESAVING 2" in setup.checklist.text(), timeout=30_000)
    text = setup.command_text.toPlainText()
    assert f"cd {os.path.join(member, 'script')}" in text and "SPACESAVING = 2" in text and casa in text
    setup.copy_button.click()
    assert "SPACESAVING = 2" in QGuiApplication.clipboard().text()
    assert not os.path.exists(os.path.join(member, "calibrated"))  # nothing runs without Start


def test_start_shows_the_live_log_and_progress_to_the_end_and_queues_a_second(qtbot, window, member, tmp_path):
    other = shutil.copytree(member, tmp_path / "second" / os.path.basename(member))
    setup = setup_for(qtbot, window, member)
    setup.start_button.click()
    dock = window.restore_dock
    first = dock.queue.runs[0]
    setup.set_member(str(other))  # a second member while the first runs: queued behind it
    qtbot.waitUntil(lambda: setup.checks is not None and setup.checks.member == str(other), timeout=30_000)
    assert setup.start_button.isEnabled()
    setup.start_button.click()
    second = dock.queue.runs[1]
    assert second.state == "queued" and first.state == "running"
    setup.set_member(str(other))  # the same member again, then taken off the queue before it starts
    qtbot.waitUntil(setup.start_button.isEnabled, timeout=30_000)
    setup.start_button.click()
    third = dock.queue.runs[2]
    dock.views[third].cancel_button.click()
    assert third.state == "cancelled" and "Taken off the queue" in dock.views[third].verdict.text()
    view = dock.views[first]
    qtbot.waitUntil(lambda: "*** ALMA scriptForPI ***" in view.log.text(), timeout=120_000)
    assert window.tree.isEnabled()  # the window stays usable
    window.select_path(os.path.join(member, "product"))
    qtbot.waitUntil(lambda: second.state in ("done", "failed"), timeout=600_000)
    for run in (first, second):
        assert run.state == "done", (run.error, run.outcome)
        v = dock.views[run]
        assert v.bar.value() == 1000 and "SPACESAVING = 1" in v.log.text()
        assert v.results.topLevelItemCount() == 2 and "Restored: 2" in v.verdict.text()
        assert "elapsed" in v.times.text() and not v.cancel_button.isVisible()
    assert os.path.isfile(os.path.join(member, "calibrated", "qa2explorer-restore.log"))
    made = os.path.join(member, "calibrated")

    def shown_in_the_tree():  # the delivery was read again after the run: calibrated/ is in the tree
        window.select_path(made)
        return window.state.selection is not None and window.state.selection.path == made

    qtbot.waitUntil(shown_in_the_tree, timeout=60_000)
    labels = [dock.runs.item(i).text() for i in range(dock.runs.count())]
    assert sum("restored" in label for label in labels) == 2 and sum("stopped" in label for label in labels) == 1


def test_cancel_stops_casa_and_says_what_was_left(qtbot, window, member):
    setup = setup_for(qtbot, window, member)
    setup.start_button.click()
    run = window.restore_dock.queue.runs[0]
    view = window.restore_dock.views[run]
    qtbot.waitUntil(lambda: "Processing ASDM" in view.log.text(), timeout=120_000)
    view.cancel_button.click()
    qtbot.waitUntil(lambda: run.state == "cancelled", timeout=60_000)
    assert "Stopped" in view.verdict.text() and "calibrated/" in view.verdict.text()
    assert view.log_button.isVisible() and "Processing ASDM" in Path(view.saved_log()).read_text()
    assert not running(launcher_path(member))  # CASA and its children are gone


def test_an_old_calibrated_folder_blocks_until_set_aside(qtbot, window, member):
    os.makedirs(os.path.join(member, "calibrated", "old.ms.split.cal"))
    setup = setup_for(qtbot, window, member)
    assert not setup.start_button.isEnabled() and setup.set_aside_button.isVisible()
    assert "calibrated/ already exists" in setup.checklist.text()
    setup.set_aside_button.click()
    qtbot.waitUntil(lambda: setup.start_button.isEnabled(), timeout=30_000)
    kept = [n for n in os.listdir(member) if n.startswith("calibrated.")]
    assert len(kept) == 1 and os.path.isdir(os.path.join(member, kept[0], "old.ms.split.cal"))  # nothing deleted


def test_closing_during_a_run_asks_first(qtbot, window, member, monkeypatch):
    setup = setup_for(qtbot, window, member)
    setup.start_button.click()
    run = window.restore_dock.queue.runs[0]
    answers = []

    def answer(reply):
        def ask(*args, **_kwargs):
            answers.append(args[2])
            return reply

        return ask

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    assert not window.close() and window.isVisible() and run.state == "running"
    assert "is being restored" in answers[0]
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    assert window.close()  # CASA is stopped with the window: no process outlives it

    qtbot.waitUntil(lambda: not running(launcher_path(member)), timeout=30_000)


def test_the_member_page_offers_the_restore(qtbot, window, member):
    open_and_wait(qtbot, window, os.path.dirname(os.path.dirname(os.path.dirname(member))))
    window.select_path(member)
    page = window.preview.shown
    assert "Not restored yet" in page.toPlainText() and "Restore calibrated data…" in page.toPlainText()
    page.browser.anchorClicked.emit(QUrl("restore:" + member))
    qtbot.waitUntil(lambda: window.restore_dock.setup.checks is not None, timeout=30_000)
    assert window.restore_dock.setup.member == member
    assert window.dockWidgetArea(window.restore_dock) == Qt.DockWidgetArea.BottomDockWidgetArea


def test_restore_into_another_folder_leaves_the_member_as_it_was(qtbot, window, member, tmp_path):
    setup = setup_for(qtbot, window, member)
    into = tmp_path / "elsewhere"
    into.mkdir()
    setup._set_into(str(into))  # what "Restore into Another Folder…" does with the folder chosen
    copy = str(into / os.path.basename(member))
    qtbot.waitUntil(lambda: setup.checks is not None and setup.checks.target == copy, timeout=30_000)
    assert "working copy" in setup.title.text() and setup.in_place_button.isVisible()
    assert f"cd {os.path.join(copy, 'script')}" in setup.command_text.toPlainText()
    setup.start_button.click()
    run = window.restore_dock.queue.runs[0]
    qtbot.waitUntil(lambda: run.state in ("done", "failed"), timeout=300_000)
    assert run.state == "done", (run.error, run.outcome)
    assert len(os.listdir(os.path.join(copy, "calibrated"))) >= 2 and os.path.islink(os.path.join(copy, "raw"))
    assert not os.path.exists(os.path.join(member, "calibrated"))
    assert window.restore_dock.views[run].show_button.isVisible()
    setup.in_place_button.click()
    qtbot.waitUntil(lambda: setup.checks is not None and setup.checks.target == member, timeout=30_000)
