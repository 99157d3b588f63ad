"""Manual levels: the histogram of the shown plane (log counts) with the two levels as a draggable region.
Drags are coalesced: the moves of one pass of the event loop make one request (``interval_ms`` 0), and the
image canvas draws at most once per paint, so a drag never queues more than one redraw."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer, Signal

from ..imaging.levels import finite_sample
from .appearance import follow_palette, on_change, scheme

BINS = 256


def histogram(data: np.ndarray, lo: float, hi: float) -> tuple[np.ndarray, np.ndarray]:
    """(log10(1 + counts), bin edges) over a range a little wider than the levels, from a sample."""
    sample = finite_sample(data, 500_000)
    if sample.size == 0:
        return np.zeros(1), np.array([lo, hi])
    span = hi - lo
    first, last = max(float(sample.min()), lo - span), min(float(sample.max()), hi + span)
    counts, edges = np.histogram(sample, bins=BINS, range=(first, max(last, first + 1e-12)))
    return np.log10(1.0 + counts), edges


class LevelsHistogram(pg.PlotWidget):
    levels_dragged = Signal(float, float)

    def __init__(self, parent=None, interval_ms: int = 0):
        super().__init__(parent)
        self.setMenuEnabled(False)
        follow_palette(self)
        self.hideAxis("left")
        self.setMaximumHeight(90)
        self.curve = self.plot([0, 1], [0], stepMode="center", fillLevel=0, brush=(120, 120, 120, 120),
                               pen=pg.mkPen(scheme().lines["grey"]))  # fmt: skip
        on_change(self._recolour)
        self.region = pg.LinearRegionItem((0, 1), brush=pg.mkBrush(31, 111, 178, 50))
        self.region.setToolTip("Drag the edges: the lowest and highest displayed values")
        self.addItem(self.region)
        self.region.sigRegionChanged.connect(self._moved)
        self._timer = QTimer(self, singleShot=True, interval=interval_ms)
        self._timer.timeout.connect(self._emit)
        self._quiet = False

    def _recolour(self) -> None:
        self.curve.setPen(pg.mkPen(scheme().lines["grey"]))

    def show_histogram(self, data: np.ndarray, lo: float, hi: float) -> None:
        heights, edges = histogram(data, lo, hi)
        self.curve.setData(edges, heights)
        self.set_levels(lo, hi)
        self.setXRange(float(edges[0]), float(edges[-1]), padding=0.02)

    def set_levels(self, lo: float, hi: float) -> None:
        self._quiet = True
        self.region.setRegion((lo, hi))
        self._quiet = False

    def _moved(self) -> None:
        if not self._quiet and not self._timer.isActive():
            self._timer.start()

    def _emit(self) -> None:
        lo, hi = self.region.getRegion()
        if hi > lo:
            self.levels_dragged.emit(float(lo), float(hi))
