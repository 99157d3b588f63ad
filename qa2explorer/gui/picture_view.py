"""Picture preview that fits the pane, with zoom (wheel, keys, buttons) and panning."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPalette, QPixmap, QTransform
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

MIN_ZOOM = 0.05
MAX_ZOOM = 16.0
STEP = 1.25


class _View(QGraphicsView):
    """The graphics view; forwards wheel, keys and resizes to its PictureView."""

    def __init__(self, owner: PictureView):
        super().__init__()
        self._owner = owner

    def sizeHint(self) -> QSize:  # never ask the layout for the picture's full size
        return QSize(400, 300)

    def wheelEvent(self, event) -> None:
        notches = event.angleDelta().y() / 120
        if notches and self._owner.has_image():
            self._owner._zoom_by(STEP**notches, event.position())
            event.accept()
        else:
            super().wheelEvent(event)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self._owner.zoom_in()
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self._owner.zoom_out()
        elif key == Qt.Key.Key_0:
            self._owner.zoom_fit()
        elif key == Qt.Key.Key_1:
            self._owner.zoom_actual()
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._owner.fit_mode():
            self._owner._apply_fit()


class PictureView(QWidget):
    """A picture (e.g. a 990×720 ALMA QA plot) shown whole in the pane ("Fit", the start of every new picture,
    refitted on resize; it never enlarges beyond 1:1), or zoomed 5 %–1600 % with the toolbar (Fit, 1:1, −, +),
    the mouse wheel (around the cursor), or the keys + / − / Ctrl+= / Ctrl+- / 0 (Fit) / 1 (1:1) on the view.
    Larger than the pane, it scrolls and pans with a left-drag. ``set_message`` shows a text instead."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._scale = 1.0
        self._fit = True
        self._item = QGraphicsPixmapItem()
        self._item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._scene = QGraphicsScene(self)
        self._scene.addItem(self._item)
        self.view = _View(self)
        self.view.setScene(self._scene)
        self.view.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.view.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.view.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.view.viewport().setBackgroundRole(QPalette.ColorRole.Base)
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setFrameShape(QFrame.Shape.StyledPanel)
        self.message.setBackgroundRole(QPalette.ColorRole.Base)
        self.message.setAutoFillBackground(True)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.view)
        self._stack.addWidget(self.message)

        bar = QHBoxLayout()
        bar.setContentsMargins(2, 2, 2, 0)
        bar.setSpacing(2)
        self._buttons = []
        for text, tip, slot in (
            ("Fit", "Show the whole picture (0)", self.zoom_fit),
            ("1:1", "Actual size, 100 % (1)", self.zoom_actual),
            ("−", "Zoom out (−)", self.zoom_out),
            ("+", "Zoom in (+)", self.zoom_in),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setAutoRaise(True)
            button.setMinimumWidth(28)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the picture
            button.clicked.connect(slot)
            bar.addWidget(button)
            self._buttons.append(button)
        self.zoom_label = QLabel()
        self.zoom_label.setContentsMargins(6, 0, 0, 0)
        bar.addWidget(self.zoom_label)
        bar.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self._stack, 1)
        self.setFocusProxy(self.view)
        self.clear()

    def show_image(self, image: QImage) -> None:
        if image is None or image.isNull():
            self.set_message("No picture to show (empty or unreadable image).")
            return
        self._item.setPixmap(QPixmap.fromImage(image))
        self._scene.setSceneRect(self._item.boundingRect())
        self._stack.setCurrentWidget(self.view)
        self._enable(True)
        self.zoom_fit()

    def clear(self) -> None:
        self.set_message("")

    def set_message(self, text: str) -> None:
        self._item.setPixmap(QPixmap())
        self._scene.setSceneRect(0, 0, 0, 0)
        self.message.setText(text)
        self._stack.setCurrentWidget(self.message)
        self._enable(False)

    def has_image(self) -> bool:
        return not self._item.pixmap().isNull()

    def zoom(self) -> float:
        return self._scale

    def fit_mode(self) -> bool:
        return self._fit

    def zoom_in(self) -> None:
        self._zoom_by(STEP)

    def zoom_out(self) -> None:
        self._zoom_by(1 / STEP)

    def zoom_actual(self) -> None:
        self._fit = False
        self._set_scale(1.0)

    def zoom_fit(self) -> None:
        self._fit = True
        self._apply_fit()

    def _enable(self, on: bool) -> None:
        for button in self._buttons:
            button.setEnabled(on)
        self.zoom_label.setEnabled(on)
        self._update_label()

    def _apply_fit(self) -> None:
        if not self.has_image():
            return
        size = self._item.pixmap().deviceIndependentSize()
        room = self.view.maximumViewportSize()  # the viewport without scroll bars
        # one pixel to spare, so rounding never brings up a scroll bar
        self._set_scale(min(1.0, (room.width() - 1) / size.width(), (room.height() - 1) / size.height()))

    def _zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        if not self.has_image():
            return
        target = min(MAX_ZOOM, max(MIN_ZOOM, self._scale * factor))
        if (factor > 1 and target <= self._scale) or (factor < 1 and target >= self._scale):
            return  # already at the limit (or a fit below the minimum zoom)
        self._fit = False
        if anchor is None:
            self._set_scale(target)
            return
        point = self.view.mapToScene(anchor.toPoint())  # keep this picture point under the cursor
        self._set_scale(target)
        moved = self.view.mapFromScene(point) - anchor.toPoint()
        self.view.horizontalScrollBar().setValue(self.view.horizontalScrollBar().value() + moved.x())
        self.view.verticalScrollBar().setValue(self.view.verticalScrollBar().value() + moved.y())

    def _set_scale(self, scale: float) -> None:
        self._scale = max(scale, 1e-3)
        self.view.setTransform(QTransform.fromScale(self._scale, self._scale))
        self._update_label()

    def _update_label(self) -> None:
        if not self.has_image():
            self.zoom_label.setText("")
            return
        percent = f"{self._scale * 100:.0f} %"
        self.zoom_label.setText(f"Fit · {percent}" if self._fit else percent)
