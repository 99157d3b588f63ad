"""The desktop entry installs for a user and points at the real executable; the wheel carries the icons."""

import configparser
import os
import subprocess
import sys
import zipfile
from pathlib import Path

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
    assert (tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "qa2explorer.svg").is_file()


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
