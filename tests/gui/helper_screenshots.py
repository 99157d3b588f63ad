"""Screenshots of the helper-file views: the demo member's helper files as plain files (tests/helper_member.py),
real examples from the corpus (tests/data/corpus/helperfiles), the demo's auxproducts archive and a truncated
one, and a malformed flux.csv.

QT_QPA_PLATFORM=offscreen python -m tests.gui.helper_screenshots OUTDIR
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from qa2explorer.demo import write_demo  # noqa: E402
from qa2explorer.gui.app import make_app  # noqa: E402
from qa2explorer.gui.main_window import MainWindow  # noqa: E402
from tests.corpus import CORPUS  # noqa: E402
from tests.gui.screenshots import settle  # noqa: E402
from tests.helper_member import AUX, PREFIX, helper_member  # noqa: E402

HELPERS = CORPUS / "helperfiles"


def corpus_member(dest: str) -> str:
    """A member of the corpus's real helper files, and damaged ones."""
    member = os.path.join(dest, "member.uid___A001_X1288_Xba6")
    cal, script = os.path.join(member, "calibration"), os.path.join(member, "script")
    os.makedirs(cal)
    os.makedirs(script)
    shutil.copy(HELPERS / "ALMA-IMF_W43-MM1.B6.12m.cont.dat", os.path.join(cal, "W43-MM1.cont.dat"))
    shutil.copy(HELPERS / "userguide.cont.dat", os.path.join(cal, "hh666.cont.dat"))
    shutil.copy(HELPERS / "userguide.flux.csv", os.path.join(cal, "flux.csv"))
    shutil.copy(HELPERS / "userguide.antennapos.csv", os.path.join(cal, "antennapos.csv"))
    shutil.copy(HELPERS / "ALMA-IMF_uid___A002_Xc6ff69_X41e4.flagtemplate.txt",
                os.path.join(cal, "uid___A002_Xc6ff69_X41e4.flagtemplate.txt"))  # fmt: skip
    shutil.copy(HELPERS / "astropenguin_2016.1.00023.S.casa_commands.log",
                os.path.join(script, "member.uid___A001_X87d_X497.hifa_calimage.casa_commands.log"))  # fmt: skip
    shutil.copy(HELPERS / "teuben_member.uid___A001_X1288_Xba6.README.txt", member)
    with open(os.path.join(cal, "bad.flux.csv"), "w") as f:
        f.write("this is not,a flux table\n1,2\n")
    return member


def main(out: str) -> None:
    os.makedirs(out, exist_ok=True)
    make_app()
    with tempfile.TemporaryDirectory() as tmp:
        demo = helper_member(write_demo(os.path.join(tmp, "demo")), os.path.join(tmp, "helpers"))
        real = corpus_member(os.path.join(tmp, "corpus"))
        aux = os.path.join(demo, "calibration", AUX)
        with open(aux, "rb") as f:
            data = f.read()
        truncated = os.path.join(demo, "calibration", "member.uid___A001_X1_X2.truncated.auxproducts.tgz")
        with open(truncated, "wb") as f:
            f.write(data[: len(data) // 2])
        window = MainWindow(QSettings(os.path.join(tmp, "s.ini"), QSettings.Format.IniFormat))
        window.resize(1440, 880)
        window.show()
        cal, rcal = os.path.join(demo, "calibration"), os.path.join(real, "calibration")
        eb = next(n for n in os.listdir(cal) if n.endswith(".ms.calapply.txt"))
        shots = [
            (demo, "helper-contdat.png", os.path.join(cal, f"{PREFIX}.cont.dat")),
            (demo, "helper-flux.png", os.path.join(cal, "flux.csv")),
            (demo, "helper-antennapos.png", os.path.join(cal, "antennapos.csv")),
            (demo, "helper-calapply.png", os.path.join(cal, eb)),
            (demo, "helper-archive.png", aux),
            (demo, "helper-archive-truncated.png", truncated),
            (demo, "helper-readme.png", os.path.join(demo, f"{PREFIX}.README.txt")),
            (real, "helper-contdat-alma-imf.png", os.path.join(rcal, "W43-MM1.cont.dat")),
            (real, "helper-contdat-pl2024.png", os.path.join(rcal, "hh666.cont.dat")),
            (real, "helper-flux-userguide.png", os.path.join(rcal, "flux.csv")),
            (real, "helper-flagtemplate.png", os.path.join(rcal, "uid___A002_Xc6ff69_X41e4.flagtemplate.txt")),
            (real, "helper-commands-log.png",
             os.path.join(real, "script", "member.uid___A001_X87d_X497.hifa_calimage.casa_commands.log")),
            (real, "helper-readme-real.png", os.path.join(real, "teuben_member.uid___A001_X1288_Xba6.README.txt")),
            (real, "helper-malformed.png", os.path.join(rcal, "bad.flux.csv")),
        ]  # fmt: skip
        opened = None
        for member, name, path in shots:
            if member != opened:
                before = window.summary
                window.open_path(member)
                while window.summary is before:
                    QApplication.processEvents()
                settle(1.0)
                opened = member
            window.select_path(path)
            settle()
            window.grab().save(os.path.join(out, name))
            print(os.path.join(out, name))
        before = window.summary
        window.open_path(demo)  # the demo's auxproducts: its cont.dat opened from the archive
        while window.summary is before:
            QApplication.processEvents()
        settle(1.0)
        window.select_path(aux)
        settle()
        window.preview.file_page.preview.open_entry(f"{PREFIX}.cont.dat")
        settle()
        window.grab().save(os.path.join(out, "helper-archive-entry.png"))
        print(os.path.join(out, "helper-archive-entry.png"))
        window.shutdown()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
