"""One window per user: a second ``qa2explorer PATH`` hands PATH to the window already running (which opens it
and comes to the front) and exits; when none runs, the app starts as usual. The two talk over a local socket
(a Unix socket or a Windows named pipe) whose name is made from the user's settings folder, so each user (and
each isolated settings folder) has its own. On Unix the socket is a file: when it does not exist no window runs,
and the start goes on without loading Qt's network module (the window's first frame does not wait for it)."""

from __future__ import annotations

import logging
import os
import zlib
from typing import TYPE_CHECKING

import platformdirs
from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalSocket

log = logging.getLogger(__name__)
CONNECT_MS = 300  # a running window answers at once; no server: the connection fails at once
ANSWER_MS = 3000  # the running window's event loop may be busy a moment


def server_name() -> str:
    """A pipe's name on Windows; on Unix the socket file's full path, in the temporary folder as Qt would put it."""
    where = platformdirs.user_config_dir("qa2explorer")
    name = f"qa2explorer-{zlib.crc32(where.encode('utf-8', 'surrogateescape')):08x}"
    if os.name == "posix":
        return os.path.join(os.environ.get("TMPDIR") or "/tmp", name)
    return name


def hand_over(path: str | None, demo: bool = False, name: str | None = None) -> bool:
    """Ask the running window to open ``path`` (or the demo, or just to come to the front); True when it said
    it will, False when none runs (or it does not answer)."""
    name = name or server_name()
    if os.name == "posix" and not os.path.exists(name):
        return False  # no window listens
    import json

    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False
    request = {"path": os.path.abspath(path) if path else None, "demo": demo}
    socket.write(json.dumps(request).encode("utf-8") + b"\n")
    socket.flush()
    answered = False
    while socket.waitForReadyRead(ANSWER_MS):
        if socket.canReadLine():
            answered = bytes(socket.readLine().data()).strip() == b"ok"
            break
    socket.disconnectFromServer()
    return answered


class InstanceServer(QObject):
    """Listens for later ``qa2explorer`` commands of the same user; ``requested`` carries (path or None, demo)."""

    requested = Signal(object, bool)

    def __init__(self, name: str | None = None, parent: QObject | None = None):
        from PySide6.QtNetwork import QLocalServer

        super().__init__(parent)
        self.name = name or server_name()
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connected)

    def listen(self) -> bool:
        """Start listening, unless another window of this user listens already (started with this one, or this
        one has --new-window): Qt would put the new socket in the place of the live one. A socket left by a window
        that crashed (nobody answers on it) is replaced."""
        from PySide6.QtNetwork import QLocalServer, QLocalSocket

        probe = QLocalSocket()
        probe.connectToServer(self.name)
        if probe.waitForConnected(CONNECT_MS):
            probe.disconnectFromServer()
            log.info("single instance: another window listens as %s; this one runs on its own", self.name)
            return False
        if not self.server.listen(self.name):
            QLocalServer.removeServer(self.name)
            if not self.server.listen(self.name):
                log.warning("single instance: cannot listen on %s: %s", self.name, self.server.errorString())
                return False
        log.info("single instance: listening as %s", self.name)
        return True

    def _connected(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        import json

        if not socket.canReadLine():
            return
        try:
            request = json.loads(bytes(socket.readLine().data()).decode("utf-8"))
            path, demo = request.get("path"), bool(request.get("demo"))
        except (ValueError, AttributeError):
            socket.write(b"refused\n")
            return
        if path is not None and not isinstance(path, str):
            socket.write(b"refused\n")
            return
        log.info("handed over by another qa2explorer: %s", path or ("the demo" if demo else "(no path)"))
        socket.write(b"ok\n")
        socket.flush()
        self.requested.emit(path, demo)
