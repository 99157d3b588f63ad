"""Previews: one file per kind of content, each registering itself with :func:`.base.register`, or, registered
here by name (:func:`.base.register_lazy`), imported when first shown (or by the warm-up job once the window
shows): the window starts without their libraries.

Importing this package makes the registry complete.
"""

from ...delivery.kinds import TEXT_KINDS
from ...delivery.scan import Node
from ...delivery.vocabulary import ARCHIVE, DOCUMENT, FITS, PICTURE, TEXT, WEB, preview_of_extension
from . import folder_page, no_preview  # noqa: F401  (they register)
from .base import Preview, PreviewContext, preview_for, register_lazy


def fits_image(node: Node) -> bool:
    return preview_of_extension(node.decoded.extension) == FITS


def text_file(node: Node) -> bool:
    d = node.decoded
    return d.kind in TEXT_KINDS or preview_of_extension(d.extension) == TEXT


def archive(node: Node) -> bool:
    return preview_of_extension(node.decoded.extension) == ARCHIVE


def picture(node: Node) -> bool:
    return preview_of_extension(node.decoded.extension) == PICTURE


def pdf_document(node: Node) -> bool:
    return preview_of_extension(node.decoded.extension) == DOCUMENT


def web_page(node: Node) -> bool:
    return preview_of_extension(node.decoded.extension) == WEB


register_lazy("qa2explorer.gui.previews.image_view:ImagePreview", fits_image, priority=10)
register_lazy("qa2explorer.gui.previews.text:TextPreview", text_file)
register_lazy("qa2explorer.gui.previews.text:ArchivePreview", archive)
register_lazy("qa2explorer.gui.previews.picture:PicturePreview", picture)
register_lazy("qa2explorer.gui.previews.pdf_view:PdfPreview", pdf_document)
register_lazy("qa2explorer.gui.previews.web_page:WebPagePreview", web_page)

__all__ = ["Preview", "PreviewContext", "archive", "fits_image", "pdf_document", "picture", "preview_for", "text_file",
           "web_page"]  # fmt: skip
