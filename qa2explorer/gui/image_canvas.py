"""The image itself: an 8-bit RGBA plane in a pyqtgraph view (pan with the mouse, zoom with the wheel, the
aspect kept), the beam in the lower-left corner, and the cursor reported in pixel coordinates."""

from __future__ import annotations

import os

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import numpy as np  # noqa: E402
import pyqtgraph as pg  # noqa: E402
from PySide6.QtCore import QPointF, Qt, Signal  # noqa: E402
from PySide6.QtGui import QBrush, QColor, QPen  # noqa: E402
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsRectItem  # noqa: E402

from ..imaging.planes import PlaneView  # noqa: E402

pg.setConfigOptions(imageAxisOrder="row-major", antialias=False)


def rgba_of(view: PlaneView) -> np.ndarray:
    """The plane through its colour table; blank pixels transparent (the background shows)."""
    rgba = view.lut[view.image]
    rgba[view.blank] = 0
    return rgba


class ImageCanvas(pg.GraphicsLayoutWidget):
    hovered = Signal(float, float)  # pixel coordinates under the cursor (0-based, x along NAXIS1)
    left_the_image = Signal()
    clicked = Signal(int, int)  # the pixel clicked
    step = Signal(int)  # arrow keys: -1 / +1 channel

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackground(self.palette().color(self.backgroundRole()))
        self.plot = self.addPlot()
        self.plot.setAspectLocked(True)
        self.plot.showGrid(False, False)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        for side in ("left", "bottom"):
            self.plot.getAxis(side).setLabel("pixel")
        self.item = pg.ImageItem()
        self.plot.addItem(self.item)
        self.beam = QGraphicsEllipseItem()
        self.beam.setPen(QPen(QColor("white"), 0))
        self.beam.setBrush(QBrush(QColor(255, 255, 255, 90)))
        self.beam.setZValue(10)
        self.plot.addItem(self.beam)
        self.beam.hide()
        self.marker = pg.ScatterPlotItem(symbol="+", size=14, pen=pg.mkPen("#00e5ff", width=1.5), brush=None)
        self.marker.setZValue(11)
        self.plot.addItem(self.marker)
        self.box = QGraphicsRectItem()  # the pixel or box of the spectrum shown
        self.box.setPen(QPen(QColor("#00e5ff"), 0))
        self.box.setZValue(11)
        self.plot.addItem(self.box)
        self.box.hide()
        self._shape: tuple[int, int] | None = None
        self._contours: list[pg.PlotDataItem] = []
        self.scene().sigMouseMoved.connect(self._moved)
        self.scene().sigMouseClicked.connect(self._clicked)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def show_plane(self, view: PlaneView, pixel_arcsec: float | None) -> None:
        """Draw ``view``; the zoom and pan stay unless the image size changed."""
        first = self._shape != view.image.shape
        self.item.setImage(rgba_of(view), autoLevels=False)
        self._shape = view.image.shape
        if first:  # an explicit range: autoRange on a page not laid out yet (zero size) gives a useless one
            ny, nx = view.image.shape
            self.plot.vb.setRange(xRange=(0, nx), yRange=(0, ny), padding=0.02)
        self._place_beam(view, pixel_arcsec)

    def set_contours(self, lines: list[tuple[np.ndarray, np.ndarray, str, float]]) -> None:
        """Replace the contours: (xs, ys, colour, width) each, NaN-separated polylines in pixel coordinates."""
        for item in self._contours:
            self.plot.removeItem(item)
        self._contours = []
        for xs, ys, colour, width in lines:
            item = pg.PlotDataItem(xs, ys, connect="finite", pen=pg.mkPen(colour, width=width))
            item.setZValue(5)
            self.plot.addItem(item)
            self._contours.append(item)

    def set_marker(self, x: float | None, y: float | None) -> None:
        """A cross at pixel (x, y), e.g. where the cursor is in a linked view; None hides it."""
        self.marker.setData([] if x is None else [x + 0.5], [] if y is None else [y + 0.5])

    def set_box(self, x: int, y: int, size: int) -> None:
        """Outline the ``size`` × ``size`` pixels centred on pixel (x, y)."""
        half = size // 2
        self.box.setRect(x - half, y - half, size, size)  # pixel x spans x .. x + 1 in view coordinates
        self.box.show()

    def reset(self) -> None:
        """Show nothing. (Not ``clear``: GraphicsLayoutWidget binds that name, per instance, to emptying its
        layout, which would remove the plot itself.)"""
        self.set_contours([])
        self.item.clear()
        self.marker.setData([], [])
        self.box.hide()
        self.beam.hide()
        self._shape = None

    def _place_beam(self, view: PlaneView, pixel_arcsec: float | None) -> None:
        if view.beam is None or not pixel_arcsec:
            self.beam.hide()
            return
        major, minor = view.beam.bmaj_arcsec / pixel_arcsec, view.beam.bmin_arcsec / pixel_arcsec
        pad = max(major, minor) * 0.7 + 2
        self.beam.setRect(-minor / 2, -major / 2, minor, major)  # major axis north (up) before rotating
        self.beam.setPos(QPointF(pad, pad))
        self.beam.setRotation(view.beam.bpa_deg)  # position angle: from north towards east (left)
        self.beam.show()

    def _pixel_at(self, scene_pos) -> tuple[float, float] | None:
        if self._shape is None or not self.plot.sceneBoundingRect().contains(scene_pos):
            return None
        p = self.plot.vb.mapSceneToView(scene_pos)
        ny, nx = self._shape
        x, y = p.x() - 0.5, p.y() - 0.5  # pixel centres at integer coordinates (FITS convention, 0-based)
        if -0.5 <= x < nx - 0.5 and -0.5 <= y < ny - 0.5:
            return x, y
        return None

    def _moved(self, scene_pos) -> None:
        found = self._pixel_at(scene_pos)
        if found is None:
            self.left_the_image.emit()
        else:
            self.hovered.emit(*found)

    def _clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        found = self._pixel_at(event.scenePos())
        if found is not None:
            self.clicked.emit(int(round(found[0])), int(round(found[1])))

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_PageUp):
            self.step.emit(1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down, Qt.Key.Key_PageDown):
            self.step.emit(-1)
        else:
            super().keyPressEvent(event)
