"""The per-plane beam of a cube (a BEAMS table): its major and minor axes against channel."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from ..imaging.beams import Beam
from .appearance import follow_palette, on_change, scheme


class BeamPlot(pg.PlotWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMenuEnabled(False)
        self.setLabel("bottom", "channel")
        self.setLabel("left", "beam axes (arcsec)")
        self.addLegend(offset=(-10, 10))
        self.setMinimumHeight(160)
        follow_palette(self)  # after the legend: its labels too
        self.beams: list[Beam] | None = None
        on_change(self._recolour)

    def _recolour(self) -> None:
        self.show_beams(self.beams)

    def show_beams(self, beams: list[Beam] | None) -> None:
        """Plot ``beams`` (hidden without per-plane beams)."""
        self.beams = beams
        self.clear()
        self.setVisible(bool(beams))
        if beams:
            chans = np.arange(len(beams))
            lines = scheme().lines
            for values, name, colour in (([b.bmaj_arcsec for b in beams], "major", lines["red"]),
                                         ([b.bmin_arcsec for b in beams], "minor", lines["blue"])):  # fmt: skip
                self.plot(chans, values, pen=pg.mkPen(colour, width=1.4), name=name)
