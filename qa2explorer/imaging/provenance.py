"""Which pipeline stage made an image product. Delivered names drop it, but the pipeline keeps its working name in
the FITS header (``FILNAM01``… ``FILNAMnn``: ``uid___A001_X1288_Xba8``, ``s33_0``, ``NGC3504_sci``, ``spw25``…),
whose ``s<stage>_<image>`` token is the number of the stage (its weblog page is ``stage<stage>/``). Names that
still carry the token (working copies) give it without opening the file."""

from __future__ import annotations

import functools
import gzip
import os
import re
from dataclasses import dataclass

from ..delivery.names import STAGE, decode
from .fitsfile import is_gzip
from .fitsheader import HeaderError, read_header

_NUMBER = re.compile(r"s(\d+)_\d+")
FITS_NAME = re.compile(r"\.fits(\.gz)?$", re.IGNORECASE)
HEADERS_REMEMBERED = 4096  # the products whose header this session remembers (the most recently asked)


@dataclass(frozen=True)
class Provenance:
    stage: int | None  # the pipeline stage that made the image
    working_name: str | None  # the pipeline's own name of it (FILNAM cards joined with dots)
    source: str  # "file name" or "FITS header (FILNAM)"


def provenance(path: str) -> Provenance | None:
    """The stage (and working name) of the image at ``path``, or None when neither its name nor its header says
    (a manual product, or a file that is not FITS). A header is read once per session while the file keeps its
    size and modification time."""
    token = decode(path).stage
    if token and (m := _NUMBER.fullmatch(token)):
        return Provenance(int(m.group(1)), None, "file name")
    try:
        st = os.stat(path)
        return _header_provenance(path, st.st_mtime_ns, st.st_size)
    except OSError:  # not remembered: a file that cannot be read now may be later
        return None


@functools.lru_cache(maxsize=HEADERS_REMEMBERED)
def _header_provenance(path: str, _mtime_ns: int, _size: int) -> Provenance | None:
    """From the FILNAM cards of the header of ``path`` (as the file is at that modification time and size)."""
    try:
        with (gzip.open if is_gzip(path) else open)(path, "rb") as f:
            header, _offset = read_header(f)
    except (EOFError, HeaderError):  # not FITS
        return None
    count = header.get("NFILNAM")
    parts = [header.get(f"FILNAM{i:02d}") for i in range(1, (count if isinstance(count, int) else 0) + 1)]
    parts = [str(p) for p in parts if p is not None]
    if not parts:
        return None
    stage = next((int(m.group(1)) for p in parts if STAGE.fullmatch(p) and (m := _NUMBER.fullmatch(p))), None)
    return Provenance(stage, ".".join(parts), "FITS header (FILNAM)")


def products_by_stage(member: str, token=None) -> dict[int, list[str]]:
    """The member's image products (``product/``, FITS only) by the stage that made them, each list sorted."""
    found: dict[int, list[str]] = {}
    folder = os.path.join(member, "product")
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return found
    for name in names:
        if token is not None:
            token.check()
        if not FITS_NAME.search(name):
            continue
        made = provenance(os.path.join(folder, name))
        if made is not None and made.stage is not None:
            found.setdefault(made.stage, []).append(os.path.join(folder, name))
    return found
