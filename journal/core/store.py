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
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import sqlcipher3
from sqlcipher3 import dbapi2

from journal.core import folding
from journal.core.errors import (
    DiskFull,
    InvalidInput,
    JournalDamaged,
    JournalError,
    JournalInUse,
    ReadOnlyJournal,
)
from journal.core.keys import Key

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    # What the code relies on, typed (sqlcipher3 ships no types); the real class at run time.
    from journal.core.dbtypes import Connection as Connection
else:
    Connection = dbapi2.Connection
DatabaseError = dbapi2.DatabaseError
SQLITE_HEADER = b"SQLite format 3\x00"

#: SQLCipher's ``cipher_memory_security`` wipes every freed buffer, so page contents
#: and keys do not linger in the heap. It is process-wide and makes bulk writes several
#: times slower; only tools that build throwaway journals (benchmarks) turn it off.
MEMORY_SECURITY = True

#: How long a write waits for another Rapport process to finish its own (WAL mode lets
#: readers go on meanwhile) before saying the journal is busy.
BUSY_TIMEOUT_MS = 10_000


class Unreadable(Exception):
    """SQLCipher could not read the file with this key (wrong key or damaged file)."""


def connect(path: Path, key: Key, *, create: bool = False, read_only: bool = False) -> Connection:
    """Connect and key, without writing anything to the file unless ``create``.

    Raises ``Unreadable`` when the file does not decrypt or is malformed, and the
    user-facing error (disk full, read-only, busy...) for every other failure, so a
    journal that is merely busy is never mistaken for a damaged one.
    """
    mode = "rwc" if create else "ro" if read_only else "rw"
    uri = f"file:{quote(str(path))}?mode={mode}"
    try:
        conn: Connection = sqlcipher3.connect(
            uri, uri=True, isolation_level=None, check_same_thread=False
        )
    except dbapi2.OperationalError as exc:
        raise as_user_error(exc) from None
    try:
        # SQLCipher would print its own log lines on stderr for a file that does not
        # decrypt; our errors already say it in one sentence.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA cipher_memory_security = {'ON' if MEMORY_SECURITY else 'OFF'}")
        conn.execute(f"PRAGMA key = {key.sqlcipher_pragma_value()}")
        # Before the first read: another process recovering or checkpointing the WAL
        # holds a lock for a moment, and that is a reason to wait, not a damaged file.
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not create:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        # The search index is fed folded words (m0007): every connection that may write
        # to the journal must be able to fold them the same way.
        conn.create_function(
            folding.SQL_FUNCTION, 1, folding.fold_sql_value_unmarked, deterministic=True
        )
        # Names and filter tokens, marked (m0010).
        conn.create_function(folding.SQL_FUNCTION, 2, folding.marked_words_sql, deterministic=True)
        conn.create_function(folding.SQL_FUNCTION, 3, folding.marked_words_sql, deterministic=True)
    except dbapi2.OperationalError as exc:
        conn.close()
        raise as_user_error(exc) from None
    except DatabaseError:
        conn.close()
        raise Unreadable() from None
    return conn


def page_problems(conn: Connection) -> list[str]:
    """Pages whose HMAC fails or that are cut short, as SQLCipher reports them.

    Reads the whole file (about 5 ms per MB): a damaged page is found when the journal
    is opened, not months later when someone scrolls to an old entry.
    """
    with translate_errors():
        return [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]


def probe_pages(path: Path, key: Key) -> list[str]:
    """``page_problems`` of a file that does not open, through a read-only connection."""
    conn = sqlcipher3.connect(
        f"file:{quote(str(path))}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {key.sqlcipher_pragma_value()}")
        return page_problems(conn)
    finally:
        conn.close()


def configure(conn: Connection) -> None:
    """Pragmas for a journal in use: durability first, then safety."""
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    # 32 MiB of decrypted pages (the default is 2 MiB): search walks the FTS index, and
    # re-decrypting evicted pages at each keystroke would cost more than the search.
    conn.execute("PRAGMA cache_size = -32768")
    conn.row_factory = dbapi2.Row


class Store:
    """One open journal database, shared safely between the GUI and worker threads."""

    def __init__(self, conn: Connection, path: Path) -> None:
        self._conn: Connection | None = conn
        self.path = path
        self._lock = threading.RLock()
        self._depth = 0
        #: Set when the page check finds damage: every write then raises it.
        self._stopped: JournalError | None = None

    def stop_writes(self, error: JournalError) -> None:
        """No more writes: the file is damaged, and nothing may be written over it."""
        self._stopped = error

    @property
    def writes_stopped(self) -> JournalError | None:
        return self._stopped

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
            if self._stopped is not None:
                raise self._stopped
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
            except BaseException as exc:
                if conn.in_transaction:
                    with contextlib.suppress(DatabaseError):
                        conn.execute("ROLLBACK")
                if isinstance(exc, JournalDamaged):  # a page read in it is damaged
                    self._stopped = self._stopped or exc
                raise
            finally:
                self._depth = 0

    @contextlib.contextmanager
    def reading(self) -> Iterator[Connection]:
        """Consistent reads from any thread (one snapshot per block). A page found
        damaged stops writes, as the page check would."""
        with self._lock:
            try:
                with translate_errors():
                    yield self.conn
            except JournalDamaged as exc:
                self._stopped = self._stopped or exc
                raise

    def query(self, sql: str, params: Any = ()) -> list[Any]:
        with self.reading() as conn:
            return conn.execute(sql, params).fetchall()

    def shrink_cache(self) -> None:
        """Free the connection's cache of decrypted pages (``PRAGMA shrink_memory``):
        wiped as freed, read and decrypted again when next needed (``core.memory``)."""
        with self.reading() as conn:
            conn.execute("PRAGMA shrink_memory")

    def data_version(self) -> int | None:
        """SQLite's count of commits made by *other* connections (another Rapport
        process, ``journal log`` in a terminal), or None when the journal is closed or
        this connection is busy: the caller asks again later instead of waiting."""
        if not self._lock.acquire(blocking=False):
            return None
        try:
            if self._conn is None:
                return None
            with contextlib.suppress(dbapi2.DatabaseError):
                return int(self._conn.execute("PRAGMA data_version").fetchone()[0])
            return None
        finally:
            self._lock.release()

    def replace_connection(self, conn: Connection) -> None:
        """Swap in a fresh connection, e.g. after a failed rekey left this one unusable."""
        with self._lock:
            old, self._conn = self._conn, conn
            if old is not None:
                with contextlib.suppress(DatabaseError):
                    old.close()

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
    except dbapi2.IntegrityError:
        raise
    except dbapi2.DatabaseError as exc:
        translated = as_user_error(exc)
        if translated is exc:
            raise
        raise translated from None


def as_user_error(exc: Exception) -> Exception:
    """The JournalError that says what ``exc`` means for the user (``exc`` if none fits)."""
    text = str(exc).lower()
    # (a plain bool: dbapi2 has no types, and narrowing to its class would lose Exception)
    operational = isinstance(exc, dbapi2.OperationalError)
    if operational:
        if "full" in text:
            return DiskFull()
        if "readonly" in text or "read-only" in text:
            return ReadOnlyJournal(
                "The journal file is read-only, so changes cannot be saved. Check the "
                "file's permissions, or copy the journal somewhere writable."
            )
        if "locked" in text or "busy" in text:
            # JournalInUse, so the command line exits with the code documented for it.
            return JournalInUse(
                "The journal is busy in another Rapport process; try again in a moment."
            )
        if "disk i/o" in text:
            return JournalError(
                "The disk reported an error while saving; nothing was changed. Check the "
                "disk and try again."
            )
        return exc
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        log.error("database damaged: %s", type(exc).__name__)
        return JournalDamaged(
            "Part of the journal file is damaged and could not be read. Restore it "
            "from a backup (Settings → Backups, or `journal restore`)."
        )
    return exc


def refuse_missing_folder(target: Path) -> None:
    """A copy into a folder that is not there would fail halfway with a raw OS error
    (or, worse, after the user waited for it): say so before starting."""
    if not target.parent.is_dir():
        raise InvalidInput(
            f"The folder {target.parent} does not exist, so no copy was written there. "
            "Choose an existing folder."
        )


#: Pages copied per step of a snapshot copy (4 MiB at SQLCipher's 4 KiB pages).
SNAPSHOT_STEP_PAGES = 1024


def copy_snapshot(
    source: Path, target: Path, key: Key, progress: Callable[[int, int], None] | None = None
) -> None:
    """Copy the journal database at ``source`` to ``target`` (still encrypted with
    ``key``) through a connection of its own.

    The copy runs inside one read transaction on that connection: WAL gives it a
    snapshot, so it is consistent however long it takes, and neither the journal's own
    connection nor a writer waits for it. ``target`` appears complete or not at all.
    """
    refuse_missing_folder(target)
    partial = target.with_name(target.name + ".partial")
    _remove_files(partial)
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
        _remove_files(partial)  # a half copy would only take the space that ran out
        raise
    finally:
        with contextlib.suppress(DatabaseError):
            reader.execute("ROLLBACK")
        reader.close()
    os.replace(partial, target)


def _remove_files(database: Path) -> None:
    for stale in (
        database,
        Path(f"{database}-wal"),
        Path(f"{database}-shm"),
        Path(f"{database}-journal"),
    ):
        with contextlib.suppress(OSError):
            stale.unlink()
