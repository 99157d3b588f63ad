"""Spectra through a cube at a pixel, a sky position or a box, with frequency and velocity columns."""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from ..jobs import JobError, Reporter
from .coords import Coordinates, velocity_reference_problem
from .gzcache import GzCache, open_image


@dataclass
class Spectrum:
    x: int
    y: int
    box: int
    values: np.ndarray
    frequency_hz: np.ndarray | None
    velocity_kms: np.ndarray | None
    unit: str
    restfreq_hz: float | None
    specsys: str | None

    def rows(self) -> list[dict]:
        out = []
        for c, v in enumerate(self.values):
            out.append({
                "channel": c,
                "frequency_hz": float(self.frequency_hz[c]) if self.frequency_hz is not None else None,
                "velocity_kms": float(self.velocity_kms[c]) if self.velocity_kms is not None else None,
                "value": float(v) if np.isfinite(v) else None,
            })  # fmt: skip
        return out

    def to_dict(self) -> dict:
        return {"x": self.x, "y": self.y, "box": self.box, "unit": self.unit, "restfreq_hz": self.restfreq_hz,
                "specsys": self.specsys, "channels": self.rows()}  # fmt: skip


def box_problem(box: int) -> str | None:
    """Why ``box`` cannot be a spectrum's box (centred on its pixel: odd, at least 1), or None."""
    if box < 1 or box % 2 == 0:
        return f"a box of {box} pixels: an odd number of pixels, at least 1 (1, 3, 5…; 1 is the pixel itself)"
    return None


def spectrum_at(path: str, pixel: tuple[int, int] | None = None, world: tuple[float, float] | None = None,
                box: int = 1, stokes: int = 0, rest_hz: float | None = None, redshift: float | None = None,
                report: Reporter | None = None, cache: GzCache | None = None) -> Spectrum:  # fmt: skip
    """The spectrum at ``pixel`` (x, y, 0-based) or ``world`` (RA, Dec in degrees), averaged over a box."""
    problem = velocity_reference_problem(rest_hz, redshift)
    if problem:
        raise JobError(problem)
    image = open_image(path, cache, report)
    if image.layout.nchan < 2:
        raise JobError(f"{os.path.basename(path)} has a single plane, not a cube: it has no spectrum.")
    if problem := box_problem(box):
        raise JobError(problem)
    coords = Coordinates(image.header, image.layout)
    if world is not None:
        found = coords.pixel_of(*world)
        if found is None:
            raise JobError("The image has no sky coordinates: give --pixel X Y instead.")
        x, y = int(round(found[0])), int(round(found[1]))
    elif pixel is not None:
        x, y = pixel
    else:
        raise JobError("Give a pixel or a sky position.")
    lay = image.layout
    if not (0 <= x < lay.nx and 0 <= y < lay.ny):
        raise JobError(f"Position ({x}, {y}) is outside the image ({lay.nx} × {lay.ny} pixels).")
    on_partial = should_stop = None
    if report is not None:
        report.phase("spectrum", f"Reading the spectrum at ({x}, {y})…", 0.0)

        def on_partial(values: np.ndarray) -> None:
            report.partial(values, f"{np.isfinite(values).sum()} of {lay.nchan} channels")

        def should_stop() -> bool:
            return report.token.cancelled

    values = image.spectrum(x, y, stokes, box, on_partial=on_partial, should_stop=should_stop)
    if report is not None:
        report.token.check()
    return Spectrum(x, y, box, values, coords.frequencies_hz(), coords.velocities_kms(rest_hz, redshift),
                    str(image.header.get("BUNIT", "")).strip(), coords.rest_frequency(rest_hz, redshift),
                    coords.specsys)  # fmt: skip
