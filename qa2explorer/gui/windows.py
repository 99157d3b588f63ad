"""The app's windows: one delivery per window, as many windows as the user opens (File ▸ New Window, Open in
New Window, or a second delivery handed over by ``qa2explorer PATH``). The registry makes the windows, places
each new one a step down-right of the active one, fills every window's Window menu and forgets a window once it
is closed (and deleted: its jobs stopped by its own close)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QMenu

CASCADE = 32  # pixels down and right of the active window


class Windows:
    """``window_class`` is the main window's class (given, so that this module does not import it); each window
    it makes reads and writes ``settings()``."""

    def __init__(self, window_class: type[QMainWindow], settings: Callable[[], QSettings] = QSettings):
        self.window_class = window_class
        self.settings = settings
        self.all: list[QMainWindow] = []
        self._last_active: QMainWindow | None = None

    def adopt(self, window: QMainWindow) -> None:
        """Called by each main window as it is built (its menus made)."""
        from PySide6.QtWidgets import QApplication

        if not self.all:  # the window the user works in, for when Qt's active window is none of ours (a dialog…)
            QApplication.instance().focusWindowChanged.connect(self._focus_changed)
        self.all.append(window)
        window.destroyed.connect(lambda _obj=None, w=window: self._forget(w))
        window.window_menu.aboutToShow.connect(lambda w=window: self._fill_menu(w))

    def _forget(self, window: QMainWindow) -> None:
        if window in self.all:
            self.all.remove(window)
        if self._last_active is window:
            self._last_active = None

    def new(self, path: str = "", demo: bool = False) -> QMainWindow:
        """A new window (deleted when closed), shown, opening ``path`` or the demo if asked."""
        from PySide6.QtCore import QPoint, Qt

        previous = self.active()
        window = self.window_class(self.settings(), windows=self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if previous is not None:
            window.resize(previous.size())
            window.move(previous.pos() + QPoint(CASCADE, CASCADE))
        window.show()
        window.raise_()
        window.activateWindow()
        if demo:
            window.open_demo()
        elif path:
            window.open_path(path)
        return window

    def _focus_changed(self, focus) -> None:
        for window in self.all:
            if focus is not None and window.windowHandle() is focus:
                self._last_active = window

    def active(self) -> QMainWindow | None:
        """The window the user works in: Qt's active window if it is one of ours, else the last one focused,
        else the newest."""
        from PySide6.QtWidgets import QApplication

        current = QApplication.activeWindow()
        while current is not None and current not in self.all:
            current = current.parentWidget()
        return current or self._last_active or (self.all[-1] if self.all else None)

    def showing(self, path: str) -> QMainWindow | None:
        """The window that has ``path`` (or a folder holding it) open, if any."""
        path = os.path.realpath(path)
        for window in self.all:
            opened = window.opened_path
            if opened and (path == os.path.realpath(opened) or path.startswith(os.path.realpath(opened) + os.sep)):
                return window
        return None

    def forward(self, path: str | None, demo: bool) -> QMainWindow:
        """A request from a second ``qa2explorer [PATH]``: a delivery already open comes to the front, PATH selected;
        otherwise PATH opens in the active window if it shows nothing yet, else in a new window."""
        target = self.showing(path) if path else None
        if target is None:
            target = self.active()
            if target is None or (target.opened_path and (path or demo)):
                return self.new(path or "", demo)
            if demo:
                target.open_demo()
            elif path:
                target.open_path(path)
        elif path:
            target.select_path(path)  # the delivery is shown already: not read again
        if target.isMinimized():
            target.showNormal()
        target.raise_()
        target.activateWindow()
        return target

    def _fill_menu(self, window: QMainWindow) -> None:
        from PySide6.QtGui import QAction

        menu: QMenu = window.window_menu
        menu.clear()
        menu.addAction(window.act_new_window)
        menu.addAction("&Minimize", window.showMinimized)
        menu.addSeparator()
        for number, other in enumerate(self.all, 1):
            action = QAction(f"&{number} {other.windowTitle()}" if number < 10 else other.windowTitle(), menu)
            action.setCheckable(other is window)  # a check on this window only, no empty boxes beside the others
            action.setChecked(other is window)
            action.triggered.connect(lambda _checked=False, w=other: (w.showNormal() if w.isMinimized() else None,
                                                                      w.raise_(), w.activateWindow()))  # fmt: skip
            menu.addAction(action)
