"""Screenshots of the Restore panel on the demo's restorable member, with real CASA (modular, through a `casa`
launcher over ``python -m casashell`` put on PATH): the checklist, a run in progress, the end.

QT_QPA_PLATFORM=offscreen python -m tests.gui.restore_screenshots OUTDIR
"""

from __future__ import annotations

import os
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from qa2explorer.demo import layout  # noqa: E402
from qa2explorer.demo.restorable import make_restorable, site_config  # noqa: E402
from qa2explorer.gui.app import make_app  # noqa: E402
from qa2explorer.gui.main_window import MainWindow  # noqa: E402
from tests.gui.screenshots import settle  # noqa: E402


def wait(condition, seconds: float = 300) -> None:
    for _ in range(int(seconds * 20)):
        if condition():
            return
        settle(0.05)
    raise TimeoutError


def main(out: str) -> None:
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CASASITECONFIG"] = site_config(tmp)
        from qa2explorer.demo import write_demo

        project = write_demo(tmp)
        make_restorable(project)
        member = os.path.join(project, f"science_goal.{layout.SOUS}", f"group.{layout.GOUS}", f"member.{layout.M7}")
        casa_on_path(tmp)
        make_app()
        window = MainWindow(QSettings(os.path.join(tmp, "s.ini"), QSettings.Format.IniFormat))
        window.resize(1320, 820)
        window.show()
        window.open_path(project)
        wait(lambda: window.summary is not None)
        window.select_path(member)
        settle(1)
        window.grab().save(os.path.join(out, "restore-member-page.png"))
        window.act_restore.trigger()
        setup = window.restore_dock.setup
        wait(lambda: setup.checks is not None)
        settle(0.5)
        window.grab().save(os.path.join(out, "restore-checks.png"))
        setup.start_button.click()
        run = window.restore_dock.queue.runs[0]
        view = window.restore_dock.views[run]
        wait(lambda: "Processing ASDM" in view.log.text())
        settle(1.5)
        window.grab().save(os.path.join(out, "restore-running.png"))
        wait(lambda: run.state not in ("queued", "running"))
        settle(0.5)
        window.grab().save(os.path.join(out, "restore-done.png"))
        window.close()
    QApplication.processEvents()


def casa_on_path(tmp: str) -> None:
    """A ``casa`` launcher over ``python -m casashell`` first on PATH."""
    bin_dir = os.path.join(tmp, "bin")
    os.makedirs(bin_dir)
    with open(os.path.join(bin_dir, "casa"), "w") as f:
        f.write(f'#!/bin/sh\nexec {sys.executable} -m casashell --nologger --nogui --agg "$@"\n')
    os.chmod(os.path.join(bin_dir, "casa"), 0o755)
    os.environ["PATH"] = bin_dir + os.pathsep + os.environ["PATH"]


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
