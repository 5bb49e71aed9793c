"""Opening a SQLCipher file with a raw key, its pragmas, and one transaction per action.

The store knows nothing of passphrases or the keychain (see ``opening``) and nothing of
the domain (see ``people``, ``entries``); it guarantees that what it was asked to write
is either fully on disk or not at all, and turns SQLite's failures into errors a person
can act on.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlcipher3
from sqlcipher3 import dbapi2

from journal.core.errors import DiskFull, JournalDamaged, JournalError, ReadOnlyJournal
from journal.core.keys import Key

log = logging.getLogger(__name__)

Connection = dbapi2.Connection
DatabaseError = dbapi2.DatabaseError
SQLITE_HEADER = b"SQLite format 3\x00"

#: SQLCipher's ``cipher_memory_security`` wipes every freed buffer, so page contents
#: and keys do not linger in the heap. It is process-wide and makes bulk writes several
#: times slower; only tools that build throwaway journals (benchmarks) turn it off.
MEMORY_SECURITY = True


class Unreadable(Exception):
    """SQLCipher could not read the file with this key (wrong key or damaged file)."""


def connect(path: Path, key: Key, *, create: bool = False) -> Connection:
    """Connect and key, without writing anything to the file unless ``create``."""
    mode = "rwc" if create else "rw"
    uri = f"file:{quote(str(path))}?mode={mode}"
    conn = sqlcipher3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA cipher_memory_security = {'ON' if MEMORY_SECURITY else 'OFF'}")
        conn.execute(f"PRAGMA key = {key.sqlcipher_pragma_value()}")
        if not create:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DatabaseError:
        conn.close()
        raise Unreadable() from None
    return conn


def configure(conn: Connection) -> None:
    """Pragmas for a journal in use: durability first, then safety."""
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    # 32 MiB of decrypted pages (the default is 2 MiB): search walks the FTS index, and
    # re-decrypting evicted pages at each keystroke would cost more than the search.
    conn.execute("PRAGMA cache_size = -32768")
    conn.row_factory = dbapi2.Row


class Store:
    """One open journal database, shared safely between the GUI and worker threads."""

    def __init__(self, conn: Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._lock = threading.RLock()
        self._depth = 0

    @property
    def closed(self) -> bool:
        return self._conn is None

    @property
    def conn(self) -> Connection:
        if self._conn is None:
            raise JournalError("The journal is locked. Unlock it to continue.")
        return self._conn

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One user action: all of it reaches the disk, or none of it.

        Nested use joins the outer transaction, so facade methods can compose.
        """
        with self._lock:
            conn = self.conn
            if self._depth:
                self._depth += 1
                try:
                    yield conn
                finally:
                    self._depth -= 1
                return
            with translate_errors():
                conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield conn
                with translate_errors():
                    conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    with contextlib.suppress(DatabaseError):
                        conn.execute("ROLLBACK")
                raise
            finally:
                self._depth = 0

    @contextlib.contextmanager
    def reading(self) -> Iterator[Connection]:
        """Consistent reads from any thread (one snapshot per block)."""
        with self._lock, translate_errors():
            yield self.conn

    def query(self, sql: str, params: Any = ()) -> list[Any]:
        with self.reading() as conn:
            return conn.execute(sql, params).fetchall()

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(DatabaseError):
                    self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                self._conn.close()
                self._conn = None


@contextlib.contextmanager
def translate_errors() -> Iterator[None]:
    """SQLite's errors, as sentences a person can act on."""
    try:
        yield
    except dbapi2.OperationalError as exc:
        text = str(exc).lower()
        if "full" in text:
            raise DiskFull() from None
        if "readonly" in text or "read-only" in text:
            raise ReadOnlyJournal(
                "The journal file is read-only, so changes cannot be saved. Check the "
                "file's permissions, or copy the journal somewhere writable."
            ) from None
        if "locked" in text or "busy" in text:
            raise JournalError(
                "The journal is busy in another Rapport process; try again in a moment."
            ) from None
        if "disk i/o" in text:
            raise JournalError(
                "The disk reported an error while saving; nothing was changed. Check the "
                "disk and try again."
            ) from None
        raise
    except dbapi2.DatabaseError as exc:
        if isinstance(exc, dbapi2.IntegrityError):
            raise
        text = str(exc).lower()
        if "malformed" in text or "not a database" in text or "corrupt" in text:
            log.error("database damaged: %s", type(exc).__name__)
            raise JournalDamaged(
                "Part of the journal file is damaged and could not be read. Restore it "
                "from a backup (Settings → Backups, or `journal restore`)."
            ) from None
        raise


#: Pages copied per step of a snapshot copy (4 MiB at SQLCipher's 4 KiB pages).
SNAPSHOT_STEP_PAGES = 1024


def copy_snapshot(source: Path, target: Path, key: Key,
                  progress: Callable[[int, int], None] | None = None) -> None:
    """Copy the journal database at ``source`` to ``target`` (still encrypted with
    ``key``) through a connection of its own.

    The copy runs inside one read transaction on that connection: WAL gives it a
    snapshot, so it is consistent however long it takes, and neither the journal's own
    connection nor a writer waits for it. ``target`` appears complete or not at all.
    """
    partial = target.with_name(target.name + ".partial")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    reader = connect(source, key)
    try:
        with translate_errors():
            reader.execute("PRAGMA busy_timeout = 10000")
            reader.execute("BEGIN")
            reader.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot
        dest = connect(partial, key, create=True)
        try:
            if os.name == "posix":
                os.chmod(partial, 0o600)

            def step(_status: int, remaining: int, total: int) -> None:
                if progress is not None:
                    progress(total - remaining, total)

            with translate_errors():
                reader.backup(dest, pages=SNAPSHOT_STEP_PAGES, progress=step, sleep=0)
        finally:
            dest.close()
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    finally:
        with contextlib.suppress(DatabaseError):
            reader.execute("ROLLBACK")
        reader.close()
    os.replace(partial, target)
