"""A sample ALMA delivery with physically plausible content, written on demand (``qa2explorer demo DIR``)."""

from .layout import DEMO_VERSION, MARKER, PROJECT, write_demo

__all__ = ["DEMO_VERSION", "MARKER", "PROJECT", "write_demo"]
