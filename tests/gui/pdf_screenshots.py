"""Screenshots of the PDF view on the demo delivery: the QA2 report (first page, fit width), a search with its
hits marked, a heavy page while it renders, a damaged PDF's message, a locked PDF asking for its password.

QT_QPA_PLATFORM=offscreen python -m tests.gui.pdf_screenshots OUTDIR
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from qa2explorer.delivery.scan import Node  # noqa: E402
from qa2explorer.demo import layout, write_demo  # noqa: E402
from qa2explorer.gui.app import make_app  # noqa: E402
from tests.gui.screenshots import open_window, settle  # noqa: E402
from tests.gui.test_pdf_view import heavy_pdf  # noqa: E402
from tests.pdf_files import write_encrypted  # noqa: E402


def wait_for(condition, seconds: float = 30.0) -> None:
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the PDF view did not get there")
        QApplication.processEvents()
        time.sleep(0.01)


def main(out: str) -> None:
    os.makedirs(out, exist_ok=True)
    make_app()
    with tempfile.TemporaryDirectory() as tmp:
        project = write_demo(tmp)
        group = os.path.join(project, f"science_goal.{layout.SOUS}", f"group.{layout.GOUS}")
        qa = os.path.join(group, f"member.{layout.M12}", "qa")
        report = os.path.join(qa, f"member.{layout.M12}.qa2_report.pdf")
        broken = os.path.join(qa, "uid___A002_X99_X1.qa0_report.pdf")  # a damaged download, beside the others
        with open(report, "rb") as f:
            data = f.read()
        with open(broken, "wb") as f:
            f.write(data[: len(data) // 3])
        window = open_window(tmp, project)

        window.select_path(report)
        view = window.preview.file_page.preview
        wait_for(lambda: view.info is not None and view.pages.image(0) is not None)
        settle(0.5)
        shot(window, out, "pdf-report.png")

        view.find_edit.setText("NGC")
        view.start_search()
        wait_for(lambda: view._search_done)
        view.step_hit(1)
        settle(0.5)
        shot(window, out, "pdf-search.png")

        heavy = os.path.join(tmp, "heavy.pdf")  # a 200k-point page first: its sheet shows while it renders
        heavy_pdf(heavy, 200_000)
        window.preview.show_node(Node("heavy.pdf", heavy, None, False))
        wait_for(lambda: view.info is not None)
        settle(0.3)
        shot(window, out, "pdf-rendering.png")

        window.select_path(broken)
        wait_for(lambda: view.doc is None and view.stack.currentIndex() == 1 and view.message.text() != "Opening…")
        settle(0.5)
        shot(window, out, "pdf-damaged.png")

        locked = os.path.join(tmp, "locked.qa2_report.pdf")
        write_encrypted(locked, "alma")
        window.preview.show_node(Node("locked.qa2_report.pdf", locked, None, False))
        wait_for(lambda: "password" in view.message.text())
        settle(0.5)
        shot(window, out, "pdf-locked.png")
        window.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)


def shot(window, out: str, name: str) -> None:
    path = os.path.join(out, name)
    window.grab().save(path)
    print(path)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
