"""The pb and mask contours' tracer (contourpy, off the UI thread): lines where the plane crosses the level,
in the image item's coordinates (pixel i's centre at i + 0.5), NaN between separate lines."""

import numpy as np

from qa2explorer.imaging.contours import trace


def gaussian(shape, cx, cy, sigma):
    y, x = np.mgrid[0 : shape[0], 0 : shape[1]]
    return np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * sigma**2))


def test_a_half_level_contour_is_the_circle_at_the_half_width():
    plane = gaussian((64, 80), 50.3, 20.7, 8.0)  # not square: rows are y, columns x
    xs, ys = trace(plane, (0.5,), 256)[0.5]
    ok = np.isfinite(xs)
    radius = np.hypot(xs[ok] - (50.3 + 0.5), ys[ok] - (20.7 + 0.5))
    assert abs(radius.mean() - 8.0 * np.sqrt(2 * np.log(2))) < 0.05
    assert radius.std() < 0.05


def test_a_large_plane_is_traced_decimated_and_mapped_back():
    plane = gaussian((2048, 2048), 1000.0, 700.0, 150.0)
    xs, ys = trace(plane, (0.3,), 256)[0.3]
    ok = np.isfinite(xs)
    assert ok.sum() < 2000  # traced at 256², not 2048²
    radius = np.hypot(xs[ok] - 1000.5, ys[ok] - 700.5)
    assert abs(radius.mean() - 150.0 * np.sqrt(2 * np.log(1 / 0.3))) < 8  # one decimated pixel is 8


def test_separate_lines_are_broken_by_nan_and_blanks_count_as_zero():
    plane = gaussian((60, 60), 15, 15, 4) + gaussian((60, 60), 45, 45, 4)
    plane[:, :2] = np.nan
    xs, ys = trace(plane, (0.5,), 256)[0.5]
    assert np.isnan(xs).sum() >= 1 and np.isnan(ys).sum() == np.isnan(xs).sum()
    ok = np.isfinite(xs)
    left, right = xs[ok] < 30.5, xs[ok] > 30.5
    assert abs(xs[ok][left].mean() - 15.5) < 0.5 and abs(xs[ok][right].mean() - 45.5) < 0.5  # one ring each
    assert trace(np.zeros((10, 10)), (0.5,), 256)[0.5][0].size == 0  # nothing above the level: no line
