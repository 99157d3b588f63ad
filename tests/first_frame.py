"""Launch a fresh interpreter that opens a window and stops at its first painted frame: a bare PySide6 window
(the reference) or qa2explorer's real entry point. Used by the start-up benchmark and the start-up test.

The child prints, on its last line, the seconds since ``t0`` (a ``time.time()`` stamp taken by the parent just
before the launch), the CPU seconds the process used by then (what a loaded machine does not inflate) and the
modules loaded by then, as JSON; it stops at a 0-ms timer posted from its main
window's first paint event, which runs once the whole first frame (children included) is painted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))

_FIRST_FRAME = """
import json, os, sys, time
T0 = float(sys.argv[1])
def first_frame(window_class, ready=lambda window: True):
    from PySide6.QtCore import QTimer
    def report():
        cpu = os.times()
        print(json.dumps([time.time() - T0, cpu.user + cpu.system, sorted(sys.modules)]), flush=True)
        os._exit(0)
    class Timed(window_class):
        def paintEvent(self, event):
            if ready(self):  # posted first: it runs before what the window itself posts from its paint event
                QTimer.singleShot(0, report)
            super().paintEvent(event)
    return Timed
"""

BARE = (
    _FIRST_FRAME
    + """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = first_frame(QMainWindow)()
window.resize(1320, 820)
window.show()
app.exec()
"""
)

# The real entry point (qa2explorer.main:main, as the installed `qa2explorer` command runs it), its window class
# replaced by the timed subclass first (importing the module early changes nothing: main imports it anyway).
# APP stops at the window's first frame (its frame: title, icon, size), APP_BUILT at the first frame painted once
# the window is built (tree, welcome page, menus, toolbar: usable).
_ENTRY = """
import qa2explorer.gui.app as gui_app
gui_app.MainWindow = first_frame(gui_app.MainWindow, READY)
from qa2explorer.main import main
sys.exit(main(sys.argv[2:]))
"""
APP = _FIRST_FRAME + "READY = lambda window: True\n" + _ENTRY
APP_BUILT = _FIRST_FRAME + "READY = lambda window: window.built\n" + _ENTRY


@dataclass
class FirstFrame:
    seconds: float  # from the launch to the first painted frame
    cpu: float  # CPU seconds of the process by then
    modules: list[str]  # loaded by then


def child_env(home: str) -> dict[str, str]:
    """The same environment for every child: offscreen, this checkout's package, settings/cache/logs under
    ``home``, bytecode compiled once into ``home`` (as an installed application has its .pyc files)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PYTHONPYCACHEPREFIX=os.path.join(home, "pycache"),
        PYTHONPATH=REPO,
        **{f"XDG_{k}_HOME": os.path.join(home, k.lower()) for k in ("CONFIG", "CACHE", "STATE", "DATA")},
    )
    return env


def launch(script: str, args: list[str], env: dict[str, str]) -> FirstFrame:
    """Run ``script`` (BARE or APP, with ``args`` for the entry point) in a fresh interpreter."""
    t0 = time.time()
    r = subprocess.run(
        [sys.executable, "-c", script, repr(t0), *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=120
    )
    lines = r.stdout.strip().splitlines()
    if r.returncode != 0 or not lines:
        raise RuntimeError(f"the child failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
    return FirstFrame(*json.loads(lines[-1]))
