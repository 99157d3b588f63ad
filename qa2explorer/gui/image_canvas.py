"""The image itself, drawn with Qt alone (no plotting library on the way to the first picture): the plane's
colour indices as an 8-bit indexed image with its colour table (blank pixels transparent), north up; the wheel
zooms under the cursor, dragging pans, a double click fits the image; the beam in the lower-left corner,
contours, a cross and a box on request; the cursor reported in pixel coordinates (0-based, pixel centres at
integers, x along NAXIS1).

Only what is on screen is looked up and drawn, and zoomed out only every k-th pixel of every k-th row (k: image
pixels per screen pixel): a level drag on a 4096² image costs what the screen can show, not what the file
holds."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen, QPolygonF, qRgba
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
)

from ..imaging.levels import apply_table
from ..imaging.planes import PlaneView
from .appearance import on_change

ZOOM_PER_NOTCH = 1.25  # one wheel notch
CLICK_SLOP = 4  # pixels the mouse may move between press and release of a click
MARKER_HALF = 7  # screen pixels


class PictureItem(QGraphicsItem):
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
        self.qimage: QImage | None = None  # over ``indices`` (which it does not copy)
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
            self.indices = apply_table(np.ascontiguousarray(self._codes[y0:y1:step, x0:x1:step]), self._table)
            h, w = self.indices.shape
            self.qimage = QImage(self.indices.data, w, h, w, QImage.Format.Format_Indexed8)
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
        if painter.hasClipping():
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


class ImageCanvas(QGraphicsView):
    hovered = Signal(float, float)  # pixel coordinates under the cursor
    left_the_image = Signal()
    clicked = Signal(int, int)  # the pixel clicked
    step = Signal(int)  # arrow keys: -1 / +1 channel
    range_changed = Signal(object)  # ((x0, x1), (y0, y1)): the part of the image shown, in view coordinates

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.scale(1.0, -1.0)  # FITS rows go up
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.viewport().setCursor(Qt.CursorShape.CrossCursor)
        self.setMouseTracking(True)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self._background()
        on_change(self._background)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.item = PictureItem()
        self.scene().addItem(self.item)
        self.beam = QGraphicsEllipseItem()
        self.beam.setPen(_cosmetic("#111111", 1.5))  # a dark edge and a light fill: seen on blank and on bright
        self.beam.setBrush(QBrush(QColor(255, 255, 255, 170)))
        self.beam.setZValue(10)
        self.scene().addItem(self.beam)
        self.beam.hide()
        cross = QPainterPath()
        for (x0, y0), (x1, y1) in (((-MARKER_HALF, 0), (MARKER_HALF, 0)), ((0, -MARKER_HALF), (0, MARKER_HALF))):
            cross.moveTo(x0, y0)
            cross.lineTo(x1, y1)
        self.marker = QGraphicsPathItem(cross)
        self.marker.setPen(QPen(QColor("#00e5ff"), 1.5))
        self.marker.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.marker.setZValue(11)
        self.scene().addItem(self.marker)
        self.marker.hide()
        self.box = QGraphicsRectItem()  # the pixel or box of the spectrum shown
        self.box.setPen(_cosmetic("#00e5ff", 1.0))
        self.box.setZValue(11)
        self.scene().addItem(self.box)
        self.box.hide()
        self._contours: list[QGraphicsPathItem] = []
        self._shape: tuple[int, int] | None = None
        self._press: QPointF | None = None
        self._fitted = False  # the whole image in view, as the user has not zoomed or panned: kept on resize

    def _background(self) -> None:
        """A shade off the window's colour, light or dark as the system is (blank pixels show it)."""
        self.setBackgroundBrush(QApplication.palette().color(self.backgroundRole()).darker(106))

    # -- content -------------------------------------------------------------------------------------------
    @property
    def image_shape(self) -> tuple[int, int] | None:
        """(ny, nx) of the image shown, or None."""
        return self._shape

    def show_plane(self, view: PlaneView, pixel_arcsec: float | None) -> None:
        """Draw ``view``; the zoom and pan stay unless the image size changed."""
        first = self._shape != view.codes.shape
        self.item.set_picture(view.codes.codes, view.table, view.colours)
        self._shape = view.codes.shape
        if first:
            ny, nx = self._shape
            margin = 10.0 * max(nx, ny)  # room to pan the image anywhere, even to a corner
            self.setSceneRect(QRectF(-margin, -margin, nx + 2 * margin, ny + 2 * margin))
            self.fit()
        self._place_beam(view, pixel_arcsec)

    def set_contours(self, lines: list[tuple[np.ndarray, np.ndarray, str, float]]) -> None:
        """Replace the contours: (xs, ys, colour, width) each, NaN-separated polylines in view coordinates."""
        for item in self._contours:
            self.scene().removeItem(item)
        self._contours = []
        for xs, ys, colour, width in lines:
            item = QGraphicsPathItem(_polylines(xs, ys))
            item.setPen(_cosmetic(colour, width))
            item.setZValue(5)
            self.scene().addItem(item)
            self._contours.append(item)

    def set_marker(self, x: float | None, y: float | None) -> None:
        """A cross at pixel (x, y), e.g. where the cursor is in a linked view; None hides it."""
        if x is None or y is None:
            self.marker.hide()
            return
        self.marker.setPos(x + 0.5, y + 0.5)
        self.marker.show()

    def set_box(self, x: int, y: int, size: int) -> None:
        """Outline the ``size`` × ``size`` pixels centred on pixel (x, y)."""
        half = size // 2
        self.box.setRect(x - half, y - half, size, size)
        self.box.show()

    def reset(self) -> None:
        """Show nothing."""
        self.set_contours([])
        self.item.clear()
        for item in (self.marker, self.box, self.beam):
            item.hide()
        self._shape = None

    # -- zoom and pan ----------------------------------------------------------------------------------------
    def fit(self) -> None:
        """The whole image in the window (and kept so when the window is resized, until a zoom or pan)."""
        if self._shape is not None:
            ny, nx = self._shape
            pad = 0.02 * max(nx, ny)
            self.set_view_range((-pad, nx + pad), (-pad, ny + pad))
            self._fitted = True

    def view_range(self) -> tuple[tuple[float, float], tuple[float, float]]:
        r = self.mapToScene(self.viewport().rect()).boundingRect()
        return (r.left(), r.right()), (r.top(), r.bottom())

    def set_view_range(self, x_range: tuple[float, float], y_range: tuple[float, float]) -> None:
        """Show at least this part of the image (the aspect kept), centred."""
        self._fitted = False
        (x0, x1), (y0, y1) = x_range, y_range
        self.fitInView(QRectF(min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0)), Qt.AspectRatioMode.KeepAspectRatio)
        self._changed()

    def _changed(self) -> None:
        """After any zoom, pan or resize: the new range, for linked views."""
        self.range_changed.emit(self.view_range())

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self._changed()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fitted:
            self.fit()
        else:
            self._changed()

    def wheelEvent(self, event) -> None:
        notches = event.angleDelta().y() / 120.0
        if notches:
            factor = ZOOM_PER_NOTCH**notches
            self.scale(factor, factor)
            self._fitted = False
            self._changed()

    def mouseDoubleClickEvent(self, event) -> None:
        self.fit()

    # -- the cursor --------------------------------------------------------------------------------------
    def _pixel_at(self, pos) -> tuple[float, float] | None:
        if self._shape is None:
            return None
        p = self.mapToScene(pos)
        ny, nx = self._shape
        x, y = p.x() - 0.5, p.y() - 0.5
        if -0.5 <= x < nx - 0.5 and -0.5 <= y < ny - 0.5:
            return x, y
        return None

    def mousePressEvent(self, event) -> None:
        self._press = event.position() if event.button() == Qt.MouseButton.LeftButton else None
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        self.viewport().setCursor(Qt.CursorShape.CrossCursor)
        press, self._press = self._press, None
        if press is not None and (event.position() - press).manhattanLength() > CLICK_SLOP:
            self._fitted = False  # a pan
        elif press is not None:
            found = self._pixel_at(event.position().toPoint())
            if found is not None:
                self.clicked.emit(int(round(found[0])), int(round(found[1])))

    def mouseMoveEvent(self, event) -> None:
        super().mouseMoveEvent(event)
        found = self._pixel_at(event.position().toPoint())
        if found is None:
            self.left_the_image.emit()
        else:
            self.hovered.emit(*found)

    def leaveEvent(self, event) -> None:
        super().leaveEvent(event)
        self.left_the_image.emit()

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_PageUp):
            self.step.emit(1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down, Qt.Key.Key_PageDown):
            self.step.emit(-1)
        else:
            super().keyPressEvent(event)

    # -- the beam ----------------------------------------------------------------------------------------
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


def _cosmetic(colour: str, width: float) -> QPen:
    pen = QPen(QColor(colour), width)
    pen.setCosmetic(True)  # the same width on screen at any zoom
    return pen


def _polylines(xs: np.ndarray, ys: np.ndarray) -> QPainterPath:
    """One path of the NaN-separated polylines (xs, ys)."""
    path = QPainterPath()
    breaks = np.flatnonzero(~(np.isfinite(xs) & np.isfinite(ys)))
    start = 0
    for end in [*breaks.tolist(), len(xs)]:
        if end - start >= 2:
            path.addPolygon(QPolygonF([QPointF(x, y) for x, y in zip(xs[start:end], ys[start:end], strict=True)]))
        start = end + 1
    return path
