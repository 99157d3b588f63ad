"""Screenshots of the weblog preview on the demo delivery: before Open, while unpacking (a larger weblog-like
archive, so the progress bar can be seen), after Open (served; the browser is not started: the URL is recorded),
a manual weblog, and a damaged archive.

QT_QPA_PLATFORM=offscreen python -m tests.gui.weblog_screenshots OUTDIR
"""

from __future__ import annotations

import io
import os
import sys
import tarfile
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QDesktopServices  # noqa: E402

from qa2explorer.demo import layout, write_demo  # noqa: E402
from qa2explorer.gui.app import make_app  # noqa: E402
from qa2explorer.gui.previews.weblog_view import WeblogPreview  # noqa: E402
from tests.gui.restore_screenshots import wait  # noqa: E402
from tests.gui.screenshots import open_window, settle  # noqa: E402


def main(out: str) -> None:
    os.makedirs(out, exist_ok=True)
    opened: list[str] = []
    QDesktopServices.openUrl = lambda url: opened.append(url.toString()) or True  # no browser here
    make_app()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CACHE_HOME"] = os.path.join(tmp, "cache")
        project = write_demo(tmp)
        group = os.path.join(project, f"science_goal.{layout.SOUS}", f"group.{layout.GOUS}")
        qa12 = os.path.join(group, f"member.{layout.M12}", "qa")
        qa7 = os.path.join(group, f"member.{layout.M7}", "qa")
        big = os.path.join(qa12, "uid___A001_X2f6a_X1c2.imaging_weblog.tgz")  # added to the demo copy here
        with tarfile.open(big, "w:gz") as tar:
            for i in range(1200):
                data = b"<html>imaging weblog</html>" if i == 0 else os.urandom(250_000)
                name = "index.html" if i == 0 else f"stage{i // 20}/plot{i}.png"
                info = tarfile.TarInfo(f"pipeline-20240111T101010/html/{name}")
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
        damaged = os.path.join(qa7, f"member.{layout.M7}.hifa_calimage.weblog.tgz")
        with open(os.path.join(qa7, f"member.{layout.M7}.manual_calimage.weblog.tgz"), "rb") as f, \
                open(damaged, "wb") as cut:  # fmt: skip
            cut.write(f.read()[:400])
        window = open_window(tmp, project)

        def shoot(name: str) -> None:
            settle(0.5)
            window.grab().save(os.path.join(out, name))

        def select(path: str) -> WeblogPreview:
            window.select_path(path)
            wait(lambda: isinstance(window.preview.shown, WeblogPreview))
            preview = window.preview.shown
            wait(lambda: "checking" not in preview.info.text())
            return preview

        preview = select(os.path.join(qa12, f"member.{layout.M12}.hifa_calimage.weblog.tgz"))
        shoot("weblog-before.png")
        preview.open_in_browser()
        wait(lambda: len(opened) == 1)
        shoot("weblog-after.png")
        preview = select(big)
        shot: list[int] = []

        def midway(value: int) -> None:  # the bar's 0–1000: grabbed once, halfway through
            if 300 < value < 800 and not shot:
                shot.append(value)
                window.grab().save(os.path.join(out, "weblog-unpacking.png"))

        preview.bar.valueChanged.connect(midway)
        preview.open_in_browser()
        wait(lambda: len(opened) == 2, 120)
        select(os.path.join(qa7, f"member.{layout.M7}.manual_calimage.weblog.tgz"))
        shoot("weblog-manual.png")
        preview = select(damaged)
        preview.open_in_browser()
        wait(lambda: preview.status.text() != "")
        shoot("weblog-damaged.png")
        window.close()
    print("\n".join(opened))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
