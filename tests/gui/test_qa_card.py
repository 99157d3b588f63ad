"""The QA card on a member's page, read in a job once the page shows: the pipeline member's versions and lowest
stage scores with a link to all of them (the weblog), the manual member's per-EB figures and requested against
achieved values; a link selects what it names. Also what a product shows under its image: the stage that made
it, with its score."""

import os
import urllib.request

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from qa2explorer.demo import layout
from tests.gui.conftest import folder_page, open_and_wait, page_text
from tests.gui.test_window import M7, M12

CUBE = f"member.{layout.M12}.NGC_3627_sci.spw17.cube.I.pbcor.fits"


def test_the_pipeline_members_card(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    window.select_path(os.path.join(demo_project, M12))
    qtbot.waitUntil(lambda: "Lowest pipeline stage scores" in page_text(window), timeout=30_000)
    text = page_text(window)
    assert "6.5.4-9 (pipeline_aquareport.xml in member." in text
    assert "QA2 outcome Pass (member." in " ".join(text.split())
    assert "2 EBs Pass" in text
    assert "Pipeline version" in text and "2023.1.0.124" in text
    lowest = text[text.index("Lowest pipeline stage scores") :]
    assert lowest.index("hifa_imageprecheck") < lowest.index("hifa_wvrgcalflag")  # 0.50 before 0.78
    assert "0.50 warning" in lowest and "All 36 stages with the weblog…" in lowest
    weblog = os.path.join(demo_project, M12, "qa", f"member.{layout.M12}.hifa_calimage.weblog.tgz")
    folder_page(window)._clicked(QUrl("select:" + weblog))
    assert window.state.selection.path == weblog


def test_the_manual_members_card(qtbot, window, demo_project):
    open_and_wait(qtbot, window, demo_project)
    window.select_path(os.path.join(demo_project, M7))
    qtbot.waitUntil(lambda: "Manual QA" in page_text(window), timeout=30_000)
    text = page_text(window)
    flat = " ".join(text.split())  # the QA2 report's table (the textfiles' own request is in the gallery)
    assert "Line sensitivity (10 km/s) 9.0 mJy/beam achieved, 10 mJy/beam requested met (QA2 report)" in flat
    assert "Resolution 7.29 x 4.72 arcsec achieved, 7.0 arcsec requested" in flat
    assert "achieved rms 0.52 mJy/beam" in text
    assert "Pipeline version" not in text  # a manual member has no pipeline run to speak of


def test_a_product_names_the_stage_that_made_it(qtbot, window, demo_project, monkeypatch):
    """The one stand-in: the desktop's browser (``QDesktopServices.openUrl`` records the address instead); the
    address is then fetched over loopback for real."""
    urls = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url.toString()) or True)
    open_and_wait(qtbot, window, demo_project)
    window.select_path(os.path.join(demo_project, M12, "product", CUBE))
    from qa2explorer.gui.previews.image_view import ImagePreview

    preview = window.preview.preview(ImagePreview)
    qtbot.waitUntil(lambda: preview.stage_line.isVisible(), timeout=30_000)
    assert "Made by pipeline stage <b>35</b> (hif_makeimages), scored" in preview.stage_line.text()
    preview.stage_line.linkActivated.emit("weblog:35")
    qtbot.waitUntil(lambda: bool(urls), timeout=60_000)
    assert urls[0].startswith("http://127.0.0.1:") and urls[0].endswith("/t2-4m.html?sidebar=sidebar_stage35")
    with urllib.request.urlopen(urls[0], timeout=10) as response:
        assert response.status == 200 and b"Stage details" in response.read()


def test_opening_a_delivery_reads_its_weblogs_runs_ahead(qtbot, window, demo_project, tmp_path):
    """The member pages' QA cards then show the scores at once: the runs are in the user cache already."""
    runs = tmp_path / "cache" / "qa2explorer" / "weblog-runs"
    open_and_wait(qtbot, window, demo_project)
    qtbot.waitUntil(
        lambda: runs.is_dir() and len(list(runs.glob("*.json"))) == 1, timeout=30_000
    )  # one pipeline weblog
