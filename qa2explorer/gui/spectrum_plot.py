"""The spectrum under the image: values against velocity (or frequency, or channel), the current channel
marked, filled in as the read progresses."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from ..imaging.spectra import Spectrum


class SpectrumPlot(pg.PlotWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackground(self.palette().color(self.backgroundRole()))
        self.setMenuEnabled(False)
        self.curve = self.plot([], [], pen=pg.mkPen("#1f6fb2", width=1.4), stepMode=None)
        self.marker = pg.InfiniteLine(angle=90, pen=pg.mkPen("#c0392b", width=1, style=pg.QtCore.Qt.PenStyle.DashLine))
        self.addItem(self.marker)
        self.title = ""
        self.axis_values: np.ndarray | None = None
        self._values: np.ndarray | None = None
        self.setMinimumHeight(120)

    def reset(self) -> None:
        self._values = None
        self.curve.setData([], [])
        self.setTitle("")
        self.enableAutoRange()

    def set_axis(self, velocities: np.ndarray | None, frequencies: np.ndarray | None, nchan: int, unit: str) -> None:
        """The x axis: radio velocity when known, else frequency, else channel."""
        if velocities is not None:
            self.axis_values, label = velocities, "radio velocity (km/s)"
        elif frequencies is not None:
            self.axis_values, label = frequencies / 1e9, "frequency (GHz)"
        else:
            self.axis_values, label = np.arange(nchan, dtype=float), "channel"
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

    def show_spectrum(self, spectrum: Spectrum) -> None:
        where = f"pixel {spectrum.x}, {spectrum.y}" + (f" (box {spectrum.box})" if spectrum.box > 1 else "")
        self.show_values(spectrum.values, where)
