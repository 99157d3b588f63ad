"""Icons for tree nodes, from the SVG set in ``resources/icons``."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from ..delivery.kinds import LOG_KINDS, PYTHON_KINDS, XML_KINDS
from ..delivery.scan import Node
from .resources import named

_SECTION_ICONS = {
    "product": "product",
    "calibration": "calibration",
    "qa": "qa",
    "script": "script",
    "log": "log",
    "raw": "raw",
    "calibrated": "calibrated",
}
_ROLE_ICONS = {
    "project": "project",
    "science_goal": "science_goal",
    "group": "group",
    "member": "member",
    "weblog_dir": "weblog",
    "asdm": "asdm",
    "measurement_set": "raw",
    "outside": "folder-outside",
    "link": "link",
    "products_root": "product",
    "target": "target",
    "spw_group": "spw",
    "image_set": "image_set",
}
_KIND_ICONS = {
    **{k: "python" for k in PYTHON_KINDS},
    **{k: "xml" for k in XML_KINDS},
    **{k: "log" for k in LOG_KINDS},
    "qa0_report": "pdf", "pdf_document": "pdf", "weblog": "weblog", "html_page": "weblog",
    "manual_qa_plot": "picture", "plot": "picture", "log_archive": "archive", "readme": "readme", "asdm": "asdm",
    "asdm_tar": "archive", "product_tar": "archive", "auxiliary_tar": "archive", "readme_tar": "archive",
    "caltables": "archive", "auxcaltables": "archive", "calibration_plots": "archive", "flagversions": "archive",
    "auxproducts": "archive", "archive": "archive", "supplemental_imaging": "archive", "admit": "archive",
    "casa_image_archive": "mask", "fits_file": "fits", "measurement_set": "raw",
}  # fmt: skip


def icon_name(node: Node) -> str:
    if node.error and (node.children is None or node.is_dir):
        return "warning"
    if node.is_dir:
        if node.role == "section":
            return _SECTION_ICONS.get(node.name, "folder")
        return _ROLE_ICONS.get(node.role or "", "folder")
    d = node.decoded
    if d is None:
        return "text"
    if d.kind == "image_product":
        if d.taylor in ("alpha", "alpha.error"):
            return "alpha"
        if d.layer == "pb":
            return "pb"
        if d.layer == "mask":
            return "mask"
        return "cube" if d.specmode in ("cube", "repBW") else "fits"
    if d.kind == "qa2_report":
        return "pdf" if d.extension == "pdf" else "weblog"
    return _KIND_ICONS.get(d.kind, "text")


def icon_for(node: Node) -> QIcon:
    return named(icon_name(node))
