"""Screenshots of the window on the demo delivery (for the README, and to look at what was built).

QT_QPA_PLATFORM=offscreen python -m tests.gui.screenshots OUTDIR
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from qa2explorer.demo import layout, write_demo  # noqa: E402
from qa2explorer.gui.app import make_app  # noqa: E402
from qa2explorer.gui.main_window import MainWindow  # noqa: E402
from qa2explorer.viewstate import FOLDERS, PRODUCTS  # noqa: E402


def settle(seconds: float = 2.0) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def open_window(tmp: str, project: str) -> MainWindow:
    """The window (settings kept in ``tmp``) on ``project``, opened and summarised, at the README's size."""
    make_app()
    window = MainWindow(QSettings(os.path.join(tmp, "s.ini"), QSettings.Format.IniFormat))
    window.resize(1440, 880)
    window.show()
    window.open_path(project)
    while window.summary is None:
        QApplication.processEvents()
    return window


def main(out: str) -> None:
    os.makedirs(out, exist_ok=True)
    make_app()
    with tempfile.TemporaryDirectory() as tmp:
        project = write_demo(tmp)
        group = os.path.join(project, f"science_goal.{layout.SOUS}", f"group.{layout.GOUS}")
        m12, m7 = os.path.join(group, f"member.{layout.M12}"), os.path.join(group, f"member.{layout.M7}")
        window = open_window(tmp, project)
        shots = [
            ("member-overview.png", lambda: window.select_path(m12)),
            (
                "product-details.png",
                lambda: window.select_path(
                    os.path.join(
                        m12, "product", f"member.{layout.M12}.NGC_3627_sci.spw17_19_21_23.cont.I.tt0.pbcor.fits"
                    )
                ),
            ),
            (
                "manual-qa.png",
                lambda: window.select_path(
                    os.path.join(m7, "qa", f"member.{layout.M7}.{layout.EBS_7M[0]}__qa2_part2.png")
                ),
            ),
            (
                "script.png",
                lambda: window.select_path(os.path.join(m12, "script", f"member.{layout.M12}.scriptForPI.py")),
            ),
            ("section.png", lambda: window.select_path(os.path.join(m7, "qa"))),
            ("products-by-target.png", lambda: (window.state.set_view_mode(PRODUCTS), window.tree.expandAll())),
            ("target.png", lambda: window.state.select(window.state.products_root.children[0].children[0])),
            ("filter.png", lambda: (window.state.set_view_mode(FOLDERS), window.filter_edit.setText("spw17 cube"))),
        ]
        cont = os.path.join(m12, "product", f"member.{layout.M12}.NGC_3627_sci.spw17_19_21_23.cont.I.tt0.pbcor.fits")

        def compare_alpha():
            window.state.set_view_mode(FOLDERS)
            window.filter_edit.setText("")
            window.select_path(cont)
            viewer = window.preview.file_page.preview
            while viewer.opened is None or viewer.opened.details is None:
                QApplication.processEvents()
            view = viewer.compare_with(next(p for p in viewer.opened.details.partners if p.kind == "alpha"))
            while view.views is None:
                QApplication.processEvents()
            (x0, x1), (y0, y1) = view.canvases[0].view_range()
            view.canvases[0].set_view_range((x0 + (x1 - x0) * 0.3, x1 - (x1 - x0) * 0.3), (y0 + (y1 - y0) * 0.3,
                                            y1 - (y1 - y0) * 0.3))  # fmt: skip

        shots.append(("compare-alpha.png", compare_alpha))
        weblog = os.path.join(m12, "qa", f"member.{layout.M12}.hifa_calimage.weblog.tgz")

        def weblog_scores():
            window.select_path(weblog)
            preview = window.preview.file_page.preview
            while preview.run is None:
                QApplication.processEvents()
            table = preview.scores.table
            row = next(r for r in range(table.model().rowCount()) if table.model().index(r, 0).data() == "35")
            table.selectRow(row)
            table.scrollTo(table.model().index(row, 0))

        shots.append(("weblog-scores.png", weblog_scores))
        report = os.path.join(m12, "qa", f"member.{layout.M12}.qa2_report.pdf")
        shots.append(("qa-report.png", lambda: window.select_path(report)))
        for name, action in shots:
            action()
            settle()
            window.grab().save(os.path.join(out, name))
            print(os.path.join(out, name))
        window.shutdown()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
