"""Two images side by side with linked zoom, pan, levels and channel: self-calibrated against not, a continuum
image against its spectral index (masked where the index's error is large), two spectral windows of one
target. Both planes of a channel are read in one job; the other image follows the sky position, not the
pixel, when their grids differ."""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..imaging.beams import Beam, header_beam, table_beams
from ..imaging.colormaps import NAMES as COLOUR_MAPS
from ..imaging.coords import Coordinates, pixel_mapping
from ..imaging.fitsfile import ImageFile
from ..imaging.gzcache import open_image
from ..imaging.levels import STRETCHES
from ..imaging.partners import ALPHA_ERROR_LIMIT, SPW, Partner, alpha_error_of, masked_alpha
from ..imaging.planes import LEVEL_PRESETS, PRESET_LABELS, DisplaySettings, PlaneView, prepare_plane
from ..present.facts import DIM
from .appearance import set_tone
from .image_canvas import ImageCanvas
from .panels import ElidedLabel


@dataclass
class Side:
    """One of the two images: its file, coordinates, beam, unit and (a spectral index) its error image."""

    image: ImageFile
    coords: Coordinates
    beam: Beam | None
    beams: list[Beam] | None  # a cube's per-plane beams (a BEAMS table)
    unit: str
    error: ImageFile | None

    @property
    def name(self) -> str:
        return os.path.basename(self.image.path)


def velocity_channels(left: Coordinates, right: Coordinates) -> np.ndarray | None:
    """For each channel of the left cube, the right cube's channel nearest in radio velocity (each against its
    own rest frequency: two lines of a target side by side at one velocity), or None without velocities."""
    a, b = left.velocities_kms(), right.velocities_kms()
    if a is None or b is None or len(b) < 2:
        return None
    order = np.argsort(b)
    at = np.clip(np.searchsorted(b[order], a), 1, len(b) - 1)
    nearer = np.where(np.abs(b[order][at - 1] - a) <= np.abs(b[order][at] - a), at - 1, at)
    return order[nearer]


def open_side(path: str, report) -> Side:
    image = open_image(path, report=report)  # a gzipped cube is inflated once (cached): every channel is needed
    error_path = alpha_error_of(path)
    error = open_image(error_path, report=report) if error_path else None
    unit = str(image.header.get("BUNIT", "")).strip()
    beams = table_beams(image.source, image.layout.nchan) if image.header.get("CASAMBM") else None
    return Side(image, Coordinates(image.header, image.layout), header_beam(image.header), beams, unit, error)


def read_pair(sides: tuple[Side, Side], settings: DisplaySettings, link_levels: bool, error_limit: float,
              right_channel: int | None = None) -> tuple[PlaneView, PlaneView]:  # fmt: skip
    """Both planes of ``settings.channel`` (each image's own last channel when it has fewer; the right one's
    ``right_channel`` when given), scaled; with linked levels the second uses the first's."""
    views = []
    for i, side in enumerate(sides):
        wanted = right_channel if i == 1 and right_channel is not None else settings.channel
        channel = min(wanted, side.image.layout.nchan - 1)
        data = side.image.plane(channel)
        if side.error is not None:
            data = masked_alpha(data, side.error.plane(min(channel, side.error.layout.nchan - 1)), error_limit)
        own = settings.with_(channel=channel)
        if views and link_levels:
            own = own.with_(levels="manual", manual=(views[0].lo, views[0].hi))
        views.append(prepare_plane(side.image, own, side.beams, side.beam, data))
    return views[0], views[1]


class CompareView(QWidget):
    closed = Signal(int)  # the channel shown last: the single view goes on from it

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.sides: tuple[Side, Side] | None = None
        self.views: tuple[PlaneView, PlaneView] | None = None
        self.settings = DisplaySettings()
        self._mapping = (1.0, 0.0, 1.0, 0.0)  # left pixel -> right pixel
        self._channel_map: np.ndarray | None = None  # left channel -> right channel (two spws: by velocity)
        self._kind = ""
        self._syncing = False
        self.title = QLabel()
        self.back = QToolButton()
        self.back.setText("Back to one image")
        self.back.clicked.connect(self.close_comparison)
        self.canvases = (ImageCanvas(), ImageCanvas())
        self.names = (ElidedLabel(), ElidedLabel())
        self.captions = (QLabel(), QLabel())  # each image's levels and beam
        for caption in self.captions:  # long captions must not widen one pane: both keep half the width
            caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            caption.setWordWrap(True)
        panes = QHBoxLayout()
        for i, canvas in enumerate(self.canvases):
            column = QVBoxLayout()
            column.addWidget(self.names[i])
            column.addWidget(canvas, 1)
            column.addWidget(self.captions[i])
            panes.addLayout(column, 1)
            canvas.hovered.connect(lambda x, y, i=i: self._hovered(i, x, y))
            canvas.left_the_image.connect(self._left)
            canvas.step.connect(lambda d: self.channel_spin.setValue(self.channel_spin.value() + d))
            canvas.range_changed.connect(lambda rng, i=i: self._follow(i, rng))
        self.channel_slider = QSlider(Qt.Orientation.Horizontal)
        self.channel_spin = QSpinBox()
        self.channel_slider.valueChanged.connect(self.channel_spin.setValue)
        self.channel_spin.valueChanged.connect(self._channel)
        self.channel_label = QLabel()
        self.stretch = QComboBox()
        self.stretch.addItems(STRETCHES)
        self.stretch.currentTextChanged.connect(lambda s: self._redraw(stretch=s))
        self.levels = QComboBox()
        for key in LEVEL_PRESETS:
            self.levels.addItem(PRESET_LABELS[key], key)
        self.levels.currentIndexChanged.connect(lambda _i: self._redraw(levels=self.levels.currentData()))
        self.cmap = QComboBox()
        self.cmap.addItems(COLOUR_MAPS)
        self.cmap.currentTextChanged.connect(lambda c: self._redraw(cmap=c))
        self.link_levels = QCheckBox("same levels")
        self.link_levels.setToolTip("Draw the right image with the left one's levels (images in the same unit)")
        self.link_levels.toggled.connect(lambda _on: self._redraw())
        self.error_limit = QDoubleSpinBox()
        self.error_limit.setRange(0.01, 10.0)
        self.error_limit.setSingleStep(0.05)
        self.error_limit.setValue(ALPHA_ERROR_LIMIT)
        self.error_label = QLabel("alpha error ≤")
        tip = "The spectral index is shown where its error (alpha.error) is at most this, blank elsewhere"
        self.error_limit.setToolTip(tip)
        self.error_label.setToolTip(tip)
        self.error_limit.valueChanged.connect(lambda _v: self._redraw())
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.back)
        self.channel_row = QWidget()
        crow = QHBoxLayout(self.channel_row)
        crow.setContentsMargins(0, 0, 0, 0)
        for w in (QLabel("Channel"), self.channel_slider, self.channel_spin, self.channel_label):
            crow.addWidget(w, 1 if w is self.channel_slider else 0)
        controls = QHBoxLayout()
        for label, w in (("Stretch", self.stretch), ("Levels", self.levels), ("Colours", self.cmap)):
            controls.addWidget(QLabel(label))
            controls.addWidget(w)
        controls.addWidget(self.link_levels)
        controls.addWidget(self.error_label)
        controls.addWidget(self.error_limit)
        controls.addStretch(1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        set_tone(self.note, DIM)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.addLayout(top)
        layout.addLayout(controls)
        layout.addWidget(self.channel_row)
        layout.addLayout(panes, 1)
        layout.addWidget(self.note)

    @property
    def slot(self) -> str:
        return f"compare:{id(self)}"

    # -- opening -----------------------------------------------------------------------------------------
    def compare(self, path: str, partner: Partner, settings: DisplaySettings) -> None:
        """Show ``path`` on the left and ``partner`` on the right, from ``settings`` (channel, stretch, colours)."""
        self.stop()
        self.settings = settings.with_preset_levels(stokes=0, flat_noise=False)
        self.title.setText(f"Comparing with: {partner.label}")
        self._kind = partner.kind
        for name, p in zip(self.names, (path, partner.path), strict=True):
            name.set_full_text(os.path.basename(p))
        for canvas in self.canvases:
            canvas.reset()
        self.note.setText("Reading both images…")
        handle = self.context.runner.start(
            lambda _t, report: (open_side(path, report), open_side(partner.path, report)),
            slot=f"{self.slot}:open", name="comparison")  # fmt: skip
        handle.progress.connect(lambda e: self.note.setText(e.message))
        handle.result.connect(self._opened)
        handle.failed.connect(lambda m: self.note.setText(f"Cannot compare: {m}"))

    def _opened(self, sides: tuple[Side, Side]) -> None:
        self.sides = sides
        left, right = sides
        self._mapping = pixel_mapping(left.coords, right.coords)
        both_cubes = left.image.layout.nchan > 1 and right.image.layout.nchan > 1
        self._channel_map = velocity_channels(left.coords, right.coords) if self._kind == SPW and both_cubes else None
        nchan = max(left.image.layout.nchan, right.image.layout.nchan)
        if self._channel_map is not None:
            nchan = left.image.layout.nchan
        self.channel_row.setVisible(nchan > 1)
        with QSignalBlocker(self.channel_slider), QSignalBlocker(self.channel_spin):
            for w in (self.channel_slider, self.channel_spin):
                w.setRange(0, nchan - 1)
                w.setValue(min(self.settings.channel, nchan - 1))
        self.settings = self.settings.with_(channel=self.channel_spin.value())
        with QSignalBlocker(self.stretch), QSignalBlocker(self.levels), QSignalBlocker(self.cmap):
            self.stretch.setCurrentText(self.settings.stretch)
            self.levels.setCurrentIndex(max(0, self.levels.findData(self.settings.levels)))
            self.cmap.setCurrentText(self.settings.cmap)
        same_unit = left.unit == right.unit
        with QSignalBlocker(self.link_levels):
            self.link_levels.setChecked(same_unit)
        self.link_levels.setEnabled(same_unit)
        self.link_levels.setToolTip("" if same_unit else f"The images are in different units ({left.unit or 'none'}"
                                    f" and {right.unit or 'none'}): each has its own levels.")  # fmt: skip
        masked = any(side.error is not None for side in sides)
        self.error_limit.setVisible(masked)
        self.error_label.setVisible(masked)
        notes = []
        if self._channel_map is not None:
            notes.append("The right cube follows the left by radio velocity, each against its own rest frequency.")
        elif left.image.layout.nchan != right.image.layout.nchan:
            notes.append(f"The images have {left.image.layout.nchan} and {right.image.layout.nchan} channels: the "
                         "one with fewer stays on its last.")  # fmt: skip
        if self._mapping != (1.0, 0.0, 1.0, 0.0):
            notes.append("Their pixel grids differ: the right image follows the sky position of the left.")
        self.note.setText(" ".join(notes))
        self._redraw(fresh=True)

    def stop(self) -> None:
        for part in ("open", "planes"):
            self.context.runner.cancel(f"{self.slot}:{part}")
        self.sides = self.views = None

    def close_comparison(self) -> None:
        channel = self.settings.channel
        self.stop()
        self.context.status("")
        self.closed.emit(channel)

    # -- drawing -----------------------------------------------------------------------------------------
    def _redraw(self, fresh: bool = False, **changes) -> None:
        if self.sides is None:
            return
        self.settings = settings = self.settings.with_(**changes)
        sides, link, limit = self.sides, self.link_levels.isChecked(), self.error_limit.value()
        right = int(self._channel_map[settings.channel]) if self._channel_map is not None else None
        handle = self.context.runner.start(lambda _t, _r: read_pair(sides, settings, link, limit, right),
                                           slot=f"{self.slot}:planes", name="comparison planes")  # fmt: skip
        handle.result.connect(lambda views: self._show(views, fresh))
        handle.failed.connect(lambda m: self.note.setText(f"Cannot read the planes: {m}"))

    def _show(self, views: tuple[PlaneView, PlaneView], fresh: bool) -> None:
        self.views = views
        for canvas, caption, side, view in zip(self.canvases, self.captions, self.sides, views, strict=True):
            pixel = side.image.header.get("CDELT2")
            canvas.show_plane(view, abs(float(pixel)) * 3600 if pixel else None)
            beam = f" · beam {view.beam.text()}" if view.beam else ""
            caption.setText(f"levels {view.lo:.4g} … {view.hi:.4g} {side.unit}".rstrip() + beam)
        if fresh:
            self._follow(0, self.canvases[0].view_range())
        self._channel_text()

    def _channel(self, channel: int) -> None:
        with QSignalBlocker(self.channel_slider):
            self.channel_slider.setValue(channel)
        self._redraw(channel=channel)

    def _channel_text(self) -> None:
        """Each side's channel, frequency and velocity."""
        bits = []
        for side, view in zip(self.sides or (), self.views or (), strict=False):
            freqs, velocities = side.coords.frequencies_hz(), side.coords.velocities_kms()
            channel = view.settings.channel
            if freqs is not None and len(freqs) > 1:
                text = f"ch {channel}: {freqs[channel] / 1e9:.6f} GHz"
                if velocities is not None:
                    text += f" {velocities[channel]:.1f} km/s"
                bits.append(text)
        self.channel_label.setText("  |  ".join(bits))

    # -- linked zoom and pan, readout --------------------------------------------------------------------
    def _follow(self, source: int, rng) -> None:
        """The other canvas shows the same part of the sky as ``source``'s."""
        if self._syncing or self.sides is None:
            return
        (x0, x1), (y0, y1) = rng  # view coordinates: pixel centres sit at +0.5
        (a, b), (c, d) = (self._other_pixel(source, x0 - 0.5, y0 - 0.5), self._other_pixel(source, x1 - 0.5, y1 - 0.5))
        self._syncing = True
        try:
            self.canvases[1 - source].set_view_range((a + 0.5, c + 0.5), (b + 0.5, d + 0.5))
        finally:
            self._syncing = False

    def _other_pixel(self, source: int, x: float, y: float) -> tuple[float, float]:
        """The pixel of the other image at the sky position of pixel (x, y) of ``source``."""
        sx, ox, sy, oy = self._mapping
        return (sx * x + ox, sy * y + oy) if source == 0 else ((x - ox) / sx, (y - oy) / sy)

    def _hovered(self, source: int, x: float, y: float) -> None:
        if self.sides is None or self.views is None:
            return
        other = self._other_pixel(source, x, y)
        positions = [(x, y), other] if source == 0 else [other, (x, y)]
        self.canvases[1 - source].set_marker(*other)
        self.canvases[source].set_marker(None, None)
        values = []
        for side, view, (px, py), label in zip(self.sides, self.views, positions, ("left", "right"), strict=True):
            ix, iy = int(round(px)), int(round(py))
            if 0 <= iy < view.data.shape[0] and 0 <= ix < view.data.shape[1]:
                value = view.data[iy, ix]
                values.append(f"{label} {value:.4g} {side.unit}".rstrip() if np.isfinite(value) else f"{label} blank")
            else:
                values.append(f"{label} outside")
        sky = self.sides[source].coords.sky_text(x, y)
        self.context.status("   ".join([sky, *values]))

    def _left(self) -> None:
        for canvas in self.canvases:
            canvas.set_marker(None, None)
        self.context.status("")
