"""Screenshots of the Import Download dialog on a member's tarballs built here (the raw data of one EB not
downloaded): the contents and gap report, the end of the import; and on an HTML page saved as .tar.

QT_QPA_PLATFORM=offscreen python -m tests.gui.import_screenshots OUTDIR
"""

from __future__ import annotations

import os
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qa2explorer.gui.app import make_app  # noqa: E402
from qa2explorer.gui.import_dialog import ImportDialog  # noqa: E402
from qa2explorer.gui.job_runner import JobRunner  # noqa: E402
from tests.archives import MOUS, PROJECT, download_set  # noqa: E402
from tests.gui.restore_screenshots import wait  # noqa: E402


def main(out: str) -> None:
    os.makedirs(out, exist_ok=True)
    make_app()
    runner = JobRunner()
    with tempfile.TemporaryDirectory() as tmp:
        download_set(tmp, product_bytes=40 << 20)
        dialog = ImportDialog([tmp], runner)
        dialog.show()
        wait(lambda: dialog.plan is not None, 30)
        dialog.grab().save(os.path.join(out, "import-plan.png"))
        dialog.start_import()
        wait(lambda: not dialog.isVisible(), 60)
        dialog.show()
        dialog.grab().save(os.path.join(out, "import-done.png"))
        page = os.path.join(tmp, "html", f"{PROJECT}_{MOUS}_auxiliary.tar")
        os.makedirs(os.path.dirname(page))
        with open(page, "w") as f:
            f.write("<!DOCTYPE html><html><body>Your session has expired</body></html>")
        bad = ImportDialog([page], runner)
        bad.show()
        wait(lambda: bad.plan is not None, 30)
        bad.grab().save(os.path.join(out, "import-html-page.png"))
    runner.shutdown()


if __name__ == "__main__":
    main(sys.argv[1])
