"""What the window shows, as a plain object: the delivery being opened or open, the view (folders or products
by target), the selection, the filter text and the name style. No Qt: widgets observe it and write to it, and
tests drive it without any widget.

Observers subscribe to a topic and are called with no argument after it changes. The delivery goes through
``opening`` (a path is being opened: nothing shown yet), ``listed`` (its first level is listed),
``listing_done`` (every folder listed), ``opened`` (sizes, summary and products known) or ``failed``; the
view through ``view_mode``, ``selection``, ``filter_text`` and ``full_names``.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

from .delivery.scan import Node, ScanStats

if TYPE_CHECKING:  # the opening and overview modules load with the first opening, not with the window
    from .delivery.opening import Opened
    from .delivery.overview import DeliverySummary

FOLDERS, PRODUCTS = "folders", "products"
VIEW_MODES = (FOLDERS, PRODUCTS)


class ViewState:
    def __init__(self) -> None:
        self.opened_path: str | None = None
        self.focus_path: str | None = None  # what to select once listed (what the user pointed at)
        self.folder_root: Node | None = None
        self.stats: ScanStats | None = None
        self.summary: DeliverySummary | None = None
        self.products_root: Node | None = None
        self.view_mode = FOLDERS
        self.selection: Node | None = None
        self.filter_text = ""
        self.full_names = False
        self._observers: dict[str, list[Callable[[], None]]] = defaultdict(list)

    # -- observing ---------------------------------------------------------------------------------------
    def subscribe(self, topic: str, fn: Callable[[], None]) -> None:
        self._observers[topic].append(fn)

    def _changed(self, topic: str) -> None:
        for fn in list(self._observers[topic]):
            fn()

    # -- the delivery ------------------------------------------------------------------------------------
    def start_opening(self, path: str, focus: str | None = None) -> None:
        self.opened_path = path
        self.focus_path = focus or path
        self.folder_root = self.products_root = None
        self.stats = None
        self.summary = None
        self.selection = None
        self._changed("opening")

    def first_listed(self, root: Node) -> None:
        """The root folder is listed: the tree can show its first level."""
        self.folder_root = root
        self._changed("listed")

    def listing_done(self, root: Node, stats: ScanStats) -> None:
        self.folder_root = root
        self.stats = stats
        self._changed("listing_done")

    def finish_opening(self, opened: Opened) -> None:
        self.folder_root = opened.root
        self.stats = opened.stats
        self.summary = opened.summary
        self.products_root = opened.products
        self._changed("opened")

    def opening_failed(self) -> None:
        """Nothing (more) could be read; what was listed stays shown."""
        if self.folder_root is None:
            self.opened_path = None
        self._changed("failed")

    # -- the view ----------------------------------------------------------------------------------------
    @property
    def shown_root(self) -> Node | None:
        """The root of the tree the window shows in the current view (the folder tree until the products
        tree exists)."""
        if self.view_mode == PRODUCTS and self.products_root is not None:
            return self.products_root
        return self.folder_root

    def set_view_mode(self, mode: str) -> None:
        """Switch views; the selection follows to the same file or folder where the other view has it."""
        if mode not in VIEW_MODES or mode == self.view_mode:
            return
        target = self.selection.ref or self.selection if self.selection is not None else None
        self.view_mode = mode
        self.selection = None
        self._changed("view_mode")
        found = self.find(target.path) if target is not None and target.path else None
        self.select(found or self.shown_root)

    def set_filter_text(self, text: str) -> None:
        if text != self.filter_text:
            self.filter_text = text
            self._changed("filter_text")

    def set_full_names(self, full: bool) -> None:
        if full != self.full_names:
            self.full_names = full
            self._changed("full_names")

    # -- selection ---------------------------------------------------------------------------------------
    def select(self, node: Node | None) -> None:
        if node is not self.selection:
            self.selection = node
            self._changed("selection")

    def select_path(self, path: str) -> Node | None:
        """Select the item for ``path`` in the current view; a file the products view does not hold is
        selected in the folder view."""
        node = self.find(path)
        if node is None and self.view_mode == PRODUCTS:
            self.set_view_mode(FOLDERS)
            node = self.find(path)
        if node is not None:
            self.select(node)
        return node

    def find(self, path: str) -> Node | None:
        """The item of the current view that stands for ``path`` (listed items only)."""
        root = self.shown_root
        if root is None or not path:
            return None
        if root.path is not None:
            return find_in_folders(root, path)
        for node in root.iter_dirs():  # products view: virtual items point at real ones
            if node.ref is not None and node.ref.path == path:
                return node
            for child in node.children or ():
                if child.ref is not None and child.ref.path == path:
                    return child
        return None

    def reload_target(self) -> tuple[str, str | None] | None:
        """(path to open again, path to select) for Reload; None when nothing is open."""
        if not self.opened_path:
            return None
        current = self.selection.ref or self.selection if self.selection is not None else None
        return self.opened_path, current.path if current is not None else None


def find_in_folders(root: Node, path: str) -> Node | None:
    """The listed node with this path under ``root`` (a folder tree), or None."""
    if root.path is None or not (path == root.path or path.startswith(root.path.rstrip(os.sep) + os.sep)):
        return None
    node: Node | None = root
    rest = path[len(root.path) :].strip(os.sep)
    for part in rest.split(os.sep) if rest else []:
        node = node.child(part) if node is not None else None
        if node is None:
            return None
    return node
