"""FITS images and cubes: the plane drawn at once (read in a job, never the whole cube), channel slider, arrow
keys and play, stretch, levels and colour map, the beam, a cursor readout in the status bar, the spectrum at
a clicked pixel, the image's facts and its header with search."""

from __future__ import annotations

import os
import sys
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace

import numpy as np
from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QSlider,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...delivery.contdat import member_of_product, parse_cont_dat, ranges_for, read_member_cont_dat
from ...delivery.names import decode
from ...delivery.scan import Node
from ...imaging.beams import Beam, header_beam, table_beams
from ...imaging.colormaps import NAMES as COLOUR_MAPS
from ...imaging.contours import MASK_SIDE, PB_LEVELS, PB_SIDE, trace
from ...imaging.coords import Coordinates, velocity_reference_problem
from ...imaging.fitsfile import STOKES_NAMES, ImageFile
from ...imaging.gzcache import GzCache, open_image
from ...imaging.info import image_facts
from ...imaging.levels import STRETCHES
from ...imaging.moments import quick_look
from ...imaging.partners import Partner, comparison_partners, other_rest_frequencies
from ...imaging.planes import (
    LEVEL_PRESETS,
    PRESET_LABELS,
    DisplaySettings,
    PlaneView,
    prepare_plane,
    relevel,
    requantise,
)
from ...imaging.render import RenderSettings, render_png
from ...imaging.siblings import companions
from ...imaging.stats import ImageStats, image_stats
from ...present.facts import BAD, DIM
from ..appearance import scheme, set_tone
from ..compare_view import CompareView
from ..image_canvas import ImageCanvas
from ..stage_line import StageLine
from ..text_viewer import TextViewer
from ..warm_up import import_on_ui_thread
from ..weblog_open import open_page
from . import fits_image
from .base import PLOT_MODULES, Preview

PB_COLOURS = {0.2: "#4fc3f7", 0.3: "#81d4fa", 0.5: "#b3e5fc"}
PLAY_INTERVAL_MS = 120
NOTE_STYLE = ""  # the note is dimmed (a tone), a problem bold and red
ERROR_STYLE = "font-weight: bold;"


@dataclass
class OpenedImage:
    """An image being viewed. Its first plane comes first (nothing but the file's header and one read, so the
    picture shows at once); the rest (world coordinates, per-plane beams, its set, what to compare it with)
    arrives from a second job, :func:`image_details`."""

    image: ImageFile
    beam: Beam | None
    first: PlaneView
    details: ImageDetails | None = None

    @property
    def coords(self) -> Coordinates | None:
        return self.details.coords if self.details else None

    @property
    def beams(self) -> list[Beam] | None:
        return self.details.beams if self.details else None

    @property
    def pb(self) -> str | None:
        return self.details.pb if self.details else None

    @property
    def mask(self) -> str | None:
        return self.details.mask if self.details else None


@dataclass
class ImageDetails:
    coords: Coordinates
    beams: list[Beam] | None  # the per-plane beams of a BEAMS table
    pb: str | None  # the image set's primary beam and clean mask beside it (pb-corrected images only)
    mask: str | None
    in_set: bool  # an image that has a set (pbcor or image layer), whether or not its pb and mask are here
    continuum_hz: list[tuple[float, float]]  # the member's cont.dat ranges for this target and spw (cubes)
    partners: list[Partner]  # what it can be compared with, side by side
    other_rests: list[tuple[str, float]]  # the target's other cubes with another rest frequency (spw, Hz)


def open_for_view(path: str, settings: DisplaySettings) -> OpenedImage:
    """Open ``path`` and prepare its first plane (a gzipped file: streamed, nothing inflated yet)."""
    image = ImageFile(path, inflated=GzCache.default().lookup(path) if path.endswith(".gz") else None)
    beam = header_beam(image.header)
    return OpenedImage(image, beam, prepare_plane(image, settings, None, beam))


def image_details(image: ImageFile) -> ImageDetails:
    """Everything about an opened image beyond its first plane (astropy loads here, off the UI thread)."""
    path = image.path
    beams = table_beams(image.source, image.layout.nchan) if image.header.get("CASAMBM") and image.seekable else None
    d = decode(os.path.basename(path))
    in_set = d.kind == "image_product" and d.layer in ("pbcor", "image") and not (d.taylor or "").startswith("alpha")
    found = companions(path) if in_set else {}
    continuum = []
    member = member_of_product(path) if image.layout.nchan > 1 and d.kind == "image_product" else None
    if member is not None and (cont := read_member_cont_dat(member)) is not None:
        continuum = [(lo, hi) for lo, hi, _frame in ranges_for(parse_cont_dat(cont), d.target, d.spws)]
    coords = Coordinates(image.header, image.layout)
    partners = comparison_partners(path)
    rests = other_rest_frequencies(path, coords.restfreq_hz, partners)
    return ImageDetails(coords, beams, found.get("pb"), found.get("mask"), in_set, continuum, partners, rests)


@dataclass
class Plots:
    spectrum: QWidget  # SpectrumPlot
    histogram: QWidget  # LevelsHistogram
    beams: QWidget  # BeamPlot


@dataclass
class SetPlanes:
    """What the image set adds to one channel: contours to draw ("pb" or "mask", xs, ys, colour, width), and
    the pb plane, which the flat-noise view of that channel reuses."""

    channel: int
    lines: list[tuple[str, np.ndarray, np.ndarray, str, float]]
    pb_plane: np.ndarray | None


def set_planes(opened: OpenedImage, channel: int, report) -> SetPlanes:
    lines = []
    pb_plane = None
    if opened.pb:
        pb = open_image(opened.pb, report=report)
        pb_plane = pb.plane(min(channel, pb.layout.nchan - 1))
        for level, (xs, ys) in trace(pb_plane, PB_LEVELS, PB_SIDE).items():
            lines.append(("pb", xs, ys, PB_COLOURS[level], 1.0))
    if opened.mask:
        mask = open_image(opened.mask, report=report)
        plane = (np.nan_to_num(mask.plane(min(channel, mask.layout.nchan - 1))) > 0).astype(np.float32)
        xs, ys = trace(plane, (0.5,), MASK_SIDE)[0.5]
        lines.append(("mask", xs, ys, "#ffffff", 1.4))
    return SetPlanes(channel, lines, pb_plane)


class ImagePreview(Preview):
    """Registered by name in the package (imported on first use: pyqtgraph and astropy are heavy)."""

    priority = 10
    fields_collapsed = True  # the picture needs the room; the name's fields are one click away

    @classmethod
    def accepts(cls, node: Node) -> bool:
        return fits_image(node)

    def __init__(self, context, parent=None):
        super().__init__(context, parent)
        self.opened: OpenedImage | None = None
        self.view: PlaneView | None = None
        self.settings = DisplaySettings()
        self.unit_override: str | None = None  # a quick-look map's unit
        self.look = None  # the quick-look map shown (moment 0 or peak), if any
        self._path: str | None = None
        self._build()

    # -- building ----------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.canvas = ImageCanvas()
        self.canvas.hovered.connect(self._readout)
        self.canvas.left_the_image.connect(lambda: self.context.status(""))
        self.canvas.clicked.connect(self._spectrum_at)
        self.canvas.step.connect(self._step)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(self.canvas)
        self.plots: Plots | None = None  # the spectrum, levels histogram and beam plot: pyqtgraph, loaded late
        self._plots_asked = False

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
        self.stokes_combo.currentIndexChanged.connect(self._stokes_changed)
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
        self.cmap_combo.addItems(COLOUR_MAPS)
        self.cmap_combo.currentTextChanged.connect(lambda c: self._apply(cmap=c))
        self.reverse_box = QCheckBox("reverse")
        self.reverse_box.toggled.connect(lambda r: self._apply(reverse=r))
        self.export_button = QToolButton()
        self.export_button.setText("Export PNG…")
        self.export_button.setToolTip("Save this plane as a PNG with sky axes, the beam and a colour bar")
        self.export_button.clicked.connect(self._choose_export)
        self.compare_button = QToolButton()
        self.compare_button.setText("Compare with")
        self.compare_button.setToolTip("Show this image beside another of its target, with linked zoom, pan, "
                                       "levels and channel")  # fmt: skip
        self.compare_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.compare_button.setMenu(QMenu(self.compare_button))
        self.compare_view: CompareView | None = None  # made on first use

        self.pb_box = QCheckBox("pb 0.2 / 0.3 / 0.5")
        self.pb_box.setToolTip("Primary-beam contours: where the pb falls to 20, 30 and 50 % (the noise rms is "
                               "measured between 0.2 and 0.3)")  # fmt: skip
        self.mask_box = QCheckBox("mask")
        self.mask_box.setToolTip("The edge of the clean mask")
        self.flat_box = QCheckBox("flat noise")
        self.flat_box.setToolTip("Show pbcor × pb: the image before primary-beam correction, its noise uniform")
        for box in (self.pb_box, self.mask_box):
            box.setChecked(True)
            box.toggled.connect(self._draw_set)
        self.flat_box.toggled.connect(lambda on: self._apply(flat_noise=on))
        self.stats_label = QLabel()
        self.stats_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stats_label.setWordWrap(True)
        self.set_row = QWidget()
        sbox = QVBoxLayout(self.set_row)
        sbox.setContentsMargins(0, 0, 0, 0)
        sbox.setSpacing(0)
        srow = QHBoxLayout()
        for w in (QLabel("Image set"), self.pb_box, self.mask_box, self.flat_box):
            srow.addWidget(w)
        srow.addStretch(1)
        sbox.addLayout(srow)
        sbox.addWidget(self.stats_label)
        self._set: SetPlanes | None = None

        self.box_spin = QSpinBox()
        self.box_spin.setRange(1, 101)
        self.box_spin.setSingleStep(2)
        self.box_spin.setPrefix("spectrum of ")
        self.box_spin.setSuffix(" px box")
        self.box_spin.setToolTip("Click the image: the spectrum of that pixel (1) or the mean of the N × N pixels "
                                 "around it")  # fmt: skip
        self.box_spin.valueChanged.connect(self._box_changed)
        self.look_combo = QComboBox()
        self.look_combo.addItem("channel", "channel")
        self.look_combo.addItem("moment 0", "moment0")
        self.look_combo.addItem("peak", "peak")
        self.look_combo.setToolTip("Show one channel, or a quick-look map over the channels from – to")
        self.look_from, self.look_to = QSpinBox(), QSpinBox()
        self.look_combo.currentIndexChanged.connect(self._quick_look)
        for spin in (self.look_from, self.look_to):
            spin.valueChanged.connect(lambda _v: self._quick_look() if self.look_combo.currentData() != "channel"
                                      else None)  # fmt: skip
        self.look_row = QWidget()
        lrow = QHBoxLayout(self.look_row)
        lrow.setContentsMargins(0, 0, 0, 0)
        for w in (QLabel("Show"), self.look_combo, QLabel("channels"), self.look_from, QLabel("–"), self.look_to):
            lrow.addWidget(w)
        lrow.addStretch(1)
        lrow.addWidget(self.box_spin)
        self.rest_edit = QLineEdit()
        self.rest_edit.setPlaceholderText("rest GHz")
        self.rest_edit.setToolTip("Rest frequency for velocities (GHz); empty: the header's RESTFRQ")
        self.z_edit = QLineEdit()
        self.z_edit.setPlaceholderText("z")
        self.z_edit.setToolTip("Redshift of the line: velocities relative to rest / (1 + z)")
        for edit in (self.rest_edit, self.z_edit):
            edit.setFixedWidth(80)
            edit.editingFinished.connect(self._velocity_reference)
        self._clicked: tuple[int, int] | None = None
        self._last_spectrum: tuple[np.ndarray, str] | None = None
        self.rest_hz: float | None = None
        self.redshift: float | None = None
        self.channel_row = QWidget()
        row = QHBoxLayout(self.channel_row)
        row.setContentsMargins(0, 0, 0, 0)
        for w in (QLabel("Channel"), self.channel_slider, self.channel_spin, self.play, self.channel_label,
                  self.rest_edit, self.z_edit):  # fmt: skip
            row.addWidget(w, 1 if w is self.channel_slider else 0)
        controls = QHBoxLayout()
        for label, w in (("Stretch", self.stretch_combo), ("Levels", self.levels_combo),
                         ("Colours", self.cmap_combo)):  # fmt: skip
            controls.addWidget(QLabel(label))
            controls.addWidget(w)
        controls.addWidget(self.reverse_box)
        controls.addStretch(1)
        levels_row = QHBoxLayout()  # the levels as numbers (typing them makes them manual), the Stokes plane
        for w in (QLabel("from"), self.low_edit, QLabel("to"), self.high_edit):
            levels_row.addWidget(w)
        levels_row.addSpacing(12)
        self.stokes_label = QLabel("Stokes")
        levels_row.addWidget(self.stokes_label)
        levels_row.addWidget(self.stokes_combo)
        levels_row.addStretch(1)

        self.rest_info = QLabel()  # the target's other cubes refer their velocities to other lines
        self.rest_info.setWordWrap(True)
        self.rest_info.hide()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self._note_is_error(False)
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
        lbox.addLayout(levels_row)
        self._image_box = lbox  # the levels histogram goes in when the plots are loaded
        lbox.addWidget(self.channel_row)
        lbox.addWidget(self.rest_info)
        lbox.addWidget(self.look_row)
        lbox.addWidget(self.set_row)
        lbox.addWidget(self.split, 1)
        lbox.addWidget(self.note)
        self.stage_line = StageLine(self.context.runner, lambda weblog, page: open_page(self.context, weblog, page))
        lbox.addWidget(self.stage_line)
        self.tabs = QTabWidget()
        self.image_stack = QStackedWidget()  # the image, or the comparison of two
        self.image_stack.addWidget(image_page)
        self.tabs.addTab(self.image_stack, "Image")
        facts_page = QWidget()
        fbox = QVBoxLayout(facts_page)
        fbox.setContentsMargins(0, 0, 0, 0)
        fbox.addWidget(self.facts, 2)
        self._facts_box = fbox  # and the beam plot
        self.tabs.addTab(facts_page, "Facts")
        self.tabs.addTab(header_page, "Header")
        corner = QWidget()
        cbox = QHBoxLayout(corner)
        cbox.setContentsMargins(0, 0, 0, 0)
        cbox.addWidget(self.compare_button)
        cbox.addWidget(self.export_button)
        self.tabs.setCornerWidget(corner)
        self.tabs.currentChanged.connect(lambda _i: self.facts.resizeRowsToContents())  # wrapped at its real width
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        if all(name in sys.modules for name in PLOT_MODULES):
            self._attach_plots()

    def _load_plots(self) -> None:
        """Import the plots' modules (pyqtgraph: a fifth of a second once the warm-up's job has loaded numpy) on the
        UI thread, in the turns after the first picture is up: Qt-bound modules never load on a worker thread
        (:mod:`..warm_up`)."""
        if self.plots is not None or self._plots_asked:
            return
        self._plots_asked = True
        import_on_ui_thread(PLOT_MODULES, self, self._attach_plots)

    def _attach_plots(self) -> None:
        from ..beam_plot import BeamPlot
        from ..levels_histogram import LevelsHistogram
        from ..spectrum_plot import SpectrumPlot

        plots = self.plots = Plots(SpectrumPlot(), LevelsHistogram(), BeamPlot())
        self.split.addWidget(plots.spectrum)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 1)
        height = max(4, self.split.height())
        self.split.setSizes([height * 3 // 4, height // 4])
        plots.histogram.levels_dragged.connect(self._dragged_levels)
        self._image_box.insertWidget(2, plots.histogram)  # under the level controls
        self._facts_box.addWidget(plots.beams, 1)
        cube = self.opened is not None and self.opened.image.layout.nchan > 1
        plots.spectrum.setVisible(cube)
        manual = self.levels_combo.currentData() == "manual"
        plots.histogram.setVisible(manual)
        if manual and self.view is not None:
            plots.histogram.show_histogram(self.view.data, self.view.lo, self.view.hi)
        if self.opened is not None and self.opened.details is not None:
            plots.beams.show_beams(self.opened.beams)
            if cube:
                self._spectral_axis()
        else:
            plots.beams.hide()

    # -- showing a file ----------------------------------------------------------------------------------
    def show_node(self, node: Node) -> None:
        self.clear()
        self._path = path = node.path
        self.note.setText("Reading the image…")
        settings = self.settings.with_preset_levels(channel=0, stokes=0)
        self.read(lambda: open_for_view(path, settings), self._opened, self._failed)
        self.stage_line.show_for(path)

    def clear(self) -> None:
        self.drop_reads()
        self._end_comparison()
        for slot in ("plane", "codes", "details", "spectrum", "inflate", "set", "stats"):
            self.context.runner.cancel(f"{self.slot}:{slot}")
        self._player.stop()
        self.play.setChecked(False)
        self.opened = self.view = self._set = self._clicked = self._last_spectrum = self.look = None
        self.unit_override = None
        self.stats_label.clear()
        self.stage_line.clear_line()
        self.canvas.reset()
        if self.plots:
            self.plots.spectrum.reset()
        self.context.status("")
        self.facts.setRowCount(0)
        self.header_view.clear()
        self.note.clear()
        self._note_is_error(False)
        self.rest_info.hide()
        for row in (self.channel_row, self.look_row, self.set_row):  # shown again for an image that has them
            row.hide()
        self._setup_partners([])
        self.channel_label.clear()

    def _note_is_error(self, error: bool) -> None:
        self.note.setStyleSheet(ERROR_STYLE if error else NOTE_STYLE)
        set_tone(self.note, BAD if error else DIM)

    def _failed(self, message: str) -> None:
        self.canvas.reset()
        self._note_is_error(True)
        self.note.setText(f"Cannot show this image: {message}")

    def _opened(self, opened: OpenedImage) -> None:
        self.opened = opened
        image = opened.image
        lay = image.layout
        self.settings = opened.first.settings
        cube = lay.nchan > 1
        self.channel_row.setVisible(cube)
        self.look_row.setVisible(cube)
        with _quiet(self.look_combo, self.look_from, self.look_to):
            self.look_combo.setCurrentIndex(0)
            for spin in (self.look_from, self.look_to):
                spin.setRange(0, lay.nchan - 1)
            self.look_from.setValue(0)
            self.look_to.setValue(lay.nchan - 1)
        if self.plots:
            self.plots.spectrum.setVisible(cube)
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
        self.header_view.show_text(image.header.text(), note=f"{len(image.header)} header cards")
        self.note.setText("")
        if missing := image.missing_planes:
            self._note_is_error(True)
            total = lay.nchan * lay.nstokes
            self.note.setText(f"This file is truncated: its last {missing} of {total} planes are missing on disk "
                              "(spectra stop where the file does).")  # fmt: skip
        QTimer.singleShot(0, lambda: self._read_details(opened))  # once this picture is painted
        QTimer.singleShot(0, self._load_plots)

    def _read_details(self, opened: OpenedImage) -> None:
        """The second job of opening (astropy loads in it): started after the first picture is painted, so
        that its imports do not share the interpreter with that paint."""
        if opened is not self.opened:
            return
        image = opened.image
        handle = self.context.runner.start(lambda _t, _r: image_details(image), slot=f"{self.slot}:details",
                                           name="image details")  # fmt: skip
        handle.result.connect(lambda details: self._details(opened, details))
        handle.failed.connect(lambda m: self.note.setText(f"Cannot read this image's details: {m}"))

    def _details(self, opened: OpenedImage, details: ImageDetails) -> None:
        """The second half of opening: coordinates, beams, the set and partners (the picture is already up)."""
        if opened is not self.opened:
            return
        opened.details = details
        image = opened.image
        cube = image.layout.nchan > 1
        if details.beams and self.view is not None:  # the shown plane's own beam
            self._present(replace(self.view, beam=details.beams[self.view.settings.channel]), new_data=False)
        self._fill_facts()
        if cube:
            self._spectral_axis()
            rest = details.coords.rest_frequency()
            self.rest_edit.setPlaceholderText(f"{rest / 1e9:.6f}" if rest else "rest GHz")
            frame = details.coords.specsys or "frame not in the header"
            self.channel_label.setToolTip(f"Velocities: radio convention, v = c (1 − f / f₀), {frame}")
            self._channel_text(self.settings.channel)
        self._setup_partners(details.partners)
        self._setup_set(details)
        if cube and not image.seekable:
            self._inflate()
        elif cube and not image.missing_planes:  # (a truncated file's note stays)
            self.note.setText("Click the image for the spectrum at that pixel (or the box around it); ←/→ step "
                              "channels.")  # fmt: skip
        self.rest_info.setText(_rest_note(details.other_rests))
        self.rest_info.setVisible(bool(details.other_rests))

    # -- side by side --------------------------------------------------------------------------------------
    def _setup_partners(self, partners: list[Partner]) -> None:
        menu = self.compare_button.menu()
        menu.clear()
        for partner in partners:
            menu.addAction(partner.label).triggered.connect(lambda _c=False, p=partner: self.compare_with(p))
        self.compare_button.setEnabled(bool(partners))
        self.compare_button.setToolTip(
            "Show this image beside another of its target, with linked zoom, pan, levels and channel"
            if partners
            else "Nothing to compare with beside this image: no self-calibrated twin, spectral index or other spw"
        )

    def compare_with(self, partner: Partner) -> CompareView:
        """Show the image beside ``partner`` (in place of the single image, until "Back")."""
        if self.compare_view is None:
            self.compare_view = CompareView(self.context)
            self.compare_view.closed.connect(self._end_comparison)
            self.image_stack.addWidget(self.compare_view)
        self.tabs.setCurrentIndex(0)
        self.image_stack.setCurrentWidget(self.compare_view)
        self.compare_view.compare(self._path, partner, self.settings)
        return self.compare_view

    def _end_comparison(self, channel: int | None = None) -> None:
        """Back to the single image (on the comparison's last channel, when it closed with one)."""
        if self.compare_view is not None:
            self.compare_view.stop()
        self.image_stack.setCurrentIndex(0)
        if channel is not None and self.channel_spin.isEnabled() and channel <= self.channel_spin.maximum():
            self.channel_spin.setValue(channel)

    # -- the image set: pb and mask contours, flat noise, statistics ---------------------------------------
    def _setup_set(self, opened: ImageDetails) -> None:
        self.set_row.setVisible(opened.in_set)
        with _quiet(self.flat_box):
            self.flat_box.setChecked(False)
        with _quiet(self.pb_box, self.mask_box):  # a missing pb or mask: its box off and unticked
            for box, found in ((self.pb_box, opened.pb), (self.mask_box, opened.mask)):
                box.setEnabled(found is not None)
                box.setChecked(found is not None)
        self.flat_box.setEnabled(opened.pb is not None)
        missing = [name for name, path in (("pb", opened.pb), ("mask", opened.mask)) if path is None]
        self.set_row.setToolTip(f"No {' or '.join(missing)} beside this image." if missing else "")
        if opened.in_set:
            self._refresh_set(self.settings.channel)

    def _refresh_set(self, channel: int) -> None:
        """Contours and statistics for ``channel`` (jobs: the pb or mask may need inflating first)."""
        opened = self.opened
        if opened is None or opened.details is None or not opened.details.in_set:
            return
        if opened.pb or opened.mask:
            handle = self.context.runner.start(lambda _t, report: set_planes(opened, channel, report),
                                               slot=f"{self.slot}:set", name="image set")  # fmt: skip
            handle.progress.connect(lambda e: self.note.setText(e.message))
            handle.result.connect(self._set_ready)
            handle.failed.connect(lambda m: self.note.setText(f"Cannot read the pb or mask: {m}"))
        self.stats_label.setText("measuring…")
        path, pb, mask = opened.image.path, opened.pb, opened.mask
        stokes = self.settings.stokes
        stats = self.context.runner.start(lambda _t, report: image_stats(path, pb, mask, channel, stokes,
                                                                         report=report),
                                          slot=f"{self.slot}:stats", name="statistics")  # fmt: skip
        stats.result.connect(self._stats_ready)
        stats.failed.connect(lambda m: self.stats_label.setText(f"no statistics: {m}"))

    def _set_ready(self, planes: SetPlanes) -> None:
        self._set = planes
        if self.note.text().startswith("Inflating"):
            self.note.clear()
        self._draw_set()

    def _draw_set(self) -> None:
        planes = self._set
        if planes is None:
            self.canvas.set_contours([])
            return
        shown = {"pb": self.pb_box.isChecked(), "mask": self.mask_box.isChecked()}
        self.canvas.set_contours([(xs, ys, colour, width) for kind, xs, ys, colour, width in planes.lines
                                  if shown[kind]])  # fmt: skip

    def _stats_ready(self, stats: ImageStats) -> None:
        where = "pb annulus 0.2–0.3" if stats.method == "pb_annulus" else "whole image: no pb"
        snr = f" · peak/rms {stats.peak_snr:.1f}" if stats.peak_snr else ""
        beam = f" · beam {stats.beam.text()}" if stats.beam else ""
        lay = self.opened.image.layout if self.opened else None
        stokes = f"Stokes {self.stokes_combo.currentText()}: " if lay is not None and lay.nstokes > 1 else ""
        self.stats_label.setText(f"{stokes}rms {_si(stats.rms, stats.unit)} ({where}) · peak "
                                 f"{_si(stats.peak, stats.unit)}{snr}{beam}")  # fmt: skip
        self.stats_label.setToolTip("\n".join([f"measured on {stats.npix:,} pixels of channel {stats.channel}"]
                                              + stats.notes))  # fmt: skip

    def _fill_facts(self) -> None:
        o = self.opened
        rows = image_facts(o.image, o.coords, o.beams, o.beam)
        if o.details.other_rests:
            rests = o.details.other_rests
            rows.append(("Other rest frequencies", "; ".join(f"{spw}: {hz / 1e9:.6f} GHz" for spw, hz in rests)
                         + " (the target's other cubes: their velocities refer to those)"))  # fmt: skip
        self.facts.setRowCount(len(rows))
        for i, (label, value) in enumerate(rows):
            self.facts.setItem(i, 0, QTableWidgetItem(label))
            self.facts.setItem(i, 1, QTableWidgetItem(value))
        self.facts.resizeRowsToContents()
        if self.plots:
            self.plots.beams.show_beams(o.beams)

    def _inflate(self) -> None:
        """A gzipped cube: its first channel is shown; the rest needs it inflated once (cached)."""
        path = self._path
        self.channel_row.setEnabled(False)
        self.note.setText("Gzipped cube: inflating it once into the cache for the other channels and spectra…")

        def job(_token, report):
            image = open_image(path, report=report)
            beams = table_beams(image.inflated, image.layout.nchan) if image.header.get("CASAMBM") else None
            return image.inflated, beams

        handle = self.context.runner.start(job, slot=f"{self.slot}:inflate", name="inflate")
        handle.progress.connect(lambda e: self.note.setText(e.message))
        handle.result.connect(self._inflated)
        handle.failed.connect(lambda m: self.note.setText(f"Cannot inflate this file: {m}"))

    def _inflated(self, result: tuple[str, list[Beam] | None]) -> None:
        if self.opened is None:
            return
        self.opened.image.inflated, beams = result
        if beams and self.opened.details is not None:
            self.opened.details.beams = beams
        self.channel_row.setEnabled(True)
        self._fill_facts()
        self.note.setText("Inflated (cached for next time). Click the image for a spectrum; ←/→ step channels.")
        if self._clicked is not None:  # clicked while inflating
            self._spectrum_at(*self._clicked)

    # -- planes ------------------------------------------------------------------------------------------
    def _show(self, view: PlaneView) -> None:
        previous = self.view
        if previous is not None and view.settings.channel != previous.settings.channel:
            self._refresh_set(view.settings.channel)
        self.settings = view.settings
        self._present(view, new_data=previous is None or previous.data is not view.data)
        self._channel_text(view.settings.channel)
        if self.plots:
            self.plots.spectrum.mark_channel(view.settings.channel)

    def _present(self, view: PlaneView, new_data: bool, beam: bool = True) -> None:
        """Draw ``view`` and show its levels (in the edits and, for manual levels, on its histogram)."""
        self.view = view
        pixel = self.opened.image.header.get("CDELT2") if self.opened and beam else None
        self.canvas.show_plane(view, abs(float(pixel)) * 3600 if pixel else None)
        with _quiet(self.low_edit, self.high_edit):
            self.low_edit.setText(f"{view.lo:.4g}")
            self.high_edit.setText(f"{view.hi:.4g}")
        if self.plots and self.plots.histogram.isVisibleTo(self):
            if new_data:  # another channel, Stokes or the flat-noise view: its own histogram
                self.plots.histogram.show_histogram(view.data, view.lo, view.hi)
            else:
                self.plots.histogram.set_levels(view.lo, view.hi)
        if new_data:
            self.context.runner.cancel(f"{self.slot}:codes")
        self._refine_codes()

    def _apply(self, reread: bool = False, **changes) -> None:
        """Redraw with changed settings. Known levels over the shown plane (manual levels, a stretch or
        colours): a new table over its codes, drawn at once (the canvas makes the picture when it paints:
        however many requests come between two paints, one redraw). Anything else: in a job, only the
        latest request shown."""
        if self.opened is None or self.view is None:
            return
        settings = self.settings.with_(**changes)
        shown = self.view.settings
        same_plane = (settings.channel, settings.stokes, settings.flat_noise) == (
            shown.channel,
            shown.stokes,
            shown.flat_noise,
        )
        if same_plane and not reread and (levels := self._known_levels(settings)) is not None:
            self.settings = settings
            self.context.runner.cancel(f"{self.slot}:plane")  # an older request must not land on top
            self._present(relevel(self.view, settings, *levels), new_data=False)
            return
        opened, data = self.opened, (self.view.data if same_plane and not reread else None)
        codes = self.view.codes if data is not None else None
        read_pb = self._set.pb_plane if self._set is not None and self._set.channel == settings.channel else None

        def job(_token, report):
            plane = data
            if settings.flat_noise and opened.pb and plane is None:
                pb_plane = read_pb
                if pb_plane is None:
                    pb = open_image(opened.pb, report=report)
                    pb_plane = pb.plane(min(settings.channel, pb.layout.nchan - 1))
                plane = opened.image.plane(settings.channel, settings.stokes) * pb_plane
            return prepare_plane(opened.image, settings, opened.beams, opened.beam, plane, codes)

        self.settings = settings
        handle = self.context.runner.start(job, slot=f"{self.slot}:plane", name="plane")
        handle.result.connect(self._show)
        handle.failed.connect(lambda m: self.note.setText(f"Cannot read this plane: {m}"))

    def _known_levels(self, settings: DisplaySettings) -> tuple[float, float] | None:
        """The levels of ``settings`` if known without the data: manual ones, or the shown preset's."""
        if settings.levels == "manual" and settings.manual is not None:
            return settings.manual
        shown = self.view.settings
        if settings.levels == shown.levels and shown.levels != "manual":
            return self.view.lo, self.view.hi
        return None

    def _refine_codes(self) -> None:
        """The shown codes too coarse for the shown levels (narrow manual levels, a steep stretch): drawn as
        they are, and quantised again in a job, one at a time (its result checks again)."""
        view = self.view
        if view is None or view.exact or self.context.runner.current(f"{self.slot}:codes") is not None:
            return
        handle = self.context.runner.start(lambda _t, _r: requantise(view), slot=f"{self.slot}:codes", name="levels")
        handle.result.connect(self._codes_ready)
        handle.failed.connect(lambda m: self.note.setText(f"Cannot scale this plane: {m}"))

    def _codes_ready(self, finer: PlaneView) -> None:
        view = self.view
        if view is not None and finer.data is view.data:  # else another plane by now
            self._present(relevel(view, view.settings, view.lo, view.hi, finer.codes), new_data=False)
        else:
            self._refine_codes()

    def _channel_changed(self, channel: int) -> None:
        with _quiet(self.channel_slider):
            self.channel_slider.setValue(channel)
        self._channel_text(channel)
        self._apply(channel=channel)

    def _channel_text(self, channel: int) -> None:
        if self.opened is None or self.opened.coords is None:
            return
        coords = self.opened.coords
        freqs, velocities = coords.frequencies_hz(), coords.velocities_kms(self.rest_hz, self.redshift)
        bits = []
        if freqs is not None:
            bits.append(f"{freqs[channel] / 1e9:.6f} GHz")
        if velocities is not None:
            bits.append(f"{velocities[channel]:.2f} km/s")
        self.channel_label.setText("  ".join(bits))

    def _spectral_axis(self) -> None:
        o = self.opened
        if self.plots is None:
            return  # set when the plots arrive
        spectrum = self.plots.spectrum
        spectrum.set_axis(o.coords.velocities_kms(self.rest_hz, self.redshift), o.coords.frequencies_hz(),
                          o.image.layout.nchan, str(o.image.header.get("BUNIT", "")),
                          o.coords.rest_frequency(self.rest_hz, self.redshift))  # fmt: skip
        spectrum.set_continuum(o.details.continuum_hz)
        spectrum.mark_channel(self.settings.channel)
        if self._last_spectrum is not None:  # clicked before the axis (or the plot) was there
            spectrum.show_values(*self._last_spectrum)

    def _velocity_reference(self) -> None:
        """The user's rest frequency (a line) or redshift: velocities everywhere follow."""
        hint = ("Rest frequency in GHz between 0.1 and 10 000 (e.g. 230.538) and redshift between -0.5 and 30 "
                "(e.g. 0.0024); empty: the header's.")  # fmt: skip
        try:
            rest = float(self.rest_edit.text()) * 1e9 if self.rest_edit.text().strip() else None
            z = float(self.z_edit.text()) if self.z_edit.text().strip() else None
        except ValueError:
            rest = z = float("nan")
        if (rest is not None and rest != rest) or velocity_reference_problem(rest, z):
            self._note_is_error(True)
            self.note.setText(hint)
            return
        if self.note.text() == hint:
            self._note_is_error(False)
            self.note.clear()
        if (rest, z) == (self.rest_hz, self.redshift) or self.opened is None or self.opened.details is None:
            return
        self.rest_hz, self.redshift = rest, z
        self._spectral_axis()
        if self.view is not None:
            self._channel_text(self.view.settings.channel)
            if self.plots:
                self.plots.spectrum.mark_channel(self.view.settings.channel)

    def _levels_changed(self) -> None:
        key = self.levels_combo.currentData()
        manual = key == "manual"
        if self.plots:
            self.plots.histogram.setVisible(manual)
        if manual and self.view is not None:  # the shown levels become the manual ones: nothing to redraw
            if self.plots:
                self.plots.histogram.show_histogram(self.view.data, self.view.lo, self.view.hi)
            self.settings = self.settings.with_(levels="manual", manual=(self.view.lo, self.view.hi))
        elif not manual:
            self._apply(levels=key, manual=None)

    def _manual_levels(self) -> None:
        """Levels typed in the two boxes (typing makes the levels manual); anything else is said and undone."""
        try:
            lo, hi = float(self.low_edit.text()), float(self.high_edit.text())
        except ValueError:
            lo = hi = float("nan")
        if self.view is not None and (lo, hi) == (float(f"{self.view.lo:.4g}"), float(f"{self.view.hi:.4g}")):
            return  # the shown levels, as shown
        if not (hi > lo and np.isfinite(hi - lo)):
            self._note_is_error(True)
            self.note.setText("Levels: two numbers, the lowest (black) below the highest (white), e.g. -0.002 "
                              "and 0.01.")  # fmt: skip
            if self.view is not None:
                with _quiet(self.low_edit, self.high_edit):
                    self.low_edit.setText(f"{self.view.lo:.4g}")
                    self.high_edit.setText(f"{self.view.hi:.4g}")
            return
        self._note_is_error(False)
        self.note.clear()
        self.levels_combo.setCurrentIndex(self.levels_combo.findData("manual"))
        self._apply(levels="manual", manual=(lo, hi))

    def _quick_look(self) -> None:
        """Moment 0 or peak over the chosen channels (a job; refused above the size limit), or back to the
        channel."""
        kind = self.look_combo.currentData()
        if self.opened is None:
            return
        channel_mode = kind == "channel"
        for w in (self.channel_slider, self.channel_spin, self.play, self.stokes_combo):  # a map is no channel
            w.setEnabled(channel_mode)
        self.flat_box.setEnabled(channel_mode and self.opened.pb is not None)
        if self.play.isChecked():
            self.play.setChecked(False)
        if channel_mode:
            self.unit_override = self.look = None
            self.note.clear()
            self._apply(reread=True)
            return
        if self.flat_box.isChecked():
            with _quiet(self.flat_box):
                self.flat_box.setChecked(False)
            self.settings = self.settings.with_(flat_noise=False)
        image, settings = self.opened.image, self.settings
        first, last = self.look_from.value(), self.look_to.value()

        def job(token, report):
            look = quick_look(image, kind, first, last, settings.stokes,
                              on_progress=lambda f: report.progress(f, f"Computing the {kind}… {f:.0%}"),
                              should_stop=lambda: token.cancelled)  # fmt: skip
            return look, prepare_plane(image, settings.with_preset_levels(), None, None, look.data)

        handle = self.context.runner.start(job, slot=f"{self.slot}:plane", name="quick look")
        handle.progress.connect(lambda e: self.note.setText(e.message))
        handle.result.connect(self._quick_look_ready)
        handle.failed.connect(lambda m: self.note.setText(f"No quick look: {m}"))

    def _quick_look_ready(self, value) -> None:
        look, view = value
        self.unit_override, self.look = look.unit, look
        self._present(view, new_data=True, beam=False)
        self.note.setText(f"Showing the {look.title} ({look.unit}); choose “channel” to go back.")

    def _dragged_levels(self, lo: float, hi: float) -> None:
        self._apply(levels="manual", manual=(lo, hi))

    def _stokes_changed(self, index: int) -> None:
        """Another Stokes plane: its picture, and its statistics and spectrum where they were shown."""
        if self.opened is None or index < 0:
            return
        self._apply(stokes=index)
        self._refresh_set(self.settings.channel)
        if self._clicked is not None:
            self._spectrum_at(*self._clicked)

    def _step(self, delta: int) -> None:
        """←/→ on the image: the next channel (not while a moment map is shown)."""
        if self.channel_spin.isEnabled():
            self.channel_spin.setValue(self.channel_spin.value() + delta)

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
        unit = self.unit_override or str(self.opened.image.header.get("BUNIT", "")).strip()
        shown = "blank" if not np.isfinite(value) else f"{value:.5g} {unit}"
        if self.view.settings.flat_noise:
            shown += " (flat noise)"
        coords = self.opened.coords
        bits = [f"pixel {ix}, {iy}", coords.sky_text(x, y) if coords else "(sky coordinates: reading…)"]
        if self.opened.image.layout.nchan > 1 and self.unit_override is None:
            bits.append(f"channel {self.view.settings.channel} {self.channel_label.text()}".strip())
        bits.append(shown)
        self.context.status("   ".join(bits))

    def _box_changed(self, box: int) -> None:
        if box % 2 == 0:  # centred on the pixel: odd sizes only
            self.box_spin.setValue(box + 1)
        elif self._clicked is not None:
            self._spectrum_at(*self._clicked)

    def _spectrum_at(self, x: int, y: int) -> None:
        if self.opened is None or self.opened.image.layout.nchan < 2:
            return
        image = self.opened.image
        stokes, box = self.settings.stokes, self.box_spin.value()
        self._clicked = (x, y)
        self.canvas.set_box(x, y, box)
        if not image.seekable:  # read once the cube is inflated (see _inflated)
            self.note.setText("The spectrum there follows as soon as the cube is inflated (in progress).")
            return
        where = f"pixel {x}, {y}" if box == 1 else f"mean of {box} × {box} pixels around {x}, {y}"

        def job(token, report):
            return image.spectrum(x, y, stokes, box=box, on_partial=lambda v: report.partial(v),
                                  should_stop=lambda: token.cancelled)  # fmt: skip

        handle = self.context.runner.start(job, slot=f"{self.slot}:spectrum", name="spectrum")
        handle.partial.connect(lambda e: self._spectrum_values(e.data, f"{where} (reading…)"))
        handle.result.connect(
            lambda values: self._spectrum_values(
                values, where if np.isfinite(values).any() else f"{where}: blank in every channel"
            )
        )
        handle.failed.connect(lambda m: self.note.setText(f"Cannot read the spectrum: {m}"))

    def _spectrum_values(self, values: np.ndarray, title: str) -> None:
        self._last_spectrum = (values, title)
        if self.plots:
            self.plots.spectrum.show_values(values, title)

    def _choose_export(self) -> None:
        if self.opened is None:
            return
        stem = os.path.basename(self.opened.image.path).removesuffix(".gz").removesuffix(".fits")
        suffix = f".chan{self.settings.channel}" if self.opened.image.layout.nchan > 1 else ""
        start = os.path.join(os.path.expanduser("~"), f"{stem}{suffix}.png")
        out, _ = QFileDialog.getSaveFileName(self, "Export the image as PNG", start, "PNG images (*.png)")
        if out:
            self.export_to(out)

    def export_to(self, out: str):
        """Render the shown plane with the shown stretch, levels and colours into ``out`` (in a job)."""
        view, path = self.view, self.opened.image.path
        s = view.settings
        settings = RenderSettings(channel=s.channel, stokes=s.stokes, stretch=s.stretch, cmap=s.cmap
                                  + ("_r" if s.reverse else ""), limits=(view.lo, view.hi))  # fmt: skip
        data = what = unit = None
        if self.look is not None:  # a moment map: that map, its title and unit
            data, what, unit = view.data, self.look.title, self.look.unit
        elif s.flat_noise:  # the flat-noise image shown, not the pbcor plane
            data, what = view.data, f"flat noise (pbcor × pb), channel {s.channel}"
        self.note.setText(f"Exporting {os.path.basename(out)}…")
        handle = self.context.runner.start(lambda _t, report: render_png(path, out, settings, report, data=data,
                                                                         what=what, unit=unit),
                                           slot=f"{self.slot}:export", name="export")  # fmt: skip
        handle.result.connect(lambda written: self.note.setText(f"Saved {written}"))
        handle.failed.connect(lambda m: self.note.setText(f"Could not export: {m}"))
        return handle

    def _find(self) -> None:
        """The next occurrence of the search text in the header, from the top again after the last; the field
        turns red when there is none."""
        text = self.search.text()
        found = not text or self.header_view.edit.find(text)
        if text and not found:
            cursor = self.header_view.edit.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            self.header_view.edit.setTextCursor(cursor)
            found = self.header_view.edit.find(text)
        background, colour = scheme().not_found
        self.search.setStyleSheet("" if found else f"background: {background}; color: {colour};")
        self.search.setToolTip("" if found else f"“{text}” is not in the header")


def _rest_note(others: list[tuple[str, float]]) -> str:
    if not others:
        return ""
    listed = ", ".join(f"{spw} {hz / 1e9:.4f} GHz" for spw, hz in others)
    return f"Other cubes of this target have other rest frequencies ({listed}): their velocities refer to those."


def _si(value: float, unit: str) -> str:
    """0.00121 Jy/beam -> '1.21 mJy/beam' (the prefixes radio astronomers read)."""
    if unit.startswith("Jy") and np.isfinite(value):
        for factor, prefix in ((1.0, ""), (1e-3, "m"), (1e-6, "µ")):
            if abs(value) >= factor or prefix == "µ":
                return f"{value / factor:.3g} {prefix}{unit}"
    return f"{value:.3g} {unit}"


@contextmanager
def _quiet(*widgets):
    """Set widgets without their signals firing (Qt's QSignalBlocker, for several at once)."""
    with ExitStack() as stack:
        for widget in widgets:
            stack.enter_context(QSignalBlocker(widget))
        yield
