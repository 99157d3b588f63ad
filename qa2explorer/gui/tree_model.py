"""Qt item model over a :class:`~qa2explorer.delivery.scan.Node` tree.

Lazy: a folder's rows are exposed in chunks when the view asks (``fetchMore``), and folders still being listed
by the worker get their rows when the listing arrives (``add_listed``). A filter swaps in a precomputed map of
the children to show per folder (see :mod:`qa2explorer.delivery.treefilter`).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate

from ..delivery.scan import Node
from ..present.labels import fit_name, node_title, node_what, shared_prefix
from ..viewstate import find_in_folders
from ..words import human_size, readable
from .icons import icon_for

CHUNK = 500
NAME, SIZE, WHAT = range(3)
HEADERS = ("Name", "Size", "What")


class DeliveryTreeModel(QAbstractItemModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._root: Node | None = None
        self._exposed: dict[Node, int] = {}  # folder -> rows shown
        self._wanted: set[Node] = set()  # folders the view asked for before they were listed
        self._kids: dict[Node, list[Node]] | None = None  # filter: children to show per folder
        self._rows: dict[Node, int] = {}  # filter: row of a node among its parent's shown children
        self._top = Node("", None, None, True)  # invisible parent of the root, so the root is a visible row
        self.full_names = False
        self.member_notes: dict[str, str] = {}  # member path -> "12-m · pipeline …" once the summary is known
        self._prefixes: dict[Node, str] = {}  # folder -> the start its children's titles share

    # -- content ---------------------------------------------------------------------------------------
    @property
    def root(self) -> Node | None:
        return self._root

    def set_root(self, root: Node | None) -> None:
        self._prefixes.clear()
        self.beginResetModel()
        self._root = root
        self._top.children = [root] if root is not None else []
        self._exposed = {self._top: len(self._top.children)}
        self._wanted.clear()
        self._kids = None
        self._rows.clear()
        self.endResetModel()
        if root is not None and root.children is not None:
            self._expose(root, self.index_of(root), CHUNK)

    def set_filter(self, kept: dict[Node, list[Node]] | None) -> None:
        self.beginResetModel()
        self._kids = kept
        self._rows = {c: i for kids in (kept or {}).values() for i, c in enumerate(kids)}
        self._exposed = {self._top: len(self._top.children or [])}
        self._wanted.clear()
        self.endResetModel()
        if self._root is not None:
            self._expose(
                self._root, self.index_of(self._root), CHUNK if kept is None else len(self._children(self._root))
            )

    @property
    def filtered(self) -> bool:
        return self._kids is not None

    def add_listed(self, folders: list[Node]) -> None:
        """The worker listed these folders: show their rows where the view already wants them."""
        if self._kids is not None:
            return  # the filter is recomputed when the listing is complete
        for folder in folders:
            if folder is self._root:
                self._expose(folder, self.index_of(folder), CHUNK)
            elif folder in self._wanted:
                self._wanted.discard(folder)
                index = self.index_of(folder)
                if index.isValid():
                    self._expose(folder, index, CHUNK)

    def set_full_names(self, full: bool) -> None:
        self.full_names = full
        self._prefixes.clear()
        self.refresh_sizes(first=NAME)

    def refresh_sizes(self, first: int = SIZE) -> None:
        """Sizes arrived (second pass): repaint the columns from ``first`` on, for every shown row."""
        for node, count in list(self._exposed.items()):
            parent = QModelIndex() if node is self._top else self.index_of(node)
            if count and (node is self._top or parent.isValid()):
                self.dataChanged.emit(self.index(0, first, parent), self.index(count - 1, WHAT, parent))

    # -- helpers ---------------------------------------------------------------------------------------
    def _children(self, node: Node) -> list[Node]:
        if self._kids is not None and node is not self._top:
            return self._kids.get(node, [])
        return node.children or []

    def _row(self, node: Node) -> int:
        if node is self._root:
            return 0
        return self._rows.get(node, node.row) if self._kids is not None else node.row

    def _parent_of(self, node: Node) -> Node | None:
        if node is self._root:
            return self._top
        return node.parent

    def _expose(self, node: Node, parent: QModelIndex, count: int) -> None:
        have = self._exposed.get(node, 0)
        total = len(self._children(node))
        new = min(total, have + count)
        if new <= have:
            self._exposed.setdefault(node, have)
            return
        self.beginInsertRows(parent, have, new - 1)
        self._exposed[node] = new
        self.endInsertRows()

    def node(self, index: QModelIndex | QPersistentModelIndex) -> Node:
        """The node of ``index``; the invisible top (parent of the root) for an invalid index."""
        if not index.isValid():
            return self._top
        return index.internalPointer()

    def index_of(self, node: Node | None, column: int = 0) -> QModelIndex:
        """Index of ``node`` if it is shown (all its ancestors exposed it), else invalid."""
        if node is None or node is self._top:
            return QModelIndex()
        parent = self._parent_of(node)
        if parent is None:
            return QModelIndex()
        row = self._row(node)
        if row >= self._exposed.get(parent, 0):
            return QModelIndex()
        if parent is not self._top and not self.index_of(parent).isValid():
            return QModelIndex()
        return self.createIndex(row, column, node)

    def reveal(self, node: Node) -> QModelIndex:
        """Expose every row on the way to ``node`` (it must be listed) and return its index."""
        chain = [node, *node.ancestors()]
        chain.reverse()
        if chain[0] is not self._root:
            return QModelIndex()
        for parent, child in zip(chain, chain[1:], strict=False):
            kids = self._children(parent)
            if child not in kids:
                return QModelIndex()
            need = self._row(child) + 1
            have = self._exposed.get(parent, 0)
            if need > have:
                self._expose(parent, self.index_of(parent), need - have)
        return self.index_of(node)

    def find(self, path: str) -> Node | None:
        """The listed node with this path (folder view) or None."""
        return find_in_folders(self._root, path) if self._root is not None else None

    def sibling_prefix(self, parent: QModelIndex | QPersistentModelIndex) -> str:
        """The start that the titles of ``parent``'s children share (dropped first when a name is too long)."""
        node = self.node(parent)
        if node not in self._prefixes:
            self._prefixes[node] = shared_prefix([node_title(c, self.full_names) for c in node.children or ()])
        return self._prefixes[node]

    # -- Qt interface ----------------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:
        node = self.node(parent)
        if row < 0 or row >= self._exposed.get(node, 0):
            return QModelIndex()
        return self.createIndex(row, column, self._children(node)[row])

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent = self._parent_of(index.internalPointer())
        if parent is None or parent is self._top:
            return QModelIndex()
        return self.createIndex(self._row(parent), 0, parent)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return self._exposed.get(self.node(parent), 0)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return len(HEADERS)

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:
        node = self.node(parent)
        if not node.is_dir:
            return False
        if node.children is None:
            return node.role not in ("outside", "link")  # still being listed
        return bool(self._children(node))

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        node = self.node(parent)
        if not node.is_dir:
            return False
        if node.children is None:
            self._wanted.add(node)
            return False
        return self._exposed.get(node, 0) < len(self._children(node))

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        self._expose(self.node(parent), QModelIndex(parent), CHUNK)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node: Node = index.internalPointer()
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == NAME:
                return node_title(node, self.full_names)
            if col == SIZE:
                return human_size(node.size)
            what = node_what(node)
            note = self.member_notes.get(node.path or "") if node.role == "member" else None
            return f"{what} · {note}" if note else what
        if role == Qt.ItemDataRole.DecorationRole and col == NAME:
            return icon_for(node)
        if role == Qt.ItemDataRole.ToolTipRole:
            real = node.ref or node
            return readable(f"{node_title(real)}\n{node_what(node)}\n{real.path or ''}".strip())
        if role == Qt.ItemDataRole.TextAlignmentRole and col == SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class NameElideDelegate(QStyledItemDelegate):
    """A name too long for its column first loses the start it shares with its siblings (every product of a
    member repeats ``member.<MOUS>.``, every plot of an EB its uid), then its middle, keeping the target and
    the end: the end of a delivery name is what tells files apart (``…X8f1__qa2_part1.png``,
    ``NGC_3627_sci.…spw25.cube.I.pbcor.fits``). Other columns lose their end."""

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        if index.column() != NAME:
            option.textElideMode = Qt.TextElideMode.ElideRight
            return
        option.textElideMode = Qt.TextElideMode.ElideLeft  # the last resort, if even the short form is too long
        style = option.widget.style() if option.widget is not None else QApplication.style()
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, option.widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, option.widget) + 1
        available = text_rect.width() - 2 * margin - 4  # text layout can measure a few pixels wider
        metrics = option.fontMetrics
        if index.model().full_names:
            option.textElideMode = Qt.TextElideMode.ElideMiddle  # the user asked for whole names
        elif metrics.horizontalAdvance(option.text) > available:
            prefix = index.model().sibling_prefix(index.parent())
            option.text = fit_name(option.text, prefix, lambda text: metrics.horizontalAdvance(text) <= available)
