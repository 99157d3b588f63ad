"""Previews: one file per kind of content, each registering itself with :func:`.base.register`.

Importing this package imports every preview, so the registry is complete.
"""

from . import folder_page, image_view, no_preview, picture, text  # noqa: F401  (they register)
from .base import Preview, PreviewContext, preview_for

__all__ = ["Preview", "PreviewContext", "preview_for"]
