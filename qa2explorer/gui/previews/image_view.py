"""FITS images and cubes: the plane drawn at once (read in a job, never the whole cube), channel slider, arrow
keys and play, stretch, levels and colour map, the beam, a cursor readout in the status bar, the spectrum at
a clicked pixel, the image's facts and its header with search."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSlider,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...delivery.scan import Node
from ...delivery.vocabulary import FITS, preview_of_extension
from ...imaging.beams import Beam, header_beam, table_beams
from ...imaging.coords import Coordinates
from ...imaging.fitsfile import STOKES_NAMES, ImageFile
from ...imaging.gzcache import GzCache
from ...imaging.info import image_facts
from ...imaging.levels import STRETCHES
from ...imaging.planes import LEVEL_PRESETS, PRESET_LABELS, DisplaySettings, PlaneView, prepare_plane
from ..image_canvas import ImageCanvas
from ..spectrum_plot import SpectrumPlot
from ..text_viewer import TextViewer
from .base import Preview, register

COLORMAPS = ("inferno", "viridis", "magma", "gray", "cubehelix", "coolwarm", "RdBu_r", "jet")
PLAY_INTERVAL_MS = 120


@dataclass
class OpenedImage:
    image: ImageFile
    coords: Coordinates
    beams: list[Beam] | None
    beam: Beam | None
    first: PlaneView
    header_text: str


def open_for_view(path: str, settings: DisplaySettings) -> OpenedImage:
    """Open ``path`` and prepare its first plane (a gzipped file: streamed, nothing inflated yet)."""
    image = ImageFile(path, inflated=GzCache.default().lookup(path) if path.endswith(".gz") else None)
    beams = table_beams(image.source, image.layout.nchan) if image.header.get("CASAMBM") and image.seekable else None
    beam = header_beam(image.header)
    first = prepare_plane(image, settings, beams, beam)
    text = "\n".join(str(card).rstrip() for card in image.header.cards)
    return OpenedImage(image, Coordinates(image.header, image.layout), beams, beam, first, text)


@register
class ImagePreview(Preview):
    priority = 10  # above the FITS header preview
    fields_collapsed = True  # the picture needs the room; the name's fields are one click away

    @classmethod
    def accepts(cls, node: Node) -> bool:
        return preview_of_extension(node.decoded.extension) == FITS

    def __init__(self, context, parent=None):
        super().__init__(context, parent)
        self.opened: OpenedImage | None = None
        self.view: PlaneView | None = None
        self.settings = DisplaySettings()
        self._path: str | None = None
        self._build()

    # -- building ----------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.canvas = ImageCanvas()
        self.canvas.hovered.connect(self._readout)
        self.canvas.left_the_image.connect(lambda: self.context.status(""))
        self.canvas.clicked.connect(self._spectrum_at)
        self.canvas.step.connect(lambda d: self.channel_spin.setValue(self.channel_spin.value() + d))
        self.spectrum = SpectrumPlot()
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(self.canvas)
        self.split.addWidget(self.spectrum)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 1)

        self.channel_slider = QSlider(Qt.Orientation.Horizontal)
        self.channel_spin = QSpinBox()
        self.channel_slider.valueChanged.connect(self.channel_spin.setValue)
        self.channel_spin.valueChanged.connect(self._channel_changed)
        self.play = QToolButton()
        self.play.setText("▶")
        self.play.setCheckable(True)
        self.play.setToolTip("Play through the channels")
        self.play.toggled.connect(self._toggle_play)
        self._player = QTimer(self, interval=PLAY_INTERVAL_MS)
        self._player.timeout.connect(self._next_channel)
        self.channel_label = QLabel()
        self.stokes_combo = QComboBox()
        self.stokes_combo.currentIndexChanged.connect(lambda i: self._apply(stokes=max(0, i)))
        self.stretch_combo = QComboBox()
        self.stretch_combo.addItems(STRETCHES)
        self.stretch_combo.currentTextChanged.connect(lambda s: self._apply(stretch=s))
        self.levels_combo = QComboBox()
        for key in (*LEVEL_PRESETS, "manual"):
            self.levels_combo.addItem(PRESET_LABELS[key], key)
        self.levels_combo.currentIndexChanged.connect(self._levels_changed)
        self.low_edit, self.high_edit = QLineEdit(), QLineEdit()
        for edit, tip in ((self.low_edit, "lowest level (black)"), (self.high_edit, "highest level (white)")):
            edit.setFixedWidth(90)
            edit.setToolTip(tip)
            edit.editingFinished.connect(self._manual_levels)
        self.cmap_combo = QComboBox()
        self.cmap_combo.addItems(COLORMAPS)
        self.cmap_combo.currentTextChanged.connect(lambda c: self._apply(cmap=c))
        self.reverse_box = QCheckBox("reverse")
        self.reverse_box.toggled.connect(lambda r: self._apply(reverse=r))

        self.channel_row = QWidget()
        row = QHBoxLayout(self.channel_row)
        row.setContentsMargins(0, 0, 0, 0)
        for w in (QLabel("Channel"), self.channel_slider, self.channel_spin, self.play, self.channel_label):
            row.addWidget(w, 1 if w is self.channel_slider else 0)
        controls = QHBoxLayout()
        for label, w in (("Stretch", self.stretch_combo), ("Levels", self.levels_combo),
                         ("Colours", self.cmap_combo)):  # fmt: skip
            controls.addWidget(QLabel(label))
            controls.addWidget(w)
        controls.addWidget(self.reverse_box)
        controls.addSpacing(8)
        controls.addWidget(self.low_edit)
        controls.addWidget(QLabel("–"))
        controls.addWidget(self.high_edit)
        controls.addSpacing(8)
        self.stokes_label = QLabel("Stokes")
        controls.addWidget(self.stokes_label)
        controls.addWidget(self.stokes_combo)
        controls.addStretch(1)

        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: palette(mid);")
        self.facts = QTableWidget(0, 2)
        self.facts.horizontalHeader().hide()
        self.facts.verticalHeader().hide()
        self.facts.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.facts.horizontalHeader().setStretchLastSection(True)
        self.facts.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.facts.setWordWrap(True)
        self.header_view = TextViewer()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find in the header (Enter: next)")
        self.search.returnPressed.connect(self._find)
        header_page = QWidget()
        box = QVBoxLayout(header_page)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.search)
        box.addWidget(self.header_view)
        image_page = QWidget()
        lbox = QVBoxLayout(image_page)
        lbox.setContentsMargins(0, 2, 0, 0)
        lbox.addLayout(controls)
        lbox.addWidget(self.channel_row)
        lbox.addWidget(self.split, 1)
        lbox.addWidget(self.note)
        self.tabs = QTabWidget()
        self.tabs.addTab(image_page, "Image")
        self.tabs.addTab(self.facts, "Facts")
        self.tabs.addTab(header_page, "Header")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    # -- showing a file ----------------------------------------------------------------------------------
    def show_node(self, node: Node) -> None:
        self.clear()
        self._path = path = node.path
        self.note.setText("Reading the image…")
        settings = self.settings.with_(channel=0, stokes=0, levels=self.settings.levels if self.settings.levels
                                       != "manual" else "99.5", manual=None)  # fmt: skip
        self.read(lambda: open_for_view(path, settings), self._opened, self._failed)

    def clear(self) -> None:
        self.drop_reads()
        for slot in ("plane", "spectrum", "inflate"):
            self.context.runner.cancel(f"{self.slot}:{slot}")
        self._player.stop()
        self.play.setChecked(False)
        self.opened = self.view = None
        self.canvas.reset()
        self.spectrum.reset()
        self.context.status("")
        self.facts.setRowCount(0)
        self.header_view.clear()
        self.note.clear()

    def _failed(self, message: str) -> None:
        self.canvas.reset()
        self.note.setText(f"Cannot show this image: {message}")

    def _opened(self, opened: OpenedImage) -> None:
        self.opened = opened
        image = opened.image
        lay = image.layout
        self.settings = opened.first.settings
        cube = lay.nchan > 1
        self.channel_row.setVisible(cube)
        self.spectrum.setVisible(cube)
        with _quiet(self.channel_slider, self.channel_spin, self.stokes_combo):
            self.channel_slider.setRange(0, lay.nchan - 1)
            self.channel_spin.setRange(0, lay.nchan - 1)
            self.channel_slider.setValue(0)
            self.channel_spin.setValue(0)
            self.stokes_combo.clear()
            self.stokes_combo.addItems([STOKES_NAMES.get(c, str(c)) for c in lay.stokes_codes])
        self.stokes_combo.setVisible(lay.nstokes > 1)
        self.stokes_label.setVisible(lay.nstokes > 1)
        self._show(opened.first)
        self._fill_facts()
        self.header_view.show_text(opened.header_text, note=f"{len(image.header)} header cards")
        if cube:
            self.spectrum.set_axis(opened.coords.velocities_kms(), opened.coords.frequencies_hz(), lay.nchan,
                                   str(image.header.get("BUNIT", "")))  # fmt: skip
        self.note.setText("")
        if cube and not image.seekable:
            self._inflate()
        elif cube:
            self.note.setText("Click the image for the spectrum at that pixel; ←/→ step channels.")

    def _fill_facts(self) -> None:
        o = self.opened
        rows = image_facts(o.image, o.coords, o.beams, o.beam)
        self.facts.setRowCount(len(rows))
        for i, (label, value) in enumerate(rows):
            self.facts.setItem(i, 0, QTableWidgetItem(label))
            self.facts.setItem(i, 1, QTableWidgetItem(value))
        self.facts.resizeRowsToContents()

    def _inflate(self) -> None:
        """A gzipped cube: its first channel is shown; the rest needs it inflated once (cached)."""
        path = self._path
        self.channel_row.setEnabled(False)
        self.note.setText("Gzipped cube: inflating it once into the cache for the other channels and spectra…")

        def job(token, report):
            def progress(done: int, total: int) -> None:
                report.progress(done / max(1, total), f"Inflating… {done / 1e6:,.0f} of {total / 1e6:,.0f} MB")

            return GzCache.default().inflate(path, lambda: token.cancelled, progress)

        handle = self.context.runner.start(job, slot=f"{self.slot}:inflate", name="inflate")
        handle.progress.connect(lambda e: self.note.setText(e.message))
        handle.result.connect(self._inflated)
        handle.failed.connect(lambda m: self.note.setText(f"Cannot inflate this file: {m}"))

    def _inflated(self, inflated: str) -> None:
        if self.opened is None:
            return
        image = self.opened.image
        image.inflated = inflated
        if image.header.get("CASAMBM"):
            self.opened.beams = table_beams(inflated, image.layout.nchan)
        self.channel_row.setEnabled(True)
        self._fill_facts()
        self.note.setText("Inflated (cached for next time). Click the image for a spectrum; ←/→ step channels.")

    # -- planes ------------------------------------------------------------------------------------------
    def _show(self, view: PlaneView) -> None:
        self.view = view
        self.settings = view.settings
        pixel = self.opened.image.header.get("CDELT2") if self.opened else None
        self.canvas.show_plane(view, abs(float(pixel)) * 3600 if pixel else None)
        with _quiet(self.low_edit, self.high_edit):
            self.low_edit.setText(f"{view.lo:.4g}")
            self.high_edit.setText(f"{view.hi:.4g}")
        self._channel_text(view.settings.channel)
        self.spectrum.mark_channel(view.settings.channel)

    def _apply(self, reread: bool = False, **changes) -> None:
        """Redraw with changed settings (in a job: only the latest request is shown)."""
        if self.opened is None or self.view is None:
            return
        settings = self.settings.with_(**changes)
        opened, data = self.opened, (None if reread else self.view.data)
        if settings.channel != self.view.settings.channel or settings.stokes != self.view.settings.stokes:
            data = None

        def job(_token, _report):
            return prepare_plane(opened.image, settings, opened.beams, opened.beam, data)

        self.settings = settings
        handle = self.context.runner.start(job, slot=f"{self.slot}:plane", name="plane")
        handle.result.connect(self._show)
        handle.failed.connect(lambda m: self.note.setText(f"Cannot read this plane: {m}"))

    def _channel_changed(self, channel: int) -> None:
        with _quiet(self.channel_slider):
            self.channel_slider.setValue(channel)
        self._channel_text(channel)
        self._apply(channel=channel)

    def _channel_text(self, channel: int) -> None:
        if self.opened is None:
            return
        coords = self.opened.coords
        freqs, velocities = coords.frequencies_hz(), coords.velocities_kms()
        bits = []
        if freqs is not None:
            bits.append(f"{freqs[channel] / 1e9:.6f} GHz")
        if velocities is not None:
            bits.append(f"{velocities[channel]:.2f} km/s")
        self.channel_label.setText("  ".join(bits))

    def _levels_changed(self) -> None:
        key = self.levels_combo.currentData()
        manual = key == "manual"
        self.low_edit.setEnabled(manual)
        self.high_edit.setEnabled(manual)
        if manual and self.view is not None:
            self._apply(levels="manual", manual=(self.view.lo, self.view.hi))
        elif not manual:
            self._apply(levels=key, manual=None)

    def _manual_levels(self) -> None:
        try:
            lo, hi = float(self.low_edit.text()), float(self.high_edit.text())
        except ValueError:
            return
        if hi > lo:
            self.levels_combo.setCurrentIndex(self.levels_combo.findData("manual"))
            self._apply(levels="manual", manual=(lo, hi))

    def _toggle_play(self, on: bool) -> None:
        self.play.setText("⏸" if on else "▶")
        (self._player.start if on else self._player.stop)()

    def _next_channel(self) -> None:
        n = self.channel_spin.maximum() + 1
        self.channel_spin.setValue((self.channel_spin.value() + 1) % max(1, n))

    # -- cursor and spectrum -----------------------------------------------------------------------------
    def _readout(self, x: float, y: float) -> None:
        if self.opened is None or self.view is None:
            return
        ix, iy = int(round(x)), int(round(y))
        value = self.view.data[iy, ix]
        unit = str(self.opened.image.header.get("BUNIT", "")).strip()
        shown = "blank" if not np.isfinite(value) else f"{value:.5g} {unit}"
        bits = [f"pixel {ix}, {iy}", self.opened.coords.sky_text(x, y)]
        if self.opened.image.layout.nchan > 1:
            bits.append(f"channel {self.view.settings.channel} {self.channel_label.text()}".strip())
        bits.append(shown)
        self.context.status("   ".join(bits))

    def _spectrum_at(self, x: int, y: int) -> None:
        if self.opened is None or self.opened.image.layout.nchan < 2:
            return
        image = self.opened.image
        if not image.seekable:
            self.note.setText("The spectrum needs the cube inflated first (in progress).")
            return
        stokes = self.settings.stokes

        def job(token, report):
            return image.spectrum(x, y, stokes, on_partial=lambda v: report.partial(v),
                                  should_stop=lambda: token.cancelled)  # fmt: skip

        handle = self.context.runner.start(job, slot=f"{self.slot}:spectrum", name="spectrum")
        handle.partial.connect(lambda e: self.spectrum.show_values(e.data, f"pixel {x}, {y} (reading…)"))
        handle.result.connect(lambda values: self.spectrum.show_values(values, f"pixel {x}, {y}"))
        handle.failed.connect(lambda m: self.note.setText(f"Cannot read the spectrum: {m}"))

    def _find(self) -> None:
        text = self.search.text()
        if text and not self.header_view.edit.find(text):
            cursor = self.header_view.edit.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            self.header_view.edit.setTextCursor(cursor)
            self.header_view.edit.find(text)


class _quiet:
    """Set widgets without their signals firing."""

    def __init__(self, *widgets):
        self.widgets = widgets

    def __enter__(self):
        for w in self.widgets:
            w.blockSignals(True)

    def __exit__(self, *exc):
        for w in self.widgets:
            w.blockSignals(False)
