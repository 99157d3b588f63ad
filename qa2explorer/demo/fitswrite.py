"""Write demo images as FITS files with the header layout of ALMA pipeline products.

Keywords follow the real pipeline headers in the corpus (teuben/study7 head_*.txt, CARTA cut-outs): SIN
projection, FREQ axis in the LSRK frame, a degenerate STOKES axis, BMAJ/BMIN/BPA in degrees or a per-plane
BEAMS table with CASAMBM = T, and the FILNAMnn keywords that record the pipeline working name.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass

import numpy as np
from astropy.io import fits

from .sky import C_KMS, Beam


@dataclass(frozen=True)
class Pointing:
    target: str
    ra_deg: float
    dec_deg: float


@dataclass(frozen=True)
class Spectral:
    """Frequency axis of one image: first channel centre, channel width (Hz, signed), channel count."""

    freq0_hz: float
    width_hz: float
    nchan: int
    restfreq_hz: float

    @property
    def freqs(self) -> np.ndarray:
        return self.freq0_hz + self.width_hz * np.arange(self.nchan)

    def radio_velocities(self) -> np.ndarray:
        return C_KMS * (1.0 - self.freqs / self.restfreq_hz)


@dataclass(frozen=True)
class Observation:
    date_obs: str
    observer: str
    casa_origin: str = "CASA 6.5.4-9"


ALMA_GEO = (2225142.18, -5440307.37, -2481029.85)


def image_header(
    pointing: Pointing,
    cell_arcsec: float,
    npix: int,
    spectral: Spectral,
    obs: Observation,
    *,
    bunit: str,
    btype: str,
    beam: Beam | None,
    multibeam: bool = False,
    filnam: list[str] | None = None,
    extra: dict | None = None,
) -> fits.Header:
    h = fits.Header()
    h["BSCALE"] = (1.0, "PHYSICAL = PIXEL*BSCALE + BZERO")
    h["BZERO"] = 0.0
    if beam is not None and not multibeam:
        h["BMAJ"] = beam.bmaj_arcsec / 3600.0
        h["BMIN"] = beam.bmin_arcsec / 3600.0
        h["BPA"] = beam.bpa_deg
    h["BTYPE"] = btype
    h["OBJECT"] = pointing.target
    h["BUNIT"] = (bunit, "Brightness (pixel) unit")
    h["EQUINOX"] = 2000.0
    h["RADESYS"] = "ICRS"
    h["LONPOLE"] = 180.0
    h["LATPOLE"] = pointing.dec_deg
    for i, (ctype, crval, cdelt, crpix, cunit) in enumerate(
        [
            ("RA---SIN", pointing.ra_deg, -cell_arcsec / 3600.0, npix // 2 + 1, "deg"),
            ("DEC--SIN", pointing.dec_deg, cell_arcsec / 3600.0, npix // 2 + 1, "deg"),
            ("FREQ", spectral.freq0_hz, spectral.width_hz, 1.0, "Hz"),
            ("STOKES", 1.0, 1.0, 1.0, ""),
        ],
        start=1,
    ):
        h[f"CTYPE{i}"] = ctype
        h[f"CRVAL{i}"] = crval
        h[f"CDELT{i}"] = cdelt
        h[f"CRPIX{i}"] = float(crpix)
        h[f"CUNIT{i}"] = cunit
    h["PV2_1"] = 0.0
    h["PV2_2"] = 0.0
    h["RESTFRQ"] = (spectral.restfreq_hz, "Rest Frequency (Hz)")
    h["SPECSYS"] = ("LSRK", "Spectral reference frame")
    h["ALTRVAL"] = float(spectral.radio_velocities()[0] * 1e3)
    h["ALTRPIX"] = 1.0
    h["VELREF"] = (257, "1 LSR, 2 HEL, 3 OBS, +256 Radio")
    h["TELESCOP"] = "ALMA"
    h["OBSERVER"] = obs.observer
    h["DATE-OBS"] = obs.date_obs
    h["TIMESYS"] = "UTC"
    h["OBSRA"] = pointing.ra_deg
    h["OBSDEC"] = pointing.dec_deg
    h["OBSGEO-X"], h["OBSGEO-Y"], h["OBSGEO-Z"] = ALMA_GEO
    if multibeam:
        h["CASAMBM"] = (True, "CASA multiple BEAMS table present")
    h["INSTRUME"] = "ALMA"
    h["DISTANCE"] = 0.0
    h["ORIGIN"] = obs.casa_origin
    if filnam:
        for i, part in enumerate(filnam, start=1):
            h[f"FILNAM{i:02d}"] = part
        h["NFILNAM"] = len(filnam)
    for key, value in (extra or {}).items():
        h[key] = value
    return h


def beams_table(beams: list[Beam]) -> fits.BinTableHDU:
    cols = [
        fits.Column(name="BMAJ", format="1E", unit="arcsec", array=[b.bmaj_arcsec for b in beams]),
        fits.Column(name="BMIN", format="1E", unit="arcsec", array=[b.bmin_arcsec for b in beams]),
        fits.Column(name="BPA", format="1E", unit="deg", array=[b.bpa_deg for b in beams]),
        fits.Column(name="CHAN", format="1J", array=np.arange(len(beams), dtype=np.int32)),
        fits.Column(name="POL", format="1J", array=np.zeros(len(beams), dtype=np.int32)),
    ]
    hdu = fits.BinTableHDU.from_columns(cols, name="BEAMS")
    hdu.header["EXTVER"] = 1
    hdu.header["NCHAN"] = len(beams)
    hdu.header["NPOL"] = 1
    return hdu


def write_image(path: str, data: np.ndarray, header: fits.Header, beams: list[Beam] | None = None) -> None:
    """Write (nchan, ny, nx) ``data`` as a 4-D float32 image; gzip it when ``path`` ends in .gz."""
    cube = np.asarray(data, dtype=np.float32)
    if cube.ndim == 2:
        cube = cube[None]
    primary = fits.PrimaryHDU(cube[None], header=header)
    hdus = fits.HDUList([primary] + ([beams_table(beams)] if beams else []))
    if path.endswith(".gz"):
        with gzip.open(path, "xb", compresslevel=6) as dst:
            hdus.writeto(dst)
    else:
        hdus.writeto(path, overwrite=False)
