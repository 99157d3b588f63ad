"""The facts of an image a radio astronomer checks first: size, pixel, beam, spectral range and resolution."""

from __future__ import annotations

import numpy as np

from .beams import Beam, median_beam
from .coords import C_KMS, Coordinates
from .fitsfile import STOKES_NAMES, ImageFile


def image_facts(
    image: ImageFile, coords: Coordinates, beams: list[Beam] | None, beam: Beam | None
) -> list[tuple[str, str]]:
    lay = image.layout
    h = image.header
    rows = [("Object", str(h.get("OBJECT", "")).strip() or "–")]
    size = f"{lay.nx} × {lay.ny} pixels"
    if lay.nchan > 1:
        size += f", {lay.nchan} channels"
    stokes = ", ".join(STOKES_NAMES.get(c, str(c)) for c in lay.stokes_codes)
    rows.append(("Size", f"{size}, Stokes {stokes}"))
    cdelt = h.get("CDELT2")
    if cdelt:
        rows.append(("Pixel", f'{abs(float(cdelt)) * 3600:.4g}"'))
    if beams:
        median = median_beam(beams)
        spread = max(b.bmaj_arcsec for b in beams) / min(b.bmaj_arcsec for b in beams) - 1
        rows.append(("Beam", f"{median.text()} (median of {len(beams)} per-channel beams; major axis varies "
                             f"{spread * 100:.1f} %)"))  # fmt: skip
    elif beam is not None:
        rows.append(("Beam", beam.text()))
    else:
        rows.append(("Beam", "none in the header"))
    freqs = coords.frequencies_hz()
    if freqs is not None:
        lo, hi = float(np.min(freqs)), float(np.max(freqs))
        rows.append(("Frequency", f"{lo / 1e9:.6f} – {hi / 1e9:.6f} GHz" if lay.nchan > 1 else f"{lo / 1e9:.6f} GHz"))
        if lay.nchan > 1:
            width = abs(float(freqs[1] - freqs[0]))
            text = f"{width / 1e3:,.1f} kHz"
            rest = coords.rest_frequency()
            if rest:
                text += f" ({C_KMS * width / rest:.3f} km/s)"
            rows.append(("Channel width", text))
    rest = coords.rest_frequency()
    rows.append(("Rest frequency", f"{rest / 1e9:.6f} GHz" if rest else "not in the header"))
    if coords.specsys:
        rows.append(("Spectral frame", f"{coords.specsys}, radio velocity convention"))
    rows.append(("Unit", str(h.get("BUNIT", "")).strip() or "–"))
    if image.compressed:
        rows.append(("File", "gzip-compressed" + (" (inflated in the cache)" if image.inflated else "")))
    return rows
