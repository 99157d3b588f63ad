"""Screenshots of the window in the light and in the dark appearance, each view grabbed in light, then switched to
dark while it stays open (the palette changes as a desktop's does) and grabbed again: the member pages with their
QA cards, a product with the stage that made it and its facts (beam plot), the QA2 report, the weblog's Stage
Scores, highlighted text (script, XML, CASA log, README), a manual-QA textfile with its marked line, and with
``--restore`` the restore checklist and a real restore's log (needs CASA's Python packages: it simulates the
demo's raw data first).

QT_QPA_PLATFORM=offscreen python -m tests.gui.dark_screenshots OUTDIR [--restore]
"""

from __future__ import annotations

import os
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from qa2explorer.demo import layout, write_demo  # noqa: E402
from qa2explorer.gui.appearance import dark_palette  # noqa: E402
from tests.gui.restore_screenshots import casa_on_path, wait  # noqa: E402
from tests.gui.screenshots import open_window, settle  # noqa: E402


def both(window, out: str, name: str) -> None:
    """``name``-light.png, then the palette turned dark under the open view: ``name``-dark.png; light again
    (``window``: the widget grabbed)."""
    light = QApplication.style().standardPalette()
    for suffix, palette in (("light", light), ("dark", dark_palette())):
        QApplication.setPalette(palette)
        settle(0.6)
        path = os.path.join(out, f"{name}-{suffix}.png")
        window.grab().save(path)
        print(path, flush=True)
    QApplication.setPalette(light)
    settle(0.3)


def main(out: str, restore: bool) -> None:
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        project = write_demo(tmp)
        if restore:
            from qa2explorer.demo.restorable import make_restorable, site_config

            os.environ["CASASITECONFIG"] = site_config(tmp)
            make_restorable(project)
            casa_on_path(tmp)
        group = os.path.join(project, f"science_goal.{layout.SOUS}", f"group.{layout.GOUS}")
        m12, m7 = os.path.join(group, f"member.{layout.M12}"), os.path.join(group, f"member.{layout.M7}")
        window = open_window(tmp, project)

        def show(path: str, ready=lambda: True) -> None:
            window.select_path(path)
            wait(ready, 60)
            settle(1.5)

        def page_says(text: str):
            from tests.gui.conftest import page_text

            return lambda: text in page_text(window)

        show(m12, page_says("Lowest pipeline stage scores"))
        both(window, out, "member-pipeline")
        show(m7, page_says("QA2"))
        both(window, out, "member-manual")
        cube = os.path.join(m12, "product", f"member.{layout.M12}.NGC_3627_sci.spw17.cube.I.pbcor.fits")
        show(cube, lambda: window.preview.file_page.preview.stage_line.isVisible())
        both(window, out, "product")
        window.preview.file_page.preview.tabs.setCurrentIndex(1)  # Facts: the per-plane beams plotted
        both(window, out, "product-facts")
        show(os.path.join(m12, "qa", f"member.{layout.M12}.qa2_report.pdf"))
        both(window, out, "qa2-report")
        weblog = os.path.join(m12, "qa", f"member.{layout.M12}.hifa_calimage.weblog.tgz")
        show(weblog, lambda: window.preview.file_page.preview.run is not None)
        table = window.preview.file_page.preview.scores.table
        table.selectRow(next(r for r in range(table.model().rowCount()) if table.model().index(r, 0).data() == "35"))
        both(window, out, "weblog-scores")
        prefix = f"member.{layout.M12}"
        for name, path in (("script", os.path.join(m12, "script", f"{prefix}.scriptForPI.py")),
                           ("xml", os.path.join(m12, "script", f"{prefix}.hifa_calimage.pprequest.xml")),
                           ("casa-log", os.path.join(m7, "log", f"member.{layout.M7}.{layout.EBS_7M[0]}.log")),
                           ("readme", os.path.join(m12, f"{prefix}.README.txt"))):  # fmt: skip
            show(path)
            both(window, out, name)
        textfile = os.path.join(m7, "qa", f"member.{layout.M7}.{layout.EBS_7M[0]}__textfile.txt")
        show(textfile)
        pane = window.preview.file_page.preview.textfile
        pane.table.setCurrentCell(min(3, pane.table.rowCount() - 1), 0)
        both(window, out, "manual-qa-textfile")
        if restore:
            show(m7)
            window.act_restore.trigger()
            setup = window.restore_dock.setup
            dock = window.restore_dock
            dock.setFloating(True)  # the panel alone, at a size that shows the checklist and the log
            dock.resize(1100, 760)
            wait(lambda: setup.checks is not None, 120)
            settle(0.5)
            both(dock, out, "restore-checks")
            setup.start_button.click()
            run = window.restore_dock.queue.runs[0]
            wait(lambda: run.state not in ("queued", "running"), 900)
            view = window.restore_dock.views[run]
            view.log.problems_box.setChecked(True)  # the warnings and errors, in their colours
            view.log.find_edit.setText("WARN")
            settle(0.5)
            both(dock, out, "restore-log")
        window.shutdown()


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--restore"]
    main(args[0] if args else "screenshots", "--restore" in sys.argv)
