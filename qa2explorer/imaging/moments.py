"""Quick-look maps over a channel range: moment 0 (integrated intensity, in the image's unit × km/s) and peak
(the maximum along the channels). Read a plane at a time; refused above a size limit unless asked for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..jobs import Cancelled, JobError
from .coords import Coordinates
from .fitsfile import ImageFile

DEFAULT_LIMIT_BYTES = 2 * 1000**3
KINDS = ("moment0", "peak")


@dataclass
class QuickLook:
    kind: str
    data: np.ndarray
    unit: str
    first: int
    last: int

    @property
    def title(self) -> str:
        what = "moment 0 (integrated intensity)" if self.kind == "moment0" else "peak"
        return f"{what} of channels {self.first}–{self.last}"


def quick_look(image: ImageFile, kind: str, first: int, last: int, stokes: int = 0, force: bool = False,
               limit_bytes: int = DEFAULT_LIMIT_BYTES, on_progress: Callable[[float], None] | None = None,
               should_stop: Callable[[], bool] | None = None) -> QuickLook:  # fmt: skip
    if kind not in KINDS:
        raise JobError(f"Unknown quick-look {kind!r}: one of {', '.join(KINDS)}.")
    lay = image.layout
    first, last = sorted((max(0, first), min(lay.nchan - 1, last)))
    n = last - first + 1
    size = n * lay.plane_bytes
    if size > limit_bytes and not force:
        raise JobError(f"This would read {size / 1e9:.1f} GB ({n} channels); choose fewer channels, or ask for it "
                       f"explicitly (the limit is {limit_bytes / 1e9:.0f} GB).")  # fmt: skip
    unit = str(image.header.get("BUNIT", "")).strip()
    width = 1.0
    if kind == "moment0":
        velocities = Coordinates(image.header, lay).velocities_kms()
        if velocities is None or lay.nchan < 2:
            raise JobError("Moment 0 needs a spectral axis with a rest frequency (for km/s).")
        width = float(abs(velocities[1] - velocities[0]))
        unit = f"{unit}·km/s" if unit else "km/s"
    out = np.zeros((lay.ny, lay.nx), dtype=np.float64) if kind == "moment0" else None
    seen = np.zeros((lay.ny, lay.nx), dtype=bool)
    for i, chan in enumerate(range(first, last + 1)):
        if should_stop is not None and should_stop():
            raise Cancelled
        plane = image.plane(chan, stokes)
        finite = np.isfinite(plane)
        seen |= finite
        if kind == "moment0":
            out += np.where(finite, plane, 0.0) * width
        else:
            out = plane.astype(np.float64) if out is None else np.fmax(out, plane)
        if on_progress is not None:
            on_progress((i + 1) / n)
    result = out.astype(np.float32)
    result[~seen] = np.nan
    return QuickLook(kind, result, unit, first, last)
