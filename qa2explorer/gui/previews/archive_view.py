"""Archives (weblog, caltables, auxproducts, flagversions, calibration plots…): their entries as a sortable table
(name, size, date) with totals, read from the tar headers — nothing is extracted. A damaged or truncated archive
lists what could be read and says what is wrong. A helper file inside (cont.dat, flux.csv… of an auxproducts
archive) opens in a tab of its own with its structured view, read into memory."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from ...delivery.archives import MAX_ENTRY_BYTES, Listing, listing_text, read_listing
from ...delivery.kinds import kind_by_rules
from ...delivery.scan import Node
from ...qa.helper_table import Column, HelperTable
from ...words import human_size
from ..helper_table_view import HelperTableView
from .helper import HelperPreview
from .helper_kinds import HELPER_VIEWS, view_class

NOTE = "Read-only listing; nothing is extracted."


def helper_kind(name: str, size: int = 0) -> str | None:
    """The kind of a helper file inside an archive that can be shown from it (small, with a view)."""
    kind = kind_by_rules(os.path.basename(name))
    return kind if kind in HELPER_VIEWS and size <= MAX_ENTRY_BYTES else None


def listing_table(listing: Listing) -> HelperTable:
    table = HelperTable([Column("Name"), Column("Size", numeric=True), Column("Modified"), Column("Kind")])
    for e in listing.entries:
        date = time.strftime("%Y-%m-%d %H:%M", time.localtime(e.mtime))
        kind = f"link → {e.link}" if e.kind == "link" else e.kind
        if e.kind == "file" and helper_kind(e.name, e.size):
            kind = "file · double-click to view"
        table.rows.append([e.name, (human_size(e.size), e.size) if e.kind == "file" else None, date, kind])
    return table


class ArchivePreview(HelperPreview):
    what = "an archive"
    loading = "Reading the archive…"
    failure = "Cannot list this archive"

    def loader(self, node: Node) -> Callable[[], tuple[str, str, object]]:
        path = node.path

        def load() -> tuple[str, str, object]:
            listing = read_listing(path)
            return listing_text(listing), "", listing

        return load

    entry_view: HelperPreview | None = None

    def show_node(self, node: Node) -> None:
        self.archive = node.path
        super().show_node(node)

    def build(self, parsed: Listing) -> list[tuple[str, QWidget]]:
        self.table = HelperTableView()
        self.table.set_table(listing_table(parsed))
        self.table.itemActivated.connect(lambda item: self.open_entry(self.table.item(item.row(), 0).text()))
        return [("Contents", self.table)]

    def summary(self, parsed: Listing) -> str:
        text = f"{parsed.summary()}. {NOTE}"
        if any(helper_kind(e.name, e.size) for e in parsed.entries if e.kind == "file"):
            text += " Double-click a helper file (cont.dat, flux.csv…) to view it here."
        return f"{text} {parsed.problem}." if parsed.problem else text

    def open_entry(self, name: str) -> HelperPreview | None:
        """Show the helper file ``name`` of the archive in a tab of its own (read into memory, not extracted)."""
        kind = helper_kind(name)
        if kind is None:
            return None
        self._close_entry()
        view = view_class(kind)(self.context)
        view.own_slot = f"{self.slot}:entry"
        self.entry_view = view
        self.tabs.insertTab(1, view, os.path.basename(name))
        self.tabs.setCurrentIndex(1)
        view.show_entry(self.archive, name)
        return view

    def _close_entry(self) -> None:
        if self.entry_view is not None:
            self.entry_view.drop_reads()
            index = self.tabs.indexOf(self.entry_view)
            if index >= 0:
                self.tabs.removeTab(index)
            self.entry_view.deleteLater()
            self.entry_view = None

    def clear(self) -> None:
        self._close_entry()
        super().clear()
