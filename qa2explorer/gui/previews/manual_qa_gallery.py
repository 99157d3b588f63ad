"""The plots of one EB's manual QA: a caption bar (previous / next, "part 2 of 3 · …"), the selected plot large
(fit, 1:1, wheel zoom, drag pan: :class:`~qa2explorer.gui.picture_view.PictureView`) and a strip of thumbnails.
Left / Right and PageUp / PageDown step through the plots while the gallery has the focus."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...present.facts import BAD, DIM
from ..appearance import scheme
from ..picture_view import PictureView

THUMB = QSize(132, 96)
READY = Qt.ItemDataRole.UserRole  # a thumbnail's item: True once drawn, False when its plot is unreadable
CACHED = 512  # thumbnails kept in memory (about 50 kB each)
COMBINED_TIP = (
    "The QA2 README lists up to 16 kinds of diagnostic plot (schedule, antennas, WVR, gains, bandpass, Tsys, "
    "calibrators, uv coverage, test image, PSF…); with three parts per EB each page combines several of them."
)
USUAL_TIP = "The usual content of this part, after the QA2 README's list; a delivery may order its plots differently."

_cache: OrderedDict[tuple, QImage] = OrderedDict()
_cache_lock = threading.Lock()


def thumbnail(path: str) -> QImage:
    """The plot ``path`` scaled into :data:`THUMB` (off the UI thread; kept in memory by path, size and time).
    Raises ``ValueError`` for a file Qt cannot read as a picture."""
    st = os.stat(path)
    key = (path, st.st_size, st.st_mtime_ns)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    image = QImage(path)
    if image.isNull():
        raise ValueError("not a readable picture (damaged, or a format Qt cannot read)")
    small = image.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    with _cache_lock:
        _cache[key] = small
        while len(_cache) > CACHED:
            _cache.popitem(last=False)
    return small


def placeholder(text: str, tone: str = DIM) -> QPixmap:
    """A thumbnail-sized tile saying ``text`` (loading, unreadable) in ``tone`` of the system's appearance."""
    pixmap = QPixmap(THUMB)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setPen(QColor(scheme().tones[tone]))
    painter.drawRect(pixmap.rect().adjusted(0, 0, -1, -1))
    painter.drawText(
        pixmap.rect().adjusted(4, 4, -4, -4), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text
    )
    painter.end()
    return pixmap


class Gallery(QWidget):
    """Shows ``plots`` (paths) with their part numbers and captions; emits ``chosen(index)`` when the user moves
    to another plot (buttons, keys, a click on a thumbnail). The owner loads the large picture."""

    chosen = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.parts: list[int] = []
        self.captions: list[str] = []
        self.index = -1
        self.prev_button = self._button("◀", "Previous plot (Left, PageUp)", lambda: self.step(-1))
        self.next_button = self._button("▶", "Next plot (Right, PageDown)", lambda: self.step(1))
        self.caption = QLabel()
        self.caption.setStyleSheet("font-weight: bold;")
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.prev_button)
        bar.addWidget(self.next_button)
        bar.addWidget(self.caption, 1)
        self.picture = PictureView()
        self.strip = QListWidget()
        self.strip.setViewMode(QListView.ViewMode.IconMode)
        self.strip.setFlow(QListView.Flow.LeftToRight)
        self.strip.setWrapping(False)
        self.strip.setMovement(QListView.Movement.Static)
        self.strip.setIconSize(THUMB)
        self.strip.setSpacing(4)
        self.strip.setUniformItemSizes(True)
        self.strip.setFixedHeight(THUMB.height() + self.fontMetrics().height() + 34)
        self.strip.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.strip.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.strip.currentRowChanged.connect(self._row_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.picture, 1)
        layout.addWidget(self.strip)
        for keys, step in (((Qt.Key.Key_Left, Qt.Key.Key_PageUp), -1), ((Qt.Key.Key_Right, Qt.Key.Key_PageDown), 1)):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(lambda s=step: self.step(s))
        self.setFocusProxy(self.picture)

    def _button(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(slot)
        return button

    def set_plots(self, plots: list[str], parts: list[int], captions: list[str]) -> None:
        self.parts, self.captions, self.index = parts, captions, -1
        self.strip.blockSignals(True)
        self.strip.clear()
        loading = QIcon(placeholder("…"))
        for path, part in zip(plots, parts, strict=True):
            item = QListWidgetItem(loading, f"part {part}")
            item.setToolTip(os.path.basename(path))
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.strip.addItem(item)
        self.strip.blockSignals(False)
        self.strip.setVisible(bool(plots))
        if not plots:
            self.caption.setText("No plots for this EB")
            self.caption.setToolTip("")
            self.picture.set_message("This EB has no …__qa2_partN.png plots in qa/.")
        self._enable()

    def set_thumbnail(self, index: int, image: QImage | None, error: str = "") -> None:
        item = self.strip.item(index)
        if item is None:
            return
        if image is None:
            item.setIcon(QIcon(placeholder("Cannot read this plot", BAD)))
            item.setText(f"part {self.parts[index]} — unreadable")
            item.setToolTip(f"{item.toolTip()}\n{error}")
        else:
            item.setIcon(QIcon(QPixmap.fromImage(image)))
        item.setData(READY, image is not None)

    def select(self, index: int) -> bool:
        """Show ``index`` as the current plot (caption, buttons, strip); False when it already was."""
        if not 0 <= index < len(self.parts) or index == self.index:
            return False
        self.index = index
        caption = self.captions[index]
        text = f"part {self.parts[index]} of {len(self.parts)}"
        self.caption.setText(f"{text} · {caption}" if caption else text)
        self.caption.setToolTip(USUAL_TIP if caption else COMBINED_TIP)
        self.strip.blockSignals(True)
        self.strip.setCurrentRow(index)
        self.strip.blockSignals(False)
        self.strip.scrollToItem(self.strip.item(index))
        self._enable()
        return True

    def step(self, delta: int) -> None:
        if self.select(self.index + delta):
            self.chosen.emit(self.index)

    def _row_changed(self, row: int) -> None:
        if self.select(row):
            self.chosen.emit(row)

    def _enable(self) -> None:
        self.prev_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(0 <= self.index < len(self.parts) - 1)
