"""Small pictures of images, for pages that list several (a target's image sets): one plane, decimated,
scaled like the viewer's default and written as PNG into the user cache (keyed by path, size and time)."""

from __future__ import annotations

import hashlib
import os
import struct
import zlib

import numpy as np
import platformdirs

from .fitsfile import ImageFile
from .levels import clip_levels, scale_to_uint8
from .planes import colormap_lut

SIZE = 128


def thumbnail_dir() -> str:
    return os.path.join(platformdirs.user_cache_dir("qa2explorer"), "thumbnails")


def thumbnail(path: str, folder: str | None = None, size: int = SIZE, cmap: str = "inferno") -> str:
    """The PNG of ``path``'s middle channel (its first, for a gzipped cube: streamed, not inflated)."""
    folder = folder or thumbnail_dir()
    st = os.stat(path)
    key = hashlib.sha256(f"{os.path.realpath(path)}\0{st.st_size}\0{st.st_mtime_ns}\0{size}\0{cmap}".encode(
        "utf-8", "surrogateescape")).hexdigest()[:32]  # fmt: skip
    out = os.path.join(folder, key + ".png")
    if os.path.isfile(out):
        return out
    image = ImageFile(path)
    chan = image.layout.nchan // 2 if image.seekable else 0
    plane = image.plane(chan)
    step = max(1, int(np.ceil(max(plane.shape) / size)))
    small = plane[::step, ::step]
    lo, hi = clip_levels(small, 99.5)
    scaled, blank = scale_to_uint8(small, lo, hi)
    rgba = colormap_lut(cmap)[scaled]
    rgba[blank] = (0, 0, 0, 0)
    os.makedirs(folder, exist_ok=True)
    partial = f"{out}.{os.getpid()}.part"
    with open(partial, "wb") as f:
        f.write(png_bytes(rgba[::-1]))  # FITS rows go up, PNG rows go down
    os.replace(partial, out)
    return out


def png_bytes(rgba: np.ndarray) -> bytes:
    """A minimal RGBA PNG encoder (8 bits per channel, no filtering)."""
    height, width = rgba.shape[:2]
    raw = b"".join(b"\x00" + rgba[y].tobytes() for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")
