"""Screenshots of the Import Download dialog on archives built here: a member's tarballs (the raw data of one EB
not downloaded) before the import, during it (progress, the archive being unpacked) and stopped in its middle;
and a download gone wrong (a truncated part, a part not downloaded, an HTML page saved as .tar, ASDMs the README
names not downloaded), in a light and a dark palette.

QT_QPA_PLATFORM=offscreen python -m tests.gui.import_screenshots OUTDIR
"""

from __future__ import annotations

import os
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QColor, QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from qa2explorer.gui.app import make_app  # noqa: E402
from qa2explorer.gui.import_dialog import ImportDialog  # noqa: E402
from qa2explorer.gui.job_runner import JobRunner  # noqa: E402
from tests.archives import broken_set, download_set  # noqa: E402
from tests.gui.restore_screenshots import wait  # noqa: E402
from tests.gui.screenshots import settle  # noqa: E402


def dark_palette() -> QPalette:
    palette = QPalette(QApplication.instance().palette())
    for role, colour in ((QPalette.ColorRole.Window, "#2d2d2d"), (QPalette.ColorRole.WindowText, "#eeeeee"),
                         (QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.AlternateBase, "#262626"),
                         (QPalette.ColorRole.Text, "#eeeeee"), (QPalette.ColorRole.Button, "#3a3a3a"),
                         (QPalette.ColorRole.ButtonText, "#eeeeee")):  # fmt: skip
        palette.setColor(role, QColor(colour))
    return palette


def main(out: str) -> None:
    os.makedirs(out, exist_ok=True)
    make_app()
    runner = JobRunner()
    with tempfile.TemporaryDirectory() as tmp:
        download_set(os.path.join(tmp, "good"), product_bytes=300 << 20)
        dialog = ImportDialog([os.path.join(tmp, "good")], runner)
        dialog.show()
        wait(lambda: dialog.import_button.isEnabled(), 60)
        settle(0.2)
        dialog.grab().save(os.path.join(out, "import-plan.png"))

        def during(event) -> None:
            if (event.progress or 0) > 0.3 and dialog.importing:
                dialog.grab().save(os.path.join(out, "import-progress.png"))
                dialog.cancel_button.click()

        dialog.start_import()
        dialog.job.progress.connect(during)
        wait(lambda: not dialog.importing, 60)
        wait(lambda: dialog.import_button.isEnabled(), 60)
        settle(0.2)
        dialog.grab().save(os.path.join(out, "import-stopped.png"))
        dialog.reject()

        broken_set(os.path.join(tmp, "broken"))
        bad = ImportDialog([os.path.join(tmp, "broken")], runner)
        bad.show()
        wait(lambda: bad.plan is not None, 30)
        settle(0.2)
        bad.grab().save(os.path.join(out, "import-broken.png"))
        bad.resize(760, 480)  # narrower: long names elided in their middle, the status wrapped
        settle(0.2)
        bad.grab().save(os.path.join(out, "import-broken-narrow.png"))
        bad.reject()

        app = QApplication.instance()
        app.setPalette(dark_palette())  # as Qt applies a dark desktop's: the colours read from it
        dark = ImportDialog([os.path.join(tmp, "broken")], runner)
        dark.show()
        wait(lambda: dark.plan is not None, 30)
        settle(0.2)
        dark.grab().save(os.path.join(out, "import-broken-dark.png"))
    runner.shutdown()


if __name__ == "__main__":
    main(sys.argv[1])
