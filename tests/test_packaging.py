"""The desktop entry installs for a user and points at the real executable; the wheel carries the icons; the
application icon set decodes at its sizes and matches its SVG; the window quits by itself for the bundle's smoke
test (packaging/smoke_test.sh)."""

import configparser
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parent.parent


def test_desktop_entry_installs_into_xdg_data_home(tmp_path):
    exe = Path(sys.executable).with_name("qa2explorer")
    assert exe.exists(), "install the package first (pip install -e .)"
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path))
    r = subprocess.run(
        [str(REPO / "packaging" / "install-desktop-entry.sh"), str(exe)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(tmp_path / "applications" / "qa2explorer.desktop")
    d = entry["Desktop Entry"]
    assert d["Type"] == "Application" and d["Icon"] == "qa2explorer" and d["Terminal"] == "false"
    assert d["Exec"] == f'"{exe}" %f'
    assert d["MimeType"].split(";") == ["inode/directory", "application/x-tar", ""]
    assert {"Science", "Astronomy"} <= set(d["Categories"].split(";"))
    assert entry["Desktop Action demo"]["Exec"] == f'"{exe}" --demo'
    icons = tmp_path / "icons" / "hicolor"
    assert (icons / "scalable" / "apps" / "qa2explorer.svg").is_file()
    for size in (16, 32, 48, 256, 512):
        assert Image.open(icons / f"{size}x{size}" / "apps" / "qa2explorer.png").size == (size, size)


def test_desktop_entry_refuses_a_missing_executable(tmp_path):
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path), PATH="/usr/bin:/bin")
    r = subprocess.run(
        [str(REPO / "packaging" / "install-desktop-entry.sh"), str(tmp_path / "nope")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2 and "give the path" in r.stderr
    assert not (tmp_path / "applications").exists()


def test_wheel_holds_the_package_and_its_icons(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(tmp_path), str(REPO)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    (wheel,) = tmp_path.glob("qa2explorer-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "qa2explorer/resources/icons/qa2explorer.svg" in names
    assert "qa2explorer/resources/qa2explorer.desktop" in names
    assert "qa2explorer/gui/main_window.py" in names and "qa2explorer/delivery/names.py" in names
    packages = {str(p.parent.relative_to(REPO)) for p in (REPO / "qa2explorer").rglob("__init__.py")}
    missing = sorted(p for p in packages if f"{p}/__init__.py" not in names)
    assert not missing, f"packages left out of the wheel (pyproject's [tool.setuptools] packages): {missing}"
    assert "qa2explorer/qa/pdf.py" in names
    assert not any(n.startswith("tests/") for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "qa2explorer = qa2explorer.main:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


APPICON = REPO / "resources" / "appicon"


def test_icon_set_decodes_at_its_sizes():
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        png = Image.open(APPICON / f"qa2explorer-{size}.png")
        assert png.format == "PNG" and png.size == (size, size) and png.mode == "RGBA"
        assert png.getpixel((0, 0))[3] == 0 and png.getpixel((size // 2, size // 2))[3] == 255  # rounded, opaque
    ico = Image.open(APPICON / "qa2explorer.ico")
    assert ico.format == "ICO" and ico.info["sizes"] == {(s, s) for s in (16, 24, 32, 48, 64, 128, 256)}
    icns = Image.open(APPICON / "qa2explorer.icns")
    assert icns.format == "ICNS" and (512, 512, 1) in icns.info["sizes"] and (16, 16, 1) in icns.info["sizes"]
    for name, sizes in (("qa2explorer.ico", (16, 48, 256)), ("qa2explorer.icns", (16, 32, 128, 512))):
        for size in sizes:
            image = Image.open(APPICON / name)
            image.size = (size, size)
            image.load(**({"scale": 1} if image.format == "ICNS" else {}))  # an .icns entry of that size, not 2x
            assert image.im.size == (size, size) and image.getpixel((size // 2, size // 2))[3] == 255
    assert {(s, s, 2) for s in (16, 32, 128, 256)} <= set(icns.info["sizes"])  # Retina


def test_icon_set_is_rendered_from_its_svg(tmp_path):
    """Regenerated from resources/icons/qa2explorer.svg, the set looks as committed (run make_icons.py after
    editing the SVG)."""
    r = subprocess.run(
        [sys.executable, str(REPO / "packaging" / "make_icons.py"), str(tmp_path)],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made == sorted(p.name for p in APPICON.iterdir())
    for size in (16, 64, 512):
        new = np.asarray(Image.open(tmp_path / f"qa2explorer-{size}.png"), dtype=float)
        old = np.asarray(Image.open(APPICON / f"qa2explorer-{size}.png"), dtype=float)
        assert np.abs(new - old).mean() < 2, f"{size} px differs from the SVG: run packaging/make_icons.py"


def _app(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "qa2explorer", *args],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_window_quits_by_itself_once_shown():
    r = _app("--quit-after", "0")
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr and "opened" not in r.stdout


def test_window_quits_by_itself_once_the_delivery_opened(demo_project):
    r = _app(demo_project, "--quit-after", "0")
    assert r.returncode == 0, r.stderr
    assert f"opened {demo_project}" in r.stdout.splitlines(), r.stdout


def test_window_quits_at_once_with_status_1_when_nothing_opens(tmp_path):
    """A self-test (``--quit-after``) on something that cannot be opened ends at once, saying why, instead of
    waiting for an opening that never comes."""
    r = _app(str(tmp_path / "no such delivery"), "--quit-after", "60")
    assert r.returncode == 1, r.stderr
    assert "nothing opened:" in r.stderr and "no such delivery" in r.stderr
    assert "Traceback" not in r.stderr


def test_quit_after_wants_seconds():
    r = _app("--quit-after", "soon")
    assert r.returncode == 2 and "--quit-after" in r.stderr
