"""Say in plain words what a decoded file is.

"pb-corrected continuum image of NGC 628 (science target), spws 17, 19, 21, 23, Stokes I, Taylor term 0"
"""

from __future__ import annotations

import re

from ..words import readable
from .names import DecodedName
from .vocabulary import intent_words

SPECMODE_WORDS = {
    "cont": "continuum image",
    "mfs": "per-spw continuum (mfs) image",
    "cube": "spectral cube",
    "repBW": "cube at the representative bandwidth",
}

LAYER_WORDS = {
    "pbcor": "pb-corrected",
    "pb": "primary beam of the",
    "mask": "clean mask of the",
    "sd": "single-dish (total power)",
    "image": "",
    "residual": "residual of the",
    "model": "clean model of the",
    "psf": "point spread function of the",
    "sumwt": "sum of weights of the",
    "weight": "weight image of the",
}

TAYLOR_WORDS = {
    "tt0": "Taylor term 0",
    "tt1": "Taylor term 1",
    "tt2": "Taylor term 2",
    "alpha": "spectral index (alpha)",
    "alpha.error": "spectral index error",
}

STOKES_WORDS = {"P": "linear polarisation intensity", "A": "polarisation angle", "IQUV": "full Stokes IQUV"}

KIND_WORDS = {
    "scriptForPI": (
        "scriptForPI: regenerates the calibrated measurement sets from the raw data (run in script/ with CASA)"
    ),
    "restore_script": "pipeline restore script: applies the delivered calibration to the raw data (run by scriptForPI)",
    "pipescript": "pipeline script: reruns the whole pipeline calibration from scratch",
    "calibration_script": "manual calibration script for one execution block (run by scriptForPI)",
    "imaging_prep_script": "imaging preparation script (concatenation, flux equalisation…), run by scriptForPI",
    "imaging_script": "imaging script that made the delivered images (not run by scriptForPI)",
    "polcal_script": "polarisation calibration script, run by scriptForPI after the per-EB calibration",
    "fluxcal_script": "flux calibration (renormalisation) script, run by scriptForPI",
    "helper_script": "helper routines used by the reduction scripts",
    "python_script": "Python script",
    "shell_script": "shell script",
    "ppr": "pipeline processing request (PPR): the recipe and the EBs the pipeline processed",
    "pipeline_manifest": "pipeline manifest: list of the delivered pipeline products",
    "pldriver_report": "pipeline driver report",
    "aqua_report": "pipeline AQUA report: QA scores per stage (XML)",
    "product_rename": "product renaming list of the pipeline export",
    "calibrator_fluxes": "calibrator flux densities used by the manual calibration",
    "casa_commands_log": "CASA commands the pipeline ran (readable, not executable)",
    "ipython_log": "IPython session log of a CASA run",
    "casa_log": "CASA log file",
    "log_archive": "archive of CASA log files",
    "qa2_report": "QA2 report: the quality assessment of this member and the reviewer's comments",
    "qa0_report": "QA0 report: observing conditions and first quality check of one execution block",
    "supplemental_imaging": "supplemental manual imaging: scripts and logs of extra images made by hand",
    "weblog": "pipeline weblog: all calibration and imaging diagnostics (open it in a browser)",
    "weblog_dir": "unpacked pipeline weblog",
    "manual_qa_plot": "manual QA2 diagnostic plots for one execution block",
    "manual_qa_text": "manual QA2 summary text for one execution block (resolution, sensitivity, flags)",
    "auxcaltables": "auxiliary calibration tables of one session",
    "caltables": "calibration tables",
    "calibration_plots": "calibration diagnostic plots",
    "auxcalapply": "applycal commands for the auxiliary calibration tables",
    "calapply": "applycal commands that apply the delivered tables to one execution block",
    "flagversions": "flag versions of one execution block (restored by the pipeline)",
    "auxproducts": "auxiliary pipeline products (flux.csv, antennapos, cont.dat, flag templates…)",
    "cont_dat": "continuum ranges (cont.dat) per target and spw, used for continuum subtraction",
    "flag_template": "flagging commands added by the data reducer",
    "flag_commands": "flagging commands",
    "flux_csv": "calibrator fluxes from the ALMA calibrator catalogue",
    "antennapos": "antenna position corrections",
    "jyperk": "Kelvin-to-Jansky factors for total power data",
    "selfcal_json": "self-calibration solutions record of the pipeline",
    "pipeline_stats": "pipeline run statistics",
    "wvrgcal_report": "water vapour radiometer (wvrgcal) correction report",
    "findcont_diagnostic": "pipeline findcont diagnostic spectrum",
    "readme": "README of the delivery",
    "readme_tar": "download tarball holding the README",
    "asdm": "raw data (ASDM) of one execution block",
    "asdm_tar": "download tarball of the raw data of one execution block",
    "product_tar": "download tarball of the FITS products",
    "auxiliary_tar": "download tarball of calibration, scripts, logs and QA reports",
    "admit": "ADMIT products (automated line and moment analysis)",
    "measurement_set": "CASA measurement set",
    "casa_image_archive": "CASA image stored as a tar archive",
    "fits_file": "FITS file",
    "plot": "plot",
    "pdf_document": "PDF document",
    "html_page": "HTML page",
    "xml_file": "XML file",
    "text_file": "text file",
    "table": "table (CSV)",
    "json_file": "JSON file",
    "archive": "archive",
    "other": "file",
}

_COORD_PLUS = re.compile(r"^([JG]\d+(?:\.\d+)?)p(\d+(?:\.\d+)?)$")
_COORD_MINUS = re.compile(r"^(G\d+\.\d+)m(\d+\.\d+)$")


def display_target(target: str | None) -> str:
    """Readable target name: underscores to spaces, 'p'/'m' back to '+'/'−' in coordinate names
    (J1058p0133 -> J1058+0133, G000.082m0.037 -> G000.082-0.037)."""
    if not target:
        return "unknown target"
    if (m := _COORD_PLUS.match(target)) is not None:
        return f"{m.group(1)}+{m.group(2)}"
    if (m := _COORD_MINUS.match(target)) is not None:
        return f"{m.group(1)}-{m.group(2)}"
    return target.replace("_", " ")


def spw_words(spws: list[int]) -> str:
    if not spws:
        return ""
    return ("spw " if len(spws) == 1 else "spws ") + ", ".join(str(s) for s in spws)


def describe_product(d: DecodedName) -> str:
    what = SPECMODE_WORDS.get(d.specmode or "", "image")
    if d.taylor in ("alpha", "alpha.error"):
        what = f"{TAYLOR_WORDS[d.taylor]} map of the {what}"
    if d.layer == "sd":
        what = "single-dish (total power) " + ("image" if d.specmode is None else what)
    elif d.layer:
        what = f"{LAYER_WORDS.get(d.layer, d.layer)} {what}".strip()
    if d.calibration == "selfcal":
        what = "self-calibrated " + what
    parts = [f"{what} of {display_target(d.target)}" + (f" ({words})" if (words := intent_words(d.intent)) else "")]
    if d.spws:
        parts.append(spw_words(d.spws))
    if d.frequency:
        parts.append(d.frequency)
    if d.stokes:
        parts.append("Stokes " + d.stokes if d.stokes not in STOKES_WORDS else STOKES_WORDS[d.stokes])
    if d.taylor and d.taylor not in ("alpha", "alpha.error"):
        parts.append(TAYLOR_WORDS.get(d.taylor, d.taylor))
    if d.comment:
        manual = "manual" in d.comment.split(".")
        rest = ".".join(t for t in d.comment.split(".") if t != "manual")
        if manual:
            parts.append("manually imaged")
        if rest:
            parts.append(f"note “{rest}”")
    if d.array:
        parts.append(f"array {d.array}")
    if d.origin == "ari_l":
        parts.append("ARI-L externally reprocessed product")
    elif d.origin == "pipeline_working":
        parts.append(f"pipeline working name (stage {d.stage})")
    elif d.origin:
        parts.append(f"group release {d.origin}")
    if d.compressed and d.extension == "fits":
        parts.append("gzipped FITS")
    return ", ".join(parts)


def describe(d: DecodedName) -> str:
    """One sentence for any decoded name (display text: non-UTF-8 bytes show as U+FFFD)."""
    return readable(_describe(d))


def _describe(d: DecodedName) -> str:
    if d.kind == "image_product":
        return describe_product(d)
    text = KIND_WORDS.get(d.kind, "file")
    if d.kind == "weblog" and "manual" in d.raw:
        text = "manual weblog: the scripts and diagnostic plots of the manual reduction (open it in a browser)"
    elif d.kind == "weblog" and "imaging_weblog" in d.raw:
        text = "imaging weblog: pipeline tasks used by the manual imaging (open it in a browser)"
    extra = []
    if d.eb and d.kind not in ("asdm", "asdm_tar"):
        extra.append(f"EB {d.eb}")
    elif d.eb:
        extra.append(d.eb)
    if d.session:
        extra.append(d.session.replace("_", " "))
    if d.part is not None:
        extra.append(f"part {d.part}")
    if d.recipe:
        extra.append(f"recipe {d.recipe}")
    if d.kind in ("qa2_report", "qa0_report", "weblog") and d.extension:
        extra.append(d.extension.upper())
    if extra:
        text += " — " + ", ".join(extra)
    return text
