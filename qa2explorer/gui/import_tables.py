"""The two lists of the Import Download dialog: the archives given (file, kind, size, what it holds, status with
an icon and a colour; the parts of a split set not downloaded as greyed rows among them) and the report below
them (what stops the import, then what was not downloaded), one short row each, the full sentence in its tooltip."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem

from ..download.contents import STATUS_LABELS, Archive, Gap, Plan
from ..words import human_size, plural
from . import icons
from .log_model import DEBUG, ERROR, INFO, WARNING
from .log_table import level_colours

FILE, KIND, SIZE, HOLDS, STATUS = range(5)
_PROBLEM_ADVICE = {"html": "download it again", "truncated": "download it again", "corrupt": "download it again",
                   "hostile": "refused, nothing unpacked"}  # fmt: skip
_RAW_NOTE = "needed only to restore the calibrated data (scriptForPI); the products are complete without it"


class _List(QTreeWidget):
    """A flat, read-only list with a header: a table the user can select and copy from."""

    def __init__(self, headers: list[str], elastic: list[int]):
        super().__init__()
        self.elastic = elastic
        self.setHeaderLabels(headers)
        self.header().setStretchLastSection(False)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # the dialog starts in the target field, not here

    def _row(self, texts: list[str], icon: str, level: int, tip: str) -> QTreeWidgetItem:
        """A row whose first column has the colour of ``level`` (the whole row for DEBUG: greyed, not there)."""
        item = QTreeWidgetItem(texts)
        colour = level_colours(self.palette())[level]
        for column in range(len(texts)):
            item.setToolTip(column, tip)
            if column == 0 or level == DEBUG:
                item.setForeground(column, colour)
        item.setIcon(0, icons.named(icon))
        self.addTopLevelItem(item)
        return item

    def rows(self) -> list[list[str]]:
        """The texts shown, row by row (what a test or a copy sees)."""
        return [[item.text(c) for c in range(self.columnCount())] for item in map(self.topLevelItem, range(
            self.topLevelItemCount()))]  # fmt: skip

    def share(self) -> None:
        """Every column as wide as its contents when they fit; when they do not, the ``elastic`` columns (long
        names) give up room in proportion to their widths, elided in their middle; spare room goes to the last
        elastic column. The user may still drag the columns' edges."""
        header = self.header()
        hints = [max(self.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(self.columnCount())]
        spare = self.viewport().width() - sum(h for c, h in enumerate(hints) if c not in self.elastic)
        want = sum(hints[c] for c in self.elastic)
        for c in self.elastic:
            hints[c] = hints[c] * min(spare, want) // want if want else hints[c]
        hints[self.elastic[-1]] += max(0, spare - want)
        for c, width in enumerate(hints):
            header.resizeSection(c, width)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.share()


class ArchiveList(_List):
    """The archives given, one row each, sorted by name; the missing parts of a split set among them, greyed."""

    def __init__(self):
        super().__init__(["File", "Kind", "Size", "Holds", "Status"], [FILE, HOLDS])
        self.header().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def show_plan(self, plan: Plan) -> None:
        self.clear()
        rows = [(a.name, a) for a in plan.archives] + [(name, None) for name in plan.missing_parts]
        for name, archive in sorted(rows, key=lambda row: row[0]):
            if archive is None:
                what = Gap("part", name).what
                item = self._row([name, "products, " + what.removesuffix(" not downloaded"), "—", "", ""], "archive",
                                 DEBUG, f"{name}: {what}")  # fmt: skip
                self.set_status(item, "Missing part", "warning", WARNING)
            else:
                item = self._row([archive.name, archive.kind_label, human_size(archive.size), archive.holds, ""],
                                 "archive", INFO, "")  # fmt: skip
                item.setData(FILE, Qt.ItemDataRole.UserRole, archive.path)
                self._status(item, archive)
                item.setToolTip(HOLDS, _holds_tip(archive))
            item.setTextAlignment(SIZE, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.share()

    def _status(self, item: QTreeWidgetItem, archive: Archive) -> None:
        bad = archive.status != "ok"
        self.set_status(item, STATUS_LABELS[archive.status], "error" if bad else "ok", ERROR if bad else INFO)
        item.setToolTip(STATUS, archive.problem or "The headers read to the end: nothing wrong found.")
        item.setToolTip(FILE, archive.path)

    def set_status(self, item: QTreeWidgetItem, text: str, icon: str, level: int) -> None:
        item.setText(STATUS, capital(text))
        item.setIcon(STATUS, icons.named(icon))
        item.setForeground(STATUS, level_colours(self.palette())[level])
        self.share()  # 'Unpacking…' is wider than 'OK'

    def item_for(self, path: str) -> QTreeWidgetItem | None:
        for i in range(self.topLevelItemCount()):
            if self.topLevelItem(i).data(FILE, Qt.ItemDataRole.UserRole) == path:
                return self.topLevelItem(i)
        return None

    def mark(self, path: str, text: str, icon: str = "ok", level: int = INFO) -> None:
        """The status of the archive at ``path`` during an import: 'unpacking…', 'unpacked', 'stopped'."""
        if (item := self.item_for(path)) is not None:
            self.set_status(item, text, icon, level)


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _holds_tip(archive: Archive) -> str:
    lines = [f"{plural(archive.entries, 'entry', 'entries')}, {plural(len(archive.files), 'file')}, "
             f"{human_size(archive.unpacked)} unpacked"]  # fmt: skip
    if archive.tops:
        lines.append("top folder: " + ", ".join(archive.tops))
    if archive.members:
        lines.append("members: " + ", ".join(archive.members))
    if archive.ebs:
        lines.append("EBs named: " + ", ".join(archive.ebs))
    return "\n".join(lines)


class ReportList(_List):
    """What stops the import (red), what was not downloaded (amber; raw data, which only a restore needs, plain),
    or one row saying nothing is missing."""

    def __init__(self):
        super().__init__(["Problem or gap", "File or ASDM", "Member"], [1, 2])

    def show_plan(self, plan: Plan) -> None:
        self.clear()
        for a in plan.archives:
            if a.problem:
                what = f"{STATUS_LABELS[a.status]}: {_PROBLEM_ADVICE[a.status]}"
                self._row([capital(what), a.name, ", ".join(a.members)], "error", ERROR, f"{a.name}: {a.problem}")
        for g in plan.missing:
            shown = f"ASDM {g.name}" if g.kind == "raw" else g.name
            raw = g.kind == "raw"
            tip = f"{shown}: {_RAW_NOTE}" if raw else f"{g.name}: {g.what}"
            self._row([capital(g.what), shown, g.member], "readme" if raw else "warning", INFO if raw else WARNING, tip)
        if self.topLevelItemCount() == 0:
            self._row(["Nothing missing", "every part, README, auxiliary tarball and ASDM named is here", ""], "ok",
                      INFO, "")  # fmt: skip
        self.share()
