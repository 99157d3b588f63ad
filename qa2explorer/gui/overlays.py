"""Contours drawn over an image: the primary beam at 0.2, 0.3 and 0.5 and the clean mask's edge. Traced on a
decimated plane (a pb is smooth; a 2048² plane is traced at 256²) off the UI thread; drawn as one polyline
per level with NaN breaks. pyqtgraph's isocurve traces them: imported in the job, not with the viewer, whose
picture does not wait for pyqtgraph."""

from __future__ import annotations

import numpy as np

PB_LEVELS = (0.2, 0.3, 0.5)
PB_SIDE, MASK_SIDE = 256, 512


def trace(plane: np.ndarray, levels: tuple[float, ...], max_side: int) -> dict[float, tuple[np.ndarray, np.ndarray]]:
    """{level: (xs, ys)} in the plane's pixel coordinates (pixel centres at .5, as the image item draws)."""
    from pyqtgraph import functions as pgfn

    step = max(1, int(np.ceil(max(plane.shape) / max_side)))
    small = np.nan_to_num(plane[::step, ::step].astype(np.float64), nan=0.0)
    out = {}
    for level in levels:
        xs: list[float] = []
        ys: list[float] = []
        for line in pgfn.isocurve(small.T, level, connected=True):  # isocurve takes (x, y) order
            pts = np.asarray(line, dtype=float)
            xs.extend(list(pts[:, 0] * step + 0.5) + [np.nan])
            ys.extend(list(pts[:, 1] * step + 0.5) + [np.nan])
        out[level] = (np.asarray(xs), np.asarray(ys))
    return out
