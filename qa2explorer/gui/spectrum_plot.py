"""The spectrum under the image: values against velocity (or frequency, or channel), the current channel
marked, filled in as the read progresses."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from ..imaging.coords import C_KMS
from .appearance import follow_palette, on_change, scheme


class SpectrumPlot(pg.PlotWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        follow_palette(self)
        self.setMenuEnabled(False)
        self.curve = self.plot([], [], stepMode=None)
        self.marker = pg.InfiniteLine(angle=90)
        self.addItem(self.marker)
        self._pens()
        on_change(self._pens)
        self.title = ""
        self.axis_values: np.ndarray | None = None
        self._values: np.ndarray | None = None
        self._ranges_hz: list[tuple[float, float]] = []
        self._regions: list[pg.LinearRegionItem] = []
        self._to_axis = None  # Hz -> x axis value
        self.getAxis("left").enableAutoSIPrefix(False)  # "Jy/beam (x0.001)" reads worse than the values
        self.setMinimumHeight(120)

    def _pens(self) -> None:
        lines = scheme().lines
        self.curve.setPen(pg.mkPen(lines["blue"], width=1.4))
        self.marker.setPen(pg.mkPen(lines["red"], width=1, style=pg.QtCore.Qt.PenStyle.DashLine))

    def set_continuum(self, ranges_hz: list[tuple[float, float]]) -> None:
        """Shade the cont.dat continuum ranges (Hz) on the current axis."""
        self._ranges_hz = list(ranges_hz)
        self._draw_regions()

    def _draw_regions(self) -> None:
        for region in self._regions:
            self.removeItem(region)
        self._regions = []
        if self._to_axis is None or self.axis_values is None or not len(self.axis_values):
            return
        first, last = float(np.nanmin(self.axis_values)), float(np.nanmax(self.axis_values))
        for lo, hi in self._ranges_hz:
            a, b = sorted((self._to_axis(lo), self._to_axis(hi)))
            a, b = max(a, first), min(b, last)  # only where the cube has channels
            if a >= b:
                continue
            region = pg.LinearRegionItem((a, b), movable=False, brush=pg.mkBrush(46, 204, 113, 45),
                                         pen=pg.mkPen(None))  # fmt: skip
            region.setZValue(-10)
            region.setToolTip("continuum range from cont.dat")
            self.addItem(region)
            self._regions.append(region)

    def reset(self) -> None:
        self._values = None
        self.set_continuum([])
        self.curve.setData([], [])
        self.setTitle("")
        self.enableAutoRange()

    def set_axis(self, velocities: np.ndarray | None, frequencies: np.ndarray | None, nchan: int, unit: str,
                 rest_hz: float | None = None) -> None:  # fmt: skip
        """The x axis: radio velocity when known (``rest_hz`` their reference), else frequency, else channel."""
        if velocities is not None and rest_hz:
            self.axis_values, label = velocities, "radio velocity (km/s)"
            self._to_axis = lambda f: C_KMS * (1.0 - f / rest_hz)
        elif frequencies is not None:
            self.axis_values, label = frequencies / 1e9, "frequency (GHz)"
            self._to_axis = lambda f: f / 1e9
        else:
            self.axis_values, label = np.arange(nchan, dtype=float), "channel"
            self._to_axis = None
        self._draw_regions()
        self.setLabel("bottom", label)
        self.setLabel("left", unit or "value")
        if self._values is not None and len(self._values) == len(self.axis_values):
            self.show_values(self._values)  # a new velocity reference: the same spectrum on the new axis
        else:
            self.curve.setData([], [])

    def show_values(self, values: np.ndarray, title: str = "") -> None:
        if self.axis_values is None:
            return
        self._values = values
        finite = np.isfinite(values)
        self.curve.setData(self.axis_values[finite], values[finite])
        if title:
            self.setTitle(title, size="9pt")

    def mark_channel(self, channel: int) -> None:
        if self.axis_values is not None and 0 <= channel < len(self.axis_values):
            self.marker.setValue(float(self.axis_values[channel]))
