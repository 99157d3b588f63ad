"""The main window: delivery tree on the left, overview or file details on the right."""

from __future__ import annotations

import gc
import logging
import os
from html import escape

import platformdirs
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..delivery.describe import describe
from ..delivery.names import decode, readable
from ..delivery.overview import DeliverySummary
from ..delivery.scan import Node
from ..delivery.structure import LEVEL_LABELS
from ..delivery.treefilter import count_matches, filter_tree
from . import overview_html
from .details_panel import FileDetails
from .icons import app_icon
from .panels import MessageBar, OverviewBrowser, WelcomePage
from .tree_model import NAME, SIZE, WHAT, DeliveryTreeModel, NameElideDelegate, human_size, node_title
from .workers import OpenJob, TaskRunner

log = logging.getLogger(__name__)
MAX_RECENT = 10
EXPAND_ALL_LIMIT = 3000
FOLDERS, PRODUCTS = 0, 1


def demo_dir() -> str:
    from ..demo import DEMO_VERSION

    return os.path.join(platformdirs.user_cache_dir("qa2explorer"), f"demo-v{DEMO_VERSION}")


def ensure_demo() -> str:
    """The demo project folder, written to the cache the first time (a few seconds)."""
    from ..demo import PROJECT, write_demo

    dest = demo_dir()
    project = os.path.join(dest, PROJECT)
    if os.path.isdir(project):
        return project
    return write_demo(dest)


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings | None = None):
        super().__init__()
        self.settings = settings or QSettings()
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.job: OpenJob | None = None
        self._jobs: set[OpenJob] = set()  # running jobs, kept alive until their threads end
        self.opened_path: str | None = None
        self.focus_path: str | None = None
        self.folder_root: Node | None = None
        self.products_root: Node | None = None
        self.summary: DeliverySummary | None = None
        self._generation = 0  # of the current open job; signals of older jobs are dropped

        self.model = DeliveryTreeModel(self)
        self._build_tree_panel()
        self._build_right_panel()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tree_panel)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([660, 700])
        self.message = MessageBar()
        central = QWidget()
        box = QVBoxLayout(central)
        box.setContentsMargins(6, 6, 6, 0)
        box.addWidget(self.message)
        box.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self._build_status_bar()
        self._build_actions()
        self._filter_timer = QTimer(self, singleShot=True, interval=160)
        self._filter_timer.timeout.connect(self._run_filter)
        self._filter_runner = TaskRunner(self._filter_ready, self._task_failed, self)
        self._demo_runner = TaskRunner(self._demo_ready, self._demo_failed, self)
        self._restore_layout()
        self._refresh_recent()
        self._set_empty()

    # ---------------------------------------------------------------------------------------- building
    def _build_tree_panel(self) -> None:
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter names (Ctrl+F), e.g.  spw25 cube pbcor")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(lambda _: self._filter_timer.start())
        self.group_combo = QComboBox()
        self.group_combo.addItems(["Folders", "Products by target"])
        self.group_combo.setToolTip(
            "Show the delivery folders, or the image products grouped by target, spectral windows and image set"
        )
        self.group_combo.currentIndexChanged.connect(self._set_view_mode)
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
        self.tree.header().setStretchLastSection(True)
        self.tree.setColumnWidth(NAME, 420)
        self.tree.setColumnWidth(SIZE, 80)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.filter_status = QLabel()
        self.filter_status.setStyleSheet("color: palette(mid);")
        self.filter_status.hide()
        self.tree_panel = QWidget()
        box = QVBoxLayout(self.tree_panel)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(row)
        box.addWidget(self.filter_status)
        box.addWidget(self.tree, 1)

    def _build_right_panel(self) -> None:
        self.welcome = WelcomePage()
        self.welcome.open_folder.connect(self.choose_folder)
        self.welcome.open_demo.connect(self.open_demo)
        self.welcome.open_recent.connect(self.open_path)
        self.overview = OverviewBrowser()
        self.overview.select_path.connect(self.select_path)
        self.details = FileDetails()
        self.right = QStackedWidget()
        for w in (self.welcome, self.overview, self.details):
            self.right.addWidget(w)

    def _build_status_bar(self) -> None:
        self.status_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.stop_button = QToolButton()
        self.stop_button.setText("Stop")
        self.stop_button.setToolTip("Stop opening (Esc)")
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.hide()
        bar = self.statusBar()
        bar.addWidget(self.status_label, 1)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.stop_button)

    def _build_actions(self) -> None:
        menu = self.menuBar()
        m = menu.addMenu("&File")
        self.act_open = m.addAction("&Open Folder…", QKeySequence.StandardKey.Open, self.choose_folder)
        self.recent_menu = m.addMenu("Open &Recent")
        self.act_demo = m.addAction("Open &Demo Delivery", self.open_demo)
        m.addSeparator()
        self.act_reload = m.addAction("&Reload", QKeySequence.StandardKey.Refresh, self.reload)
        self.act_stop = m.addAction("&Stop", QKeySequence(Qt.Key.Key_Escape), self.stop)
        m.addSeparator()
        m.addAction("&Quit", QKeySequence.StandardKey.Quit, self.close)
        v = menu.addMenu("&View")
        group = QActionGroup(self)
        self.act_folders = QAction("&Folders", self, checkable=True, shortcut=QKeySequence("Ctrl+1"))
        self.act_products = QAction("&Products by Target", self, checkable=True, shortcut=QKeySequence("Ctrl+2"))
        for i, act in enumerate((self.act_folders, self.act_products)):
            group.addAction(act)
            v.addAction(act)
            act.triggered.connect(lambda _=False, i=i: self.group_combo.setCurrentIndex(i))
        self.act_folders.setChecked(True)
        v.addSeparator()
        self.act_full_names = QAction("Show &Full Names", self, checkable=True)
        self.act_full_names.setToolTip("Show file names with their member.<MOUS> prefix")
        self.act_full_names.toggled.connect(self._set_full_names)
        v.addAction(self.act_full_names)
        v.addAction("&Expand All", self.tree.expandAll)
        v.addAction("&Collapse All", self._collapse)
        v.addAction("&Filter…", QKeySequence.StandardKey.Find, self._focus_filter)
        h = menu.addMenu("&Help")
        h.addAction("&Keyboard Shortcuts", QKeySequence.StandardKey.HelpContents, self.show_shortcuts)
        h.addAction("&About qa2explorer", self.show_about)

    # ------------------------------------------------------------------------------------------ layout
    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1320, 820)
        splitter = self.settings.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        header = self.settings.value("window/tree_header")
        if header is not None:
            self.tree.header().restoreState(header)
        details = self.settings.value("window/details_splitter")
        if details is not None:
            self.details.splitter.restoreState(details)
        self.act_full_names.setChecked(self.settings.value("view/full_names", False, type=bool))
        mode = int(self.settings.value("view/mode", FOLDERS))
        self.group_combo.setCurrentIndex(mode if mode in (FOLDERS, PRODUCTS) else FOLDERS)

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("window/tree_header", self.tree.header().saveState())
        self.settings.setValue("window/details_splitter", self.details.splitter.saveState())
        self.settings.setValue("view/mode", self.group_combo.currentIndex())
        self.settings.setValue("view/full_names", self.act_full_names.isChecked())
        self.settings.sync()

    def closeEvent(self, event) -> None:
        self.save_layout()
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self, wait_ms: int = 5000) -> None:
        """Stop every worker and wait for their threads (no thread may outlive the window)."""
        for job in list(self._jobs):
            job.stop(wait_ms)
        self._set_busy(False)

    # ------------------------------------------------------------------------------------------ recent
    def recent_paths(self) -> list[str]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def _add_recent(self, path: str) -> None:
        paths = [path] + [p for p in self.recent_paths() if p != path]
        self.settings.setValue("recent", paths[:MAX_RECENT])
        self._refresh_recent()

    def _clear_recent(self) -> None:
        self.settings.setValue("recent", [])
        self._refresh_recent()

    def _refresh_recent(self) -> None:
        paths = self.recent_paths()
        self.recent_menu.clear()
        for i, p in enumerate(paths):
            act = self.recent_menu.addAction(readable(f"&{i + 1} {p}" if i < 9 else p))
            act.triggered.connect(lambda _=False, p=p: self.open_path(p))
        if paths:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear Recent", self._clear_recent)
        self.recent_menu.setEnabled(bool(paths))
        self.welcome.set_recent(paths)

    # ------------------------------------------------------------------------------------------ opening
    def choose_folder(self) -> None:
        start = self.opened_path or os.path.expanduser("~")
        path = QFileDialog.getExistingDirectory(self, "Open an ALMA delivery", start)
        if path:
            self.open_path(path)

    def open_demo(self) -> None:
        self._set_busy(True, "Preparing the demo delivery (written once to the cache, a few seconds)…")
        self._demo_runner.submit(ensure_demo)

    def _demo_ready(self, project: str) -> None:
        self._set_busy(False)
        self.open_path(project)

    def _demo_failed(self, message: str) -> None:
        self._set_busy(False)
        self.message.show_message(f"Could not write the demo delivery: {message}", "error")

    def reload(self) -> None:
        if self.opened_path:
            current = self.current_node()
            self.open_path(self.opened_path, focus=(current.ref or current).path if current else None)

    def stop(self) -> None:
        if self.job is not None and self.job.running():
            self._stop_job()
            self.status_label.setText("Stopped.")

    def _forget_finished_jobs(self) -> None:
        self._jobs = {j for j in self._jobs if j.running()}

    def _stop_job(self, wait_ms: int = 0) -> None:
        if self.job is not None:
            self.job.stop(wait_ms)
        self._set_busy(False)

    def open_path(self, path: str, focus: str | None = None) -> None:
        """Open any level of a delivery. Work happens in a worker; this returns at once."""
        path = os.path.abspath(os.path.expanduser(path))
        self._stop_job()
        self.message.hide()
        self.opened_path = path
        self.focus_path = focus or path
        self.folder_root = self.products_root = None
        self.summary = None
        self.model.set_root(None)
        gc.unfreeze()  # the previous tree (frozen by its worker) may now be collected
        self.filter_status.hide()
        self.setWindowTitle(readable(f"{os.path.basename(path) or path} — qa2explorer"))
        self._set_busy(True, f"Opening {path}…")
        self._generation += 1
        job = OpenJob(path, self._generation)
        w = job.worker
        w.located.connect(self._on_located)
        w.listed.connect(self._on_listed)
        w.listing_done.connect(self._on_listing_done)
        w.measuring.connect(self._on_measuring)
        w.done.connect(self._on_done)
        w.failed.connect(self._on_failed)
        w.cancelled.connect(self._on_cancelled)
        self.job = job
        self._jobs.add(job)
        job.thread.finished.connect(self._forget_finished_jobs)
        job.start()

    def _on_located(self, gen: int, location) -> None:
        if gen != self._generation:
            return
        self.status_label.setText(readable(f"Found {len(location.members)} member(s) under {location.root}; listing…"))
        if location.truncated_probe:
            self.message.show_message(
                "This folder holds so many sub-folders that the search for delivery members stopped early; "
                "members deeper down may be missing. Open a folder closer to the delivery.",
                "warning",
            )

    def _on_listed(self, gen: int, folders: list[Node], entries: int) -> None:
        if gen != self._generation:
            return
        if self.folder_root is None:
            self.folder_root = folders[0]
            if self.group_combo.currentIndex() == FOLDERS or self.products_root is None:
                self.model.set_root(self.folder_root)
                self.tree.expand(self.model.index_of(self.folder_root))
                self.right.setCurrentWidget(self.overview)
                self.overview.setHtml(f"<h2>{escape(self.folder_root.display_name)}</h2><p>Reading the delivery…</p>")
        else:
            self.model.add_listed(folders)
        self.status_label.setText(f"Listing… {entries:,} entries")

    def _on_listing_done(self, gen: int, root: Node, stats) -> None:
        if gen != self._generation:
            return
        self.status_label.setText(f"Listed {stats.files:,} files in {stats.dirs:,} folders; reading sizes…")
        self.progress.setRange(0, max(1, stats.files))
        self._expand_structure(root)
        chosen = self.current_node()
        if chosen is None or chosen is root:  # the user did not pick something else while it listed
            focus = self.model.find(self.focus_path or "") if self.focus_path else None
            self._select(focus or root)
        if self.filter_edit.text().strip():
            self._run_filter()
        if stats.errors:
            self.message.show_message(
                f"{len(stats.errors)} folder(s) could not be read (shown with a warning icon): "
                + "; ".join(f"{p}: {m}" for p, m in stats.errors[:3]),
                "warning",
            )

    def _on_measuring(self, gen: int, done: int, total: int) -> None:
        if gen == self._generation:
            self.progress.setRange(0, max(1, total))
            self.progress.setValue(done)

    def _on_done(self, gen: int, summary: DeliverySummary, products: Node) -> None:
        if gen != self._generation:
            return
        self.summary = summary
        self.products_root = products
        self.model.member_notes = {m.path: overview_html.member_title(m) for m in summary.members}
        self._set_busy(False)
        total = self.folder_root.size if self.folder_root else None
        counts = f"{len(summary.members)} member(s) · {summary.stats.files:,} files · {human_size(total)}"
        self.status_label.setText(readable(f"{counts} — {summary.root}"))
        if self.opened_path:
            self._add_recent(self.opened_path)
        if self.group_combo.currentIndex() == PRODUCTS:
            self._set_view_mode(PRODUCTS)
        else:
            self.model.refresh_sizes()
            self._show_node(self.current_node())
        if summary.stats.truncated:
            self.message.show_message(
                "This folder holds more entries than qa2explorer lists; the listing stopped at its limit.", "warning"
            )

    def _on_failed(self, gen: int, message: str) -> None:
        if gen != self._generation:
            return
        self._set_busy(False)
        self.message.show_message(message, "error")
        self.status_label.setText("Nothing opened.")
        if self.folder_root is None:
            self.opened_path = None
            self.setWindowTitle("qa2explorer")
            self._set_empty()

    def _on_cancelled(self, gen: int) -> None:
        if gen == self._generation:
            self._set_busy(False)
            self.status_label.setText("Stopped; what was listed so far is shown.")

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.progress.setVisible(busy)
        self.stop_button.setVisible(busy and self.job is not None)
        if busy:
            self.progress.setRange(0, 0)
        if text:
            self.status_label.setText(readable(text))

    def _set_empty(self) -> None:
        self.right.setCurrentWidget(self.welcome)

    # ------------------------------------------------------------------------------------------ views
    def _set_view_mode(self, mode: int) -> None:
        (self.act_products if mode == PRODUCTS else self.act_folders).setChecked(True)
        root = self.products_root if mode == PRODUCTS else self.folder_root
        if root is None:
            return
        current = self.current_node()
        target = (current.ref or current) if current is not None else None
        self.model.set_root(root)
        self._expand_structure(root)
        if self.filter_edit.text().strip():
            self._run_filter()
        found = self._find_path(target.path) if target is not None and target.path else None
        self._select(found or root)

    def _expand_structure(self, root: Node) -> None:
        """Expand the delivery levels down to the members (and the products view to its targets)."""

        def walk(node: Node, depth: int) -> None:
            index = self.model.reveal(node)
            if node is root or node.role in ("project", "science_goal", "group", "root", "products_root"):
                self.tree.expand(index)
                for child in (node.children or [])[:50]:
                    if child.is_dir and depth < 6:
                        walk(child, depth + 1)
            elif node.role == "member" and (root.path is None or len(node.parent.children or ()) <= 4):
                self.tree.expand(index)

        walk(root, 0)

    def _set_full_names(self, full: bool) -> None:
        self.model.set_full_names(full)

    def _collapse(self) -> None:
        self.tree.collapseAll()
        if self.model.root is not None:
            self.tree.expand(self.model.index_of(self.model.root))

    def _find_path(self, path: str) -> Node | None:
        root = self.model.root
        if root is None:
            return None
        if root.path is not None:
            return self.model.find(path)
        for node in root.iter_dirs():  # products view: leaves stand for real files
            for child in node.children or ():
                if child.ref is not None and child.ref.path == path:
                    return child
            if node.ref is not None and node.ref.path == path:
                return node
        return None

    def select_path(self, path: str) -> None:
        node = self._find_path(path)
        if node is None and self.group_combo.currentIndex() == PRODUCTS:
            self.group_combo.setCurrentIndex(FOLDERS)
            node = self._find_path(path)
        if node is not None:
            self._select(node)

    def _select(self, node: Node) -> None:
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

    def current_node(self) -> Node | None:
        index = self.tree.currentIndex()
        return self.model.node(index) if index.isValid() else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_node(self.model.node(current) if current.isValid() else None)

    def _show_node(self, node: Node | None) -> None:
        if node is None:
            if self.folder_root is None:
                self._set_empty()
            return
        real = node.ref or node
        if not real.is_dir:
            self.details.show_node(node)
            self.right.setCurrentWidget(self.details)
            return
        self.overview.setHtml(self._folder_html(node))
        self.right.setCurrentWidget(self.overview)

    def _folder_html(self, node: Node) -> str:
        real = node.ref or node
        s = self.summary
        if real.role == "member" and s is not None:
            ov = next((m for m in s.members if m.path == real.path), None)
            if ov is not None:
                return overview_html.member_html(ov)
        if real.role in ("root", "project", "science_goal", "group", "products_root") and s is not None:
            if real.path is None:
                return overview_html.delivery_html(s, "Products by target")
            inside = [m for m in s.members if m.path == real.path or m.path.startswith(real.path.rstrip("/") + "/")]
            title = f"{LEVEL_LABELS.get(real.role, 'Folder')} {real.display_name}"
            return overview_html.delivery_html(DeliverySummary(s.root, inside, s.stats), title)
        return self._plain_folder_html(node)

    def _plain_folder_html(self, node: Node) -> str:
        real = node.ref or node
        title = escape(node_title(node))
        if real.path is None and node.role == "image_set":
            rows = "".join(
                f"<tr><td>{overview_html.link(c.ref.path, c.label or c.name)}</td>"
                f"<td>{escape(describe(c.decoded or decode(c.name)))}</td></tr>"
                for c in node.children or []
                if c.ref is not None
            )
            return readable(
                f"<h2>{title}</h2><p>Image set: the files that belong to one image.</p><table>{rows}</table>"
            )
        files = sum(1 for _ in real.iter_files())
        what = self.model.data(self.model.index_of(node, WHAT)) or ""
        parts = [f"<h2>{title}</h2>"]
        if what:
            parts.append(f"<p>{escape(str(what))}</p>")
        if real.path:
            parts.append(f"<p style='color:#7b7d7d'>{escape(real.path)}</p>")
        listed = "" if real.children is not None else " (not listed)"
        parts.append(f"<p>{files:,} files{listed}" + (f", {human_size(real.size)}" if real.size else "") + "</p>")
        if real.error:
            parts.append(f"<p style='color:#b03a2e'>{escape(real.error)}</p>")
        if self.summary is None:
            parts.append("<p style='color:#7b7d7d'>Reading the delivery…</p>")
        return readable("".join(parts))

    # ------------------------------------------------------------------------------------------ filter
    def _focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def _run_filter(self) -> None:
        root = self.model.root
        text = self.filter_edit.text()
        if root is None:
            return
        if not text.strip():
            self._filter_runner.cancel()
            current = self.current_node()
            self.model.set_filter(None)
            self.filter_status.hide()
            self._expand_structure(root)
            if current is not None:
                self._select(current)
            return
        self._filter_runner.submit(lambda: (text, filter_tree(root, text)))

    def _filter_ready(self, value) -> None:
        text, kept = value
        if text != self.filter_edit.text() or self.model.root is None:
            return
        self.model.set_filter(kept)
        matches = count_matches(kept or {})
        self.filter_status.setText(f"{matches:,} matching file(s)" if matches else "No file matches the filter.")
        self.filter_status.show()
        if sum(len(v) for v in (kept or {}).values()) <= EXPAND_ALL_LIMIT:
            self.tree.expandAll()
        else:
            self.tree.expandToDepth(4)

    def _task_failed(self, message: str) -> None:
        log.warning("background task failed: %s", message)

    # ------------------------------------------------------------------------------------------ drag & drop
    def dragEnterEvent(self, event) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_path(paths[0])
            if len(paths) > 1:
                self.message.show_message(f"Opened {paths[0]}; drop one delivery at a time.", "info")

    # ------------------------------------------------------------------------------------------ help
    def show_shortcuts(self) -> None:
        QMessageBox.information(
            self,
            "Keyboard shortcuts",
            (
                "Ctrl+O  open a folder\nF5  reload\nEsc  stop opening\nCtrl+F  filter names\n"
                "Ctrl+1 / Ctrl+2  folders / products by target\n↑ ↓ ← →  move in the tree\nCtrl+Q  quit"
            ),
        )

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About qa2explorer",
            (
                f"<h3>qa2explorer {__version__}</h3><p>Explore ALMA QA2 data deliveries: the delivery tree, decoded "
                "product names, member overviews, QA documents and scripts.</p>"
            ),
        )
