"""The image products of the demo members: what the pipeline (or a data reducer) would have delivered."""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from . import sky
from .fitswrite import Observation, Pointing, Spectral, image_header, write_image
from .sky import Beam, Field, Galaxy

CO21_HZ = 230.538e9


@dataclass(frozen=True)
class Array:
    """Everything array-specific for imaging: dish size, resolution, field size, noise levels."""

    dish_m: float
    beam: Beam  # at 230 GHz
    npix: int
    cell_arcsec: float
    cont_rms: float  # Jy/beam, aggregate continuum
    mfs_rms: float  # Jy/beam, one spw
    chan_rms: float  # Jy/beam per channel of the line cube


TWELVE_M = Array(12.0, Beam(1.32, 1.04, 63.0), 128, 0.3, 5.0e-5, 1.0e-4, 1.2e-3)
SEVEN_M = Array(7.0, Beam(7.1, 4.6, 81.0), 96, 1.2, 4.0e-4, 8.0e-4, 9.0e-3)


@dataclass(frozen=True)
class Spw:
    spw_id: int
    center_hz: float
    width_hz: float  # channel width of the delivered cube
    nchan: int
    has_line: bool = False


class Writer:
    """Writes one member's products into ``product_dir`` with names ``<prefix>.<rest>``."""

    def __init__(self, product_dir: str, prefix: str, array: Array, obs: Observation, seed: int):
        self.dir = product_dir
        self.prefix = prefix
        self.array = array
        self.obs = obs
        self.rng = np.random.default_rng(seed)
        self.written: list[str] = []

    # -- helpers -------------------------------------------------------------------------------------
    def _grid(self, npix: int | None = None) -> Field:
        return Field(npix or self.array.npix, self.array.cell_arcsec)

    def _beam(self, freq_hz: float, selfcal: bool = False) -> Beam:
        b = self.array.beam.scaled(230e9 / freq_hz)
        return b.scaled(0.97) if selfcal else b

    def _write(self, rest: str, data: np.ndarray, header, beams=None) -> None:
        name = f"{self.prefix}.{rest}"
        write_image(os.path.join(self.dir, name), data, header, beams)
        self.written.append(name)

    def _header(self, pointing, grid, spectral, *, kind, beam, multibeam=False, filnam=None, extra=None):
        bunit, btype = {
            "pbcor": ("Jy/beam", "Intensity"),
            "pb": ("", "Primary beam response"),
            "mask": ("", "Mask"),
            "alpha": ("", "Spectral index"),
            "alpha.error": ("", "Spectral index error"),
        }[kind]
        return image_header(
            pointing,
            grid.cell_arcsec,
            grid.npix,
            spectral,
            self.obs,
            bunit=bunit,
            btype=btype,
            beam=beam if kind == "pbcor" else None,
            multibeam=multibeam,
            filnam=filnam,
            extra=extra,
        )

    # -- products ------------------------------------------------------------------------------------
    def image_set(
        self,
        names: dict[str, str],
        pointing: Pointing,
        spectral: Spectral,
        sky_cube: np.ndarray,
        rms: float,
        *,
        beam: Beam,
        grid: Field,
        per_plane_beams: bool = False,
        filnam: list[str] | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Write the layers named in ``names`` ("pbcor" always, "pb" and "mask" when given; names are without
        the member prefix) of one observed image. Returns the non-pb-corrected image (Jy/beam) and the pb."""
        pb = sky.primary_beam(grid, float(spectral.freqs.mean()), self.array.dish_m)
        kernel = sky.beam_kernel(grid, beam)
        noise = sky.correlated_noise(self.rng, sky_cube.shape, kernel, rms)
        image = sky.observe(sky_cube, pb, kernel, noise)
        beams = None
        if per_plane_beams:
            scale = spectral.freqs.mean() / spectral.freqs
            jitter = 1.0 + 0.004 * self.rng.standard_normal(spectral.nchan)
            turn = 0.3 * self.rng.standard_normal(spectral.nchan)
            beams = [
                Beam(beam.bmaj_arcsec * s * j, beam.bmin_arcsec * s * j, beam.bpa_deg + t)
                for s, j, t in zip(scale, jitter, turn, strict=True)
            ]
        head = dict(filnam=filnam)
        self._write(
            names["pbcor"],
            sky.pbcorrect(image, pb),
            self._header(pointing, grid, spectral, kind="pbcor", beam=beam, multibeam=bool(beams), **head),
            beams,
        )
        if "pb" in names:
            self._write(
                names["pb"],
                np.broadcast_to(sky.blank_pb(pb), image.shape),
                self._header(pointing, grid, spectral, kind="pb", beam=None, **head),
            )
        if "mask" in names:
            self._write(
                names["mask"],
                sky.clean_mask(image, rms, pb),
                self._header(pointing, grid, spectral, kind="mask", beam=None, **head),
            )
        return image, pb

    def continuum_mtmfs(
        self,
        stem: str,
        pointing: Pointing,
        spectral: Spectral,
        tt0_sky: np.ndarray,
        alpha: float,
        rms: float,
        beam: Beam,
        grid: Field,
        filnam=None,
    ) -> None:
        """Multi-term continuum as delivered: ``<stem>.tt0.pbcor``, ``.tt1.pbcor``, ``.pb.tt0``, ``.mask``,
        ``.alpha``, ``.alpha.error`` (``stem`` ends with the Stokes token)."""
        names = {"pbcor": f"{stem}.tt0.pbcor.fits", "pb": f"{stem}.pb.tt0.fits.gz", "mask": f"{stem}.mask.fits.gz"}
        tt0, pb = self.image_set(names, pointing, spectral, tt0_sky, rms, beam=beam, grid=grid, filnam=filnam)
        kernel = sky.beam_kernel(grid, beam)
        tt1_rms = 2.5 * rms
        tt1 = sky.observe(alpha * tt0_sky, pb, kernel, sky.correlated_noise(self.rng, tt0_sky.shape, kernel, tt1_rms))
        self._write(
            f"{stem}.tt1.pbcor.fits",
            sky.pbcorrect(tt1, pb),
            self._header(pointing, grid, spectral, kind="pbcor", beam=beam, filnam=filnam),
        )
        detected = (tt0 > 5 * rms) & (pb >= sky.PB_CUTOFF)
        with np.errstate(divide="ignore", invalid="ignore"):
            alpha_map = np.where(detected, tt1 / tt0, np.nan)
            alpha_err = np.where(detected, np.abs(alpha_map) * np.hypot(rms / tt0, tt1_rms / np.abs(tt1)), np.nan)
        self._write(
            f"{stem}.alpha.fits",
            alpha_map,
            self._header(pointing, grid, spectral, kind="alpha", beam=None, filnam=filnam),
        )
        self._write(
            f"{stem}.alpha.error.fits",
            alpha_err,
            self._header(pointing, grid, spectral, kind="alpha.error", beam=None, filnam=filnam),
        )


def continuum_sky(galaxy: Galaxy, grid: Field, freq_hz: float, alpha: float, scale: float = 1.0) -> np.ndarray:
    """Dust continuum of the demo galaxy at ``freq_hz`` (Jy/pixel), S ∝ ν^alpha, normalised at 230 GHz."""
    f = (freq_hz / 230e9) ** alpha
    return galaxy.continuum(grid, total_jy=0.030 * f * scale, nucleus_jy=0.006 * f * scale, knot_jy=0.002 * f * scale)


def point_source(grid: Field, flux_jy: float) -> np.ndarray:
    out = np.zeros((grid.npix, grid.npix))
    out[grid.npix // 2, grid.npix // 2] = flux_jy
    return out
