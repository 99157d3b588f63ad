"""A member folder holding the demo 12-m member's helper files as plain files, as older deliveries (and a user who
unpacked the auxproducts archive) have them: cont.dat, flux.csv and antennapos.csv read from the demo's
auxproducts archive, the calapply, flag templates, casa_commands.log and README copied, and its cubes linked so
that cont.dat's spws have their extents. The demo itself is left untouched."""

from __future__ import annotations

import os
import shutil
import tarfile

from qa2explorer.demo import layout

GROUP = f"science_goal.{layout.SOUS}/group.{layout.GOUS}"
PREFIX = f"member.{layout.M12}"
AUX = f"{PREFIX}.hifa_calimage.auxproducts.tgz"


def demo_member(demo_project: str) -> str:
    return os.path.join(demo_project, GROUP, f"member.{layout.M12}")


def helper_member(demo_project: str, dest: str) -> str:
    source = demo_member(demo_project)
    member = os.path.join(dest, f"member.{layout.M12}")
    for section in ("calibration", "product", "script"):
        os.makedirs(os.path.join(member, section))
    cal = os.path.join(member, "calibration")
    with tarfile.open(os.path.join(source, "calibration", AUX)) as tar:
        for entry in tar:
            if entry.name.endswith(("cont.dat", "flux.csv", "antennapos.csv")):
                with open(os.path.join(cal, os.path.basename(entry.name)), "wb") as f:
                    f.write(tar.extractfile(entry).read())
    for name in os.listdir(os.path.join(source, "calibration")):
        if name.endswith(("calapply.txt", "flagtemplate.txt", "auxproducts.tgz")):
            shutil.copy(os.path.join(source, "calibration", name), cal)
    for name in os.listdir(os.path.join(source, "script")):
        if name.endswith("casa_commands.log"):
            shutil.copy(os.path.join(source, "script", name), os.path.join(member, "script"))
    shutil.copy(os.path.join(source, f"{PREFIX}.README.txt"), member)
    for name in os.listdir(os.path.join(source, "product")):
        if ".cube." in name:
            os.symlink(os.path.join(source, "product", name), os.path.join(member, "product", name))
    return member
