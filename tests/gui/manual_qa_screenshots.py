"""Screenshots of the manual-QA view on the demo's 7-m member: an EB's gallery beside its textfile, the next plot,
a key figure clicked, the textfile selected, the qa/ page's links, and bad input (a corrupt plot, a textfile in an
unknown layout, an EB without textfile) added to a copy of the demo.

QT_QPA_PLATFORM=offscreen python -m tests.gui.manual_qa_screenshots OUTDIR
"""

from __future__ import annotations

import os
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from qa2explorer.demo import layout, write_demo  # noqa: E402
from qa2explorer.gui.app import make_app  # noqa: E402
from qa2explorer.gui.previews.manual_qa_view import ManualQAPreview  # noqa: E402
from tests.gui.screenshots import open_window, settle  # noqa: E402

BAD_EB = "uid___A002_X10e9c47_X3f00"


def add_bad_input(qa: str) -> None:
    """An EB whose part 2 is not a PNG, with a textfile in a layout the parser does not know; one without one."""
    from qa2explorer.demo.documents import manual_qa_png

    for part in (1, 3):
        manual_qa_png(os.path.join(qa, f"member.{layout.M7}.{BAD_EB}__qa2_part{part}.png"), BAD_EB, part,
                      layout.ANTENNAS_7M, part)  # fmt: skip
    with open(os.path.join(qa, f"member.{layout.M7}.{BAD_EB}__qa2_part2.png"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 50)
    with open(os.path.join(qa, f"member.{layout.M7}.{BAD_EB}__textfile.txt"), "w") as f:
        f.write("12 0.3 0.4\n13 0.5 0.1\nend of listing\n")
    manual_qa_png(os.path.join(qa, "uid__A002_X10e9c47_X4a11_qa2_part1.png"), "uid__A002_X10e9c47_X4a11", 1,
                  layout.ANTENNAS_7M, 9)  # fmt: skip


def main(out: str) -> None:
    os.makedirs(out, exist_ok=True)
    make_app()
    with tempfile.TemporaryDirectory() as tmp:
        project = write_demo(tmp)
        m7 = os.path.join(project, f"science_goal.{layout.SOUS}", f"group.{layout.GOUS}", f"member.{layout.M7}")
        qa = os.path.join(m7, "qa")
        add_bad_input(qa)
        window = open_window(tmp, project)
        eb = layout.EBS_7M[0]
        window.select_path(os.path.join(qa, f"member.{layout.M7}.{eb}__qa2_part2.png"))
        settle(2)
        view = window.preview.preview(ManualQAPreview)
        window.grab().save(os.path.join(out, "manual-qa-gallery.png"))
        view.gallery.picture.view.setFocus()
        QTest.keyClick(view.gallery.picture.view, Qt.Key.Key_Right)
        settle(1.5)
        window.grab().save(os.path.join(out, "manual-qa-next.png"))
        view.textfile.table.selectRow(1)
        settle(0.5)
        view.grab().save(os.path.join(out, "manual-qa-figure-clicked.png"))
        window.select_path(os.path.join(qa, f"member.{layout.M7}.{eb}__textfile.txt"))
        settle(1)
        window.grab().save(os.path.join(out, "manual-qa-textfile.png"))
        window.select_path(os.path.join(qa, f"member.{layout.M7}.{BAD_EB}__qa2_part2.png"))
        settle(2)
        window.grab().save(os.path.join(out, "manual-qa-corrupt-unknown-layout.png"))
        window.select_path(os.path.join(qa, "uid__A002_X10e9c47_X4a11_qa2_part1.png"))
        settle(1.5)
        view.grab().save(os.path.join(out, "manual-qa-no-textfile.png"))
        window.select_path(qa)
        settle(1)
        window.grab().save(os.path.join(out, "manual-qa-folder-page.png"))
        window.shutdown()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
