"""The image itself: a plane's codes drawn through its colour-index table as an 8-bit indexed image in a
pyqtgraph view (pan with the mouse, zoom with the wheel, the aspect kept), the beam in the lower-left
corner, and the cursor reported in pixel coordinates."""

from __future__ import annotations

import math
import os

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import numpy as np  # noqa: E402
import pyqtgraph as pg  # noqa: E402
from PySide6.QtCore import QPointF, QRectF, Qt, Signal  # noqa: E402
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, qRgba  # noqa: E402
from PySide6.QtWidgets import QGraphicsEllipseItem  # noqa: E402

from ..imaging.levels import apply_table  # noqa: E402
from ..imaging.planes import PlaneView  # noqa: E402

pg.setConfigOptions(imageAxisOrder="row-major", antialias=False)


class PictureItem(pg.GraphicsObject):
    """A plane's uint16 codes drawn through its code → colour-index table as a Format_Indexed8 image with a
    256-entry RGBA colour table (index 0 transparent: blanks show the background). The indices are made
    when the item is painted, for what is on screen only: the visible part of the plane, every ``step``-th
    pixel when ``step`` image pixels or more fall on one device pixel (Qt draws a scaled-down image by
    nearest neighbour, one image pixel per device pixel: decimating first shows the same kind of picture).
    A level change then costs a gather of about the window's pixel count, whatever the image size, and
    however many level changes come between two paints, one gather."""

    def __init__(self):
        super().__init__()
        self._codes: np.ndarray | None = None
        self._table: np.ndarray | None = None
        self._colours: np.ndarray | None = None
        self._colour_table: list[int] = []
        self._key: tuple | None = None  # (codes, table, *region) of the picture made
        self.region: tuple[int, int, int, int, int] | None = None  # its (x0, x1, y0, y1, step)
        self.indices: np.ndarray | None = None  # its colour indices: codes[y0:y1:step, x0:x1:step] through the table
        self.qimage: QImage | None = None
        self.gathers = 0  # pictures made (a test counts them)

    def set_picture(self, codes: np.ndarray, table: np.ndarray, colours: np.ndarray) -> None:
        if self._codes is None or self._codes.shape != codes.shape:
            self.prepareGeometryChange()
        self._codes, self._table = codes, table
        if colours is not self._colours:
            self._colours = colours
            self._colour_table = [qRgba(*rgba) for rgba in colours.tolist()]
            if self.qimage is not None:
                self.qimage.setColorTable(self._colour_table)
        self.update()

    def clear(self) -> None:
        self.prepareGeometryChange()
        self._codes = self._table = self._key = self.region = self.indices = self.qimage = None
        self.update()

    def boundingRect(self) -> QRectF:
        if self._codes is None:
            return QRectF()
        ny, nx = self._codes.shape
        return QRectF(0, 0, nx, ny)

    def paint(self, painter: QPainter, *_args) -> None:
        region = self._region(painter)
        if region is None:
            return
        x0, x1, y0, y1, step = region
        key = (self._codes, self._table, *region)
        if self._key is None or any(a is not b if isinstance(a, np.ndarray) else a != b
                                    for a, b in zip(key, self._key, strict=True)):  # fmt: skip
            self.indices = apply_table(self._codes[y0:y1:step, x0:x1:step], self._table)
            self.qimage = pg.functions.ndarray_to_qimage(self.indices, QImage.Format.Format_Indexed8)
            self.qimage.setColorTable(self._colour_table)
            self._key, self.region = key, region
            self.gathers += 1
        painter.drawImage(QRectF(x0, y0, x1 - x0, y1 - y0), self.qimage,
                          QRectF(0, 0, (x1 - x0) / step, (y1 - y0) / step))  # fmt: skip

    def _region(self, painter: QPainter) -> tuple[int, int, int, int, int] | None:
        """(x0, x1, y0, y1, step): the part of the plane on the painter's device, x0 and y0 on the step grid
        (a pan does not shift which pixels are shown)."""
        if self._codes is None:
            return None
        ny, nx = self._codes.shape
        transform = painter.worldTransform()
        seen = transform.inverted()[0].mapRect(QRectF(painter.viewport())).intersected(self.boundingRect())
        if painter.hasClipping():  # the view box clips its items to itself
            seen = seen.intersected(painter.clipBoundingRect())
        if seen.isEmpty():
            return None
        scale = min(math.hypot(transform.m11(), transform.m12()), math.hypot(transform.m21(), transform.m22()))
        scale *= painter.device().devicePixelRatioF()  # device pixels per image pixel
        step = max(1, int(1.0 / scale)) if scale > 0 else 1
        x0, y0 = max(0, math.floor(seen.left())), max(0, math.floor(seen.top()))
        x0, y0 = x0 - x0 % step, y0 - y0 % step
        x1, y1 = min(nx, math.ceil(seen.right())), min(ny, math.ceil(seen.bottom()))
        return (x0, x1, y0, y1, step) if x1 > x0 and y1 > y0 else None


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
        self.item = PictureItem()
        self.plot.addItem(self.item)
        self.beam = QGraphicsEllipseItem()
        self.beam.setPen(QPen(QColor("white"), 0))
        self.beam.setBrush(QBrush(QColor(255, 255, 255, 90)))
        self.beam.setZValue(10)
        self.plot.addItem(self.beam)
        self.beam.hide()
        self._shape: tuple[int, int] | None = None
        self._contours: list[pg.PlotDataItem] = []
        self.scene().sigMouseMoved.connect(self._moved)
        self.scene().sigMouseClicked.connect(self._clicked)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def show_plane(self, view: PlaneView, pixel_arcsec: float | None) -> None:
        """Draw ``view``; the zoom and pan stay unless the image size changed."""
        first = self._shape != view.codes.shape
        self.item.set_picture(view.codes.codes, view.table, view.colours)
        self._shape = view.codes.shape
        if first:  # an explicit range: autoRange on a page not laid out yet (zero size) gives a useless one
            ny, nx = view.codes.shape
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

    def reset(self) -> None:
        """Show nothing. (Not ``clear``: GraphicsLayoutWidget binds that name, per instance, to emptying its
        layout, which would remove the plot itself.)"""
        self.set_contours([])
        self.item.clear()
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
