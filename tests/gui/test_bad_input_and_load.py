"""Bad input and big trees in the window: clear messages, no crash, the event loop keeps running."""

import os
import tempfile
import time

import pytest
from PySide6.QtCore import Qt, QTimer

from tests import seed_trees
from tests.gui.conftest import open_and_wait, page_text
from tests.helpers import unreadable, world_readable_copy
from tests.trees import build


def test_a_file_that_is_not_a_delivery(qtbot, window, tmp_path):
    f = tmp_path / "notes.txt"  # (a FITS image outside a delivery opens in the viewer: test_image_view.py)
    f.write_bytes(b"SIMPLE  =                    T")
    window.open_path(str(f))
    qtbot.waitUntil(lambda: window.message.isVisible(), timeout=10_000)
    assert "is a file, not a delivery folder" in window.message.text.text()
    assert window.windowTitle() == "qa2explorer"


def test_an_unreadable_folder_is_flagged_and_the_rest_shown(qtbot, window, tmp_path):
    build(tmp_path, seed_trees.cycle7_pipeline())
    with tempfile.TemporaryDirectory() as tmp:
        tree = world_readable_copy(str(tmp_path / "2019.1.01056.S"), os.path.join(tmp, "2019.1.01056.S"))
        member = os.path.join(
            tree, "science_goal.uid___A001_X1465_X1b46", "group.uid___A001_X1465_X1b47", "member.uid___A001_X1465_X1b48"
        )
        with unreadable(os.path.join(member, "qa")):
            window.open_path(tree)
            qtbot.waitUntil(lambda: window.summary is not None, timeout=60_000)
        assert window.message.level == "warning" and "could not be read" in window.message.text.text()
        qa = window.model.find(os.path.join(member, "qa"))
        assert qa.error and window.model.data(window.model.index_of(qa, 2)) == qa.error
        window.select_path(member)
        assert "qa: Permission denied" in page_text(window)


def test_symlink_loop_in_the_window(qtbot, window, tmp_path):
    build(tmp_path, seed_trees.cycle7_polarisation())
    project = tmp_path / "2019.1.01482.T"
    os.symlink(str(tmp_path), project / "science_goal.uid___A001_X1465_Xb46" / "loop")
    open_and_wait(qtbot, window, project)
    loop = window.model.find(str(project / "science_goal.uid___A001_X1465_Xb46" / "loop"))
    assert loop.role == "link" and "loop" in loop.error.lower()


def test_stop_while_opening(qtbot, window, tmp_path):
    member = tmp_path / "member.uid___A001_X1_X2"
    for section in ("product", "script"):
        (member / section).mkdir(parents=True)
    for i in range(3000):
        (member / "product" / f"d{i}").mkdir()
    window.open_path(str(member))
    qtbot.waitUntil(lambda: window.folder_root is not None, timeout=10_000)
    window.stop()
    qtbot.waitUntil(lambda: not window.opener.running, timeout=10_000)
    assert window.summary is None
    assert window.status_label.text().startswith("Stopped")


@pytest.mark.slow
def test_one_hundred_thousand_files_keep_the_window_responsive(qtbot, window, tmp_path):
    member = tmp_path / "member.uid___A001_X1_X2"
    (member / "script").mkdir(parents=True)
    for d in range(10):
        folder = member / "product" / f"batch{d}"
        folder.mkdir(parents=True)
        for i in range(10_000):
            os.close(
                os.open(
                    folder / f"member.uid___A001_X1_X2.T{i % 50}_sci.spw{i}.cube.I.pbcor.fits", os.O_CREAT | os.O_WRONLY
                )
            )
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    start = time.monotonic()
    window.open_path(str(member))
    qtbot.waitUntil(lambda: window.folder_root is not None, timeout=30_000)
    first_rows = time.monotonic()
    qtbot.waitUntil(lambda: window.summary is not None, timeout=180_000)
    done = time.monotonic()
    timer.stop()
    assert window.summary.stats.files == 100_000
    assert first_rows < done
    during = [t for t in ticks if start < t < done]
    # The event loop ran all along: a blocked UI thread would give a handful of ticks at most.
    assert len(during) >= 20, (len(during), done - start)
    gaps = [b - a for a, b in zip(during, during[1:], strict=False)]
    print(
        f"\n100k files: first rows after {first_rows - start:.2f} s, done after {done - start:.2f} s, "
        f"{len(during)} timer ticks, longest UI gap {max(gaps):.3f} s"
    )
    qtbot.keyClicks(window.filter_edit, "batch3 spw1234.")
    qtbot.waitUntil(lambda: window.filter_status.text() == "1 matching file", timeout=30_000)


def test_names_that_are_not_utf8_in_the_window(qtbot, window, tmp_path):
    member = tmp_path / "member.uid___A001_X1_X2"
    (member / "script").mkdir(parents=True)
    product = os.path.join(os.fsencode(member), b"prod\xe9uct")  # a folder name in Latin-1, as old systems write
    os.mkdir(product)
    name = b"member.uid___A001_X1_X2.T\xff_sci.spw5.cube.I.pbcor.fits"
    with open(os.path.join(product, name), "wb") as f:
        f.write(b"not a FITS file")
    open_and_wait(qtbot, window, member)
    path = os.fsdecode(os.path.join(product, name))
    window.select_path(path)
    d = window.preview.file_page
    assert d.title.full_text() == "member.uid___A001_X1_X2.T\ufffd_sci.spw5.cube.I.pbcor.fits"
    assert "spectral cube of T\ufffd (science target), spw 5" in d.what.text()
    index = window.tree.currentIndex()
    assert "\ufffd" in window.model.data(index)
    assert window.model.data(index, Qt.ItemDataRole.ToolTipRole)
    # a corrupt FITS file: a message, no traceback
    qtbot.waitUntil(lambda: "Not a readable FITS file" in d.preview.note.text(), timeout=10_000)
