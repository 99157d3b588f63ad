"""The words of a delivery, defined once: intents, file extensions, download tarballs.

Everything that decodes, describes, groups, previews or locates uses these tables; nothing else lists them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


# ------------------------------------------------------------------------------------------ intents
@dataclass(frozen=True)
class Intent:
    code: str  # as it ends a target token: NGC_3627_sci, J1058p0133_ph
    words: str  # what a user reads
    order: int  # science first, then check sources, then calibrators
    polarisation: bool = False


_INTENT_LIST = [
    Intent("sci", "science target", 0),
    Intent("chk", "check source", 1),
    Intent("check", "check source", 1),
    Intent("ph", "phase calibrator", 2),
    Intent("bp", "bandpass calibrator", 3),
    Intent("amp", "amplitude (flux) calibrator", 4),
    Intent("flux", "flux calibrator", 4),
    Intent("pol", "polarisation calibrator", 5, True),
    Intent("pol_leak", "polarisation leakage calibrator", 5, True),
    Intent("polleak", "polarisation leakage calibrator", 5, True),
    Intent("plk", "polarisation leakage calibrator", 5, True),
    Intent("pang", "polarisation angle calibrator", 5, True),
    Intent("polangle", "polarisation angle calibrator", 5, True),
]
INTENTS: dict[str, Intent] = {i.code: i for i in _INTENT_LIST}
# Longest first, so a target token ending in "_pol_leak" is read as pol_leak, not as "…_pol" + "leak".
INTENT_SUFFIXES: tuple[str, ...] = tuple(sorted(INTENTS, key=len, reverse=True))
UNKNOWN_INTENT_ORDER = 8
NO_INTENT_ORDER = 9


def intent_words(code: str | None) -> str | None:
    intent = INTENTS.get(code or "")
    return intent.words if intent else None


def intent_order(code: str | None) -> int:
    if code is None:
        return NO_INTENT_ORDER
    intent = INTENTS.get(code)
    return intent.order if intent else UNKNOWN_INTENT_ORDER


def is_polarisation_intent(code: str | None) -> bool:
    intent = INTENTS.get(code or "")
    return bool(intent and intent.polarisation)


# ------------------------------------------------------------------------------------------ extensions
# How the app treats a file by its extension: the kind a name falls back to when no rule and no product
# grammar placed it, and which preview shows it.
TEXT, PICTURE, FITS, ARCHIVE, DOCUMENT, WEB, DATA = "text", "picture", "fits", "archive", "pdf", "html", "data"


@dataclass(frozen=True)
class Extension:
    name: str
    fallback_kind: str
    preview: str | None


_EXTENSION_LIST = [
    Extension("fits", "fits_file", FITS),
    Extension("fit", "fits_file", FITS),
    Extension("fts", "fits_file", FITS),
    Extension("png", "plot", PICTURE),
    Extension("jpg", "plot", PICTURE),
    Extension("jpeg", "plot", PICTURE),
    Extension("gif", "plot", PICTURE),
    Extension("svg", "plot", PICTURE),
    Extension("pdf", "pdf_document", DOCUMENT),
    Extension("html", "html_page", WEB),
    Extension("htm", "html_page", WEB),
    Extension("txt", "text_file", TEXT),
    Extension("py", "python_script", TEXT),
    Extension("xml", "xml_file", TEXT),
    Extension("log", "text_file", TEXT),
    Extension("csv", "table", TEXT),
    Extension("json", "json_file", TEXT),
    Extension("dat", "text_file", TEXT),
    Extension("md", "text_file", TEXT),
    Extension("sh", "shell_script", TEXT),
    Extension("tgz", "archive", ARCHIVE),
    Extension("fits.tgz", "archive", ARCHIVE),
    Extension("tar", "archive", ARCHIVE),
    Extension("zip", "archive", None),
    Extension("sdm", "other", None),
    Extension("ms", "other", None),
]
EXTENSIONS: dict[str, Extension] = {e.name: e for e in _EXTENSION_LIST}
# The single-part extensions the decoder splits off a name (multi-part ones are handled before these).
SIMPLE_EXTENSIONS: tuple[str, ...] = tuple(e.name for e in _EXTENSION_LIST if "." not in e.name)


def kind_by_extension(extension: str | None) -> str:
    ext = EXTENSIONS.get((extension or "").lower())
    return ext.fallback_kind if ext else "other"


def preview_of_extension(extension: str | None) -> str | None:
    ext = EXTENSIONS.get((extension or "").lower())
    return ext.preview if ext else None


# ------------------------------------------------------------------------------------------ tarballs
# What the ALMA archive hands out, before unpacking: whole-name patterns and their kinds.
DOWNLOAD_TARBALLS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"_\d{3}_of_\d{3}\.tar$"), "product_tar"),
    (re.compile(r"_auxiliary\.tar$"), "auxiliary_tar"),
    (re.compile(r"^member_uid_{1,3}A001_.*_README\.txt\.tar$"), "readme_tar"),
    (re.compile(r"\.asdm\.sdm\.tar$"), "asdm_tar"),
]
ARCHIVE_SUFFIXES = (".tar", ".tgz", ".tar.gz")


def download_tarball_kind(name: str) -> str | None:
    """'product_tar', 'auxiliary_tar', 'readme_tar', 'asdm_tar' for a file the archive hands out, else None."""
    for pattern, kind in DOWNLOAD_TARBALLS:
        if pattern.search(name):
            return kind
    return None
