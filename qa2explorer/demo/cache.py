"""The demo delivery the window opens (*Open Demo*, ``qa2explorer --demo``): written once into the user cache
folder, per demo version, and reused."""

from __future__ import annotations

import os

import platformdirs


def demo_dir() -> str:
    from .layout import DEMO_VERSION

    return os.path.join(platformdirs.user_cache_dir("qa2explorer"), f"demo-v{DEMO_VERSION}")


def ensure_demo() -> str:
    """The demo project folder, written to the cache the first time (a few seconds). The demo's modules
    (matplotlib, astropy) are imported here, in the job, not when the window starts."""
    from .layout import PROJECT, write_demo

    dest = demo_dir()
    project = os.path.join(dest, PROJECT)
    if os.path.isdir(project):
        return project
    return write_demo(dest)
