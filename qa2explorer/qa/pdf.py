"""PDF documents of a delivery (the QA2 and QA0 reports, any ``.pdf``) read with PDFium through pypdfium2:
page count and sizes, pages rendered to RGBX arrays, text search with hit rectangles, title and author.

Threading: PDFium is not thread-safe, not even across different documents. Every call on a :class:`PdfFile`
(opening it, rendering, searching, closing) must happen on the thread that opened it, and the process should
have one such thread: the window gives all PDF work to one worker thread of its own. A :class:`PdfFile` checks
that it is used on its thread and raises ``RuntimeError`` otherwise. Pages and text pages are closed explicitly
(never left to the garbage collector, which may run on any thread). As a second guard, all PdfFile calls of the
process take one lock, so that two documents used on two threads (tests, a command next to the window) never
enter PDFium at the same time.

Coordinates: rectangles are in page points with the origin at the page's top-left corner, y downwards (PDFium's
own y goes upwards from the bottom; this module flips it), so they scale straight onto a rendered page.
"""

from __future__ import annotations

import functools
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..jobs import JobError

_PDFIUM = threading.RLock()  # held around every call into PDFium
Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in points, top-left origin
LOADED_PAGES = 6  # pages kept parsed (a heavy vector page takes a second or more to parse, a re-render far less)


def _serialised(method):
    @functools.wraps(method)
    def locked(*args, **kwargs):
        with _PDFIUM:
            return method(*args, **kwargs)

    return locked


class PasswordError(JobError):
    """The PDF is encrypted and the password was missing or not right."""


@dataclass(frozen=True)
class PdfInfo:
    pages: int
    sizes: tuple[tuple[float, float], ...]  # (width, height) of each page, in points
    title: str
    author: str


@dataclass(frozen=True)
class Hit:
    """One match of a search: its page (from 0) and the rectangles it covers (one a line it spans)."""

    page: int
    rects: tuple[Rect, ...]


class PdfFile:
    """An open PDF. Use it on one thread only (see the module's note) and :meth:`close` it there."""

    @_serialised
    def __init__(self, path: str, password: str | None = None):
        self.path = path
        self._thread = threading.get_ident()
        self._doc = _open(path, password)
        self._pages: OrderedDict[int, pdfium.PdfPage] = OrderedDict()
        self._texts: dict[int, tuple[str, int]] = {}  # page -> (its text, folded; its number of characters)
        try:
            sizes = tuple(tuple(self._doc.get_page_size(i)) for i in range(len(self._doc)))
            meta = self._doc.get_metadata_dict()
        except pdfium.PdfiumError as exc:
            self._doc.close()
            raise JobError(f"not a PDF or damaged: {os.path.basename(path)} ({exc})") from None
        self.info = PdfInfo(len(sizes), sizes, meta.get("Title", "").strip(), meta.get("Author", "").strip())

    @_serialised
    def render(self, index: int, scale: float) -> np.ndarray:
        """Page ``index`` at ``scale`` pixels per point (72 dpi × scale) on white: an (h, w, 4) uint8 RGBX array
        of its own (the fourth byte is unused)."""
        page = self._page(index)
        try:
            bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True, fill_color=(255, 255, 255, 255))
        except pdfium.PdfiumError as exc:
            raise JobError(f"page {index + 1} cannot be drawn: {exc}") from None
        try:
            return bitmap.to_numpy().copy()
        finally:
            bitmap.close()

    @_serialised
    def search_page(self, index: int, text: str, match_case: bool = False) -> tuple[list[Hit], int]:
        """The matches of ``text`` on page ``index``, and how many characters of text the page has.

        A page's text is kept after its first search: a later search skips (without parsing it again) a page
        whose text cannot hold the words, ignoring case, spaces and hyphens, so never one PDFium would match."""
        known = self._texts.get(index)
        if known is not None and (not text or _fold(text) not in known[0]):
            return [], known[1]
        page = self._page(index)
        height = self.info.sizes[index][1]
        textpage = page.get_textpage()
        try:
            chars = textpage.count_chars()
            self._texts[index] = (_fold(textpage.get_text_range()) if chars else "", chars)
            hits = []
            if chars > 0 and text:
                searcher = textpage.search(text, match_case=match_case, match_whole_word=False)
                try:
                    while (found := searcher.get_next()) is not None:
                        start, count = found
                        rects = []
                        for k in range(textpage.count_rects(start, count)):
                            left, bottom, right, top = textpage.get_rect(k)
                            rects.append((left, height - top, right, height - bottom))
                        hits.append(Hit(index, tuple(rects)))
                finally:
                    searcher.close()
            return hits, chars
        finally:
            textpage.close()

    def search(self, text: str, match_case: bool = False) -> list[Hit]:
        """The matches of ``text`` in the whole document, in page order."""
        hits: list[Hit] = []
        for i in range(self.info.pages):
            hits += self.search_page(i, text, match_case)[0]
        return hits

    @_serialised
    def page_text(self, index: int) -> str:
        """The text of page ``index`` as PDFium reads it (lines separated by line breaks)."""
        textpage = self._page(index).get_textpage()
        try:
            return textpage.get_text_range() if textpage.count_chars() > 0 else ""
        finally:
            textpage.close()

    @_serialised
    def has_text(self) -> bool:
        """Whether any page has text (False for scanned pages); stops at the first page with some."""
        for i in range(self.info.pages):
            textpage = self._page(i).get_textpage()
            try:
                if textpage.count_chars() > 0:
                    return True
            finally:
                textpage.close()
        return False

    @_serialised
    def close(self) -> None:
        self._check_thread()
        for page in self._pages.values():
            page.close()
        self._pages.clear()
        self._doc.close()

    def _page(self, index: int) -> pdfium.PdfPage:
        self._check_thread()
        if not 0 <= index < self.info.pages:
            raise IndexError(f"page {index + 1} of {self.info.pages}")
        page = self._pages.get(index)
        if page is None:
            try:
                page = self._doc[index]
            except pdfium.PdfiumError as exc:
                raise JobError(f"page {index + 1} cannot be read: {exc}") from None
            self._pages[index] = page
            if len(self._pages) > LOADED_PAGES:
                self._pages.popitem(last=False)[1].close()
        else:
            self._pages.move_to_end(index)
        return page

    def _check_thread(self) -> None:
        if threading.get_ident() != self._thread:
            raise RuntimeError("a PdfFile is used only on the thread that opened it (PDFium is not thread-safe)")


_UNFOLDED = str.maketrans("", "", " \t\r\n\u00a0\u00ad\ufffe\ufffd-\u2010\u2011")


def _fold(text: str) -> str:
    """Text as a page pre-filter compares it: case folded, without spaces, line breaks and hyphens."""
    return text.casefold().translate(_UNFOLDED)


def _open(path: str, password: str | None) -> pdfium.PdfDocument:
    name = os.path.basename(path)
    if not os.path.isfile(path):
        raise JobError(f"no such file: {path}" if not os.path.exists(path) else f"not a file: {path}")
    with open(path, "rb"):  # permission problems surface as the OSError they are
        pass
    if os.path.getsize(path) == 0:
        raise JobError(f"not a PDF or damaged: {name} (the file is empty)")
    try:
        return pdfium.PdfDocument(path, password=password)
    except pdfium.PdfiumError as exc:
        code = exc.err_code
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            if password:
                raise PasswordError(f"{name}: the password is not right") from None
            raise PasswordError(f"{name} is protected by a password") from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise JobError(f"{name} is encrypted in a way PDFium cannot read") from None
        if code == pdfium_c.FPDF_ERR_FILE:
            raise JobError(f"cannot read {path}") from None
        reason = "no pages" if not code else str(exc).removeprefix("Failed to load document ").strip(" .()")
        raise JobError(f"not a PDF or damaged: {name} ({reason})") from None
