"""Synthetic interferometric images that behave like real ones.

An observed (non-pb-corrected) image is the sky attenuated by the primary beam, convolved with the synthesized
beam, plus noise that is uniform across the field and correlated on the beam scale. The pb-corrected product
is that image divided by the primary beam, blanked where pb < 0.2 as the ALMA pipeline does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

C_KMS = 299_792.458
FWHM_TO_SIGMA = 1.0 / (2.0 * np.sqrt(2.0 * np.log(2.0)))
PB_CUTOFF = 0.2


@dataclass(frozen=True)
class Beam:
    bmaj_arcsec: float
    bmin_arcsec: float
    bpa_deg: float

    def scaled(self, factor: float) -> Beam:
        return Beam(self.bmaj_arcsec * factor, self.bmin_arcsec * factor, self.bpa_deg)


@dataclass(frozen=True)
class Field:
    """Pixel grid of one image: ``npix`` square pixels of ``cell_arcsec``, reference pixel at the centre."""

    npix: int
    cell_arcsec: float

    def offsets(self) -> tuple[np.ndarray, np.ndarray]:
        """East and north offsets (arcsec) of every pixel from the centre, shape (npix, npix) each, [y, x]."""
        idx = (np.arange(self.npix) - self.npix // 2) * self.cell_arcsec
        north, east_pix = np.meshgrid(idx, idx, indexing="ij")
        return -east_pix, north  # RA increases to the left (CDELT1 < 0)


def primary_beam(grid: Field, freq_hz: float, dish_m: float) -> np.ndarray:
    """Gaussian primary beam, FWHM = 1.13 λ/D (the approximation ALMA documents use)."""
    fwhm_arcsec = np.degrees(1.13 * (C_KMS * 1e3 / freq_hz) / dish_m) * 3600.0
    east, north = grid.offsets()
    r2 = east**2 + north**2
    return np.exp(-0.5 * r2 / (fwhm_arcsec * FWHM_TO_SIGMA) ** 2)


def beam_kernel(grid: Field, beam: Beam) -> np.ndarray:
    """Elliptical Gaussian with unit peak (so a point source of S Jy gives S Jy/beam), centred on the grid."""
    east, north = grid.offsets()
    pa = np.radians(beam.bpa_deg)  # position angle: east of north
    major = east * np.sin(pa) + north * np.cos(pa)
    minor = east * np.cos(pa) - north * np.sin(pa)
    s_maj = beam.bmaj_arcsec * FWHM_TO_SIGMA
    s_min = beam.bmin_arcsec * FWHM_TO_SIGMA
    return np.exp(-0.5 * ((major / s_maj) ** 2 + (minor / s_min) ** 2))


def convolve(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Convolve the last two axes with a centred kernel (FFT, periodic edges; the fields are padded by the
    primary-beam blanking anyway)."""
    k = np.fft.rfft2(np.fft.ifftshift(kernel))
    return np.fft.irfft2(np.fft.rfft2(image) * k, s=image.shape[-2:])


def correlated_noise(rng: np.random.Generator, shape: tuple[int, ...], kernel: np.ndarray, rms: float) -> np.ndarray:
    """White noise convolved with the beam and rescaled to ``rms`` (Jy/beam)."""
    white = rng.standard_normal(shape)
    smooth = convolve(white, kernel)
    return smooth * (rms / smooth.std())


@dataclass(frozen=True)
class Galaxy:
    """An inclined rotating disk with an exponential profile, a compact nucleus and one bright knot."""

    disk_scale_arcsec: float = 6.0
    incl_deg: float = 57.0
    pa_deg: float = 173.0  # kinematic position angle of the receding major axis, east of north
    vrot_kms: float = 190.0
    vturn_arcsec: float = 4.0
    dispersion_kms: float = 12.0

    def _disk_coords(self, grid: Field, center: tuple[float, float] = (0.0, 0.0)):
        east, north = grid.offsets()
        east, north = east - center[0], north - center[1]
        pa = np.radians(self.pa_deg)
        x_major = east * np.sin(pa) + north * np.cos(pa)
        y_minor = -east * np.cos(pa) + north * np.sin(pa)
        y_deproj = y_minor / np.cos(np.radians(self.incl_deg))
        r = np.hypot(x_major, y_deproj)
        cos_theta = np.divide(x_major, r, out=np.zeros_like(r), where=r > 0)
        return r, cos_theta

    def continuum(self, grid: Field, total_jy: float, nucleus_jy: float, knot_jy: float) -> np.ndarray:
        """Sky brightness in Jy/pixel."""
        r, _ = self._disk_coords(grid)
        disk = np.exp(-r / self.disk_scale_arcsec)
        sky = disk * (total_jy / disk.sum())
        c = grid.npix // 2
        sky[c, c] += nucleus_jy
        knot = int(round(4.5 / grid.cell_arcsec))
        sky[c + knot, c - knot // 2] += knot_jy
        return sky

    def line_cube(self, grid: Field, velocities_kms: np.ndarray, vsys_kms: float, peak_jy_pix: float) -> np.ndarray:
        """Line emission in Jy/pixel per channel, shape (nchan, npix, npix)."""
        r, cos_theta = self._disk_coords(grid)
        vrot = self.vrot_kms * (1.0 - np.exp(-r / self.vturn_arcsec))
        vlos = vsys_kms + vrot * np.sin(np.radians(self.incl_deg)) * cos_theta
        surface = np.exp(-r / (1.5 * self.disk_scale_arcsec)) * (r < 5.0 * self.disk_scale_arcsec)
        dv = velocities_kms[:, None, None] - vlos[None]
        return peak_jy_pix * surface[None] * np.exp(-0.5 * (dv / self.dispersion_kms) ** 2)


def observe(sky: np.ndarray, pb: np.ndarray, kernel: np.ndarray, noise: np.ndarray) -> np.ndarray:
    """The non-pb-corrected image in Jy/beam: (sky × pb) ⊛ beam + noise."""
    return convolve(sky * pb, kernel) + noise


def pbcorrect(image: np.ndarray, pb: np.ndarray) -> np.ndarray:
    """image / pb, NaN where pb < 0.2 (as in delivered pipeline products)."""
    out = image / pb
    out[..., pb < PB_CUTOFF] = np.nan
    return out


def blank_pb(pb: np.ndarray) -> np.ndarray:
    out = pb.copy()
    out[pb < PB_CUTOFF] = np.nan
    return out


def clean_mask(image: np.ndarray, rms: float, pb: np.ndarray, nsigma: float = 4.0) -> np.ndarray:
    """Where the (non-pb-corrected) image is above ``nsigma``·rms, grown by one pixel, inside pb ≥ 0.2."""
    mask = image > nsigma * rms
    grown = mask.copy()
    grown[..., 1:, :] |= mask[..., :-1, :]
    grown[..., :-1, :] |= mask[..., 1:, :]
    grown[..., :, 1:] |= mask[..., :, :-1]
    grown[..., :, :-1] |= mask[..., :, 1:]
    grown &= pb >= PB_CUTOFF
    return grown.astype(np.float32)
