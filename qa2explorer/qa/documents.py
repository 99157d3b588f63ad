"""A member's QA documents by kind, found in one place: what its ``qa/`` holds (and its subfolders, for unpacked
deliveries), and, when no weblog archive is there, the weblog archives anywhere one level below the member. The
member's weblogs (the QA card's, the ``weblog`` command's, a product's link to its stage) are these documents'
weblog archives, so every view names the same ones."""

from __future__ import annotations

import glob
import os

from ..delivery.kinds import kind_by_rules

# The documents a member's qa/ holds, in the order a reader wants them.
DOCUMENT_KINDS = ("qa2_report", "qa0_report", "weblog", "manual_weblog", "imaging_weblog", "weblog_pdf",
                  "aqua_report", "manual_qa_plot", "manual_qa_text")  # fmt: skip
DOCUMENT_WORDS = {
    "qa2_report": "QA2 report", "qa0_report": "QA0 report", "weblog": "pipeline weblog",
    "manual_weblog": "manual weblog", "imaging_weblog": "imaging weblog", "weblog_pdf": "weblog PDF",
    "aqua_report": "AQUA report", "manual_qa_plot": "manual-QA plot", "manual_qa_text": "manual-QA textfile",
}  # fmt: skip
# The weblog archives' kinds, the order :func:`find_weblogs` gives them in: the pipeline's, the imaging pipeline's,
# then manual ones.
WEBLOG_KINDS = {"pipeline weblog": "weblog", "imaging weblog": "imaging_weblog", "manual weblog": "manual_weblog"}
_ARCHIVE_ENDINGS = (".tgz", ".tar.gz", ".tar")


def label(archive: str) -> str:
    """What the archive is, for people: pipeline weblog, imaging weblog or manual weblog."""
    name = os.path.basename(archive).lower()
    if "manual" in name:
        return "manual weblog"
    if "imaging_weblog" in name:
        return "imaging weblog"
    return "pipeline weblog"


def is_weblog_archive(path: str) -> bool:
    name = os.path.basename(path)
    return kind_by_rules(name) == "weblog" and name.endswith(_ARCHIVE_ENDINGS)


def document_kind(name: str) -> str | None:
    kind = kind_by_rules(name)
    if kind == "weblog":
        return WEBLOG_KINDS[label(name)] if is_weblog_archive(name) else "weblog_pdf"
    return kind if kind in DOCUMENT_WORDS else None


def documents_of(member: str) -> dict[str, list[str]]:
    """The member's QA documents by kind (in :data:`DOCUMENT_KINDS` order, each list sorted): those in its ``qa/``
    and its subfolders (not an unpacked weblog's pages); and when these hold no weblog archive, the weblog archives
    in any folder one level below the member."""
    found: dict[str, list[str]] = {}
    for top, dirs, files in os.walk(os.path.join(member, "qa")):
        dirs[:] = [d for d in dirs if not d.startswith("pipeline-") and d != "html"]  # an unpacked weblog's pages
        for name in files:
            kind = document_kind(name)
            if kind:
                found.setdefault(kind, []).append(os.path.join(top, name))
    if not any(kind in found for kind in WEBLOG_KINDS.values()):
        for path in glob.glob(os.path.join(glob.escape(member), "*", "*")):
            if is_weblog_archive(path) and os.path.isfile(path):
                found.setdefault(WEBLOG_KINDS[label(path)], []).append(path)
    return {k: sorted(found[k]) for k in DOCUMENT_KINDS if k in found}


def find_weblogs(member: str) -> list[str]:
    """The member's weblog archives (its documents' weblogs): the pipeline's first, then the imaging pipeline's,
    then manual ones."""
    documents = documents_of(member)
    return [path for kind in WEBLOG_KINDS.values() for path in documents.get(kind, [])]
