"""cont.dat: per field and spw the continuum ranges as a table (total width, fraction of the spw when the
member's cube of that spw gives its extent) and on the frequency axis, one row per field/spw."""

from __future__ import annotations

import os

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QWidget

from ...delivery.contdat import parse_cont_dat
from ...imaging.spw_extent import member_spw_extents
from ...present.facts import DIM
from ...qa.cont_ranges import NO_RANGES, ContRow, cont_rows, cont_table
from ..appearance import follow_palette, on_change, scheme
from ..helper_table_view import HelperTableView
from .helper import HelperPreview

RANGE_BRUSH = (46, 160, 90, 200)
SPW_BRUSH = (150, 150, 150, 60)


def _member_of(path: str) -> str:
    """The member folder of a cont.dat in one of its sections (calibration/, product/, script/), else its own
    folder."""
    folder = os.path.dirname(os.path.abspath(path))
    return os.path.dirname(folder) if os.path.basename(folder) in ("calibration", "product", "script") else folder


class ContinuumPlot(pg.PlotWidget):
    """Each field/spw a row: the spw's extent (grey, when known) and its continuum ranges (green bars)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        follow_palette(self)
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=True, y=False)
        self.getViewBox().invertY(True)
        self.showGrid(x=True, y=False, alpha=0.25)
        self.getAxis("bottom").enableAutoSIPrefix(False)
        self.range_count = 0
        self.labels: list[pg.TextItem] = []  # the rows' states, dimmed
        on_change(self._recolour)
        self.setMinimumHeight(140)

    def _recolour(self) -> None:
        for text in self.labels:
            text.setColor(scheme().tones[DIM])

    def set_rows(self, rows: list[ContRow]) -> None:
        self.clear()
        self.labels = []
        spans = [r.span for r in rows if r.span is not None]
        left = min((s[0] for s in spans), default=0.0) / 1e9
        x0, x1, ys, sx0, sx1, sys_ = [], [], [], [], [], []
        for i, row in enumerate(rows):
            for lo, hi in row.ranges:
                x0.append(lo / 1e9)
                x1.append(hi / 1e9)
                ys.append(i)
            if row.extent is not None:
                sx0.append(row.extent[0] / 1e9)
                sx1.append(row.extent[1] / 1e9)
                sys_.append(i)
            elif len(row.ranges) > 1:  # no extent: a thin line from the first range to the last
                self.addItem(pg.PlotDataItem([row.span[0] / 1e9, row.span[1] / 1e9], [i, i],
                                             pen=pg.mkPen(150, 150, 150, 160, width=1)))  # fmt: skip
            label = row.state
            if label:  # beside the row's bars (or at the left edge when it has none)
                where = (row.span[1] / 1e9) if row.span else left
                text = pg.TextItem(label.split(":")[0] if label != NO_RANGES else label, color=scheme().tones[DIM],
                                   anchor=(0, 0.5))  # fmt: skip
                text.setPos(where, i)
                self.labels.append(text)
                self.addItem(text)
        if sx0:
            self.addItem(pg.BarGraphItem(x0=np.array(sx0), x1=np.array(sx1), y=np.array(sys_), height=0.8,
                                         brush=pg.mkBrush(*SPW_BRUSH), pen=pg.mkPen(None)))  # fmt: skip
        self.range_count = len(x0)
        if x0:
            # outlined in their colour: a range narrower than a pixel still shows
            self.addItem(pg.BarGraphItem(x0=np.array(x0), x1=np.array(x1), y=np.array(ys), height=0.55,
                                         brush=pg.mkBrush(*RANGE_BRUSH), pen=pg.mkPen(*RANGE_BRUSH)))  # fmt: skip
        frames = sorted({r.frame for r in rows if r.frame})
        self.setLabel("bottom", f"Frequency (GHz{', ' + '/'.join(frames) if frames else ''})")
        axis = self.getAxis("left")
        axis.setTicks([[(i, f"{r.field} · spw {r.spw}") for i, r in enumerate(rows)]])
        self.setYRange(-0.6, len(rows) - 0.4, padding=0)
        self.enableAutoRange(axis="x")

    def mouseDoubleClickEvent(self, event) -> None:
        self.enableAutoRange(axis="x")
        event.accept()

    def zoom_to(self, row: ContRow) -> None:
        """Show ``row``'s spw (or its ranges) across the plot."""
        if row.span is not None:
            lo, hi = row.span[0] / 1e9, row.span[1] / 1e9
            margin = max(0.05 * (hi - lo), 0.005)
            self.setXRange(lo - margin, hi + margin, padding=0)


class ContDatPreview(HelperPreview):
    what = "a cont.dat (continuum ranges)"

    @staticmethod
    def parse(text: str, path: str) -> list[ContRow]:
        fields = list(parse_cont_dat(text))
        return cont_rows(text, member_spw_extents(_member_of(path), fields) if fields else None)

    def build(self, parsed: list[ContRow]) -> list[tuple[str, QWidget]]:
        self.table = HelperTableView()
        self.table.set_table(cont_table(parsed))
        self.plot = ContinuumPlot()
        self.plot.set_rows(parsed)
        self.plot.setMinimumHeight(min(600, 60 + 28 * len(parsed)))
        self.rows = parsed
        self.table.itemSelectionChanged.connect(self._zoom_to_selected)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.plot)
        return [("Continuum ranges", split)]

    def summary(self, parsed: list[ContRow]) -> str:
        return cont_table(parsed).summary + " Select a row to zoom on its spw; double-click the plot to see all."

    def _zoom_to_selected(self) -> None:
        selected = self.table.selectedItems()
        if not selected:
            return
        r = selected[0].row()
        field, spw = self.table.item(r, 0).text(), int(self.table.item(r, 1).text())
        row = next((x for x in self.rows if x.field == field and x.spw == spw), None)
        if row is not None:
            self.plot.zoom_to(row)
