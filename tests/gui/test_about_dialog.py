"""Help ▸ About: the versions, the CASA a restore would find (a real `casa` program on PATH, found in a job), the
log and cache folders with the cache's size (measured in a job)."""

import os
import platform

import astropy
import numpy
from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication

from qa2explorer import __version__
from qa2explorer.gui.about_dialog import AboutDialog


def casa_install(tmp_path) -> str:
    """A CASA installation as its tarball unpacks: casa-<version>-pipeline-<release>/bin/casa."""
    bin_dir = tmp_path / "casa-6.6.1-17-pipeline-2024.1.0.8" / "bin"
    bin_dir.mkdir(parents=True)
    casa = bin_dir / "casa"
    casa.write_text("#!/bin/sh\necho CASA 6.6.1.17\n")
    casa.chmod(0o755)
    return str(bin_dir)


def test_about_lists_versions_casa_and_folders(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", casa_install(tmp_path) + os.pathsep + os.environ["PATH"])
    thumbs = os.path.join(os.environ["XDG_CACHE_HOME"], "qa2explorer", "thumbnails")
    os.makedirs(thumbs)
    with open(os.path.join(thumbs, "a.png"), "wb") as f:
        f.write(b"\0" * 1_500_000)
    window.show_about()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: "looking…" not in dialog.text(), timeout=10_000)
    text = dialog.text()
    assert f"qa2explorer: {__version__}" in text
    assert f"Python: {platform.python_version()}" in text and f"Qt: {qVersion()}" in text
    assert f"astropy: {astropy.__version__}" in text and f"numpy: {numpy.__version__}" in text
    assert "pypdfium2: " in text and "not installed" not in text
    assert "CASA: CASA 6.6.1-17 with pipeline 2024.1.0.8" in text and "(on PATH)" in text
    assert f"Log folder: {os.environ['XDG_STATE_HOME']}" in text
    assert f"Cache folder: {os.environ['XDG_CACHE_HOME']}" in text and "(1.5 MB)" in text
    assert "CASA 6.6.1-17" in dialog.values["CASA"].text()
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == text
    dialog.close()


def test_about_says_when_no_casa_is_found(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    window.show_about()
    dialog = window.findChild(AboutDialog)
    qtbot.waitUntil(lambda: "looking…" not in dialog.text(), timeout=10_000)
    assert "CASA: none found" in dialog.text()
    dialog.close()
