"""World coordinates of pixels and channels: RA/Dec in the header's frame, frequency, radio velocity."""

from __future__ import annotations

import warnings

import numpy as np

from .fitsfile import Layout
from .fitsheader import Header

C_KMS = 299792.458


class Coordinates:
    """Built from the header with astropy's WCS (imported here: build it in a job, not on the UI thread)."""

    def __init__(self, header: Header, layout: Layout):
        from astropy.utils.exceptions import AstropyWarning
        from astropy.wcs import WCS, FITSFixedWarning

        self.layout = layout
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", (AstropyWarning, FITSFixedWarning))
            try:
                wcs = WCS(header.to_astropy() if isinstance(header, Header) else header)
                self.celestial = wcs.celestial if wcs.has_celestial else None
            except Exception:  # a header astropy cannot turn into a WCS: no sky coordinates, said in the UI
                self.celestial = None
        radesys = str(header.get("RADESYS", "")).strip().upper()
        equinox = header.get("EQUINOX")
        self.frame = radesys or ("FK5" if equinox == 2000 else "FK4" if equinox == 1950 else "ICRS")
        self.restfreq_hz = _positive(header.get("RESTFRQ", header.get("RESTFREQ")))
        self.specsys = str(header.get("SPECSYS", "")).strip() or None
        self._spectral = None
        if layout.spectral_axis is not None:
            n = layout.spectral_axis + 1
            ctype = str(header.get(f"CTYPE{n}", "")).upper()
            self._spectral = (
                ctype.split("-")[0],
                float(header.get(f"CRVAL{n}", 0.0)),
                float(header.get(f"CDELT{n}", 1.0)),
                float(header.get(f"CRPIX{n}", 1.0)),
                str(header.get(f"CUNIT{n}", "")).strip(),
            )

    # -- sky -----------------------------------------------------------------------------------------------
    def sky(self, x: float, y: float) -> tuple[float, float] | None:
        """(RA, Dec) in degrees of pixel (x, y) (0-based), or None without a celestial WCS."""
        if self.celestial is None:
            return None
        ra, dec = self.celestial.pixel_to_world_values(x, y)
        return float(ra), float(dec)

    def sky_text(self, x: float, y: float) -> str:
        position = self.sky(x, y)
        if position is None:
            return "no sky coordinates in the header"
        ra = sexagesimal((position[0] % 360.0) / 15.0, 3)
        dec = sexagesimal(position[1], 2, signed=True)
        return f"{ra} {dec} ({self.frame})"

    def pixel_of(self, ra_deg: float, dec_deg: float) -> tuple[float, float] | None:
        if self.celestial is None:
            return None
        x, y = self.celestial.world_to_pixel_values(ra_deg, dec_deg)
        return float(x), float(y)

    # -- spectral ------------------------------------------------------------------------------------------
    @property
    def spectral_kind(self) -> str | None:
        return self._spectral[0] if self._spectral else None

    def frequencies_hz(self) -> np.ndarray | None:
        """The frequency of every channel (Hz), when the spectral axis is in frequency."""
        if self._spectral is None or self._spectral[0] != "FREQ":
            return None
        _, crval, cdelt, crpix, cunit = self._spectral
        scale = {"HZ": 1.0, "KHZ": 1e3, "MHZ": 1e6, "GHZ": 1e9}.get(cunit.upper(), 1.0)
        chans = np.arange(self.layout.nchan, dtype=np.float64)
        return (crval + (chans + 1 - crpix) * cdelt) * scale

    def rest_frequency(self, rest_hz: float | None = None, redshift: float | None = None) -> float | None:
        """The rest frequency velocities refer to: the user's (a line, or the header's at a redshift z, which
        is seen at rest / (1 + z)), else the header's RESTFRQ."""
        rest = rest_hz or self.restfreq_hz
        if rest and redshift:
            return rest / (1.0 + redshift)
        return rest

    def velocities_kms(self, rest_hz: float | None = None, redshift: float | None = None) -> np.ndarray | None:
        """Radio velocity of every channel, v = c (1 - f / f0), in the header's frame (SPECSYS)."""
        freqs = self.frequencies_hz()
        rest = self.rest_frequency(rest_hz, redshift)
        if freqs is None or not rest:
            return None
        return C_KMS * (1.0 - freqs / rest)


def velocity_reference_problem(rest_hz: float | None, redshift: float | None) -> str | None:
    """Why a rest frequency (Hz) or redshift cannot define velocities, or None when they can (or are unset)."""
    if rest_hz is not None and not (1e8 <= rest_hz <= 1e13):
        return (f"A rest frequency of {rest_hz:g} Hz is not a line's: give it in Hz between 0.1 GHz and 10 THz "
                "(e.g. 230.538e9 for CO 2-1).")  # fmt: skip
    if redshift is not None and not (-0.5 < redshift < 30):
        return f"A redshift of {redshift:g} is out of range: give z between -0.5 and 30 (e.g. 0.0024)."
    return None


def sexagesimal(value: float, precision: int, signed: bool = False) -> str:
    """12.5 -> '12:30:00.000' (hours or degrees), rounded once so that 59.9996 s carries into the minute."""
    sign = "-" if value < 0 else "+" if signed else ""
    scale = 10**precision
    units = int(round(abs(value) * 3600 * scale))
    whole, fraction = divmod(units, 3600 * scale)
    minutes, rest = divmod(fraction, 60 * scale)
    seconds, decimals = divmod(rest, scale)
    tail = f".{decimals:0{precision}d}" if precision else ""
    return f"{sign}{whole:02d}:{minutes:02d}:{seconds:02d}{tail}"


def _positive(value) -> float | None:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if v > 0 else None


def pixel_mapping(a: Coordinates, b: Coordinates) -> tuple[float, float, float, float]:
    """(sx, ox, sy, oy) taking a pixel of image ``a`` to the pixel of image ``b`` at the same sky position,
    ``x_b = sx * x_a + ox`` (linear near ``a``'s centre, which is all two images of one field need); the
    identity when either has no celestial WCS."""
    cx, cy = (a.layout.nx - 1) / 2.0, (a.layout.ny - 1) / 2.0
    step = max(1.0, min(a.layout.nx, a.layout.ny) / 4.0)
    points = []
    for x, y in ((cx, cy), (cx + step, cy), (cx, cy + step)):
        sky = a.sky(x, y)
        mapped = b.pixel_of(*sky) if sky is not None else None
        if mapped is None or not all(np.isfinite(mapped)):
            return 1.0, 0.0, 1.0, 0.0
        points.append(mapped)
    (x0, y0), (x1, _), (_, y2) = points
    sx, sy = (x1 - x0) / step, (y2 - y0) / step
    ox, oy = x0 - sx * cx, y0 - sy * cy
    same_grid = abs(sx - 1) < 1e-6 and abs(sy - 1) < 1e-6 and abs(ox) < 1e-3 and abs(oy) < 1e-3
    if same_grid or not (sx > 0 and sy > 0):
        return 1.0, 0.0, 1.0, 0.0
    return sx, ox, sy, oy
