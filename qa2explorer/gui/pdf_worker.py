"""The one thread that runs PDFium for the window.

PDFium is not thread-safe (see :mod:`qa2explorer.qa.pdf`), so every open, render, search and close of every PDF
the window shows happens on this thread, and nowhere else. The UI thread only posts requests and receives Qt
signals. Requests are tidy rather than queued blindly: opening and closing come first, in order; each document
has *one* list of wanted renders, replaced whenever the view scrolls or zooms (superseded renders never start),
and at most one search, run a page at a time between renders and dropped when a new one starts. A closed
document's renders and search are dropped at once, but PDFium's own closing (a few hundred milliseconds for a
page of 200 000 vector points) waits until the next document is open and drawn. A render already running cannot
be interrupted (PDFium parses a page in one call); the view drops its result when the document is gone.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import threading
from collections import deque
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from ..jobs import JobError, os_error_text
from ..qa.pdf import PasswordError, PdfFile

log = logging.getLogger(__name__)


@dataclass
class _Search:
    ident: int
    text: str
    page: int = 0
    chars: int = 0


class PdfWorker(QObject):
    opened = Signal(int, object)  # document id, PdfInfo
    open_failed = Signal(int, str, bool)  # document id, one-line message, whether a password would open it
    rendered = Signal(int, int, float, QImage)  # document id, page, scale, the page's image
    render_failed = Signal(int, int, str)  # document id, page, message
    found = Signal(int, int, int, object)  # document id, search id, pages searched so far, list[Hit] of that page
    searched = Signal(int, int, int)  # document id, search id, characters of text in the whole document

    def __init__(self) -> None:
        super().__init__()
        self._cond = threading.Condition()
        self._ops: deque[tuple] = deque()  # ("open", doc, path, password) / ("stop",)
        self._closing: deque[int] = deque()  # documents to close once nothing else waits
        self._renders: dict[int, list[tuple[int, float]]] = {}
        self._searches: dict[int, _Search] = {}
        self._closed: set[int] = set()
        self._busy: tuple | None = None  # the task running: (doc, page, scale) for a render
        self._files: dict[int, PdfFile] = {}  # touched on the worker thread only
        self._next_id = 0
        self._thread = threading.Thread(target=self._loop, name="pdfium", daemon=True)
        self._thread.start()

    # -- UI thread ---------------------------------------------------------------------------------------
    def open(self, path: str, password: str | None = None) -> int:
        """Open ``path``; ``opened`` or ``open_failed`` follows with the returned document id."""
        with self._cond:
            self._next_id += 1
            doc = self._next_id
            self._ops.append(("open", doc, path, password))
            self._cond.notify()
        return doc

    def close(self, doc: int) -> None:
        """Forget ``doc``: its pending renders and search are dropped and it is closed (nothing more arrives)."""
        with self._cond:
            self._closed.add(doc)
            self._renders.pop(doc, None)
            self._searches.pop(doc, None)
            self._closing.append(doc)
            self._cond.notify()

    def want(self, doc: int, renders: list[tuple[int, float]]) -> None:
        """The renders ``doc`` needs now, most urgent first (page, scale); replaces the previous list."""
        with self._cond:
            if doc in self._closed:
                return
            self._renders[doc] = [r for r in renders if (doc, *r) != self._busy]
            self._cond.notify()

    def search(self, doc: int, ident: int, text: str) -> None:
        """Search ``doc`` for ``text`` (replacing its search): ``found`` per page, then ``searched``."""
        with self._cond:
            if doc in self._closed:
                return
            self._searches[doc] = _Search(ident, text)
            self._cond.notify()

    def stop_search(self, doc: int) -> None:
        with self._cond:
            self._searches.pop(doc, None)

    def stop(self, wait_s: float = 5.0) -> None:
        """Close every document on the worker thread and end it (at exit: PDFium's own exit handler must not
        run while this thread is inside PDFium). Waits up to ``wait_s`` for a render already running."""
        with self._cond:
            self._ops.clear()
            self._closing.clear()
            self._renders.clear()
            self._searches.clear()
            self._ops.append(("stop",))
            self._cond.notify()
        self._thread.join(wait_s)

    def idle(self) -> bool:
        """Nothing pending or running (for tests and benchmarks)."""
        with self._cond:
            return not (self._pending() or self._busy)

    # -- worker thread -----------------------------------------------------------------------------------
    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._pending():
                    self._cond.wait()
                task = self._take()
            if task is None:
                return
            try:
                task()
            except Exception:  # a bug, not bad input: keep the thread alive for the next document
                log.exception("PDF worker task failed")
            finally:
                with self._cond:
                    self._busy = None

    def _pending(self) -> bool:
        return bool(self._ops or any(self._renders.values()) or self._searches or self._closing)

    def _take(self):
        """The next task (called with the lock held)."""
        if self._ops:
            op = self._ops.popleft()
            if op[0] == "open":
                self._busy = op
                return lambda: self._open(*op[1:])
            for doc in list(self._files):  # stop
                self._close(doc)
            return None
        for doc, renders in self._renders.items():
            if renders:
                page, scale = renders.pop(0)
                self._busy = (doc, page, scale)
                return lambda: self._render(doc, page, scale)
        if not self._searches:
            doc = self._closing.popleft()
            self._busy = ("close", doc)
            return lambda: self._close(doc)
        doc, search = next(iter(self._searches.items()))
        self._busy = ("search", doc)
        page = search.page
        search.page += 1
        return lambda: self._search_page(doc, search, page)

    def _open(self, doc: int, path: str, password: str | None) -> None:
        if doc in self._closed:
            return
        try:
            pdf = PdfFile(path, password)
        except (JobError, OSError) as exc:
            self._emit(self.open_failed, doc, _message(exc), isinstance(exc, PasswordError))
            return
        self._files[doc] = pdf
        self._emit(self.opened, doc, pdf.info)

    def _close(self, doc: int) -> None:
        pdf = self._files.pop(doc, None)
        if pdf is not None:
            pdf.close()
        with self._cond:
            self._closed.discard(doc)

    def _render(self, doc: int, page: int, scale: float) -> None:
        pdf = self._files.get(doc)
        if pdf is None:
            return
        try:
            pixels = pdf.render(page, scale)
        except (JobError, OSError) as exc:
            self._emit(self.render_failed, doc, page, _message(exc))
            return
        h, w = pixels.shape[:2]
        image = QImage(pixels.data, w, h, pixels.strides[0], QImage.Format.Format_RGBX8888).copy()
        if doc in self._files:
            self._emit(self.rendered, doc, page, scale, image)

    def _search_page(self, doc: int, search: _Search, page: int) -> None:
        pdf = self._files.get(doc)
        if pdf is None or page >= pdf.info.pages:
            with self._cond:
                if self._searches.get(doc) is search:
                    del self._searches[doc]
            return
        try:
            hits, chars = pdf.search_page(page, search.text)
        except (JobError, OSError):
            hits, chars = [], 0  # an unreadable page has no text to find; its render says what is wrong
        search.chars += chars
        with self._cond:
            if self._searches.get(doc) is not search:
                return  # superseded while this page was searched
            last = page + 1 >= pdf.info.pages
            if last:
                del self._searches[doc]
        self._emit(self.found, doc, search.ident, page + 1, hits)
        if last:
            self._emit(self.searched, doc, search.ident, search.chars)

    def _emit(self, signal, *args) -> None:
        with contextlib.suppress(RuntimeError):  # the application is going away; nobody listens
            signal.emit(*args)


def _message(exc: Exception) -> str:
    return os_error_text(exc) if isinstance(exc, OSError) else str(exc)


_WORKER: PdfWorker | None = None


def pdf_worker() -> PdfWorker:
    """The window's PDF thread (started on first use, from the UI thread)."""
    global _WORKER
    if _WORKER is None:
        _WORKER = PdfWorker()
        atexit.register(_WORKER.stop)  # runs before pypdfium2's own exit handler (registered before it)
    return _WORKER
