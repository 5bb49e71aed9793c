"""Advisory locks between Rapport processes on one journal.

SQLite (in WAL mode) already keeps concurrent readers and writers safe, so ordinary
use only takes a shared lock. Steps that replace or restructure the file (migrations,
restore) take the exclusive lock, and refuse cleanly while another process has the
journal open rather than pull it from under it. The locks die with the process.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from journal.core.errors import JournalInUse

try:
    import fcntl
except ImportError:  # Windows: SQLite's own locking is all we have there.
    fcntl = None  # type: ignore[assignment]


class JournalLock:
    """One process's hold on a journal: shared for ordinary use, exclusive for steps
    that need the journal alone."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._fd: int | None = None
        self._held: str | None = None  # "shared" or "exclusive" while we hold it

    def acquire_shared(self, wait: float = 0.0) -> None:
        """Share the journal; waits up to ``wait`` seconds for a short exclusive step
        of another process (the first opener's page check) to end."""
        deadline = time.monotonic() + wait
        while True:
            try:
                self._lock(exclusive=False)
                return
            except JournalInUse:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.05)

    def acquire_exclusive(self) -> None:
        self._lock(exclusive=True)

    def try_exclusive(self, wait: float = 0.0) -> bool:
        """Upgrade to exclusive if no other process has the journal; False (still
        shared) if one has.

        flock's upgrade is not atomic: it lets go of the shared lock first, and in that
        moment another opener can take the journal alone (six processes opening a
        crashed journal at once: one was refused). Then this one waits up to ``wait``
        seconds to share it again, as opening waits for the first opener's step."""
        shared = self._held == "shared"
        try:
            self._lock(exclusive=True)
        except JournalInUse:
            if not shared:
                raise
            if self._held is None:
                self.acquire_shared(wait=wait)
            return False
        return True

    def _lock(self, exclusive: bool) -> None:
        if fcntl is None:
            return
        if self._fd is None:
            # Never through a symlink: opening checked the lock file, not its target.
            flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
            self._fd = os.open(self._path, flags, 0o600)
        flag = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(self._fd, flag | fcntl.LOCK_NB)
        except BlockingIOError:
            # flock drops a shared lock when an upgrade to exclusive fails: take it back,
            # or this process would go on using a journal it no longer holds.
            if exclusive and self._held == "shared" and self._try(fcntl.LOCK_SH):
                pass
            else:
                self.release()
            raise JournalInUse(
                "This journal is open in another Rapport window or command. Close it there "
                "first, then try again."
            ) from None
        self._held = "exclusive" if exclusive else "shared"

    def _try(self, flag: int) -> bool:
        if self._fd is None:  # only called while the lock file is open
            return False
        try:
            fcntl.flock(self._fd, flag | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def record_journal_id(self, journal_id: str) -> None:
        """Write the id of the journal this folder holds into the lock file.

        The lock file never travels with a key file or a database (nobody copies it on
        purpose), so it tells which of the two was put in from elsewhere when they do
        not belong together. Called by the process that has the journal alone."""
        if self._fd is None or read_journal_id(self._path) == journal_id:
            return
        data = journal_id.encode("ascii")
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, data, 0)

    def downgrade(self) -> None:
        if fcntl is not None and self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_SH)
            self._held = "shared"

    def release(self) -> None:
        if self._fd is not None:
            if fcntl is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
        self._held = None


def read_journal_id(path: Path) -> str | None:
    """The journal id a lock file records (None if it records none)."""
    try:
        with open(path, "rb") as handle:
            text = handle.read(128).decode("ascii", errors="replace").strip()
    except OSError:
        return None
    return text or None
