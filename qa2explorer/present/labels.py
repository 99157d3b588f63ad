"""Labels for the tree and the file page: a row's title and "what" text, the names shortened so that what
tells siblings apart stays visible, and a decoded name's fields in plain words."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence

from ..delivery import uids
from ..delivery.describe import KIND_WORDS, LAYER_WORDS, SPECMODE_WORDS, TAYLOR_WORDS, describe, display_target
from ..delivery.names import DecodedName
from ..delivery.scan import Node
from ..delivery.structure import LEVEL_LABELS
from ..delivery.vocabulary import intent_words
from ..words import readable

_MOUS_PREFIX = re.compile(r"^(?:member\.)?uid_{1,3}A001_X[0-9a-fA-F]+_X[0-9a-fA-F]+\.(?=.)")
_VIRTUAL_WHAT = {"target": "target", "spw_group": "spectral windows", "image_set": "image set", "member": "member"}
_FOLDER_WHAT = {
    "section": "section",
    "weblog_dir": "unpacked weblog",
    "asdm": "raw data (ASDM)",
    "measurement_set": "measurement set",
    "outside": "not part of the delivery",
}


def node_title(node: Node, full: bool = True) -> str:
    """What the Name column shows: the file name (without the ``member.<MOUS>.`` prefix every product
    repeats, unless ``full``), or a readable title for virtual folders."""
    if node.label and node.path is None and node.is_dir:
        return node.label
    name = node.display_name
    if full or node.is_dir:
        return name
    return drop_mous_prefix(name)


def drop_mous_prefix(name: str) -> str:
    return _MOUS_PREFIX.sub("", name)


def node_what(node: Node) -> str:
    """The "What" column: a level with its uid, a folder's role, or a file's description."""
    if node.path is None and node.ref is None and node.is_dir:
        return _VIRTUAL_WHAT.get(node.role or "", "")
    if node.is_dir:
        role = node.role or "folder"
        if role in ("science_goal", "group", "member"):
            uri = uids.to_uri(node.name)
            return f"{LEVEL_LABELS[role]} {uids.short(uri)}" if uri else LEVEL_LABELS[role]
        if role == "project":
            cycle = uids.cycle_of(node.name)
            return "Project" + (f", Cycle {cycle}" if cycle is not None else "")
        if role == "link":
            return readable(f"link → {node.link_target}") if node.link_target else "link"
        if node.error:
            return node.error
        return _FOLDER_WHAT.get(role, "")
    if node.error:
        return node.error
    if node.ref is not None and node.label:
        return node.label
    return describe(node.decoded)


_IDENTIFIER_START = ("uid", "member.", "group.", "oussid.")


def shared_prefix(names: Sequence[str], min_length: int = 8) -> str:
    """The archive identifier that all ``names`` start with (``uid___A002_X…``, ``member.uid___…``), cut back
    to a ``.`` or ``_`` boundary; '' when they share none, or are alone. It can go first when a name must be
    shortened: it tells the siblings apart from nothing. (A shared target is kept: it says what they are.)"""
    if len(names) < 2:
        return ""
    common = os.path.commonprefix(list(names))
    cut = max(common.rfind("."), common.rfind("_"))
    common = common[: cut + 1] if cut >= 0 else ""
    return common if len(common) >= min_length and common.startswith(_IDENTIFIER_START) else ""


def shortened(name: str, prefix: str) -> str:
    """``name`` without the shared ``prefix``, marked with an ellipsis."""
    if prefix and name.startswith(prefix) and len(name) > len(prefix):
        return "…" + name[len(prefix) :]
    return name


def fit_name(name: str, prefix: str, fits: Callable[[str], bool]) -> str:
    """The longest telling form of ``name`` that ``fits`` (e.g. a width check): the name; without the
    ``prefix`` its siblings share; then its first token (the target: ``NGC_3627_sci``) and as much of its
    end as fits (``NGC_3627_sci…cont.I.tt0.pbcor.fits``); then only the end (``…qa2_part1.png``). When not
    even a dozen characters of the end fit, the shortened name is returned for the caller to elide."""
    if fits(name):
        return name
    name = shortened(name, prefix)
    if fits(name):
        return name
    body = name[1:] if name.startswith("…") else name
    head = body.split(".", 1)[0] if "." in body and body.index(".") <= len(body) // 3 else ""
    mark = "…" if name.startswith("…") else ""
    for lead in ([f"{mark}{head}…"] if head else []) + ["…"]:
        rest = body[len(head) + 1 :] if lead != "…" else body
        best = _longest_tail(rest, lambda tail, lead=lead: fits(lead + tail))
        if best is not None:
            return lead + best
    return "…" + body  # too narrow even for that: the caller elides it from the left


def _longest_tail(text: str, fits: Callable[[str], bool], minimum: int = 12, snap: int = 6) -> str | None:
    """The longest end of ``text`` (at least ``minimum`` characters) that ``fits``, by bisection, starting
    after a ``.`` or ``_`` when one is among its first ``snap`` characters (a cut inside a token reads worse)."""
    lo, hi = min(minimum, len(text)), len(text)
    if not fits(text[len(text) - lo :]):
        return None
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(text[len(text) - mid :]):
            lo = mid
        else:
            hi = mid - 1
    tail = text[len(text) - lo :]
    cuts = [i for i, c in enumerate(tail[:snap]) if c in "._"]
    if cuts and len(tail) - cuts[-1] - 1 >= minimum:
        tail = tail[cuts[-1] + 1 :]
    return tail


# ------------------------------------------------------------------------------------------ decoded fields
_FIELD_LABELS = {
    "kind": "Kind",
    "project": "Project",
    "mous": "Member OUS",
    "gous": "Group OUS",
    "eb": "Execution block",
    "target": "Target",
    "intent": "Intent",
    "spws": "Spectral windows",
    "specmode": "Spectral mode",
    "calibration": "Calibration",
    "stokes": "Stokes",
    "comment": "Comment",
    "taylor": "Taylor term",
    "layer": "Layer",
    "session": "Session",
    "part": "Plot part",
    "recipe": "Pipeline recipe",
    "array": "Array",
    "frequency": "Frequency",
    "origin": "Origin",
    "stage": "Pipeline stage",
    "iteration": "Clean iteration",
    "version": "Version",
    "extension": "File type",
    "unparsed": "Not recognised",
}
_CALIBRATION_WORDS = {"selfcal": "self-calibrated", "regcal": "regular calibration (no self-calibration)"}
_ORIGIN_WORDS = {"ari_l": "ARI-L (externally reprocessed)", "pipeline_working": "pipeline working name"}


def field_rows(d: DecodedName) -> list[tuple[str, str]]:
    """(label, value) in plain words for every field the name carries, in the decoder's order."""
    rows = []
    for key, value in d.to_dict().items():
        if key not in _FIELD_LABELS or value in (None, [], False):
            continue
        label = "Spectral index" if key == "taylor" and value.startswith("alpha") else _FIELD_LABELS[key]
        rows.append((label, readable(_field_value(key, value, d))))
    return rows


def _field_value(key: str, value, d: DecodedName) -> str:
    if key == "kind":
        return "image product (FITS)" if value == "image_product" else KIND_WORDS.get(value, value).split(":")[0]
    if key == "target":
        shown = display_target(value)
        return shown + ("  (written between underscores in the name)" if d.target_quoted else "")
    if key == "intent":
        return f"{intent_words(value) or value}  ({value})"
    if key == "spws":
        return ", ".join(map(str, value))
    if key == "specmode":
        return f"{value} — {SPECMODE_WORDS.get(value, value)}"
    if key == "calibration":
        return _CALIBRATION_WORDS.get(value, value)
    if key == "taylor":
        return f"{value} — {TAYLOR_WORDS.get(value, value)}"
    if key == "comment":
        notes = ["manually imaged" if t == "manual" else t for t in value.split(".")]
        return value if notes == value.split(".") else f"{value} — {', '.join(notes)}"
    if key == "layer":
        words = LAYER_WORDS.get(value, "").removesuffix(" of the").strip()
        return f"{value} — {words}" if words else value
    if key == "origin":
        return _ORIGIN_WORDS.get(value, f"group release {value}")
    if key == "extension":
        text = value.upper()
        return text + (", gzip-compressed" if d.compressed and value not in ("tgz", "fits.tgz") else "")
    if key == "unparsed":
        return " · ".join(value)
    return str(value)
