"""The pages of a PDF in one continuous vertical scroll, drawn from the images the PDF worker renders.

The view knows page sizes (points), the zoom (logical pixels per point) and which images it holds; it says
which renders it needs (:meth:`PdfPages.wanted`: the visible pages first, then their neighbours, each at the zoom
times the screen's device-pixel ratio, so text is sharp on HiDPI screens) and draws a page that has none yet as
a blank sheet saying so, or the previous zoom's image stretched until the new one arrives. Search hits are
drawn over the pages, the current one stronger.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import QAbstractScrollArea

from ..qa.pdf import Hit

MARGIN, GAP = 12, 12  # logical pixels around the pages and between them
MIN_ZOOM, MAX_ZOOM, STEP = 0.1, 8.0, 1.25
MAX_RENDER_PIXELS = 24_000_000  # a page's render is capped at this (about 96 MB); beyond it, it is stretched
KEEP_AROUND = 2  # images of pages this far from the visible ones are kept; the rest are dropped
PAGE_TEXT = QColor(90, 90, 90)  # a page not drawn (yet): on the white page in either appearance
FIT_WIDTH, FIT_PAGE = "width", "page"


class PdfPages(QAbstractScrollArea):
    needs_renders = Signal()  # the visible pages or the zoom changed: ask for :meth:`wanted`
    page_changed = Signal(int)  # the current page (from 0)
    zoom_changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.sizes: list[tuple[float, float]] = []
        self.zoom = 1.0
        self.fit: str | None = FIT_WIDTH
        self._tops: list[int] = []
        self._images: dict[int, tuple[float, QImage]] = {}  # page -> (scale it was rendered at, image)
        self._errors: dict[int, str] = {}
        self.hits: list[Hit] = []
        self.current_hit: int | None = None
        self._page = 0
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # fit width never flips it
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setBackgroundRole(QPalette.ColorRole.Dark)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.horizontalScrollBar().valueChanged.connect(self._scrolled)
        self._ask = QTimer(self, singleShot=True, interval=0)  # one request per burst of scroll events
        self._ask.timeout.connect(self.needs_renders.emit)

    # -- document --------------------------------------------------------------------------------------
    def set_document(self, sizes: list[tuple[float, float]]) -> None:
        self.sizes = list(sizes)
        self._images.clear()
        self._errors.clear()
        self.hits, self.current_hit, self._page = [], None, 0
        self.fit = FIT_WIDTH
        self._apply_fit()
        self.verticalScrollBar().setValue(0)
        self.horizontalScrollBar().setValue(0)
        self.page_changed.emit(0)
        self._ask.start()

    def clear(self) -> None:
        self.sizes = []
        self._images.clear()
        self._errors.clear()
        self.hits, self.current_hit = [], None
        self._relayout()

    def set_image(self, page: int, scale: float, image: QImage) -> None:
        if 0 <= page < len(self.sizes):
            self._images[page] = (scale, image)
            self._errors.pop(page, None)
            self.viewport().update()

    def set_error(self, page: int, message: str) -> None:
        self._errors[page] = message
        self.viewport().update()

    def image(self, page: int) -> QImage | None:
        entry = self._images.get(page)
        return entry[1] if entry else None

    # -- what to render --------------------------------------------------------------------------------
    def render_scale(self, page: int) -> float:
        """Pixels per point for ``page`` at the current zoom on this screen (capped in pixels)."""
        w, h = self.sizes[page]
        scale = self.zoom * self.devicePixelRatioF()
        return min(scale, (MAX_RENDER_PIXELS / max(w * h, 1.0)) ** 0.5)

    def visible_pages(self) -> list[int]:
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        spans = zip(self._tops, self._heights(), strict=True)
        return [i for i, (t, h) in enumerate(spans) if t < bottom and t + h > top]

    def wanted(self) -> list[tuple[int, float]]:
        """The renders needed now, most urgent first: the visible pages (from the middle of the view outwards),
        then one page before and after. Drops the images of pages far from the view."""
        visible = self.visible_pages()
        if not visible:
            return []
        middle = self.verticalScrollBar().value() + self.viewport().height() / 2
        heights = self._heights()
        order = sorted(visible, key=lambda i: abs(self._tops[i] + heights[i] / 2 - middle))
        order += [i for i in (visible[-1] + 1, visible[0] - 1) if 0 <= i < len(self.sizes)]
        keep = range(visible[0] - KEEP_AROUND, visible[-1] + KEEP_AROUND + 1)
        for page in [p for p in self._images if p not in keep]:
            del self._images[page]
        out = []
        for page in order:
            scale = self.render_scale(page)
            have = self._images.get(page)
            if page not in self._errors and (have is None or abs(have[0] - scale) > 1e-3):
                out.append((page, scale))
        return out

    # -- navigation ------------------------------------------------------------------------------------
    @property
    def page(self) -> int:
        return self._page

    def go_to_page(self, page: int) -> None:
        if self.sizes:
            page = max(0, min(page, len(self.sizes) - 1))
            self.verticalScrollBar().setValue(self._tops[page] - MARGIN)
            self._set_page(page)  # also when the page cannot scroll to the top (the last ones)

    def show_hit(self, index: int) -> None:
        """Make hit ``index`` the current one and scroll it into the middle of the view if it is not in view."""
        self.current_hit = index
        hit = self.hits[index]
        box = QRectF()
        for rect in hit.rects:
            box = box.united(self._to_view(hit.page, rect))
        view = QRectF(self.viewport().rect()).adjusted(8, 8, -8, -8)
        if not view.contains(box):
            vbar, hbar = self.verticalScrollBar(), self.horizontalScrollBar()
            vbar.setValue(int(vbar.value() + box.center().y() - view.center().y()))
            if not (view.left() <= box.left() and box.right() <= view.right()):
                hbar.setValue(int(hbar.value() + box.center().x() - view.center().x()))
        self.viewport().update()

    def set_hits(self, hits: list[Hit]) -> None:
        self.hits = hits
        if self.current_hit is not None and self.current_hit >= len(hits):
            self.current_hit = None
        self.viewport().update()

    # -- zoom ------------------------------------------------------------------------------------------
    def set_fit(self, fit: str) -> None:
        anchor = self._anchor()
        self.fit = fit
        self._apply_fit()
        self._restore(anchor)
        self.zoom_changed.emit()  # the mode shows beside the zoom, also when the zoom stays

    def set_zoom(self, zoom: float, at: QPointF | None = None) -> None:
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        anchor = self._anchor(at)
        self.fit = None
        self._set_zoom(zoom)
        self._restore(anchor, at)
        self.zoom_changed.emit()

    def zoom_by(self, factor: float, at: QPointF | None = None) -> None:
        self.set_zoom(self.zoom * factor, at)

    def actual_zoom(self) -> float:
        """The zoom of 100 %: a point is a point on the screen (its logical dots per inch)."""
        return self.logicalDpiY() / 72

    def _apply_fit(self) -> None:
        if not self.sizes or self.fit is None:
            self._relayout()
            return
        room_w = max(50, self.viewport().width() - 2 * MARGIN)
        zoom = room_w / max(w for w, _h in self.sizes)
        if self.fit == FIT_PAGE:
            room_h = max(50, self.viewport().height() - 2 * MARGIN)
            zoom = min(zoom, room_h / self.sizes[self._page][1])
        self._set_zoom(zoom)

    def _set_zoom(self, zoom: float) -> None:
        changed = abs(zoom - self.zoom) > 1e-9
        self.zoom = zoom
        self._relayout()
        if changed:
            self.zoom_changed.emit()
        self._ask.start()

    def _anchor(self, at: QPointF | None = None) -> tuple[int, float, float]:
        """The document point under ``at`` (default: the top-left of the view) as (page, x, y fraction)."""
        if not self.sizes:
            return (0, 0.0, 0.0)
        y = self.verticalScrollBar().value() + (at.y() if at else 0)
        page = max(0, min(len(self._tops) - 1, sum(1 for t in self._tops if t <= y) - 1))
        height = self._heights()[page]
        x = self.horizontalScrollBar().value() + (at.x() if at else 0) - self._left(page)
        return page, x / max(1, self._widths()[page]), (y - self._tops[page]) / max(1, height)

    def _restore(self, anchor: tuple[int, float, float], at: QPointF | None = None) -> None:
        if not self.sizes:
            return
        page, fx, fy = anchor
        y = self._tops[page] + fy * self._heights()[page] - (at.y() if at else 0)
        self.verticalScrollBar().setValue(int(round(y)))
        if at is not None:
            x = self._left(page) + fx * self._widths()[page] - at.x()
            self.horizontalScrollBar().setValue(int(round(x)))

    # -- layout ----------------------------------------------------------------------------------------
    def _heights(self) -> list[int]:
        return [max(1, round(h * self.zoom)) for _w, h in self.sizes]

    def _widths(self) -> list[int]:
        return [max(1, round(w * self.zoom)) for w, _h in self.sizes]

    def _content_width(self) -> int:
        return max(self._widths(), default=0) + 2 * MARGIN

    def _left(self, page: int) -> float:
        """The page's left edge in content coordinates (pages narrower than the view are centred)."""
        room = max(self._content_width(), self.viewport().width())
        return (room - self._widths()[page]) / 2

    def _relayout(self) -> None:
        tops, y = [], MARGIN
        for h in self._heights():
            tops.append(y)
            y += h + GAP
        self._tops = tops
        total = y - GAP + MARGIN if tops else 0
        vbar, hbar = self.verticalScrollBar(), self.horizontalScrollBar()
        vbar.setRange(0, max(0, total - self.viewport().height()))
        vbar.setPageStep(self.viewport().height())
        vbar.setSingleStep(40)
        hbar.setRange(0, max(0, self._content_width() - self.viewport().width()))
        hbar.setPageStep(self.viewport().width())
        hbar.setSingleStep(40)
        self.viewport().update()

    def _to_view(self, page: int, rect: tuple[float, float, float, float]) -> QRectF:
        x0, y0, x1, y1 = rect
        left = self._left(page) - self.horizontalScrollBar().value()
        top = self._tops[page] - self.verticalScrollBar().value()
        z = self.zoom
        return QRectF(left + x0 * z, top + y0 * z, (x1 - x0) * z, (y1 - y0) * z)

    def _scrolled(self) -> None:
        vbar = self.verticalScrollBar()
        if self.sizes:
            probe = vbar.value() + self.viewport().height() / 2
            page = max(0, sum(1 for t in self._tops if t <= probe) - 1)
            if vbar.value() >= vbar.maximum() > 0:
                page = len(self.sizes) - 1  # at the end: the last page, even when it cannot reach the top
            self._set_page(page)
        self.viewport().update()
        self._ask.start()

    def _set_page(self, page: int) -> None:
        if page != self._page:
            self._page = page
            self.page_changed.emit(page)

    # -- events ----------------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        anchor = self._anchor()
        self._apply_fit()
        self._restore(anchor)
        self._ask.start()

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            notches = event.angleDelta().y() / 120
            if notches and self.sizes:
                self.zoom_by(STEP**notches, event.position())
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event) -> None:
        key, ctrl = event.key(), event.modifiers() & Qt.KeyboardModifier.ControlModifier
        actions = {
            Qt.Key.Key_PageDown: lambda: self.go_to_page(self._page + 1),
            Qt.Key.Key_PageUp: lambda: self.go_to_page(self._page - 1 if self._at_page_top() else self._page),
            Qt.Key.Key_Home: lambda: self.go_to_page(0),
            Qt.Key.Key_End: lambda: self.go_to_page(len(self.sizes) - 1),
            Qt.Key.Key_Plus: lambda: self.zoom_by(STEP),
            Qt.Key.Key_Equal: lambda: self.zoom_by(STEP),
            Qt.Key.Key_Minus: lambda: self.zoom_by(1 / STEP),
        }
        if key == Qt.Key.Key_0 and ctrl:
            self.set_fit(FIT_WIDTH)
        elif key in actions and self.sizes:
            actions[key]()
        else:
            super().keyPressEvent(event)

    def _at_page_top(self) -> bool:
        return self.verticalScrollBar().value() <= self._tops[self._page] - MARGIN + 2

    def paintEvent(self, _event) -> None:
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        heights, widths = self._heights(), self._widths()
        top_y = self.verticalScrollBar().value()
        for page in self.visible_pages():
            rect = QRectF(
                self._left(page) - self.horizontalScrollBar().value(), self._tops[page] - top_y,
                widths[page], heights[page],
            )  # fmt: skip
            painter.fillRect(rect.translated(2, 2), QColor(0, 0, 0, 60))
            painter.fillRect(rect, Qt.GlobalColor.white)
            entry = self._images.get(page)
            if entry is not None:
                painter.drawImage(rect, entry[1])
            if entry is None or page in self._errors:
                painter.setPen(PAGE_TEXT)
                text = f"Page {page + 1}" + (
                    f" cannot be drawn: {self._errors[page]}" if page in self._errors else "\nRendering…"
                )
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
            self._paint_hits(painter, page)
        painter.end()

    def _paint_hits(self, painter: QPainter, page: int) -> None:
        for index, hit in enumerate(self.hits):
            if hit.page != page:
                continue
            current = index == self.current_hit
            painter.setPen(QPen(QColor(230, 90, 0), 1.5) if current else Qt.PenStyle.NoPen)
            painter.setBrush(QColor(255, 140, 0, 110) if current else QColor(255, 220, 0, 100))
            for rect in hit.rects:
                painter.drawRect(self._to_view(page, rect).adjusted(-1, -1, 1, 1))
