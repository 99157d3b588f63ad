"""What a delivery file is, from its name alone (everything that is not an image product).

Rules are tried in order on the file's base name; the first that matches gives the kind. They are anchored on
the end of the name because the start carries uids, targets and recipes that vary from delivery to delivery.
"""

from __future__ import annotations

import re
from functools import cache

from . import vocabulary

_I = re.IGNORECASE

# (pattern, flags, kind). Order matters: specific before generic. Compiled on first use (:func:`_rules`), not
# when the window starts.
_RULES: list[tuple[str, int, str]] = [
    (r"scriptForPI\.py$", 0, "scriptForPI"),
    (r"casa_piperestorescript\.py$", 0, "restore_script"),
    (r"casa_pipescript\.py$", 0, "pipescript"),
    (r"scriptFor(SD)?Calibration\.py$", 0, "calibration_script"),
    (r"scriptForImagingPrep\.py$", 0, "imaging_prep_script"),
    (r"scriptFor(SD)?(Supplemental)?Imaging\.py$", 0, "imaging_script"),
    (r"scriptForPolCalibration\.py$", 0, "polcal_script"),
    (r"scriptForFluxCalibration\.py$", 0, "fluxcal_script"),
    (r"sun_reduction_util\.py$", 0, "helper_script"),
    (r"(^|[._])PPR[_.].*\.xml$", 0, "ppr"),
    (r"pprequest\.xml$", 0, "ppr"),
    (r"pipeline_manifest\.xml$", 0, "pipeline_manifest"),
    (r"pldriver_report\.xml$", 0, "pldriver_report"),
    (r"aquareport\.xml$", 0, "aqua_report"),
    (r"product_rename\.txt$", 0, "product_rename"),
    (r"calibratorFluxes\.xml$", 0, "calibrator_fluxes"),
    (r"casa_commands\.log$", 0, "casa_commands_log"),
    (r"(^|[._])ipython-\d{8}-\d{6}\.log$", 0, "ipython_log"),
    (r"\.log\.(tgz|tar|tar\.gz)$", 0, "log_archive"),
    (r"\.log$", 0, "casa_log"),
    (r"qa2_report\.(pdf|html?|tgz)$", _I, "qa2_report"),
    (r"qa0_report\.(pdf|html?)$", _I, "qa0_report"),
    (r"manual_imaging\.tgz$", 0, "supplemental_imaging"),
    (r"weblog\.(tgz|tar\.gz|tar|pdf)$", 0, "weblog"),
    (r"_qa2_part\d+\.png$", 0, "manual_qa_plot"),
    (r"_textfile\.txt$", 0, "manual_qa_text"),
    (r"auxcaltables\.(tgz|tar)$", 0, "auxcaltables"),
    (r"caltables\.(tgz|tar)$", 0, "caltables"),
    (r"\.plots\.(tgz|tar)$", 0, "calibration_plots"),
    (r"\.calibration\.(tgz|tar)$", 0, "caltables"),
    (r"auxcalapply\.txt$", 0, "auxcalapply"),
    (r"calapply\.txt$", 0, "calapply"),
    (r"flagversions\.(tgz|tar)$", 0, "flagversions"),
    (r"auxproducts\.(tgz|tar)$", 0, "auxproducts"),
    (r"(^|[._])cont\.dat$", 0, "cont_dat"),
    (r"flag(targets|tsys)?template\.txt$", 0, "flag_template"),
    (r"flag\w*cmds\.txt$", 0, "flag_commands"),
    (r"(^|[._])flux\.csv$", 0, "flux_csv"),
    (r"(^|[._])antennapos\.(csv|json)$", 0, "antennapos"),
    (r"jyperk[^/]*\.csv$", 0, "jyperk"),
    (r"selfcal\.json$", 0, "selfcal_json"),
    (r"(timetracker\.json|pipeline_stats[^/]*\.json)$", 0, "pipeline_stats"),
    (r"\.wvrgcal\.txt$", 0, "wvrgcal_report"),
    (r"findContinuum\.dat$", 0, "findcont_diagnostic"),
    (r"(^|[._])README(\.txt)?\.tar$", _I, "readme_tar"),
    (r"(^|[._])README(\.txt|\.md)?$", _I, "readme"),
    (r"[._]asdm\.sdm$", 0, "asdm"),
    (r"(^|[._])ADMIT\.tgz$", 0, "admit"),
    (r"\.ms\.split\.cal$", 0, "measurement_set"),
    (r"\.ms(\.split)?$", 0, "measurement_set"),
]


@cache
def _rules() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(pattern, flags), kind) for pattern, flags, kind in _RULES]


def kind_by_rules(name: str) -> str | None:
    kind = vocabulary.download_tarball_kind(name)
    if kind is not None:
        return kind
    for pattern, kind in _rules():
        if pattern.search(name):
            return kind
    return None


# Kinds by the language they are written in (the viewer highlights them, the tree picks their icon).
PYTHON_KINDS = frozenset(
    {
        "scriptForPI", "restore_script", "pipescript", "calibration_script", "imaging_prep_script",
        "imaging_script", "polcal_script", "fluxcal_script", "helper_script", "python_script", "shell_script",
    }
)  # fmt: skip
XML_KINDS = frozenset({"ppr", "pipeline_manifest", "pldriver_report", "aqua_report", "calibrator_fluxes", "xml_file"})
LOG_KINDS = frozenset({"casa_log", "ipython_log", "casa_commands_log"})

# Kinds a person reads as text (the viewer opens them); image products and archives are not here.
TEXT_KINDS = PYTHON_KINDS | XML_KINDS | LOG_KINDS | frozenset(
    {
        "product_rename", "manual_qa_text", "calapply", "auxcalapply", "cont_dat", "flag_template",
        "flag_commands", "flux_csv", "antennapos", "jyperk", "selfcal_json", "pipeline_stats", "wvrgcal_report",
        "findcont_diagnostic", "readme", "text_file", "table", "json_file",
    }
)  # fmt: skip
