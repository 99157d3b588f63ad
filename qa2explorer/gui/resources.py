"""The app's own files: its icons (``resources/icons``), found in a wheel, a bundle or a source checkout. Light
on purpose: the window's first frame takes its icon from here."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon


@cache
def resource_dir() -> Path:
    """``qa2explorer/resources`` of an installed wheel or a PyInstaller bundle, or ``resources/`` of a source
    checkout (the package-dir mapping in pyproject.toml installs the latter as the former)."""
    here = Path(__file__).resolve()
    for candidate in (here.parents[1] / "resources", here.parents[2] / "resources"):
        if (candidate / "icons" / "qa2explorer.svg").is_file():
            return candidate
    raise FileNotFoundError("qa2explorer's resources (icons) are missing from this installation")


@cache
def named(name: str) -> QIcon:
    return QIcon(str(resource_dir() / "icons" / f"{name}.svg"))


def app_icon() -> QIcon:
    return named("qa2explorer")
