"""The Import Download dialog with real tarballs: the archives listed with kind, size, what they hold and status,
the report of what was not downloaded, the target beside them with the space needed and free, Import unpacking
them in a job and opening the tree; a download gone wrong (a truncated part, a part not downloaded, an HTML page
saved as .tar, ASDMs not downloaded) listed row by row and not importable; an import cancelled in its middle
from the dialog that leaves no half-written file and finishes when imported again; a drop of tarballs on the
window opening the dialog."""

import os
import tarfile

from qa2explorer.download.unpack import PARTIAL_SUFFIX
from qa2explorer.gui.import_dialog import ImportDialog
from qa2explorer.gui.job_runner import JobRunner
from tests.archives import EBS, MEMBER, MOUS, PROJECT, broken_set, download_set, make_tar
from tests.gui.conftest import drag_and_drop

PRODUCT = f"{PROJECT}_{MOUS}_001_of_001.tar"
AUX = f"{PROJECT}_{MOUS}_auxiliary.tar"
README = f"member_{MOUS}_README.txt.tar"


def make_dialog(qtbot, paths):
    runner = JobRunner()
    dialog = ImportDialog(paths, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    return dialog, runner


def test_the_dialog_lists_the_archives_and_gaps_and_imports_into_the_target(qtbot, tmp_path):
    download_set(tmp_path / "dl")
    dialog, runner = make_dialog(qtbot, [str(tmp_path / "dl")])
    assert dialog.archives.rows() == [
        [f"{PROJECT}_{MOUS}_001_of_001.tar", "products", "20.5 KB", f"member {MOUS} (4 files)", "OK"],
        [AUX, "auxiliary files", "10.2 KB", f"member {MOUS} (2 files)", "OK"],
        [f"{PROJECT}_uid___A002_Xe1d2cb_X1234.asdm.sdm.tar", "raw data (ASDM)", "10.2 KB",
         "ASDM uid___A002_Xe1d2cb_X1234 (2 files)", "OK"],
        [README, "README", "10.2 KB", f"member {MOUS} (1 file)", "OK"],
    ]  # fmt: skip
    assert dialog.report.rows() == [["Raw data (ASDM) not downloaded", "ASDM uid___A002_Xe1d2cb_X5678", MOUS]]
    assert "raw data is needed only to restore the calibrated data" in dialog.report_heading.text()
    assert dialog.target.text() == str(tmp_path / "dl")  # beside the archives
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)  # once the space is measured
    # 9 files in 11 whole blocks of 4 KB
    assert dialog.space.text().startswith(f"The delivery goes into {tmp_path / 'dl' / PROJECT}: it needs 45.1 KB, ")
    dialog.target.setText(str(tmp_path / "out"))
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as done:
        dialog.import_button.click()
    assert done.args == [str(tmp_path / "out" / PROJECT)]
    assert (tmp_path / "out" / MEMBER / "README").is_file()
    assert dialog.status.text() == "Imported: 9 files written, 0 already there."
    runner.shutdown()


def test_a_download_gone_wrong_is_listed_row_by_row_and_cannot_be_imported(qtbot, tmp_path):
    broken_set(tmp_path)
    dialog, runner = make_dialog(qtbot, [str(tmp_path)])
    status = {row[0]: (row[1], row[4]) for row in dialog.archives.rows()}
    assert status == {
        f"{PROJECT}_{MOUS}_001_of_003.tar": ("products, part 1 of 3", "OK"),
        f"{PROJECT}_{MOUS}_002_of_003.tar": ("products, part 2 of 3", "Missing part"),
        f"{PROJECT}_{MOUS}_003_of_003.tar": ("products, part 3 of 3", "Truncated"),
        AUX: ("auxiliary files", "HTML page"),
        README: ("README", "OK"),
    }
    assert dialog.report.rows() == [
        ["Truncated: download it again", f"{PROJECT}_{MOUS}_003_of_003.tar", MOUS],
        ["HTML page: download it again", AUX, ""],
        ["Part 2 of 3 not downloaded", f"{PROJECT}_{MOUS}_002_of_003.tar", MOUS],
        ["Raw data (ASDM) not downloaded", "ASDM uid___A002_Xe1d2cb_X1234", MOUS],
        ["Raw data (ASDM) not downloaded", "ASDM uid___A002_Xe1d2cb_X5678", MOUS],
    ]
    assert dialog.status.text() == "Cannot import: 2 archives cannot be unpacked (in red above)."
    assert not dialog.import_button.isEnabled()
    assert not dialog.space.isVisible()  # nothing to measure
    dialog.cancel_button.click()  # no job running: closes
    assert not dialog.isVisible()
    runner.shutdown()


def test_an_html_page_saved_as_tar_names_itself_in_the_status(qtbot, tmp_path):
    page = tmp_path / PRODUCT
    page.write_text("<!DOCTYPE html><html>Not found</html>")
    dialog, runner = make_dialog(qtbot, [str(page)])
    assert not dialog.import_button.isEnabled()
    assert dialog.status.text().startswith(f"Cannot import: {page.name}: an HTML page")
    runner.shutdown()


def files_under(folder):
    return sorted(os.path.relpath(os.path.join(d, f), folder) for d, _, fs in os.walk(folder) for f in fs)


def test_an_import_cancelled_in_its_middle_leaves_no_half_file_and_importing_again_opens_the_tree(
    qtbot, window, tmp_path
):
    """200 MB: a 100 MB product, then an ASDM of 2,000 files of 50 KB (slow to write one by one: the Cancel
    clicked at the first progress lands in the middle even on a loaded machine)."""
    paths = list(download_set(tmp_path / "dl", product_bytes=100 << 20).values())
    blob, asdm = os.urandom(50 << 10), f"{MEMBER}/raw/{EBS[1]}.asdm.sdm/ASDMBinary"
    asdm_tar = tmp_path / "dl" / f"{PROJECT}_{EBS[1]}.asdm.sdm.tar"
    paths.append(make_tar(asdm_tar, [(f"{asdm}/{EBS[1]}_{i}", blob) for i in range(2000)]))
    window.import_download([str(tmp_path / "dl")])
    dialog = window.findChild(ImportDialog)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=30_000)
    assert dialog.report.rows()[0][0] == "Nothing missing"
    assert dialog.report_heading.text() == "Problems and what was not downloaded:"
    dialog.target.setText(str(tmp_path / "out"))
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
    seen = []

    def stop_in_the_middle(event):
        if event.progress and not seen:
            seen.append(event.progress)
            dialog.cancel_button.click()

    dialog.import_button.click()
    dialog.job.progress.connect(stop_in_the_middle)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Stopped"), timeout=30_000)
    assert 0 < seen[0] < 1 and dialog.isVisible()
    assert "Stopped" in [row[4] for row in dialog.archives.rows()]
    half = files_under(tmp_path / "out")
    assert not any(f.endswith(PARTIAL_SUFFIX) for f in half)
    wanted = archive_contents(paths)
    assert 0 < len(half) < len(wanted)
    for name in half:  # what is there under its final name is complete
        assert (tmp_path / "out" / name).read_bytes() == wanted[name]
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: window.summary is not None, timeout=60_000)
    assert window.opened_path == str(tmp_path / "out" / PROJECT)
    assert files_under(tmp_path / "out") == sorted(wanted)
    assert (tmp_path / "out" / next(n for n in wanted if n.endswith(".fits"))).stat().st_size == 100 << 20


def archive_contents(paths) -> dict[str, bytes]:
    contents = {}
    for path in paths:
        with tarfile.open(path) as tar:
            contents.update({m.name: tar.extractfile(m).read() for m in tar if m.isfile()})
    return contents


def test_dropping_tarballs_on_the_window_opens_the_import_dialog_and_the_tree_when_done(qtbot, window, tmp_path):
    paths = download_set(tmp_path)
    assert drag_and_drop(window, list(paths.values())) == (True, True)
    dialog = window.findChild(ImportDialog)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: window.summary is not None, timeout=60_000)
    assert os.path.isdir(tmp_path / MEMBER / "product")


def test_a_folder_without_archives_says_so_in_one_line(qtbot, tmp_path):
    (tmp_path / "notes.txt").write_text("not an archive")
    runner = JobRunner()
    dialog = ImportDialog([str(tmp_path)], runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.summary.text() == "Nothing to import.", timeout=10_000)
    assert dialog.status.text() == f"no archive (.tar, .tgz) in {tmp_path}"
    assert not dialog.import_button.isEnabled() and not dialog.space.isVisible()
    runner.shutdown()
