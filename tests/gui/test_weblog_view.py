"""The weblog preview in the window, on the demo's pipeline weblog: Open unpacks it (progress, then the cache),
serves it on 127.0.0.1, and asks the desktop to open the URL; the URL really serves the weblog. A second Open
reuses the cache and the server; closing the window stops the server; a damaged weblog says so in one line.

The one stand-in: ``QDesktopServices.openUrl`` is replaced by a recorder, so that no real browser starts on the
test machine; everything else (the job, the unpacking, the cache, the server, the sockets) is real."""

import os
import shutil
import socket
import urllib.request

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices

from qa2explorer.demo import layout
from qa2explorer.gui.previews.weblog_view import WeblogPreview
from qa2explorer.qa import weblog
from tests.gui.conftest import open_and_wait

WEBLOG = f"member.{layout.M12}.hifa_calimage.weblog.tgz"


@pytest.fixture
def opened(monkeypatch):
    urls = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url.toString()) or True)
    return urls


def qa_folder(demo_project, mous=layout.M12):
    return os.path.join(demo_project, f"science_goal.{layout.SOUS}", f"group.{layout.GOUS}", f"member.{mous}", "qa")


def show(qtbot, window, path) -> WeblogPreview:
    window.select_path(path)
    qtbot.waitUntil(lambda: isinstance(window.preview.shown, WeblogPreview))
    preview = window.preview.shown
    qtbot.waitUntil(lambda: "archive ·" in preview.info.text() and "checking" not in preview.info.text(),
                    timeout=20_000)  # fmt: skip
    return preview


def test_open_unpacks_serves_and_opens_the_browser(qtbot, window, demo_project, opened):
    open_and_wait(qtbot, window, demo_project)
    archive = os.path.join(qa_folder(demo_project), WEBLOG)
    preview = show(qtbot, window, archive)
    assert preview.title.text() == "Pipeline weblog"
    assert "not unpacked yet: Open unpacks it once" in preview.info.text()
    assert not preview.folder_button.isEnabled()
    qtbot.waitUntil(lambda: "t1-4.html" in preview.viewer.edit.toPlainText(), timeout=20_000)  # the listing below

    qtbot.mouseClick(preview.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=60_000)
    (url,) = opened
    assert url.startswith("http://127.0.0.1:") and url.endswith("/html/index.html")
    with urllib.request.urlopen(url, timeout=10) as response:  # the demo's index leads to t1-1.html, as real ones do
        assert response.status == 200 and response.headers["Content-Type"].startswith("text/html")
        assert b"url=t1-1.html" in response.read()
    with urllib.request.urlopen(url.replace("index.html", "t1-4.html"), timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/html") and b"<html" in response.read().lower()
    assert preview.folder == weblog.cached(archive) and preview.folder_button.isEnabled()
    assert url in preview.status.text() and not preview.bar.isVisible()
    assert "unpacked in the cache: it opens at once" in preview.info.text()

    # again: the cache and the running server are reused (the same URL, at once)
    sentinel = os.path.join(preview.folder, "sentinel")
    open(sentinel, "w").close()
    qtbot.mouseClick(preview.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(opened) == 2, timeout=20_000)
    assert opened[1] == url and os.path.exists(sentinel)

    port = int(url.split(":")[2].split("/")[0])
    window.close()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=3).close()


def test_a_damaged_weblog_says_so_in_one_line(qtbot, window, demo_project, opened, tmp_path):
    open_and_wait(qtbot, window, demo_project)
    manual = os.path.join(qa_folder(demo_project, layout.M7), f"member.{layout.M7}.manual_calimage.weblog.tgz")
    preview = show(qtbot, window, manual)
    assert preview.title.text() == "Manual weblog"
    # a truncated copy, as a broken download leaves it: shown on its own (the delivery is never written)
    cut = tmp_path / "member.uid___A001_X1_X2.hifa_calimage.weblog.tgz"
    with open(manual, "rb") as f:
        cut.write_bytes(f.read()[:300])
    preview.archive = str(cut)
    qtbot.mouseClick(preview.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: preview.status.text() != "", timeout=20_000)
    assert preview.status.text() == f"cannot unpack {cut.name}: truncated"
    assert preview.open_button.isEnabled() and not preview.bar.isVisible() and opened == []


def test_a_manual_weblog_shows_its_contents_and_no_scores_tab(qtbot, window, demo_project):
    from qa2explorer.demo import layout as demo_layout

    member = os.path.join(demo_project, f"science_goal.{demo_layout.SOUS}", f"group.{demo_layout.GOUS}",
                          f"member.{demo_layout.M7}")  # fmt: skip
    open_and_wait(qtbot, window, demo_project)
    window.select_path(os.path.join(member, "qa", f"member.{demo_layout.M7}.manual_calimage.weblog.tgz"))
    view = window.preview.file_page.preview
    assert view.title.text() == "Manual weblog"
    assert not view.tabs.isTabVisible(view.tabs.indexOf(view.scores)) and view.tabs.currentWidget() is view.viewer


def test_the_stage_scores_read_the_products_headers_once(qtbot, window, demo_project, tmp_path, header_reads):
    project = str(tmp_path / os.path.basename(demo_project))
    shutil.copytree(demo_project, project)  # a product is touched below: a copy of the demo, never the demo itself
    open_and_wait(qtbot, window, project)
    archive = os.path.join(qa_folder(project), WEBLOG)
    product = os.path.join(os.path.dirname(qa_folder(project)), "product")
    fits_names = sorted(n for n in os.listdir(product) if ".fits" in n)
    readme = os.path.join(os.path.dirname(qa_folder(project)), f"member.{layout.M12}.README.txt")

    def scores_shown() -> WeblogPreview:
        preview = show(qtbot, window, archive)
        qtbot.waitUntil(lambda: preview.run is not None, timeout=30_000)
        made = preview.scores.model.products  # the images each stage made, from their headers
        assert sorted(os.path.basename(p) for paths in made.values() for p in paths) == fits_names
        window.select_path(readme)  # away, so that the next show is a new one
        qtbot.waitUntil(lambda: window.preview.shown is not preview)
        return preview

    scores_shown()
    assert sorted(header_reads) == fits_names  # the first show reads each header once
    header_reads.clear()
    scores_shown()
    assert header_reads == []  # the second reads none
    touched = os.path.join(product, fits_names[0])
    st = os.stat(touched)
    os.utime(touched, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    scores_shown()
    assert header_reads == [fits_names[0]]  # a changed file is read again, and only it
