"""The window's local weblog servers: one per unpacked weblog, shared by whoever asks, stopped together when the
window closes. Cheap to import: the server module loads with the first weblog served."""

from __future__ import annotations

import os
import threading


class ServerPool:
    def __init__(self) -> None:
        self._servers: dict = {}  # real folder -> WeblogServer
        self._lock = threading.Lock()

    def serve(self, root: str, home: str = ""):
        """The running server of ``root`` (started now if there is none, ``/`` leading to ``home``); a
        :class:`WeblogServer`."""
        from .weblog_server import WeblogServer

        real = os.path.realpath(root)
        with self._lock:
            server = self._servers.get(real)
            if server is None or not server.running:
                server = self._servers[real] = WeblogServer(real, home=home).start()
            return server

    def stop_all(self) -> None:
        with self._lock:
            servers, self._servers = list(self._servers.values()), {}
        for server in servers:
            server.stop()
