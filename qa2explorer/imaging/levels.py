"""Display levels and stretches: which data values map to black and white, and how values between are
spread. Levels come from a sample of the finite pixels (np.partition, not a full sort: a 2048² channel in
about 12 ms); the scaled image is uint8, the fast path of any image widget."""

from __future__ import annotations

import numpy as np

SAMPLE_LIMIT = 1_000_000
CLIPS = (100.0, 99.5, 99.0, 98.0, 95.0)
STRETCHES = ("linear", "sqrt", "log", "asinh", "power")
LOG_A = 1000.0  # ds9's log exponent
ASINH_A = 0.1
POWER = 2.0


def finite_sample(data: np.ndarray, limit: int = SAMPLE_LIMIT) -> np.ndarray:
    """The finite values of ``data``, strided down to about ``limit`` values."""
    flat = data.ravel()
    step = max(1, flat.size // limit)
    sample = flat[::step]
    return sample[np.isfinite(sample)]


def clip_levels(data: np.ndarray, percent: float = 99.5) -> tuple[float, float]:
    """(low, high) keeping the central ``percent`` % of the finite values (100: min and max)."""
    sample = finite_sample(data)
    if sample.size == 0:
        return 0.0, 1.0
    if percent >= 100:
        lo, hi = float(sample.min()), float(sample.max())
    else:
        tail = (100.0 - percent) / 200.0
        k_lo, k_hi = int(tail * (sample.size - 1)), int((1 - tail) * (sample.size - 1))
        part = np.partition(sample, (k_lo, k_hi))
        lo, hi = float(part[k_lo]), float(part[k_hi])
    return (lo, hi) if hi > lo else (lo, lo + 1.0)


def zscale_levels(data: np.ndarray) -> tuple[float, float]:
    from astropy.visualization import ZScaleInterval

    sample = finite_sample(data, 100_000)
    if sample.size == 0:
        return 0.0, 1.0
    lo, hi = ZScaleInterval().get_limits(sample)
    return (float(lo), float(hi)) if hi > lo else (float(lo), float(lo) + 1.0)


def levels_for(data: np.ndarray, preset: str | float) -> tuple[float, float]:
    """``preset``: 'minmax', 'zscale', or a clip percentage (99.5, '99.5')."""
    if preset == "zscale":
        return zscale_levels(data)
    if preset == "minmax":
        return clip_levels(data, 100.0)
    return clip_levels(data, float(preset))


def stretch(unit: np.ndarray, kind: str = "linear") -> np.ndarray:
    """Map values already scaled to 0–1 through a stretch (the ds9 definitions)."""
    if kind == "linear":
        return unit
    if kind == "sqrt":
        return np.sqrt(unit)
    if kind == "log":
        return np.log10(LOG_A * unit + 1.0) / np.log10(LOG_A + 1.0)
    if kind == "asinh":
        return np.arcsinh(unit / ASINH_A) / np.arcsinh(1.0 / ASINH_A)
    if kind == "power":
        return (np.power(LOG_A, unit) - 1.0) / (LOG_A - 1.0)
    raise ValueError(f"unknown stretch {kind!r}; one of {', '.join(STRETCHES)}")


def scale_to_uint8(data: np.ndarray, lo: float, hi: float, kind: str = "linear") -> tuple[np.ndarray, np.ndarray]:
    """(image 0–255, mask of the blank pixels): what an image widget draws with a 256-entry colour table.
    In place on one float32 copy (the cost of a level drag on a 4096² image)."""
    unit = np.subtract(data, np.float32(lo), dtype=np.float32)
    unit *= np.float32(1.0 / (hi - lo))
    blank = np.isnan(unit)
    np.clip(unit, 0.0, 1.0, out=unit)
    unit[blank] = 0.0
    if kind != "linear":
        unit = stretch(unit, kind).astype(np.float32, copy=False)
    unit *= np.float32(255.0)
    unit += np.float32(0.5)
    return unit.astype(np.uint8), blank
