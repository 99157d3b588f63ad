"""Previews: one file per kind of content, each registering itself with :func:`.base.register`, or, when it
needs heavy libraries, registered here by name (:func:`.base.register_lazy`) and imported when first shown.

Importing this package makes the registry complete.
"""

from ...delivery.scan import Node
from ...delivery.vocabulary import FITS, preview_of_extension
from . import folder_page, no_preview, picture, text  # noqa: F401  (they register)
from .base import Preview, PreviewContext, preview_for, register_lazy


def fits_image(node: Node) -> bool:
    return preview_of_extension(node.decoded.extension) == FITS


register_lazy("qa2explorer.gui.previews.image_view:ImagePreview", fits_image, priority=10)

__all__ = ["Preview", "PreviewContext", "fits_image", "preview_for"]
