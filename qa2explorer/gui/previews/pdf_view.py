"""PDF documents (the QA2 and QA0 reports, any PDF of a delivery) shown in the window: the pages in one
continuous scroll, page navigation, zoom, text search with the hits marked, and the system's viewer a click away.

All PDFium work runs on the PDF worker thread (:mod:`..pdf_worker`); this widget only asks and draws. Showing
another item closes the document there, which drops its pending renders and search.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...delivery.scan import Node
from ...qa.pdf import Hit, PdfInfo
from ..pdf_pages import FIT_PAGE, FIT_WIDTH, STEP, PdfPages
from ..pdf_worker import pdf_worker
from .base import Preview

SEARCH_DELAY_MS = 350  # typing pauses this long before the search starts (Enter starts it at once)
ZOOM_STEPS = (50, 75, 100, 125, 150, 200, 300, 400)
_KEYS = (QKeySequence.StandardKey.Find, QKeySequence.StandardKey.FindNext, QKeySequence.StandardKey.FindPrevious)


class PdfPreview(Preview):
    fields_collapsed = True  # the pages take the room

    def __init__(self, context, parent=None):
        super().__init__(context, parent)
        self.worker = pdf_worker()
        self.doc: int | None = None
        self.path: str | None = None
        self.info: PdfInfo | None = None
        self._search_id = 0
        self._searched_text = ""
        self._search_done = True
        self._search_from = 0
        self.pages = PdfPages()
        self.pages.needs_renders.connect(self._ask_renders)
        self.pages.page_changed.connect(self._page_changed)
        self.pages.zoom_changed.connect(self._zoom_changed)

        self.prev_button = _tool("◀", "Previous page (Page Up)", lambda: self.pages.go_to_page(self.pages.page - 1))
        self.next_button = _tool("▶", "Next page (Page Down)", lambda: self.pages.go_to_page(self.pages.page + 1))
        self.page_box = QSpinBox()
        self.page_box.setKeyboardTracking(False)
        self.page_box.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self.page_box.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.page_box.setToolTip("Page: type a number and press Enter")
        self.page_box.valueChanged.connect(lambda n: self.pages.go_to_page(n - 1))
        self.zoom_out = _tool("−", "Zoom out (−, Ctrl+wheel)", lambda: self.pages.zoom_by(1 / STEP))
        self.zoom_in = _tool("+", "Zoom in (+, Ctrl+wheel)", lambda: self.pages.zoom_by(STEP))
        self.zoom_menu = QToolButton()
        self.zoom_menu.setToolTip("Zoom: fit the width (Ctrl+0), the whole page, or a size")
        self.zoom_menu.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.zoom_menu.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.zoom_menu.setMinimumWidth(120)
        menu = QMenu(self.zoom_menu)
        menu.addAction("Fit width", lambda: self.pages.set_fit(FIT_WIDTH))
        menu.addAction("Fit page", lambda: self.pages.set_fit(FIT_PAGE))
        menu.addSeparator()
        for percent in ZOOM_STEPS:
            menu.addAction(f"{percent} %", lambda p=percent: self.pages.set_zoom(p / 100 * self.pages.actual_zoom()))
        self.zoom_menu.setMenu(menu)
        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText("Find in PDF (Ctrl+F)")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.setMinimumWidth(120)
        self.find_edit.setMaximumWidth(240)
        self.find_edit.installEventFilter(self)
        self.find_edit.textEdited.connect(lambda _t: self._search_timer.start())
        self.find_prev = _tool("▲", "Previous match (Shift+F3, Shift+Enter)", lambda: self.step_hit(-1))
        self.find_next = _tool("▼", "Next match (F3, Enter)", lambda: self.step_hit(1))
        self.find_label = QLabel()
        self.find_label.setMinimumWidth(80)

        self.toolbar = QWidget()
        bar = QHBoxLayout(self.toolbar)
        bar.setContentsMargins(2, 2, 2, 0)
        bar.setSpacing(2)
        for w in (self.prev_button, self.page_box, self.next_button):
            bar.addWidget(w)
        bar.addSpacing(10)
        for w in (self.zoom_out, self.zoom_menu, self.zoom_in):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.find_edit, self.find_prev, self.find_next, self.find_label):
            bar.addWidget(w)  # (the file page above has Open with Default App: the system's viewer)

        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_open = QPushButton("Open in System Viewer")
        self.message_open.clicked.connect(self.open_external)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("Password")
        self.password_edit.setMaximumWidth(240)
        self.password_edit.returnPressed.connect(self._unlock)
        message_page = QWidget()
        box = QVBoxLayout(message_page)
        box.addStretch(1)
        box.addWidget(self.message)
        box.addWidget(self.password_edit, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.message_open, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(2)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.pages)
        self.stack.addWidget(message_page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.stack, 1)
        self.setFocusProxy(self.pages)
        self.pages.installEventFilter(self)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.start_search)
        self._shown_doc = _ShownDoc(self.worker)
        self.destroyed.connect(self._shown_doc.close)  # a preview that goes away closes its document too
        w = self.worker
        w.opened.connect(self._opened)
        w.open_failed.connect(self._open_failed)
        w.rendered.connect(self._rendered)
        w.render_failed.connect(self._render_failed)
        w.found.connect(self._found)
        w.searched.connect(self._searched)
        self._show_message("")

    # -- the shown item ----------------------------------------------------------------------------------
    def show_node(self, node: Node) -> None:
        self._close()
        self.path = node.path
        self._open()

    def _open(self, password: str | None = None) -> None:
        self._show_message("Opening…", button=False)
        self.doc = self._shown_doc.doc = self.worker.open(self.path, password)

    def _unlock(self) -> None:
        """Open the shown PDF again with the password typed (kept nowhere else)."""
        password = self.password_edit.text()
        self.password_edit.clear()
        if self.path and password:
            self._open(password)

    def clear(self) -> None:
        self._close()
        self.path = None
        self._show_message("")

    def _close(self) -> None:
        self._search_timer.stop()
        self._shown_doc.close()
        self.doc, self.info = None, None
        self._searched_text, self._search_done = "", True
        self.find_label.setText("")
        self.pages.clear()

    def open_external(self) -> None:
        if self.path:
            self.context.actions.open_external(self.path)

    # -- worker results --------------------------------------------------------------------------------
    def _opened(self, doc: int, info: PdfInfo) -> None:
        if doc != self.doc:
            return
        self.info = info
        self.stack.setCurrentWidget(self.pages)
        self.toolbar.show()
        self.page_box.blockSignals(True)
        self.page_box.setRange(1, info.pages)
        self.page_box.setSuffix(f" / {info.pages}")
        self.page_box.setValue(1)
        self.page_box.blockSignals(False)
        self.pages.set_document(list(info.sizes))
        self._update_page_buttons()
        self._zoom_changed()
        if self.find_edit.text().strip():
            self.start_search()  # the same words in the next report

    def _open_failed(self, doc: int, message: str, locked: bool) -> None:
        if doc == self.doc:
            self.doc = self._shown_doc.doc = None
            self._show_message(f"Cannot show this PDF: {message}." + ("\nType it to open it here:" if locked else ""))
            self.password_edit.setVisible(locked)
            if locked:
                self.password_edit.setFocus()

    def _rendered(self, doc: int, page: int, scale: float, image: QImage) -> None:
        if doc == self.doc:
            self.pages.set_image(page, scale, image)

    def _render_failed(self, doc: int, page: int, message: str) -> None:
        if doc == self.doc:
            self.pages.set_error(page, message)

    def _ask_renders(self) -> None:
        if self.doc is not None and self.info is not None:
            self.worker.want(self.doc, self.pages.wanted())

    # -- navigation and zoom ---------------------------------------------------------------------------
    def _page_changed(self, page: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(page + 1)
        self.page_box.blockSignals(False)
        self._update_page_buttons()

    def _update_page_buttons(self) -> None:
        pages = self.info.pages if self.info else 0
        self.prev_button.setEnabled(self.pages.page > 0)
        self.next_button.setEnabled(self.pages.page < pages - 1)

    def _zoom_changed(self) -> None:
        fit = {FIT_WIDTH: "Fit width · ", FIT_PAGE: "Fit page · "}.get(self.pages.fit or "", "")
        self.zoom_menu.setText(f"{fit}{self.pages.zoom / self.pages.actual_zoom() * 100:.0f} %")

    # -- search ----------------------------------------------------------------------------------------
    def focus_find(self) -> None:
        self.find_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_edit.selectAll()

    def _enter_in_find(self, back: bool = False) -> None:
        self._search_timer.stop()
        if self.find_edit.text().strip() == self._searched_text and self.pages.hits:
            self.step_hit(-1 if back else 1)
        else:
            self.start_search()

    def start_search(self) -> None:
        self._search_timer.stop()
        text = self.find_edit.text().strip()
        self._search_id += 1
        self._searched_text = text
        self.pages.set_hits([])
        self.pages.current_hit = None
        if self.doc is None or self.info is None:
            return
        if not text:
            self.worker.stop_search(self.doc)
            self._search_done = True
            self.find_label.setText("")
            return
        self._search_done = False
        self._search_from = self.pages.page  # the first hit shown: the first from the page being read
        self.find_label.setText("Searching…")
        self.worker.search(self.doc, self._search_id, text)

    def _found(self, doc: int, ident: int, searched: int, hits: list[Hit]) -> None:
        if doc != self.doc or ident != self._search_id:
            return
        if hits:
            self.pages.set_hits(self.pages.hits + hits)
            if self.pages.current_hit is None and hits[0].page >= self._search_from:
                self.pages.show_hit(len(self.pages.hits) - len(hits))
        total = len(self.pages.hits)
        self.find_label.setText(f"{total} found… (page {searched} of {self.info.pages})")

    def _searched(self, doc: int, ident: int, chars: int) -> None:
        if doc != self.doc or ident != self._search_id:
            return
        self._search_done = True
        if self.pages.current_hit is None and self.pages.hits:
            self.pages.show_hit(0)  # none from the page being read to the end: the first one
        if chars == 0:
            self.find_label.setText("This PDF has no text")
        else:
            self._update_find_label()

    def step_hit(self, step: int) -> None:
        hits = self.pages.hits
        if not hits:
            return
        current = self.pages.current_hit
        self.pages.show_hit(0 if current is None else (current + step) % len(hits))
        self._update_find_label()

    def _update_find_label(self) -> None:
        hits, current = self.pages.hits, self.pages.current_hit
        if not self._search_done:
            return
        if not hits:
            self.find_label.setText("No match")
        else:
            self.find_label.setText(f"{(current or 0) + 1} of {len(hits)}")

    # -- keys ----------------------------------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:
        """Ctrl+F, F3 / Shift+F3 on the pages and in the find field (before the window's Ctrl+F, which filters
        the tree); Enter / Shift+Enter and Esc in the find field."""
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride:
            if any(event.matches(key) for key in _KEYS) or (
                watched is self.find_edit and event.key() == Qt.Key.Key_Escape  # before the window's Esc
            ):
                event.accept()
                return True
            return False
        if kind != QEvent.Type.KeyPress:
            return False
        if event.matches(QKeySequence.StandardKey.Find):
            self.focus_find()
        elif event.matches(QKeySequence.StandardKey.FindNext):
            self.step_hit(1)
        elif event.matches(QKeySequence.StandardKey.FindPrevious):
            self.step_hit(-1)
        elif watched is self.find_edit and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            back = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self._enter_in_find(back)
        elif watched is self.find_edit and event.key() == Qt.Key.Key_Escape:
            self.find_edit.clear()
            self.start_search()
            self.pages.setFocus()
        else:
            return False
        return True

    # -- states ----------------------------------------------------------------------------------------
    def _show_message(self, text: str, button: bool = True) -> None:
        self.message.setText(text)
        self.message_open.setVisible(button and bool(text))
        self.password_edit.hide()
        self.stack.setCurrentIndex(1)
        self.toolbar.hide()  # nothing to page, zoom or search: the message has its own button


class _ShownDoc:
    """The document a preview has open in the worker, kept apart from the widget so that the widget's ``destroyed``
    signal can close it."""

    def __init__(self, worker):
        self.worker = worker
        self.doc: int | None = None

    def close(self, *_args) -> None:
        if self.doc is not None:
            self.worker.close(self.doc)
            self.doc = None


def _tool(text: str, tip: str, slot) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAutoRaise(True)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the pages
    button.clicked.connect(slot)
    return button
