"""Synthesized beams: BMAJ/BMIN/BPA of the header, or the per-plane BEAMS table CASA writes (CASAMBM = T)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from .fitsheader import Header

_TO_ARCSEC = {"arcsec": 1.0, "deg": 3600.0, "arcmin": 60.0, "rad": 206264.80624709636, "mas": 1e-3}


@dataclass(frozen=True)
class Beam:
    bmaj_arcsec: float
    bmin_arcsec: float
    bpa_deg: float

    def to_dict(self) -> dict:
        return {"bmaj_arcsec": self.bmaj_arcsec, "bmin_arcsec": self.bmin_arcsec, "bpa_deg": self.bpa_deg}

    def text(self) -> str:
        return f'{self.bmaj_arcsec:.3g}" × {self.bmin_arcsec:.3g}", PA {self.bpa_deg:.1f}°'


def header_beam(header: Header) -> Beam | None:
    """The single beam of the header (degrees there), or None."""
    try:
        bmaj, bmin = float(header["BMAJ"]), float(header["BMIN"])
    except (KeyError, TypeError, ValueError):
        return None
    return Beam(bmaj * 3600.0, bmin * 3600.0, float(header.get("BPA", 0.0)))


def table_beams(path: str, nchan: int, stokes: int = 0) -> list[Beam] | None:
    """The per-channel beams of Stokes plane ``stokes`` from the BEAMS extension of a plain FITS file,
    or None when it has none. Reads the table only (the image data is memory-mapped, not read)."""
    from astropy.io import fits
    from astropy.utils.exceptions import AstropyWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AstropyWarning)
        try:
            with fits.open(path, memmap=True, lazy_load_hdus=True) as hdul:
                table = next((h for h in hdul[1:] if h.name == "BEAMS"), None)
                if table is None or table.data is None:
                    return None
                data = table.data
                scale = [_TO_ARCSEC.get(str(table.header.get(f"TUNIT{i}", "arcsec")).strip(), 1.0) for i in (1, 2)]
                names = [n.upper() for n in data.columns.names]
                chan = np.asarray(data["CHAN"]) if "CHAN" in names else np.arange(len(data))
                pol = np.asarray(data["POL"]) if "POL" in names else np.zeros(len(data), dtype=int)
                rows = {int(c): i for i, (c, p) in enumerate(zip(chan, pol, strict=True)) if int(p) == stokes}
                bmaj, bmin, bpa = (np.asarray(data[c], dtype=float) for c in ("BMAJ", "BMIN", "BPA"))
        except (OSError, ValueError, KeyError, IndexError):
            return None
    if len(rows) < nchan:
        return None
    return [Beam(bmaj[rows[c]] * scale[0], bmin[rows[c]] * scale[1], bpa[rows[c]]) for c in range(nchan)]


def median_beam(beams: list[Beam]) -> Beam:
    """The median of each axis and angle: what the viewer and ``stats`` report for a cube without a channel."""
    return Beam(
        float(np.median([b.bmaj_arcsec for b in beams])),
        float(np.median([b.bmin_arcsec for b in beams])),
        float(np.median([b.bpa_deg for b in beams])),
    )
