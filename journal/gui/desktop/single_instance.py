"""One running Rapport per journal folder.

The first process to start on a data folder takes a lock file (``QLockFile``: it knows
a lock left by a crashed process from a live one) and listens on a local socket named
after the folder; a second start finds the lock taken, asks the first over the socket to
come to the front, and exits. So two processes never write the journal at once, and
starting Rapport from the menu while it sits in the tray simply shows it.

On Unix the lock and the socket live in the user's runtime folder (``XDG_RUNTIME_DIR``,
private to the user), else the temp folder; on Windows the socket is a named pipe.
The protocol is one line each way: ``activate`` or ``ping`` -> ``ok``.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QByteArray, QLockFile, QObject, QStandardPaths, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from journal.core.paths import JournalPaths

#: How long a second start waits for the first to answer (it may still be starting).
ANSWER_MS = 5_000
COMMANDS = (b"activate", b"ping")


def instance_key(paths: JournalPaths) -> str:
    """A short name for this user and this journal folder (however it was spelled)."""
    try:
        folder = str(paths.root.expanduser().resolve())
    except OSError:
        folder = str(paths.root.expanduser().absolute())
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    digest = hashlib.sha256(f"{user}\0{folder}".encode()).hexdigest()[:16]
    return f"rapport-{digest}"


def _runtime_dir() -> Path:
    if sys.platform.startswith("linux"):
        location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.RuntimeLocation)
        if location:
            return Path(location)
    return Path(tempfile.gettempdir())


def server_name(paths: JournalPaths) -> str:
    """The local socket's name: a path in the private runtime folder on Unix, a pipe
    name on Windows (where names are not paths)."""
    if sys.platform == "win32":
        return instance_key(paths)
    return str(_runtime_dir() / f"{instance_key(paths)}.sock")


def lock_path(paths: JournalPaths) -> Path:
    return _runtime_dir() / f"{instance_key(paths)}.lock"


class InstanceServer(QObject):
    """Held by the running app: answers later starts and tells the app to show itself."""

    activate_requested = Signal()

    def __init__(self, name: str, lock: QLockFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = lock
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(name)  # we hold the lock: any socket there is stale
        if not self.server.listen(name):
            raise OSError(f"cannot listen on {name}: {self.server.errorString()}")
        self.server.newConnection.connect(self._accept)
        self._clients: set[QLocalSocket] = set()

    @property
    def name(self) -> str:
        return self.server.fullServerName()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            if socket is None:
                return
            self._clients.add(socket)
            socket.readyRead.connect(self._ready)
            socket.disconnected.connect(self._gone)
            if socket.canReadLine():
                self._answer(socket)

    def _ready(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket) and socket in self._clients:
            self._answer(socket)

    def _gone(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket) and socket in self._clients:
            self._clients.discard(socket)
            socket.deleteLater()

    def _answer(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        command = bytes(socket.readLine().data()).strip()
        if command in COMMANDS:
            socket.write(QByteArray(b"ok\n"))
            socket.flush()
        socket.disconnectFromServer()
        if command == b"activate":
            self.activate_requested.emit()

    def close(self) -> None:
        for socket in list(self._clients):
            socket.abort()
        self._clients.clear()
        self.server.close()
        self._lock.unlock()


class NotAnswering(Exception):
    """Another Rapport holds this folder but did not answer (hung, or still starting)."""


def claim(paths: JournalPaths, *, activate: bool = True) -> InstanceServer | None:
    """Become the running instance for this folder, or (None) hand over to the one that
    is: with ``activate`` it is asked to come to the front first.

    Raises NotAnswering when the one running does not answer, and OSError when the
    runtime folder cannot hold the lock or the socket (then there is no protection to
    be had, and the caller goes on without it).
    """
    directory = _runtime_dir()
    directory.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(lock_path(paths)))
    lock.setStaleLockTime(0)  # only a dead owner makes it stale, never its age
    name = server_name(paths)
    if lock.tryLock(0):
        return InstanceServer(name, lock)
    if lock.error() != QLockFile.LockError.LockFailedError:
        raise OSError(f"cannot lock {lock_path(paths)} ({lock.error().name})")
    if not tell(name, b"activate" if activate else b"ping"):
        raise NotAnswering()
    return None


def tell(name: str, command: bytes, timeout_ms: int | None = None) -> bool:
    """Send one command to the running instance; True when it answered."""
    socket = QLocalSocket()
    deadline = _Deadline(timeout_ms or ANSWER_MS)
    while True:  # the first instance may hold the lock but not listen yet
        socket.connectToServer(name)
        if socket.waitForConnected(min(500, deadline.left())):
            break
        if deadline.expired():
            return False
        socket.abort()
        _sleep(100)
    socket.write(QByteArray(command + b"\n"))
    socket.flush()
    answered = False
    while not deadline.expired():
        if socket.canReadLine() or socket.waitForReadyRead(deadline.left()):
            if socket.canReadLine():
                answered = bytes(socket.readLine().data()).strip() == b"ok"
                break
        elif socket.state() != QLocalSocket.LocalSocketState.ConnectedState:
            break
    socket.abort()
    return answered


class _Deadline:
    def __init__(self, ms: int) -> None:
        from PySide6.QtCore import QDeadlineTimer

        self._timer = QDeadlineTimer(ms)

    def left(self) -> int:
        return max(1, self._timer.remainingTime())

    def expired(self) -> bool:
        return self._timer.hasExpired()


def _sleep(ms: int) -> None:
    from PySide6.QtCore import QThread

    QThread.msleep(ms)
