"""The Import Download dialog with real tarballs: what they hold and the gap report, the target beside them,
Import unpacking them in a job and opening the tree; an HTML page saved as .tar cannot be imported; a drop of
tarballs on the window opens the dialog."""

import os

from qa2explorer.gui.import_dialog import ImportDialog
from qa2explorer.gui.job_runner import JobRunner
from tests.archives import MEMBER, MOUS, PROJECT, download_set
from tests.gui.conftest import drag_and_drop


def make_dialog(qtbot, paths):
    runner = JobRunner()
    dialog = ImportDialog(paths, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    return dialog, runner


def test_the_dialog_shows_the_contents_and_gaps_and_imports_into_the_target(qtbot, tmp_path):
    download_set(tmp_path / "dl")
    dialog, runner = make_dialog(qtbot, [str(tmp_path / "dl")])
    text = dialog.contents.toPlainText()
    assert f"{PROJECT}_{MOUS}_001_of_001.tar: products, 20.5 KB, 4 entries" in text
    assert f"gap: member {MOUS}: raw data not downloaded, 1 ASDM: uid___A002_Xe1d2cb_X5678" in text
    assert dialog.target.text() == str(tmp_path / "dl")  # beside the archives
    assert dialog.import_button.isEnabled()
    dialog.target.setText(str(tmp_path / "out"))
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as done:
        dialog.import_button.click()
    assert done.args == [str(tmp_path / "out" / PROJECT)]
    assert (tmp_path / "out" / MEMBER / "README").is_file()
    assert dialog.status.text() == "Imported: 9 files written, 0 already there."
    runner.shutdown()


def test_an_html_page_saved_as_tar_cannot_be_imported(qtbot, tmp_path):
    page = tmp_path / f"{PROJECT}_{MOUS}_001_of_001.tar"
    page.write_text("<!DOCTYPE html><html>Not found</html>")
    dialog, runner = make_dialog(qtbot, [str(page)])
    assert not dialog.import_button.isEnabled()
    assert dialog.status.text().startswith(f"Cannot import: {page.name}: an HTML page")
    dialog.cancel_button.click()  # no job running: closes
    assert not dialog.isVisible()
    runner.shutdown()


def test_dropping_tarballs_on_the_window_opens_the_import_dialog_and_the_tree_when_done(qtbot, window, tmp_path):
    paths = download_set(tmp_path)
    assert drag_and_drop(window, list(paths.values())) == (True, True)
    dialog = window.findChild(ImportDialog)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: window.summary is not None, timeout=60_000)
    assert os.path.isdir(tmp_path / MEMBER / "product")
