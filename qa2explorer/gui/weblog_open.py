"""Opening a weblog page in the browser from anywhere in the window: unpacked once into the user cache (a job),
served on 127.0.0.1 by the window's server pool, then handed to the desktop's browser."""

from __future__ import annotations

import os

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from ..qa import weblog
from ..qa.server_pool import ServerPool
from .previews.base import PreviewContext


def url_job(pool: ServerPool, archive: str, page: str | None = None):
    """A job giving (archive size, unpacked folder, address of ``page`` — relative to the unpacked folder, its
    entry page when None)."""

    def job(token, report):
        folder = weblog.unpack(archive, token, report)
        home = weblog.entry_page(folder, os.path.basename(archive))
        return os.path.getsize(archive), folder, pool.serve(folder, home).url(page or home)

    return job


def open_page(context: PreviewContext, archive: str, page: str | None = None) -> None:
    """Open ``page`` of the weblog ``archive`` in the browser; what happens is said in the status bar."""
    context.status(f"Opening the weblog {os.path.basename(archive)}…")
    handle = context.runner.start(url_job(context.weblog_servers, archive, page), slot="weblog-page",
                                  name="open weblog")  # fmt: skip
    handle.progress.connect(lambda e: context.status(e.message) if e.message else None)
    handle.result.connect(lambda value: _opened(context, value[2]))
    handle.failed.connect(lambda message: context.status(f"Cannot open the weblog: {message}"))


def _opened(context: PreviewContext, url: str) -> None:
    opened = QDesktopServices.openUrl(QUrl(url))
    context.status(f"Weblog opened in the browser: {url}" if opened else f"No browser could be started: open {url}")
