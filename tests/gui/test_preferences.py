"""Tools ▸ Preferences: the CASA location and default restore options the Restore panel starts with (the same
settings keys), the cache's size and limit, Clear Cache (in a job, only the user cache: a delivery's files stay)."""

import os

from PySide6.QtWidgets import QApplication

from qa2explorer.gui.preferences_dialog import PreferencesDialog
from qa2explorer.imaging.gzcache import GzCache
from qa2explorer.restore.run import cache_dir as restore_dir
from tests.gui.test_about_dialog import casa_install


def open_preferences(qtbot, window) -> PreferencesDialog:
    window.show_preferences()
    (dialog,) = [d for d in window.findChildren(PreferencesDialog) if d.isVisible()]
    return dialog


def test_restore_defaults_and_casa_reach_the_restore_panel(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.delenv("QA2EXPLORER_INFLATED_LIMIT_GB", raising=False)
    setup = window.restore_dock.setup  # made before: it takes the new defaults when the dialog is accepted
    assert setup.options().dosplit is False and setup.options().spacesaving == 1
    dialog = open_preferences(qtbot, window)
    dialog.casa_edit.setText(str(tmp_path / "nowhere" / "casa"))
    dialog.accept()
    assert dialog.isVisible() and "no such program" in dialog.casa_problem.text()  # refused, said, not stored
    assert window.store.remembered("casa", "") == ""
    casa = os.path.join(casa_install(tmp_path), "casa")
    dialog.casa_edit.setText(casa)
    dialog.spacesaving.setCurrentIndex(3)  # SPACESAVING=2
    dialog.dosplit.setChecked(True)
    dialog.docontsub.setChecked(True)
    dialog.limit.setValue(7)
    dialog.accept()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.store.remembered("casa", "") == casa
    options = setup.options()
    assert (options.spacesaving, options.dosplit, options.docontsub) == (2, True, True)
    assert GzCache.default().limit_bytes == 7 * 1000**3  # the image viewer's inflated copies keep under it

    from qa2explorer.gui.restore_setup import RestoreSetup

    fresh = RestoreSetup(window.runner, window.store)  # a panel made later starts with them too
    assert fresh.options().dosplit and fresh.options().docontsub and fresh.options().spacesaving == 2
    fresh.deleteLater()
    again = open_preferences(qtbot, window)
    assert again.casa_edit.text() == casa and again.limit.value() == 7 and again.dosplit.isChecked()
    again.reject()


def test_clear_cache_frees_the_user_cache_only(qtbot, window, demo_project):
    cache = os.path.join(os.environ["XDG_CACHE_HOME"], "qa2explorer")
    files = {
        "thumbnails/t.png": 400_000,
        "inflated/x.fits": 2_000_000,
        "weblogs/abc/html/index.html": 100_000,
        "weblog-runs/r.json": 1_000,
        "restore/member.uid___A001_X1_X2.run.py": 500,
        "restore/member.uid___A001_X1_X2-20261121-101010.log": 700,  # a restore's log stays
    }
    for name, size in files.items():
        os.makedirs(os.path.dirname(os.path.join(cache, name)), exist_ok=True)
        with open(os.path.join(cache, name), "wb") as f:
            f.write(b"x" * size)
    delivery = sorted(os.path.join(d, n) for d, _, ns in os.walk(demo_project) for n in ns)
    dialog = open_preferences(qtbot, window)
    qtbot.waitUntil(lambda: "(2.5 MB)" in dialog.cache_label.text(), timeout=10_000)
    dialog.clear_button.click()
    qtbot.waitUntil(lambda: dialog.cache_status.text().startswith("Freed"), timeout=10_000)
    assert dialog.cache_status.text() == "Freed 2.5 MB."
    qtbot.waitUntil(lambda: "(700 B)" in dialog.cache_label.text(), timeout=10_000)
    left = sorted(os.path.relpath(os.path.join(d, n), cache) for d, _, ns in os.walk(cache) for n in ns)
    assert left == ["restore/member.uid___A001_X1_X2-20261121-101010.log"]
    assert os.path.dirname(os.path.join(cache, left[0])) == restore_dir()
    assert sorted(os.path.join(d, n) for d, _, ns in os.walk(demo_project) for n in ns) == delivery
    dialog.reject()
    QApplication.processEvents()
