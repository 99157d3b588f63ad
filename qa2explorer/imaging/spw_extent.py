"""The frequency extent of a target's spectral windows, from the headers of the member's cubes (one header read
per cube: the data are never touched). cont.dat's view uses it to give each spw's continuum fraction."""

from __future__ import annotations

import gzip
import os
import re

from ..delivery.names import decode
from .fitsheader import HeaderError, read_header


def _normal(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())


def frequency_extent(path: str) -> tuple[float, float] | None:
    """(low, high) edge frequencies in Hz of the FITS image's FREQ axis; None without one or if unreadable."""
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rb") as f:
            header, _ = read_header(f)
    except (OSError, EOFError, HeaderError):
        return None
    for axis in range(1, int(header.get("NAXIS", 0) or 0) + 1):
        if str(header.get(f"CTYPE{axis}", "")).upper().startswith("FREQ"):
            try:
                n = int(header.get(f"NAXIS{axis}"))
                crval, cdelt = float(header.get(f"CRVAL{axis}")), float(header.get(f"CDELT{axis}"))
                crpix = float(header.get(f"CRPIX{axis}", 1.0))
            except (TypeError, ValueError):
                return None
            ends = [crval + (p - crpix) * cdelt for p in (1 - 0.5, n + 0.5)]  # channel edges, not centres
            return min(ends), max(ends)
    return None


def member_spw_extents(member: str, fields: list[str]) -> dict[tuple[str, int], tuple[float, float]]:
    """{(field, spw): extent} for each field (matched to the products' target names without case or
    punctuation) that has a single-spw cube in ``member``/product."""
    wanted = {_normal(f): f for f in fields}
    folder = os.path.join(member, "product")
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return {}
    out: dict[tuple[str, int], tuple[float, float]] = {}
    for name in names:
        d = decode(name)
        field = wanted.get(_normal(d.target or ""))
        if field is None or d.specmode != "cube" or len(d.spws) != 1 or (field, d.spws[0]) in out:
            continue
        extent = frequency_extent(os.path.join(folder, name))
        if extent is not None:
            out[(field, d.spws[0])] = extent
    return out
