"""Delivery trees of the seed documents, with the names as they are on disk.

The documents print ``member..X`` for ``member.<MOUS>.X``, "l" for Stokes "I" and two underscores in uids; the
listings below put the real spelling back (``expand_member`` restores the MOUS). Where a listing is cut short
in the document the tree keeps what is shown.
"""

from __future__ import annotations

from tests.trees import expand_member

# --- Cycle 7 document, §5.1: 2019.1.01482.T, manually calibrated full-polarisation data ---------------------
C7_POL_MOUS = "uid___A001_X1465_Xb4b"
C7_POL_EBS = ["uid___A002_Xe5aacf_X29ee", "uid___A002_Xe5aacf_X2d6f", "uid___A002_Xe5aacf_X3155"]


def cycle7_polarisation() -> list[str]:
    m = f"2019.1.01482.T/science_goal.uid___A001_X1465_Xb46/group.uid___A001_X1465_Xb4a/member.{C7_POL_MOUS}/"
    cal = ["member..concat_S1.ms.TDM.Df0.plots.tgz"]
    for eb in C7_POL_EBS:
        cal += [f"{eb}.calibration.plots.tgz", f"{eb}.calibration.tgz", f"{eb}.ms.wvrgcal.txt"]
    log = ["member..analysis.log.tgz", "member..calibrated.log.tgz"] + [f"{eb}.log.tgz" for eb in C7_POL_EBS]
    product = [
        "member..concat_S1.ms.TDM_img1.mask.tgz",
        "member..GRB_pol1_sci.spw0_1_2_3.mfs.A.manual.pbcor.fits",
        "member..GRB_pol1_sci.spw0_1_2_3.mfs.IQUV.manual.mask.tgz",
        "member..GRB_pol1_sci.spw0_1_2_3.mfs.IQUV.manual.pbcor.fits",
        "member..GRB_pol1_sci.spw0_1_2_3.mfs.IQUV.manual.pb.fits.gz",
        "member..GRB_pol1_sci.spw0_1_2_3.mfs.P.manual.pbcor.fits",
        "member..J1058p0133_polleak.spw0_1_2_3.mfs.A.manual.pbcor.fits",
        "member..J1058p0133_polleak.spw0_1_2_3.mfs.IQUV.manual.mask.tgz",
        "member..J1058p0133_polleak.spw0_1_2_3.mfs.IQUV.manual.pbcor.fits",
        "member..J1058p0133_polleak.spw0_1_2_3.mfs.IQUV.manual.pb.fits.gz",
        "member..J1058p0133_polleak.spw0_1_2_3.mfs.P.manual.pbcor.fits",
        "member..target_check.mask.tgz",
    ] + [f"{eb}__target_check.mask.tgz" for eb in C7_POL_EBS]
    qa = [
        "member..concat_S1.ms.TDM.Dterm_sky_imag_spw0-1.png",
        "member..concat_S1.ms.TDM.Dterm_sky_real_spw0-1.png",
        "member..concat_S1.ms.TDM.GainRatiosPol.png",
        "member..concat_S1.ms.TDM.XY-CrossPhase.png",
        "member..qa2_report.html",
        "member..qa2_report.pdf",
        "member..weblog.pdf",
    ]
    for eb in C7_POL_EBS:
        qa += [
            f"{eb}.qa0_report.pdf",
            f"{eb}__qa2_part1.png",
            f"{eb}__qa2_part2.png",
            f"{eb}__qa2_part3.png",
            f"{eb}__textfile.txt",
        ]
    script = [
        "member..calimage.product_rename.txt",
        "member..scriptForImaging.py",
        "member..scriptForPI.py",
        "member..scriptForPolCalibration.py",
    ] + [f"{eb}.ms.scriptForCalibration.py" for eb in C7_POL_EBS]
    files = (
        [f"calibration/{n}" for n in cal]
        + [f"log/{n}" for n in log]
        + [f"product/{n}" for n in product]
        + [f"qa/{n}" for n in qa]
        + [f"script/{n}" for n in script]
        + ["member..README.txt"]
        + [f"raw/{eb}.asdm.sdm" for eb in C7_POL_EBS]
    )
    return [m + n for n in expand_member(C7_POL_MOUS, files)]


# --- Cycle 7 document, §5.2: 2019.1.01056.S, pipeline calibrated and imaged --------------------------------
C7_PL_MOUS = "uid___A001_X1465_X1b48"
C7_PL_EBS = ["uid___A002_Xe1baa0_X5b8c", "uid___A002_Xe1d2cb_X31f"]


def cycle7_pipeline() -> list[str]:
    m = f"2019.1.01056.S/science_goal.uid___A001_X1465_X1b46/group.uid___A001_X1465_X1b47/member.{C7_PL_MOUS}/"
    cal = [
        "member..hifa_calimage.auxproducts.tgz",
        "member..session_1.auxcaltables.tgz",
        "member..session_1.caltables.tgz",
        "member..session_2.auxcaltables.tgz",
        "member..session_2.caltables.tgz",
    ]
    for eb in C7_PL_EBS:
        cal += [f"{eb}.ms.calapply.txt", f"{eb}.ms.flagversions.tgz", f"{eb}_target.ms.auxcalapply.txt"]
    target = "_G24.73p0.69__sci"
    product = [f"member..{target}.spw16_18_20_22.cont.I.{x}" for x in ("mask.fits.gz", "pbcor.fits", "pb.fits.gz")]
    product += [f"member..{target}.spw16.cube.I.{x}" for x in ("mask.fits.gz", "pbcor.fits", "pb.fits.gz")]
    product += [f"member..{target}.spw16.mfs.I.{x}" for x in ("mask.fits.gz", "pbcor.fits", "pb.fits.gz")]
    product += [f"member..{target}.spw18.cube.I.{x}" for x in ("pbcor.fits", "pb.fits.gz")]
    product += [f"member..{target}.spw18.mfs.I.{x}" for x in ("mask.fits.gz", "pbcor.fits", "pb.fits.gz")]
    product += [f"member..{target}.spw20.cube.I.{x}" for x in ("mask.fits.gz", "pbcor.fits", "pb.fits.gz")]
    product += [f"member..{target}.spw20.mfs.I.{x}" for x in ("mask.fits.gz", "pbcor.fits", "pb.fits.gz")]
    product += [f"member..{target}.spw22.cube.I.{x}" for x in ("pbcor.fits", "pb.fits.gz")]
    product += [f"member..{target}.spw22.mfs.I.{x}" for x in ("mask.fits.gz", "pbcor.fits", "pb.fits.gz")]
    for cal_name, spws_with_mask in (
        ("J1832-1035_ph", (16, 18, 22)),
        ("J1912-0804_ph", (16, 18, 20, 22)),
        ("J1924-2914_bp", ()),
    ):
        for spw in (16, 18, 20, 22):
            layers = (("mask.fits.gz",) if spw in spws_with_mask else ()) + ("pbcor.fits", "pb.fits.gz")
            product += [f"member..{cal_name}.spw{spw}.mfs.I.{x}" for x in layers]
    qa = ["member..hifa_calimage.weblog.tgz", "member..qa2_report.html", "member..qa2_report.pdf"]
    qa += [f"{eb}.qa0_report.pdf" for eb in C7_PL_EBS]
    script = [
        "member..calimage.product_rename.txt",
        "member..hifa_calimage.casa_commands.log",
        "member..hifa_calimage.casa_piperestorescript.py",
        "member..hifa_calimage.casa_pipescript.py",
        "member..hifa_calimage.pipeline_manifest.xml",
        "member..hifa_calimage.pprequest.xml",
        "member..scriptForPI.py",
    ]
    files = (
        [f"calibration/{n}" for n in cal]
        + [f"product/{n}" for n in product]
        + [f"qa/{n}" for n in qa]
        + [f"script/{n}" for n in script]
        + [f"raw/{eb}.asdm.sdm" for eb in C7_PL_EBS]
    )
    return [m + n for n in expand_member(C7_PL_MOUS, files)]


# --- Cycle 12 document, §5.2: 2023.1.01573.S, manually calibrated (bandwidth switching, five EBs) ---------------
C12_MAN_MOUS = "uid___A001_X3621_X541"
C12_MAN_EBS = [
    "uid___A002_X110fd13_X12b88",
    "uid___A002_X110fd13_X131c8",
    "uid___A002_X110fd13_X1b52b",
    "uid___A002_X110fd13_X230eb",
    "uid___A002_X110fd13_X59fd",
]


def cycle12_manual() -> list[str]:
    # The document's tree omits the science goal and shows the group directly under the project.
    m = f"2023.1.01573.S/science_goal.uid___A001_X3621_X53f/group.uid___A001_X3621_X540/member.{C12_MAN_MOUS}/"
    cal, log, qa, script = [], [f"member.{C12_MAN_MOUS}.Imaging.log.tgz"], [], []
    for eb in C12_MAN_EBS:
        cal += [f"{eb}.calibration.plots.tgz", f"{eb}.calibration.tgz", f"{eb}.ms.wvrgcal.txt"]
        log.append(f"{eb}.log.tgz")
        qa += [f"{eb}.qa0_report.pdf", f"{eb}__qa2_part1.png", f"{eb}__qa2_part2.png", f"{eb}__textfile.txt"]
        script += [f"{eb}.ms.scriptForCalibration.py", f"{eb}_calibratorFluxes.xml"]
    qa += [
        "member..imaging_weblog.tgz",
        "member..manual_calimage.weblog.tgz",
        "member..qa2_report.pdf",
        "uid___A002_X10f72bf_X1383.qa0_report.pdf",
    ]
    script += ["member..calimage.product_rename.txt", "member..scriptForImaging.py", "member..scriptForPI.py"]
    product = []
    for spw in (25, 27, 29, 31, 33):
        for mode in ("cube", "mfs"):
            product += [
                f"member..J2206-0031_sci.spw{spw}.{mode}.I.{x}" for x in ("mask.fits.gz", "pb.fits.gz", "pbcor.fits")
            ]
        product += [f"member..J2136p0041_chk.spw{spw}.mfs.I.{x}" for x in ("mask.fits.gz", "pb.fits.gz", "pbcor.fits")]
    product += [
        f"member..J2206-0031_sci.spw25_27_29_31_33.cont.I.{x}" for x in ("mask.fits.gz", "pb.fits.gz", "pbcor.fits")
    ]
    files = (
        [f"calibration/{n}" for n in cal]
        + [f"log/{n}" for n in log]
        + [f"product/{n}" for n in product]
        + [f"qa/{n}" for n in qa]
        + [f"script/{n}" for n in script]
        + ["member..README.txt"]
    )
    return [m + n for n in expand_member(C12_MAN_MOUS, files)]


# --- Cycle 12 document, §5.3: 2025.1.00324.L, pipeline calibrated and imaged with self-calibration -------------
C12_PL_MOUS = "uid___A001_X3621_X541"  # the document reuses the MOUS of the other example
C12_PL_EB = "uid___A002_X12f828c_X23370"


def cycle12_pipeline() -> list[str]:
    m = f"2025.1.00324.L/science_goal.uid___A001_X3700_X10/group.uid___A001_X3700_X11/member.{C12_PL_MOUS}/"
    t = "_2MASS_J04393364+2359212__sci"
    agg = "spw25_27_29_31_33"
    product = [
        f"member..{t}.spw25.mfs.I.pbcor.fits",
        f"member..{t}.spw25.mfs.I.selfcal.mask.fits.gz",
        f"member..{t}.spw25.mfs.I.selfcal.pb.fits.gz",
        f"member..{t}.spw25.mfs.I.selfcal.pbcor.fits",
        f"member..{t}.spw27.cube.I.selfcal.mask.fits.gz",
        f"member..{t}.spw27.cube.I.selfcal.pb.fits.gz",
        f"member..{t}.spw27.cube.I.selfcal.pbcor.fits",
        f"member..{t}.spw27.mfs.I.pbcor.fits",
        f"member..{t}.{agg}.cont.I.alpha.error.fits",
        f"member..{t}.{agg}.cont.I.alpha.fits",
        f"member..{t}.{agg}.cont.I.mask.fits.gz",
        f"member..{t}.{agg}.cont.I.pb.tt0.fits",
        f"member..{t}.{agg}.cont.I.selfcal.alpha.error.fits",
        f"member..{t}.{agg}.cont.I.selfcal.alpha.fits",
        f"member..{t}.{agg}.cont.I.selfcal.mask.fits.gz",
        f"member..{t}.{agg}.cont.I.selfcal.tt0.pbcor.fits",
        f"member..{t}.{agg}.cont.I.tt1.pbcor.fits",
        f"member..{t}.spw29.cube.I.selfcal.pb.fits.gz",
        f"member..{t}.spw29.cube.I.selfcal.pbcor.fits",
        f"member..{t}.spw29.mfs.I.mask.fits.gz",
        f"member..{t}.spw29.mfs.I.pbcor.fits",
        f"member..{t}.spw29.mfs.I.selfcal.pbcor.fits",
    ]
    for cal_name, spws in (("J0431+1731_ph", (25, 27, 29, 31)), ("J0510+1800_bp", (25, 27, 29, 31))):
        for spw in spws:
            product += [f"member..{cal_name}.spw{spw}.mfs.I.{x}" for x in ("mask.fits.gz", "pb.fits.gz", "pbcor.fits")]
    qa = ["member..hifa_calimage.weblog.tgz", "member..qa2_report.pdf"]
    script = [
        "member..calimage.product_rename.txt",
        "member..hifa_calimage.casa_piperestorescript.py",
        "member..hifa_calimage.casa_pipescript.py",
        "member..hifa_calimage.pipeline_manifest.xml",
        "member..hifa_calimage.pldriver_report.xml",
        "member..hifa_calimage.pprequest.xml",
        "member..scriptForPI.py",
    ]
    files = (
        [f"product/{n}" for n in product]
        + [f"qa/{n}" for n in qa]
        + [f"script/{n}" for n in script]
        + [f"raw/{C12_PL_EB}.asdm.sdm", "calibration/member..hifa_calimage.auxproducts.tgz"]
    )
    return [m + n for n in expand_member(C12_PL_MOUS, files)]
