"""A local web server for one unpacked weblog: the weblog's JavaScript loads pages by XHR, which browsers
refuse for ``file://`` pages, so the browser is given ``http://127.0.0.1:PORT/…`` instead.

It listens on the loopback address only, serves GET and HEAD of regular files inside its folder and nothing
else: the request path is decoded once, and refused when it holds ``..``, a backslash, a NUL byte or a
still-encoded character (double encoding); what is left is resolved with ``realpath`` and must stay inside
the folder (a link to outside is "not found"). Requests naming another host (DNS rebinding) are refused.
Refusals never say which paths exist. No directory listings; no logging to stderr."""

from __future__ import annotations

import contextlib
import mimetypes
import os
import re
import shutil
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, unquote, urlsplit

from ..jobs import JobError

HOST = "127.0.0.1"
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css",
    ".js": "text/javascript",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".xml": "application/xml",
    ".log": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".py": "text/plain; charset=utf-8",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
}
_ENCODED = re.compile(r"%[0-9A-Fa-f]{2}")


def content_type(path: str) -> str:
    ext = os.path.splitext(path)[1].lower()
    return TYPES.get(ext) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def resolve(root: str, request_path: str) -> tuple[int, str | None]:
    """(status, file) for a request path: 200 and the real file inside ``root`` (itself a real path), or an
    error status and None."""
    path = urlsplit(request_path).path
    if not path.startswith("/"):
        return HTTPStatus.BAD_REQUEST, None
    decoded = unquote(path, errors="strict") if "%" in path else path
    if "\x00" in decoded or "\\" in decoded or _ENCODED.search(decoded):
        return HTTPStatus.FORBIDDEN, None
    parts = [p for p in decoded.split("/") if p not in ("", ".")]
    if ".." in parts or any(len(p) > 1 and p[1] == ":" for p in parts[:1]):
        return HTTPStatus.FORBIDDEN, None
    real = os.path.realpath(os.path.join(root, *parts))
    if real != root and not real.startswith(root + os.sep):
        return HTTPStatus.NOT_FOUND, None  # a link out of the weblog: as if it were not there
    if os.path.isdir(real):
        real = os.path.join(real, "index.html")
    if not os.path.isfile(real):
        return HTTPStatus.NOT_FOUND, None
    return HTTPStatus.OK, real


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "qa2explorer-weblog"
    sys_version = ""

    def do_GET(self) -> None:
        self._serve(body=True)

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def _refuse_method(self) -> None:
        self.send_response(HTTPStatus.METHOD_NOT_ALLOWED)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse_method

    def _serve(self, body: bool) -> None:
        if not self._host_ok():
            self._fail(HTTPStatus.FORBIDDEN)
            return
        if self.server.home and urlsplit(self.path).path == "/":
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", "/" + quote(self.server.home))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        try:
            status, path = resolve(self.server.root, self.path)
        except UnicodeDecodeError:
            status, path = HTTPStatus.BAD_REQUEST, None
        if path is None:
            self._fail(status)
            return
        try:
            f = open(path, "rb")  # noqa: SIM115 (closed below, after the headers went out)
        except OSError:
            self._fail(HTTPStatus.NOT_FOUND)
            return
        with f:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", content_type(path))
            self.send_header("Content-Length", str(os.fstat(f.fileno()).st_size))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            if body:
                with contextlib.suppress(ConnectionError):
                    shutil.copyfileobj(f, self.wfile, 1 << 16)

    def _host_ok(self) -> bool:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]").lower()
        return host in ("", HOST, "localhost")

    def _fail(self, status: int) -> None:
        text = f"{int(status)} {HTTPStatus(status).phrase}\n".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(text)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        """Quiet: a window's stderr is no place for an access log."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: str, port: int, home: str):
        self.root = root
        self.home = home
        super().__init__((HOST, port), _Handler)

    def handle_error(self, request, client_address) -> None:
        """A browser closing a connection early is not worth a traceback on stderr."""


class WeblogServer:
    """Serves ``root`` on ``127.0.0.1:port`` (a free port when 0) from a daemon thread once :meth:`start`ed;
    :meth:`stop` may be called from any thread. ``home`` (a page relative to ``root``): where ``/`` leads."""

    def __init__(self, root: str, port: int = 0, home: str = ""):
        self.root = os.path.realpath(root)
        try:
            self._server = _Server(self.root, port, home)
        except OSError as exc:
            raise JobError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}") from None
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> tuple[str, int]:
        return self._server.server_address[:2]

    @property
    def port(self) -> int:
        return self.address[1]

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def url(self, page: str = "") -> str:
        """The address of ``page`` (relative to the served folder, with ``/``; a query such as a stage page's
        ``?sidebar=sidebar_stage8`` is kept as it is)."""
        path, mark, query = page.partition("?")
        return f"http://{HOST}:{self.port}/{quote(path)}{mark}{query}"

    def start(self) -> WeblogServer:
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name=f"weblog-server:{self.port}", daemon=True)  # fmt: skip
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()
