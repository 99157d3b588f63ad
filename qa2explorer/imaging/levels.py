"""Display levels and stretches: which data values map to black and white, and how values between are
spread. Levels come from a sample of the finite pixels (np.partition, not a full sort: a 2048² channel in
about 12 ms); the scaled image is uint8, the fast path of any image widget.

The viewer quantises a plane once, when it is read, to uint16 codes (:func:`quantise`); a change of levels
or stretch is then a new 65536-entry table from code to colour index (:func:`levels_table`, ~1 ms), and
drawing is one gather through it (:func:`apply_table`), never a pass over the float data."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

SAMPLE_LIMIT = 262_144  # values the clip levels are taken from: ±0.05 % of the rank at 99.5 %
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
    lo, hi = value_range(data) if percent >= 100 else (np.nan, np.nan)  # min / max: the true extremes (fast)
    if not (np.isfinite(lo) and np.isfinite(hi)):  # a clip, or infinities: from the finite values' sample
        sample = finite_sample(data)
        if sample.size == 0:
            return 0.0, 1.0
        tail = max(0.0, 100.0 - percent) / 200.0
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
    return clip_levels(data, clip_percent(preset))


def clip_percent(preset: str | float) -> float:
    """A clip level as a percentage in (0, 100]; ValueError (one line) for anything else."""
    try:
        percent = float(preset)
    except (TypeError, ValueError):
        percent = float("nan")
    if not 0.0 < percent <= 100.0:
        raise ValueError(f"levels {preset!r}: a clip percentage above 0 and at most 100 (e.g. 99.5), minmax or zscale")
    return percent


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


# ------------------------------------------------------------------------------------------ codes
CODES = 65535  # finite values get codes 1..65535; 0 is blank (NaN)
MIN_STEPS = 1000  # codes between the low and the high level, at least (fewer: the plane is quantised again)
MAX_ERROR = 0.9  # colour steps (of 255) a code's table entry may be off any value in its bin (< 1: ±1 code)
MARGIN = 0.25  # quantising again for levels (lo, hi): over lo - MARGIN·span .. hi + MARGIN·span
GATHER_CHUNK = 1 << 16  # codes cast to indices per np.take (a 512 kB index buffer, in cache)


@dataclass(eq=False)
class Codes:
    """A plane quantised once: ``codes`` (uint16), 0 where blank, code c ≥ 1 for the value lo + (c − 1)·step
    (the centre of its bin); finite values beyond the range are clipped into codes 1 and 65535. ``low`` and
    ``high``: the extremes of the data (:func:`value_range`), kept to tell whether values were clipped."""

    codes: np.ndarray
    lo: float
    step: float
    low: float
    high: float

    @property
    def hi(self) -> float:
        return self.lo + (CODES - 1) * self.step

    @property
    def shape(self) -> tuple[int, ...]:
        return self.codes.shape


def value_range(data: np.ndarray) -> tuple[float, float]:
    """(min, max) of the values, NaN ignored and ±inf included; (0, 1) when all are blank."""
    flat = data.ravel()
    if flat.size:
        low, high = float(np.fmin.reduce(flat)), float(np.fmax.reduce(flat))  # NaN ignored, SIMD fast
        if not np.isnan(low):
            return low, high
    return 0.0, 1.0


def quantise(data: np.ndarray, lo: float | None = None, hi: float | None = None,
             extremes: tuple[float, float] | None = None) -> Codes:  # fmt: skip
    """``data`` as uint16 codes over (lo, hi), by default its finite range. ``extremes``: its
    :func:`value_range`, when known (saves a pass). One pass of float work (~60 ms for 4096²), done once per
    plane in a job. ±inf are clipped into the end codes."""
    low, high = extremes if extremes is not None else value_range(data)
    if lo is None or hi is None:
        flo, fhi = low, high
        if not (np.isfinite(low) and np.isfinite(high)):  # rare: infinities; the range of the finite values
            finite = data[np.isfinite(data)]
            flo, fhi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        lo = flo if lo is None else lo
        hi = fhi if hi is None else hi
    qlo = float(np.float32(lo))  # exact in float32, so that data − qlo is exact for close values
    qlo = qlo if qlo <= lo else float(np.nextafter(np.float32(qlo), np.float32(-np.inf)))
    step = _step(qlo, float(hi))
    t = np.subtract(data, np.float32(qlo), dtype=np.float32)
    t *= np.float32(1.0 / step)
    np.clip(t, 0.0, CODES - 1, out=t)  # NaN stays NaN
    np.fmax(t, -1.5, out=t)  # NaN -> -1.5: code 0 below
    t += np.float32(1.5)  # round to the nearest code, codes from 1
    return Codes(t.astype(np.uint16), qlo, step, low, high)


def levels_table(codes: Codes, lo: float, hi: float, kind: str = "linear") -> tuple[np.ndarray, bool]:
    """(table, exact): ``table`` maps each code to the colour index drawn for it (uint8, 65536 entries): 0
    for blank, 1..255 for values (what :func:`scale_to_uint8` gives, its 0 drawn as 1: index 0 is the
    transparent one). ``exact``: the codes are fine enough for these levels, i.e. nothing the levels tell
    apart was clipped together, at least MIN_STEPS codes lie between lo and hi, and no value is more than
    MAX_ERROR colour steps from its code's entry (steep stretches, sqrt and log near lo, need more codes)."""
    if not hi > lo:
        hi = lo + 1.0
    # codes 1 + first .. 1 + last hold values between the levels (below: colour 0, drawn as 1; above: 255);
    # the stretch is evaluated at their centres and bin edges only, in float32 (~1 ms)
    first = int(min(max((lo - codes.lo) / codes.step, 0.0), CODES - 1.0))
    last = max(math.ceil(min(max((hi - codes.lo) / codes.step, 0.0), CODES - 1.0)), first)
    k = np.arange(2 * first - 1, 2 * last + 2) * 0.5  # bin edges and centres, in steps from code 1
    unit = np.clip(((codes.lo - lo) + k * codes.step) / (hi - lo), 0.0, 1.0).astype(np.float32)
    position = np.float32(255.0) * stretch(unit, kind)
    centres, edges = position[1::2], position[0::2]
    table = np.empty(CODES + 1, dtype=np.uint8)
    table[0], table[1 : first + 1], table[last + 2 :] = 0, 1, 255
    table[first + 1 : last + 2] = np.clip(centres + np.float32(0.5), 1.0, 255.0)
    error = max(float(np.max(centres - edges[:-1])), float(np.max(edges[1:] - centres)))
    half = codes.step / 2  # values within half a step beyond the end codes are theirs, not clipped
    covered = (codes.low >= codes.lo - half or lo >= codes.lo) and (codes.high <= codes.hi + half or hi <= codes.hi)
    exact = covered and (hi - lo) / codes.step >= MIN_STEPS and error <= MAX_ERROR
    return table, exact


def code_range(low: float, high: float, lo: float, hi: float, kind: str = "linear") -> tuple[float, float] | None:
    """The range to quantise data with extremes (low, high) over for levels (lo, hi): None (its whole finite
    range) when those codes are fine enough for them, else lo − MARGIN·span .. hi + MARGIN·span (always
    fine enough: 43 689 codes between lo and hi, a sqrt stretch off by at most 0.87 colour steps)."""
    if not hi > lo:
        hi = lo + 1.0
    if np.isfinite(low) and np.isfinite(high):
        whole = Codes(np.empty(0, np.uint16), low, _step(low, high), low, high)
        if levels_table(whole, lo, hi, kind)[1]:
            return None
    span = hi - lo
    return lo - MARGIN * span, hi + MARGIN * span


def _step(qlo: float, qhi: float) -> float:
    """The value of one code over (qlo, qhi); a constant plane (qhi = qlo) gets a unit range, all code 1."""
    return ((qhi - qlo) if qhi > qlo else 1.0) / (CODES - 1)


def apply_table(codes: np.ndarray, table: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``table[codes]`` (uint8; ``codes`` 2-D, strided views too), a block of rows at a time: numpy's gather
    casts uint16 indices to intp first, and a block's cast stays in cache (4096²: ~20 ms, half of
    ``table[codes]``)."""
    if out is None:
        out = np.empty(codes.shape, dtype=np.uint8)
    ny, nx = codes.shape
    rows = max(1, GATHER_CHUNK // max(nx, 1))
    index = np.empty((min(rows, ny), nx), dtype=np.intp)
    for start in range(0, ny, rows):
        block = codes[start : start + rows]
        idx = index[: block.shape[0]]
        np.copyto(idx, block, casting="unsafe")
        np.take(table, idx, out=out[start : start + block.shape[0]], mode="clip")
    return out
