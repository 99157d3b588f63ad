"""Which kinds of helper file have a structured view (``module:Class`` under qa2explorer.gui.previews): the
registry uses it for files of the delivery, the archive view for files inside an archive."""

from __future__ import annotations

import importlib

HELPER_VIEWS = {
    "cont_dat": "contdat_view:ContDatPreview",
    "flux_csv": "csv_view:FluxCsvPreview",
    "antennapos": "csv_view:AntennaposPreview",
    "calapply": "calapply_view:CalapplyPreview",
    "auxcalapply": "calapply_view:CalapplyPreview",
    "flag_template": "flag_view:FlagCommandsPreview",
    "flag_commands": "flag_view:FlagCommandsPreview",
    "casa_commands_log": "commands_log_view:CommandsLogPreview",
}


def target(kind: str) -> str:
    return f"qa2explorer.gui.previews.{HELPER_VIEWS[kind]}"


def view_class(kind: str):
    """The preview class of ``kind`` (imports its module)."""
    module, name = target(kind).split(":")
    return getattr(importlib.import_module(module), name)
