"""Previews: one file per kind of content, each registering itself with :func:`.base.register`, or, registered
here by name (:func:`.base.register_lazy`), imported when first shown (or by the warm-up job once the window
shows): the window starts without their libraries.

Importing this package makes the registry complete.
"""

from ...delivery.kinds import TEXT_KINDS
from ...delivery.scan import Node
from ...delivery.vocabulary import ARCHIVE, DOCUMENT, FITS, PICTURE, TEXT, WEB, preview_of_extension
from . import no_preview  # noqa: F401  (it registers)
from .base import Preview, PreviewContext, preview_for, register_lazy
from .helper_kinds import HELPER_VIEWS, target


def folder(node: Node) -> bool:
    return (node.ref or node).is_dir


def fits_image(node: Node) -> bool:
    return preview_of_extension(node.decoded.extension) == FITS


def text_file(node: Node) -> bool:
    d = node.decoded
    return d.kind in TEXT_KINDS or preview_of_extension(d.extension) == TEXT


def archive(node: Node) -> bool:
    return preview_of_extension(node.decoded.extension) == ARCHIVE


def weblog_archive(node: Node) -> bool:
    return node.decoded.kind == "weblog" and archive(node)


def picture(node: Node) -> bool:
    return preview_of_extension(node.decoded.extension) == PICTURE


def manual_qa_file(node: Node) -> bool:
    return node.decoded.kind in ("manual_qa_plot", "manual_qa_text")


def pdf_document(node: Node) -> bool:
    return preview_of_extension(node.decoded.extension) == DOCUMENT


def web_page(node: Node) -> bool:
    return preview_of_extension(node.decoded.extension) == WEB


# the folder pages' QA cards need the model of QA documents (weblog runs, scores, manual QA): not needed to start
register_lazy("qa2explorer.gui.previews.folder_page:FolderPagePreview", folder)
register_lazy("qa2explorer.gui.previews.image_view:ImagePreview", fits_image, priority=10)
register_lazy("qa2explorer.gui.previews.text:TextPreview", text_file)
register_lazy("qa2explorer.gui.previews.archive_view:ArchivePreview", archive)
register_lazy("qa2explorer.gui.previews.weblog_view:WeblogPreview", weblog_archive, priority=5)
register_lazy("qa2explorer.gui.previews.picture:PicturePreview", picture)
# an EB's plots beside its textfile, above the plain picture and text previews
register_lazy("qa2explorer.gui.previews.manual_qa_view:ManualQAPreview", manual_qa_file, priority=5)

# helper files with a structure: above the plain text view of their kinds (which they still show in a tab)


def _of_kind(kind: str):
    return lambda node: not node.is_dir and node.decoded.kind == kind


for _kind in HELPER_VIEWS:
    register_lazy(target(_kind), _of_kind(_kind), priority=5)

register_lazy("qa2explorer.gui.previews.pdf_view:PdfPreview", pdf_document)
register_lazy("qa2explorer.gui.previews.web_page:WebPagePreview", web_page)

__all__ = [
    "Preview",
    "PreviewContext",
    "archive",
    "fits_image",
    "folder",
    "manual_qa_file",
    "pdf_document",
    "picture",
    "preview_for",
    "text_file",
    "weblog_archive",
    "web_page",
]
