"""Advisory locks between Rapport processes on one journal.

SQLite (in WAL mode) already keeps concurrent readers and writers safe, so ordinary
use only takes a shared lock. Steps that replace or restructure the file (migrations,
restore) take the exclusive lock, and refuse cleanly while another process has the
journal open rather than pull it from under it. The locks die with the process.
"""

from __future__ import annotations

import os
from pathlib import Path

from journal.core.errors import JournalInUse

try:
    import fcntl
except ImportError:  # Windows: SQLite's own locking is all we have there.
    fcntl = None  # type: ignore[assignment]


class JournalLock:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._fd: int | None = None

    def acquire_shared(self) -> None:
        self._lock(exclusive=False)

    def acquire_exclusive(self) -> None:
        self._lock(exclusive=True)

    def _lock(self, exclusive: bool) -> None:
        if fcntl is None:
            return
        if self._fd is None:
            self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        flag = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(self._fd, flag | fcntl.LOCK_NB)
        except BlockingIOError:
            if not exclusive:
                self.release()
            raise JournalInUse(
                "This journal is open in another Rapport window or command. Close it there "
                "first, then try again."
            ) from None

    def downgrade(self) -> None:
        if fcntl is not None and self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_SH)

    def release(self) -> None:
        if self._fd is not None:
            if fcntl is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
