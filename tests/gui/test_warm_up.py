"""The window's warm-up loads every lazy preview and the image viewer's plots while idle, and nothing that
touches Qt is imported on a worker thread (PySide6's lazy type creation is not thread-safe): run in a child
interpreter whose audit hook records the thread of every import — through the warm-up, and through opening the
demo delivery and showing a cube, a PDF report and the weblog with no warm-up at all."""

import json
import subprocess
import sys

from tests.first_frame import REPO, child_env

# every import made off the main thread of something that touches Qt, recorded in ``off_thread``
AUDIT = """
import json, sys, threading
QT_BOUND = ("PySide6", "shiboken6", "pyqtgraph", "qa2explorer.gui")
off_thread = []
def hook(event, args):
    if event == "import" and threading.current_thread() is not threading.main_thread():
        if str(args[0]).startswith(QT_BOUND):
            off_thread.append(args[0])
sys.addaudithook(hook)
"""

CHILD = (
    AUDIT
    + """
from PySide6.QtCore import QSettings, QTimer
from qa2explorer.gui.app import make_app
from qa2explorer.gui.main_window import MainWindow
from qa2explorer.gui.previews.base import PLOT_MODULES, lazy_modules
app = make_app()
window = MainWindow(QSettings(sys.argv[1], QSettings.Format.IniFormat))
window.show()
def report():
    wanted = ["pyqtgraph", *lazy_modules(), *PLOT_MODULES]
    print(json.dumps({"missing": [m for m in wanted if m not in sys.modules], "off_thread": off_thread,
                      "longest_turn": window.warming.longest_turn}))
    window.shutdown()
    app.quit()
window.warming.done.connect(report)
QTimer.singleShot(120_000, app.quit)
app.exec()
"""
)


def test_the_warm_up_imports_every_preview_and_nothing_qt_bound_off_the_ui_thread(tmp_path):
    r = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path / "settings.ini")], env=child_env(str(tmp_path)),
                       cwd=REPO, capture_output=True, text=True, timeout=180)  # fmt: skip
    assert r.returncode == 0, r.stderr
    outcome = json.loads(r.stdout.strip().splitlines()[-1])
    assert outcome["missing"] == []
    assert outcome["off_thread"] == []
    assert 0 < outcome["longest_turn"] < 5


def test_the_warm_up_job_imports_only_qt_free_modules():
    code = (
        "import sys; from qa2explorer.gui.warm_up import import_plain; before = set(sys.modules); import_plain(); "
        "print(sorted(m for m in set(sys.modules) - before "
        "if m.startswith(('PySide6', 'shiboken6', 'pyqtgraph', 'qa2explorer.gui', 'matplotlib'))))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert r.stdout.strip() == "[]", r.stdout + r.stderr


BROWSE = (
    AUDIT
    + """
import glob, os, time
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from qa2explorer.gui.app import make_app
from qa2explorer.gui import main_window
main_window.WARM_UP_DELAY_MS = 10**9  # no warm-up: every preview loads when first shown
from qa2explorer.gui.main_window import MainWindow
from qa2explorer.demo import write_demo
def wait(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)
app = make_app()
project = write_demo(sys.argv[2])
window = MainWindow(QSettings(sys.argv[1], QSettings.Format.IniFormat))
window.show()
window.open_path(project)
while window.summary is None:
    wait(0.1)
shown = []
for pattern in ("*cube*.pbcor.fits*", "*.qa2_report.pdf", "*weblog.tgz"):
    path = sorted(glob.glob(os.path.join(project, "**", pattern), recursive=True))[0]
    window.select_path(path)
    shown.append(os.path.basename(path))
    wait(6)
print(json.dumps({"shown": shown, "off_thread": off_thread}))
window.shutdown()
"""
)


def test_browsing_a_delivery_imports_nothing_qt_bound_off_the_ui_thread(tmp_path):
    r = subprocess.run([sys.executable, "-c", BROWSE, str(tmp_path / "settings.ini"), str(tmp_path)],
                       env=child_env(str(tmp_path)), cwd=REPO, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert r.returncode == 0, r.stderr
    outcome = json.loads(r.stdout.strip().splitlines()[-1])
    assert len(outcome["shown"]) == 3
    assert outcome["off_thread"] == []
