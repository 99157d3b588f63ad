"""Manual QA of an EB, shown when one of its plots (``…__qa2_partN.png``) or its ``…__textfile.txt`` is selected:
the gallery of its plots beside the textfile with its key figures. The member's other EBs are a choice away.

Everything is read in jobs: the qa/ folder's manual QA and textfiles (:func:`qa2explorer.qa.manual.manual_qa`),
the thumbnails (kept in memory), the selected plot. Moving through the gallery selects the plot in the tree too,
so the file page's header always names the plot shown."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout

from ...delivery import uids
from ...delivery.scan import Node
from ...jobs import JobError
from ...present.facts import DIM
from ...qa.manual import EbManualQA, eb_of, manual_qa, read_textfile
from ...words import plural
from ..appearance import set_tone
from .base import Preview
from .manual_qa_gallery import Gallery, thumbnail
from .manual_qa_text import TextfilePane
from .picture import load_picture

KINDS = ("manual_qa_plot", "manual_qa_text")


def read_folder(folder: str) -> tuple[list[EbManualQA], dict[str, str]]:
    """The manual QA of the qa/ ``folder`` and each EB's textfile text (a job)."""
    entries = manual_qa(folder)
    texts = {}
    for entry in entries:
        try:
            texts[entry.eb] = read_textfile(entry.textfile) if entry.textfile else ""
        except OSError:
            texts[entry.eb] = ""  # the entry's note says why
    return entries, texts


def _picture(path: str):
    try:
        return load_picture(path)
    except ValueError as exc:  # a damaged file: said in the picture's place, not logged as a failure
        raise JobError(str(exc)) from None


class ManualQAPreview(Preview):
    priority = 5  # above the plain picture and text previews
    fields_collapsed = True  # the gallery needs the room

    @classmethod
    def accepts(cls, node: Node) -> bool:
        return node.decoded.kind in KINDS

    def __init__(self, context, parent=None):
        super().__init__(context, parent)
        self.folder: str | None = None
        self.entries: list[EbManualQA] | None = None
        self.texts: dict[str, str] = {}
        self.entry: EbManualQA | None = None
        self.eb_box = QComboBox()
        self.eb_box.setToolTip("The member's execution blocks with manual QA")
        self.eb_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.eb_box.activated.connect(self._eb_chosen)
        self.status = QLabel()
        set_tone(self.status, DIM)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(QLabel("Manual QA of"))
        head.addWidget(self.eb_box)
        head.addWidget(self.status, 1)
        self.gallery = Gallery()
        self.gallery.chosen.connect(self._plot_chosen)
        self.textfile = TextfilePane()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.gallery)
        self.splitter.addWidget(self.textfile)
        self.splitter.setStretchFactor(0, 11)
        self.splitter.setStretchFactor(1, 9)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([550, 450])  # scaled to the room it gets
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.splitter, 1)
        self.setFocusProxy(self.gallery)

    # -- showing ------------------------------------------------------------------------------------------
    def show_node(self, node: Node) -> None:
        path = node.path or ""
        folder = os.path.dirname(path)
        if self.entries is not None and folder == self.folder:
            entry = next((e for e in self.entries if e.eb == eb_of(node.name)), None)
            if entry is not None and (path in entry.plots or path == entry.textfile):  # else: new since read
                self._show_entry(entry, path)
                return
        self._load(folder, path)

    def clear(self) -> None:
        for part in ("", ":thumbnails", ":picture"):
            self.context.runner.cancel(self.slot + part)
        self.folder, self.entries, self.entry, self.texts = None, None, None, {}
        self.eb_box.clear()
        self.status.clear()
        self.gallery.set_plots([], [], [])
        self.gallery.picture.clear()
        self.textfile.clear()

    def _load(self, folder: str, path: str) -> None:
        self.clear()
        self.folder = folder
        self.gallery.caption.setText("")
        self.gallery.picture.set_message("Reading the manual QA…")
        self.status.setText("Reading the qa/ folder…")
        self.read(lambda: read_folder(folder), lambda value: self._loaded(value, path), self._failed)

    def _loaded(self, value: tuple[list[EbManualQA], dict[str, str]], path: str) -> None:
        self.entries, self.texts = value
        self.status.clear()
        self.eb_box.clear()
        for entry in self.entries:
            count = plural(len(entry.plots), "plot") + ("" if entry.textfile else ", no textfile")
            self.eb_box.addItem(f"EB {uids.short(entry.eb) or '(no uid in the names)'} ({count})", entry.eb)
        entry = next((e for e in self.entries if e.eb == eb_of(os.path.basename(path))), None)
        if entry is None:
            self._failed("no manual-QA plot or textfile of this EB was found in the folder")
            return
        self._show_entry(entry, path)

    def _failed(self, message: str) -> None:
        self.status.clear()
        self.gallery.picture.set_message(f"Cannot show the manual QA: {message}")
        self.textfile.set_note(f"Cannot read the manual QA: {message}")

    def _show_entry(self, entry: EbManualQA, path: str) -> None:
        if entry is not self.entry:
            self.entry = entry
            self.eb_box.setCurrentIndex(self.eb_box.findData(entry.eb))
            self.eb_box.setToolTip(entry.eb)
            self.gallery.set_plots(entry.plots, entry.parts, entry.captions)
            self.textfile.show_textfile(entry.textfile, entry.figures, entry.note, self.texts.get(entry.eb, ""))
            self._make_thumbnails(entry.plots)
        # the textfile: keep the plot shown, or show the first
        index = entry.plots.index(path) if path in entry.plots else max(self.gallery.index, 0)
        if self.gallery.select(index):
            self._load_picture(index)

    # -- the user moves -----------------------------------------------------------------------------------
    def _plot_chosen(self, index: int) -> None:
        self._load_picture(index)
        self.context.select_path(self.entry.plots[index])  # the tree and the page's header follow

    def _eb_chosen(self, row: int) -> None:
        entry = next((e for e in self.entries or () if e.eb == self.eb_box.itemData(row)), None)
        if entry is None or entry is self.entry:
            return
        path = entry.plots[0] if entry.plots else entry.textfile
        self._show_entry(entry, path)
        self.context.select_path(path)

    # -- jobs ---------------------------------------------------------------------------------------------
    def _load_picture(self, index: int) -> None:
        path, part = self.entry.plots[index], self.entry.parts[index]
        self.gallery.picture.set_message("Loading…")
        handle = self.context.runner.start(lambda _t, _r: _picture(path), slot=self.slot + ":picture")
        handle.result.connect(self.gallery.picture.show_image)
        handle.failed.connect(
            lambda message: self.gallery.picture.set_message(
                f"Cannot show part {part} ({os.path.basename(path)}):\n{message}"
            )
        )

    def _make_thumbnails(self, plots: list[str]) -> None:
        if not plots:
            self.context.runner.cancel(self.slot + ":thumbnails")
            return

        def make(token, report):
            for i, path in enumerate(plots):
                token.check()
                try:
                    report.partial((i, thumbnail(path), ""))
                except (OSError, ValueError) as exc:
                    report.partial((i, None, getattr(exc, "strerror", None) or str(exc)))
                report.progress((i + 1) / len(plots), f"Thumbnails {i + 1} of {len(plots)}…")

        handle = self.context.runner.start(make, slot=self.slot + ":thumbnails", name="thumbnails")
        handle.partial.connect(lambda event: self.gallery.set_thumbnail(*event.data))
        handle.progress.connect(lambda event: self.status.setText(event.message))
        handle.finished.connect(self.status.clear)
