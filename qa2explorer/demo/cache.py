"""The demo delivery the window opens (*Open Demo*, ``qa2explorer --demo``): written once into the user cache
folder, per demo version, and reused."""

from __future__ import annotations

import os

import platformdirs

from .layout import DEMO_VERSION, PROJECT, write_demo


def demo_dir() -> str:
    return os.path.join(platformdirs.user_cache_dir("qa2explorer"), f"demo-v{DEMO_VERSION}")


def ensure_demo() -> str:
    """The demo project folder, written to the cache the first time (a few seconds)."""
    dest = demo_dir()
    project = os.path.join(dest, PROJECT)
    if os.path.isdir(project):
        return project
    return write_demo(dest)
