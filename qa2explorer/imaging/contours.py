"""Contours drawn over an image: the primary beam at 0.2, 0.3 and 0.5 and the clean mask's edge. Traced on a
decimated plane (a pb is smooth; a 2048² plane is traced at 256²) in a job, with contourpy (matplotlib's
tracer, no Qt: safe on a worker thread); drawn as one polyline per level with NaN breaks."""

from __future__ import annotations

import numpy as np

PB_LEVELS = (0.2, 0.3, 0.5)
PB_SIDE, MASK_SIDE = 256, 512


def trace(plane: np.ndarray, levels: tuple[float, ...], max_side: int) -> dict[float, tuple[np.ndarray, np.ndarray]]:
    """{level: (xs, ys)} in the plane's pixel coordinates (pixel centres at .5, as the image item draws); the
    lines are separated by NaN. Blanked pixels count as 0."""
    import contourpy

    step = max(1, int(np.ceil(max(plane.shape) / max_side)))
    small = np.nan_to_num(plane[::step, ::step].astype(np.float64), nan=0.0)
    tracer = contourpy.contour_generator(z=small, line_type=contourpy.LineType.ChunkCombinedNan)
    out = {}
    for level in levels:
        points = [chunk for chunk in tracer.lines(level)[0] if chunk is not None]
        pts = np.concatenate(points) if points else np.empty((0, 2))
        out[level] = (pts[:, 0] * step + 0.5, pts[:, 1] * step + 0.5)  # contourpy gives (column, row)
    return out
