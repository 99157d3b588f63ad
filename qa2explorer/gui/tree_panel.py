"""The left-hand side of the window: filter box, view switch (folders / products by target), the delivery
tree with its context menu, and the filter's match count. It follows the view state and writes the user's
selection back into it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..delivery.scan import Node
from ..delivery.treefilter import count_matches, filter_tree, first_match
from ..present.facts import DIM
from ..viewstate import PRODUCTS, VIEW_MODES, ViewState
from ..words import plural
from .appearance import set_tone
from .file_actions import FileActions
from .job_runner import JobRunner
from .tree_model import NAME, SIZE, WHAT, DeliveryTreeModel, NameElideDelegate

EXPAND_ALL_LIMIT = 3000
FILTER_DELAY_MS = 160
WHAT_SHARE, WHAT_MIN, WHAT_MAX = 0.3, 70, 420  # the What column's share of the tree's width; Name takes the rest
STRUCTURE_ROLES = ("project", "science_goal", "group", "root", "products_root")


class TreePanel(QWidget):
    def __init__(self, state: ViewState, runner: JobRunner, actions: FileActions, parent=None):
        super().__init__(parent)
        self.state = state
        self.runner = runner
        self.actions = actions
        self.model = DeliveryTreeModel(self)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter names (Ctrl+F), e.g.  spw25 cube pbcor")
        self.filter_edit.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(lambda: state.set_filter_text(self.filter_edit.text()))
        self.filter_edit.textChanged.connect(lambda _: self._filter_timer.start())
        self.group_combo = QComboBox()
        self.group_combo.addItems(["Folders", "Products by target"])
        self.group_combo.setToolTip(
            "Show the delivery folders, or the image products grouped by target, spectral windows and image set"
        )
        self.group_combo.currentIndexChanged.connect(lambda i: state.set_view_mode(VIEW_MODES[i]))
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.filter_edit, 1)
        row.addWidget(self.group_combo)

        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setItemDelegate(NameElideDelegate(self.tree))
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setIndentation(14)  # deep trees: keep room for the names
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)  # names take what the others leave
        header.setSectionResizeMode(SIZE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(WHAT, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(SIZE, 70)
        self.tree.viewport().installEventFilter(self)  # the What column follows the pane's width
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.setExpandsOnDoubleClick(False)  # double-click and Enter do the same (see _activated)
        self.tree.activated.connect(self._activated)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.filter_status = QLabel()
        set_tone(self.filter_status, DIM)
        self.filter_status.hide()
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(row)
        box.addWidget(self.filter_status)
        box.addWidget(self.tree, 1)
        self.open_file = None  # set by the window: what double-clicking a file does besides selecting it
        self.open_in_new_window = None  # set by the window: the folder context menu's Open in New Window

        state.subscribe("opening", self._on_opening)
        state.subscribe("listed", self._on_listed)
        state.subscribe("listing_done", self._on_listing_done)
        state.subscribe("opened", self._on_opened)
        state.subscribe("view_mode", self._on_view_mode)
        state.subscribe("selection", self._on_selection)
        state.subscribe("filter_text", self._run_filter)
        state.subscribe("full_names", lambda: self.model.set_full_names(state.full_names))

    def eventFilter(self, watched, event) -> bool:
        if watched is self.tree.viewport() and event.type() == QEvent.Type.Resize:
            width = event.size().width()
            self.tree.setColumnWidth(WHAT, max(WHAT_MIN, min(WHAT_MAX, int(WHAT_SHARE * width))))
        return super().eventFilter(watched, event)

    # -- following the state -----------------------------------------------------------------------------
    def _on_opening(self) -> None:
        self.runner.cancel("filter")
        self.model.set_root(None)
        self.filter_status.hide()

    def _on_listed(self) -> None:
        root = self.state.folder_root
        self.model.set_root(root)
        self.tree.expand(self.model.index_of(root))

    def add_listed(self, folders: list[Node]) -> None:
        self.model.add_listed(folders)

    def _on_listing_done(self) -> None:
        root = self.state.folder_root
        if root is None or self.model.root is not root:
            return
        self._expand_structure(root)
        chosen = self.state.selection
        if chosen is None or chosen is root:  # the user did not pick something else while it listed
            focus = self.model.find(self.state.focus_path or "")
            self.state.select(focus or root)
        if self.state.filter_text.strip():
            self._run_filter()

    def _on_opened(self) -> None:
        from ..present.member import member_title  # the member pages' module: with the first delivery, not at start

        summary = self.state.summary
        self.model.member_notes = {m.path: member_title(m) for m in summary.members}
        if self.state.view_mode == PRODUCTS:
            self._show_view()
        else:
            self.model.refresh_sizes()

    def _on_view_mode(self) -> None:
        with QSignalBlocker(self.group_combo):
            self.group_combo.setCurrentIndex(VIEW_MODES.index(self.state.view_mode))
        self._show_view()

    def _show_view(self) -> None:
        root = self.state.shown_root
        if root is None:
            return
        selected = self.state.selection
        self.model.set_root(root)
        self._expand_structure(root)
        if self.state.filter_text.strip():
            self._run_filter()
        if selected is not None:
            self._select_in_tree(selected)

    def _on_selection(self) -> None:
        node = self.state.selection
        if node is not None and self.current_node() is not node:
            self._select_in_tree(node)

    # -- the tree ----------------------------------------------------------------------------------------
    def current_node(self) -> Node | None:
        index = self.tree.currentIndex()
        return self.model.node(index) if index.isValid() else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.state.select(self.model.node(current))

    def _select_in_tree(self, node: Node) -> None:
        index = self.model.reveal(node)
        if not index.isValid():
            return
        parent = index.parent()
        while parent.isValid():
            self.tree.expand(parent)
            parent = parent.parent()
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.tree.scrollTo(index)

    def _expand_structure(self, root: Node) -> None:
        """Expand the delivery levels down to the members (and the products view to its targets)."""

        def walk(node: Node, depth: int) -> None:
            index = self.model.reveal(node)
            if node is root or node.role in STRUCTURE_ROLES:
                self.tree.expand(index)
                for child in (node.children or [])[:50]:
                    if child.is_dir and depth < 6:
                        walk(child, depth + 1)
            elif node.role == "member" and (root.path is None or len(node.parent.children or ()) <= 4):
                self.tree.expand(index)

        walk(root, 0)

    def collapse(self) -> None:
        self.tree.collapseAll()
        if self.model.root is not None:
            self.tree.expand(self.model.index_of(self.model.root))

    def _activated(self, index: QModelIndex) -> None:
        """Enter or double-click: a file opens its preview (takes the keyboard); a folder toggles itself."""
        node = self.model.node(index)
        real = node.ref or node
        if real.is_dir:
            self.tree.setExpanded(index, not self.tree.isExpanded(index))
        elif self.open_file is not None:
            self.open_file(node)

    def _context_menu(self, pos) -> None:
        index = self.tree.indexAt(pos)
        if not index.isValid():
            return
        menu = self.context_menu(self.model.node(index))
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    def context_menu(self, node: Node) -> QMenu:
        """The actions on one tree item: Open, Open in New Window (a folder), Open with Default App (a file), Show
        in Folder, Copy Path, Copy Name."""
        real = node.ref or node
        menu = QMenu(self)
        menu.addAction("Open", lambda: self._open(node))
        path = real.path
        if path:
            if real.is_dir and self.open_in_new_window is not None:
                menu.addAction("Open in New Window", lambda: self.open_in_new_window(path))
            if not real.is_dir:
                menu.addAction("Open with Default App", lambda: self.actions.open_external(path))
            menu.addAction("Show in Folder", lambda: self.actions.show_in_folder(path))
            menu.addSeparator()
            menu.addAction("Copy Path", lambda: self.actions.copy_path(path))
            menu.addAction("Copy Name", lambda: self.actions.copy_name(path))
        return menu

    def _open(self, node: Node) -> None:
        self.state.select(node)
        index = self.model.index_of(node)
        real = node.ref or node
        if real.is_dir:
            self.tree.expand(index)
        elif self.open_file is not None:
            self.open_file(node)

    # -- filter ------------------------------------------------------------------------------------------
    def focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def _run_filter(self) -> None:
        root = self.model.root
        text = self.state.filter_text
        if root is None:
            return
        if not text.strip():
            self.runner.cancel("filter")
            self.model.set_filter(None)
            self.filter_status.hide()
            self._expand_structure(root)
            if self.state.selection is not None:
                self._select_in_tree(self.state.selection)
            return

        def job(token, _report):
            return text, filter_tree(root, text, should_stop=lambda: token.cancelled)

        self.runner.start(job, slot="filter").result.connect(self._filter_ready)

    def _filter_ready(self, value) -> None:
        text, kept = value
        if text != self.state.filter_text or self.model.root is None:
            return
        self.model.set_filter(kept)
        matches = count_matches(kept or {})
        self.filter_status.setText(plural(matches, "matching file") if matches else "No file matches the filter.")
        self.filter_status.show()
        if sum(len(v) for v in (kept or {}).values()) <= EXPAND_ALL_LIMIT:
            self.tree.expandAll()
        else:
            self.tree.expandToDepth(4)
        # the selection stays where the filter shows it; hidden, it moves to the first match (never stale)
        selected = self.state.selection
        if selected is not None and self.model.reveal(selected).isValid():
            self._select_in_tree(selected)
        else:
            self.state.select(first_match(self.model.root, kept or {}) or self.model.root)
