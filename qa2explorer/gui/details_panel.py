"""The right-hand page for a selected file: what it is in plain words, its decoded fields, and a preview
(text with highlighting, FITS header, archive listing or picture), all loaded in the background."""

from __future__ import annotations

import os
import tarfile

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..delivery.describe import describe
from ..delivery.kinds import TEXT_KINDS
from ..delivery.names import DecodedName, decode, readable
from ..delivery.scan import Node
from ..imaging.header import header_text
from .icons import icon_for
from .text_viewer import TextViewer
from .tree_model import human_size
from .workers import TaskRunner

ARCHIVE_LIST_LIMIT = 5000
_PICTURES = ("png", "jpg", "jpeg", "gif", "svg")


def list_archive(path: str, limit: int = ARCHIVE_LIST_LIMIT) -> str:
    """Members of a tar/tgz archive, one per line with its size (read-only; nothing is extracted)."""
    lines = []
    total = 0
    try:
        with tarfile.open(path, "r:*") as tar:
            for i, member in enumerate(tar):
                if i >= limit:
                    lines.append(f"… listing stopped after {limit} entries")
                    break
                kind = "/" if member.isdir() else (" -> " + member.linkname if member.issym() else "")
                lines.append(f"{human_size(member.size) if member.isfile() else '':>10}  {member.name}{kind}")
                total += member.size if member.isfile() else 0
    except (tarfile.TarError, OSError, EOFError) as exc:
        lines.append(f"The archive is damaged or truncated: {exc}")
    return f"{len(lines)} entries, {human_size(total)} uncompressed\n\n" + "\n".join(lines)


def load_picture(path: str) -> QImage:
    image = QImage(path)
    if image.isNull():
        raise ValueError("not a readable picture")
    return image


def decoded_rows(d: DecodedName) -> list[tuple[str, str]]:
    """(field, value) for every field the name carries, in the dataclass's order."""
    rows = []
    for key, value in d.to_dict().items():
        if key == "raw" or value in (None, [], False):
            continue
        rows.append((key, readable(", ".join(map(str, value)) if isinstance(value, list) else str(value))))
    return rows


class FileDetails(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._path: str | None = None
        self.icon = QLabel()
        self.title = QLabel()
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold;")
        self.open_button = QPushButton("Open with default app")
        self.open_button.setToolTip("Open this file with the application your desktop uses for it")
        self.open_button.clicked.connect(self._open_external)
        head = QHBoxLayout()
        head.addWidget(self.icon)
        head.addWidget(self.title, 1)
        head.addWidget(self.open_button)
        self.what = QLabel()
        self.what.setWordWrap(True)
        self.what.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.what.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.what.setFont(font)
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.where.setStyleSheet("color: palette(mid);")

        self.fields = QTableWidget(0, 2)
        self.fields.setHorizontalHeaderLabels(["Field", "Value"])
        self.fields.verticalHeader().hide()
        self.fields.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.fields.horizontalHeader().setStretchLastSection(True)
        self.fields.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.fields.setAlternatingRowColors(True)
        self.fields.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.fields.setWordWrap(False)

        self.viewer = TextViewer()
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.picture_area = QScrollArea()
        self.picture_area.setWidgetResizable(True)
        self.picture_area.setWidget(self.picture)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.note.setStyleSheet("color: palette(mid); padding: 6px;")
        self.preview = QStackedWidget()
        for w in (self.viewer, self.picture_area, self.note):
            self.preview.addWidget(w)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.fields)
        split.addWidget(self.preview)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        self.splitter = split

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.what)
        layout.addWidget(self.where)
        layout.addWidget(split, 1)
        self._text_runner = TaskRunner(self._text_ready, self._text_failed, self)
        self._picture_runner = TaskRunner(self._picture_ready, self._text_failed, self)
        self._image: QImage | None = None
        self._pending_note = ""

    # -- showing ---------------------------------------------------------------------------------------
    def show_node(self, node: Node) -> None:
        real = node.ref or node
        d = real.decoded if real.decoded is not None else decode(real.name)
        self._path = real.path
        self.icon.setPixmap(icon_for(real).pixmap(32, 32))
        self.title.setText(real.display_name)
        self.what.setText(describe(d))
        bits = [readable(real.path or "")]
        if real.size is not None:
            bits.append(human_size(real.size))
        if real.error:
            bits.append(real.error)
        self.where.setText(" · ".join(b for b in bits if b))
        rows = decoded_rows(d)
        self.fields.setRowCount(len(rows))
        for i, (k, v) in enumerate(rows):
            self.fields.setItem(i, 0, QTableWidgetItem(k))
            self.fields.setItem(i, 1, QTableWidgetItem(v))
        self.open_button.setEnabled(bool(real.path) and not real.is_dir)
        self._preview(real, d)

    def _preview(self, node: Node, d: DecodedName) -> None:
        self._text_runner.cancel()
        self._picture_runner.cancel()
        self.viewer.clear()
        path = node.path
        if not path or node.is_dir:
            self._show_note("A folder: select a file inside it.")
            return
        ext = (d.extension or "").lower()
        if d.kind in TEXT_KINDS or ext in ("txt", "log", "py", "xml", "csv", "json", "dat", "md", "sh"):
            self.preview.setCurrentWidget(self.viewer)
            self.viewer.load(path, d.kind, ext)
        elif ext in ("fits", "fit", "fts"):
            self.preview.setCurrentWidget(self.viewer)
            self._pending_note = "Primary FITS header (the image itself is not read)."
            self.viewer.banner.setText("Reading the FITS header…")
            self.viewer.banner.show()
            self._text_runner.submit(lambda: header_text(path))
        elif ext in ("tgz", "tar", "fits.tgz"):
            self.preview.setCurrentWidget(self.viewer)
            self._pending_note = "Archive contents (read-only listing; nothing is extracted)."
            self.viewer.banner.setText("Reading the archive…")
            self.viewer.banner.show()
            self._text_runner.submit(lambda: list_archive(path))
        elif ext in _PICTURES:
            self.preview.setCurrentWidget(self.picture_area)
            self.picture.setText("Loading…")
            self._picture_runner.submit(lambda: load_picture(path))
        else:
            self._show_note(f"No preview for this kind of file here. Use “{self.open_button.text()}”.")

    def _show_note(self, text: str) -> None:
        self.note.setText(text)
        self.preview.setCurrentWidget(self.note)

    def _text_ready(self, text) -> None:
        self.viewer.show_text(text, note=self._pending_note)

    def _text_failed(self, message: str) -> None:
        self._show_note(f"Cannot preview this file: {message}")

    def _picture_ready(self, image) -> None:
        self._image = image
        self._fit_picture()

    def _fit_picture(self) -> None:
        if self._image is None:
            return
        width = max(100, self.picture_area.viewport().width() - 4)
        pix = QPixmap.fromImage(self._image)
        if pix.width() > width:
            pix = pix.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self.picture.setPixmap(pix)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.preview.currentWidget() is self.picture_area:
            self._fit_picture()

    def _open_external(self) -> None:
        if self._path and os.path.exists(self._path):
            QDesktopServices.openUrl(QUrl.fromLocalFile(self._path))
