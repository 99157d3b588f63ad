"""The main window: a shell that composes the parts — tree panel on the left, preview area on the right, the
message bar above them, menus and status bar — around one view state. Opening runs in the open controller,
every preview in its own file (``previews/``), settings in the settings store.

The window is made in two steps, so that the app shows its window as soon as a bare PySide6 window would: the
frame (title, icon, size and place) first, and :meth:`MainWindow.build` the rest — its modules and Qt's types
imported then — right after the first frame is painted (``build=False``), or at once (the default)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QMainWindow

from ..words import readable
from .resources import app_icon
from .settings_store import SettingsStore
from .windows import Windows

if TYPE_CHECKING:
    from ..delivery.scan import Node

log = logging.getLogger(__name__)
TREE_MIN_WIDTH, PREVIEW_MIN_WIDTH = 260, 360
BUILD_AT_LATEST_MS = 500  # a window made with build=False and not painted by then is built anyway
WARM_UP_DELAY_MS = 300  # after the window shows: load the image viewer's libraries in the background
SHORTCUTS = (
    "Ctrl+O  open a folder\nF5  reload\nEsc  stop opening\nCtrl+F  filter names\n"
    "Ctrl+1 / Ctrl+2  folders / products by target\n↑ ↓ ← →  move in the tree\n"
    "Enter or double-click  open the preview (folders: expand)\nMenu key or right-click  file actions\n"
    "Pictures: + / − zoom, 0 fit, 1 actual size\nCtrl+,  preferences\nCtrl+Q  quit"
)


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings | None = None, windows: Windows | None = None, build: bool = True):
        super().__init__()
        # every window belongs to a set of windows (File ▸ New Window); a window made alone starts its own set
        self.windows = windows or Windows(type(self), lambda: settings if settings is not None else QSettings())
        self.store = SettingsStore(settings)
        self.setWindowIcon(app_icon())
        self.setWindowTitle("qa2explorer")
        geometry = self.store.layout("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1320, 820)
        self.built = False
        self._build_when_painted = not build
        self._when_built: list[Callable[[], None]] = []
        if build:
            self.build()
        else:  # should no frame be painted soon (a window started minimized), it is built all the same
            QTimer.singleShot(BUILD_AT_LATEST_MS, self.build)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._build_when_painted:  # the first frame is on screen: now the rest
            self._build_when_painted = False
            QTimer.singleShot(0, self.build)

    def when_built(self, then: Callable[[], None]) -> None:
        """Call ``then`` once the window is built (at once when it is)."""
        if self.built:
            then()
        else:
            self._when_built.append(then)

    def build(self) -> None:
        """Everything but the frame: the parts, menus, toolbar and status bar, the layout saved last time."""
        if self.built:
            return
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication, QLabel, QSplitter, QVBoxLayout, QWidget

        from ..qa.server_pool import ServerPool
        from ..viewstate import ViewState
        from .appearance import follow_system
        from .file_actions import FileActions
        from .job_runner import JobRunner
        from .open_controller import OpenController
        from .panels import MessageBar, WelcomePage
        from .preview_area import PreviewArea
        from .previews import PreviewContext
        from .previews.base import PLOT_MODULES, lazy_modules
        from .tree_panel import TreePanel
        from .warm_up import WarmUp

        follow_system(QApplication.instance())  # a platform that says "dark" but gives a light palette: a dark one
        self.store.apply_cache_limit()
        self.state = ViewState()
        self.runner = JobRunner(self)
        self.setAcceptDrops(True)

        self.message = MessageBar()
        self.actions = FileActions(self.message.show_message)
        self.opener = OpenController(self.state, self.runner, self)
        self.tree_panel = TreePanel(self.state, self.runner, self.actions)
        self.tree_panel.open_file = self._focus_preview
        self.tree_panel.open_in_new_window = lambda path: self.windows.new(path)
        self.tree_panel.setMinimumWidth(TREE_MIN_WIDTH)
        self.welcome = WelcomePage()
        self.welcome.open_folder.connect(self.choose_folder)
        self.welcome.open_demo.connect(self.open_demo)
        self.welcome.open_recent.connect(self.open_path)
        self.readout = QLabel()  # the cursor readout of image previews, in the status bar
        self.weblog_servers = ServerPool()  # the weblogs opened in the browser, served until the window closes
        context = PreviewContext(self.runner, self.state, self.actions, self.select_path, self.readout.setText,
                                 self.restore_member, self.weblog_servers)  # fmt: skip
        self.preview = PreviewArea(context, self.welcome)
        # Explicit minimum widths: what a page shows (a long name, a wide table) must never move the split.
        self.preview.setMinimumWidth(PREVIEW_MIN_WIDTH)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.tree_panel)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([660, 700])
        central = QWidget()
        box = QVBoxLayout(central)
        box.setContentsMargins(6, 6, 6, 0)
        box.addWidget(self.message)
        box.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self._build_status_bar()
        self._build_menus()
        self._build_toolbar()
        self._restore_dock = None  # made when first asked for (it is not needed to start)

        self.opener.status.connect(lambda text: self.status_label.setText(readable(text)))
        self.opener.progress.connect(self._set_progress)
        self.opener.message.connect(self._opening_message)
        self.opener.listed.connect(self.tree_panel.add_listed)
        self.opener.opened.connect(self._remember)
        self.state.subscribe("opening", self._on_opening)
        self.state.subscribe("listed", lambda: self.preview.show_node(self.state.folder_root))
        self.state.subscribe("opened", lambda: self.preview.show_node(self.state.selection))
        self.state.subscribe("failed", self._on_failed)
        self.state.subscribe("selection", lambda: self.preview.show_node(self.state.selection))
        self.state.subscribe("selection", self._enable_restore)
        self.state.subscribe("opened", self._enable_restore)
        self.state.subscribe("view_mode", self._on_view_mode)
        self._restore_layout()
        self._refresh_recent()
        self._warm_up = QTimer(self, singleShot=True, interval=WARM_UP_DELAY_MS)  # dies with the window
        self.warming = WarmUp(self.runner, lazy_modules() + list(PLOT_MODULES), self)
        self._warm_up.timeout.connect(self.warming.start)
        self._warm_up.start()
        self.windows.adopt(self)
        self.built = True
        for then in self._when_built:
            then()
        self._when_built.clear()

    # -- parts tests and other code reach ----------------------------------------------------------------
    @property
    def model(self):
        return self.tree_panel.model

    @property
    def tree(self):
        return self.tree_panel.tree

    @property
    def filter_edit(self):
        return self.tree_panel.filter_edit

    @property
    def filter_status(self):
        return self.tree_panel.filter_status

    @property
    def group_combo(self):
        return self.tree_panel.group_combo

    @property
    def summary(self):
        return self.state.summary

    @property
    def folder_root(self) -> Node | None:
        return self.state.folder_root

    @property
    def opened_path(self) -> str | None:
        return self.state.opened_path if self.built else None

    def current_node(self) -> Node | None:
        return self.tree_panel.current_node()

    # -- building ----------------------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        from PySide6.QtWidgets import QLabel, QProgressBar, QToolButton

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
        bar.addPermanentWidget(self.readout)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.stop_button)

    def _build_menus(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QAction, QActionGroup, QKeySequence

        from ..viewstate import FOLDERS, PRODUCTS
        from .resources import named

        menu = self.menuBar()
        m = menu.addMenu("&File")
        m.addAction("&Open Folder…", QKeySequence.StandardKey.Open, self.choose_folder)
        m.addAction("Open Folder in New &Window…", self.choose_folder_for_new_window)
        # owned by the window: the Window menu shows it too, and clears itself each time it opens
        self.act_new_window = QAction("&New Window", self, shortcut=QKeySequence("Ctrl+Shift+N"))
        self.act_new_window.triggered.connect(lambda: self.windows.new())
        m.addAction(self.act_new_window)
        self.recent_menu = m.addMenu("Open &Recent")
        m.addAction("Open &Demo Delivery", self.open_demo)
        m.addAction("&Import Download…", self.choose_download)
        m.addSeparator()
        m.addAction("&Reload", QKeySequence.StandardKey.Refresh, self.reload)
        m.addAction("&Stop", QKeySequence(Qt.Key.Key_Escape), self.stop)
        m.addSeparator()
        m.addAction("&Quit", QKeySequence.StandardKey.Quit, self.close)
        v = menu.addMenu("&View")
        group = QActionGroup(self)
        self.view_actions = {}
        for mode, text, key in ((FOLDERS, "&Folders", "Ctrl+1"), (PRODUCTS, "&Products by Target", "Ctrl+2")):
            act = QAction(text, self, checkable=True, shortcut=QKeySequence(key))
            act.triggered.connect(lambda _=False, mode=mode: self.state.set_view_mode(mode))
            group.addAction(act)
            v.addAction(act)
            self.view_actions[mode] = act
        self.view_actions[FOLDERS].setChecked(True)
        v.addSeparator()
        self.act_full_names = QAction("Show &Full Names", self, checkable=True)
        self.act_full_names.setToolTip("Show file names with their member.<MOUS> prefix")
        self.act_full_names.toggled.connect(self.state.set_full_names)
        v.addAction(self.act_full_names)
        v.addAction("&Expand All", self.tree.expandAll)
        v.addAction("&Collapse All", self.tree_panel.collapse)
        v.addAction("&Filter…", QKeySequence.StandardKey.Find, self.tree_panel.focus_filter)
        t = menu.addMenu("&Tools")
        self.act_restore = QAction(named("calibrated"), "&Restore Calibrated Data…", self)
        self.act_restore.setShortcut(QKeySequence("Ctrl+R"))
        self.act_restore.setToolTip("Restore the selected member's calibrated measurement sets (scriptForPI in CASA)")
        self.act_restore.triggered.connect(self.restore_selected)
        self.act_restore.setEnabled(False)
        t.addAction(self.act_restore)
        t.addAction("Show Restore &Panel", lambda: self.restore_dock.show())
        t.addSeparator()
        t.addAction("&Preferences…", QKeySequence("Ctrl+,"), self.show_preferences)
        self.window_menu = menu.addMenu("&Window")  # filled by the set of windows as it opens
        h = menu.addMenu("&Help")
        h.addAction("&Keyboard Shortcuts", QKeySequence.StandardKey.HelpContents, self.show_shortcuts)
        h.addAction("&About qa2explorer", self.show_about)

    def _build_toolbar(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QToolBar

        from .resources import named

        bar = QToolBar("Main")
        bar.setObjectName("main-toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.addAction(named("folder-outside"), "Open…", self.choose_folder).setToolTip("Open a delivery (Ctrl+O)")
        bar.addAction(named("readme"), "Reload", self.reload).setToolTip("Read the delivery again (F5)")
        bar.addSeparator()
        bar.addAction(self.act_restore)
        self.act_restore.setIconText("Restore…")
        self.addToolBar(bar)

    # -- restore -----------------------------------------------------------------------------------------
    @property
    def restore_dock(self):
        if self._restore_dock is None:
            from PySide6.QtCore import Qt

            from .restore_dock import RestoreDock

            self._restore_dock = RestoreDock(self.runner, self.store, self.actions, self)
            self._restore_dock.queue.ended.connect(self._restore_ended)
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self._restore_dock)
            self.resizeDocks([self._restore_dock], [max(320, self.height() // 2)], Qt.Orientation.Vertical)
        return self._restore_dock

    def selected_member(self) -> str | None:
        """The member folder the selection is in (from the tree: no file-system access)."""
        node = self.state.selection
        node = node.ref or node if node is not None else None
        while node is not None:
            if node.role == "member" and node.path:
                return node.path
            node = node.parent
        members = self.state.summary.members if self.state.summary is not None else []
        return members[0].path if len(members) == 1 else None

    def restore_selected(self) -> None:
        member = self.selected_member()
        if member is None:
            self.message.show_message("Select a member (or anything inside one) to restore its calibrated data.")
            return
        self.restore_member(member)

    def restore_member(self, member: str) -> None:
        self.restore_dock.open_member(member)

    def _restore_ended(self, run) -> None:
        """A restore in the open delivery changed its calibrated/: read the delivery again (selection kept)."""
        root = self.state.folder_root.path if self.state.folder_root is not None else None
        if root and run.started is not None and os.path.commonpath([root, run.target]) == root:
            self.reload()

    def _enable_restore(self) -> None:
        self.act_restore.setEnabled(self.selected_member() is not None)

    # -- layout ------------------------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        """What the frame did not restore (its size and place): the split, the tree's columns, the view."""
        from ..viewstate import FOLDERS, VIEW_MODES

        for key, widget in (("splitter", self.splitter), ("tree_header", self.tree.header())):
            state = self.store.layout(key)
            if state is not None:
                widget.restoreState(state)
        self.act_full_names.setChecked(self.store.preference("full_names", False, bool))
        mode = self.store.preference("mode", FOLDERS)
        self.state.set_view_mode(mode if mode in VIEW_MODES else FOLDERS)

    def save_layout(self) -> None:
        self.store.set_layout("geometry", self.saveGeometry())
        if not self.built:
            self.store.sync()
            return
        self.store.set_layout("splitter", self.splitter.saveState())
        self.store.set_layout("tree_header", self.tree.header().saveState())
        self.store.set_preference("mode", self.state.view_mode)
        self.store.set_preference("full_names", self.state.full_names)
        self.store.sync()

    def closeEvent(self, event) -> None:
        if self.built and self._restore_dock is not None and self._restore_dock.busy:
            from PySide6.QtWidgets import QMessageBox

            answer = QMessageBox.question(
                self,
                "A restore is running",
                f"{self._restore_dock.busy_text()}\n\nQuit and stop it? CASA will be stopped; what it wrote so far "
                "stays in calibrated/.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self._restore_dock.queue.cancel_all()
        self.save_layout()
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self, wait_s: float = 5.0) -> None:
        """Stop every job and wait for its thread (no worker may outlive the window), and the weblog servers."""
        self._when_built.clear()  # (closed before it was built: nothing to stop)
        if not self.built:
            return
        self.warming.stop()
        self.runner.shutdown(wait_s)
        self.weblog_servers.stop_all()
        self._set_progress(False)

    # -- recent deliveries -------------------------------------------------------------------------------
    def recent_paths(self) -> list[str]:
        return self.store.recent_paths()

    def _remember(self, path: str) -> None:
        self.store.add_recent(path)
        self._refresh_recent()

    def _refresh_recent(self) -> None:
        paths = self.store.recent_paths()
        self.recent_menu.clear()
        for i, p in enumerate(paths):
            act = self.recent_menu.addAction(readable(f"&{i + 1} {p}" if i < 9 else p))
            act.triggered.connect(lambda _=False, p=p: self.open_path(p))
        if paths:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear Recent", self._clear_recent)
        self.recent_menu.setEnabled(bool(paths))
        self.welcome.set_recent(paths)

    def _clear_recent(self) -> None:
        self.store.clear_recent()
        self._refresh_recent()

    # -- opening -----------------------------------------------------------------------------------------
    def choose_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        start = self.state.opened_path or os.path.expanduser("~")
        path = QFileDialog.getExistingDirectory(self, "Open an ALMA delivery", start)
        if path:
            self.open_path(path)

    def choose_folder_for_new_window(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path = QFileDialog.getExistingDirectory(self, "Open an ALMA delivery in a new window",
                                                self.state.opened_path or os.path.expanduser("~"))  # fmt: skip
        if path:
            self.windows.new(path)

    def choose_download(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        paths, _ = QFileDialog.getOpenFileNames(self, "Import archive files downloaded from the ALMA archive", "",
                                                "Archives (*.tar *.tgz *.tar.gz)")  # fmt: skip
        if paths:
            self.import_download(paths)

    def import_download(self, paths: list[str]) -> None:
        """The import dialog for downloaded archive files; the delivery opens when they are unpacked."""
        from PySide6.QtCore import Qt

        from .import_dialog import ImportDialog

        dialog = ImportDialog(paths, self.runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self.open_path)
        dialog.show()

    def open_path(self, path: str, focus: str | None = None) -> None:
        """Open any level of a delivery. The work happens in a job; this returns at once."""
        self.message.hide()
        self.opener.open(path, focus)

    def open_demo(self) -> None:
        self.status_label.setText(
            "Preparing the demo delivery (written once to the cache: up to a minute the first time)…"
        )
        self._set_progress(None)
        handle = self.runner.start(_ensure_demo, slot="demo", name="demo")
        handle.result.connect(self.open_path)
        handle.failed.connect(self._demo_failed)

    def _demo_failed(self, message: str) -> None:
        self._set_progress(False)
        self.message.show_message(f"Could not write the demo delivery: {message}", "error")
        self.state.opening_failed()

    def reload(self) -> None:
        target = self.state.reload_target()
        if target is not None:
            self.open_path(*target)

    def stop(self) -> None:
        if self.opener.stop():
            self.status_label.setText("Stopping…")

    def _opening_message(self, text: str, level: str) -> None:
        """What the opening reported; when nothing could be opened, the ways on are offered beside it."""
        actions = []
        if level == "error" and self.state.folder_root is None:
            actions = [("Open Folder…", self.choose_folder), ("Open Demo Delivery", self.open_demo)]
        self.message.show_message(text, level, actions)

    def _on_opening(self) -> None:
        path = self.state.opened_path or ""
        self.setWindowTitle(readable(f"{os.path.basename(path) or path} — qa2explorer"))

    def _on_failed(self) -> None:
        if self.state.folder_root is None:
            self.setWindowTitle("qa2explorer")
            self.preview.show_welcome()

    def _on_view_mode(self) -> None:
        self.view_actions[self.state.view_mode].setChecked(True)

    def _set_progress(self, value) -> None:
        """None: busy without a fraction; a float: the fraction done; False: not busy."""
        busy = value is not False
        self.progress.setVisible(busy)
        self.stop_button.setVisible(busy and self.opener.running)
        if value is None:
            self.progress.setRange(0, 0)
        elif busy:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(value * 1000))

    # -- selection ---------------------------------------------------------------------------------------
    def select_path(self, path: str) -> None:
        self.state.select_path(path)

    def _focus_preview(self, _node: Node) -> None:
        shown = self.preview.shown
        if shown is not None:
            shown.setFocus()

    # -- drag and drop -----------------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        from .import_dialog import is_download

        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths and is_download(paths):
            event.acceptProposedAction()
            self.import_download(paths)
        elif paths:
            event.acceptProposedAction()
            self.open_path(paths[0])
            if len(paths) > 1:
                self.message.show_message(f"Opened {paths[0]}; drop one delivery at a time.", "info")

    def show_preferences(self) -> None:
        from PySide6.QtCore import Qt

        from .preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self.runner, self.store, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if self._restore_dock is not None:
            dialog.accepted.connect(self._restore_dock.setup.load_defaults)
        dialog.open()

    # -- help --------------------------------------------------------------------------------------------
    def show_shortcuts(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self, "Keyboard shortcuts", SHORTCUTS)

    def show_about(self) -> None:
        from PySide6.QtCore import Qt

        from .about_dialog import AboutDialog

        dialog = AboutDialog(self.runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()


def _ensure_demo(_token, _report) -> str:
    """The demo delivery (a job: its modules — matplotlib, astropy — load here, not at start-up)."""
    from ..demo.cache import ensure_demo

    return ensure_demo()
