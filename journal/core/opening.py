"""Creating and opening a journal: files, key checks, locks and migrations.

Every failure here is told apart and leaves the files as they were: a wrong passphrase
(the key-check value says so), a keychain that is locked, unavailable or holds a key
for another copy, a file that is not a journal (plaintext SQLite, empty, truncated,
random bytes), a journal from a newer version, a read-only file, a key file that is
unusable or belongs to another journal, a folder or file someone else could change
(``fsutil.check_private``). Nothing is ever created over an existing file.

After an unclean exit, the write-ahead log is read before SQLite recovers it; if the
recovery would drop saved changes, a copy of the files is kept and the user told
(``_Recovery``). Every page is checked at open only then; otherwise ``check_pages``
runs off the open path (the daily upkeep, before a backup or a migration).
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import os
import shutil
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from journal.core import migrations, wal
from journal.core.errors import (
    DiskFull,
    EmptyFile,
    ForeignFile,
    InvalidInput,
    JournalDamaged,
    JournalError,
    JournalExists,
    JournalTruncated,
    KeychainKeyMismatch,
    KeyFileMismatch,
    NewerVersion,
    NoJournal,
    NotAJournal,
    NotRemembered,
    PlaintextDatabase,
    ReadOnlyJournal,
    RecoveredWithLoss,
    WrongPassphrase,
)
from journal.core.fsutil import disk_errors, ensure_private_dir, fsync_dir, make_private
from journal.core.keychain import Keychain
from journal.core.keys import KdfParams, Key, derive_key
from journal.core.locking import JournalLock, read_journal_id
from journal.core.meta import JournalMeta, database_salt, read_meta, write_meta
from journal.core.model import new_id
from journal.core.paths import JournalPaths
from journal.core.store import (
    SQLITE_HEADER,
    Connection,
    DatabaseError,
    Store,
    Unreadable,
    configure,
    connect,
    page_problems,
    probe_pages,
    refuse_missing_folder,
    translate_errors,
)
from journal.core.wording import plural

log = logging.getLogger(__name__)

PAGE_SIZE = 4096
#: How long opening waits for another process's exclusive step (its opening check, or
#: the migration after an update, copy kept first) before saying the journal is in use.
#: Generous: a refusal here means the app and the tray or a command started together
#: lose a start, and a busy laptop can take seconds for a large journal's migration.
OPEN_WAIT_S = 20.0


@dataclass
class OpenedJournal:
    store: Store
    meta: JournalMeta
    key: Key
    lock: JournalLock
    paths: JournalPaths
    #: journal.db's first 16 bytes, read before it was opened (once SQLite has the file
    #: open, reading it through another descriptor would drop SQLite's locks on it).
    db_salt: bytes = b""


def create(paths: JournalPaths, passphrase: str, kdf: KdfParams | None = None) -> OpenedJournal:
    """Create a new journal; refuses if one (or any file at its place) already exists."""
    if not passphrase:
        raise InvalidInput("Choose a passphrase: an empty one would not protect anything.")
    ensure_private_dir(paths.root)
    paths.check_private()
    _refuse_existing(paths)
    lock = JournalLock(paths.lock)
    lock.acquire_exclusive()
    try:
        # Again under the lock: another process may have created it in between.
        _refuse_existing(paths)
        kdf = kdf or KdfParams.fresh()
        key = derive_key(passphrase, kdf)
        meta = JournalMeta(journal_id=new_id(), kdf=kdf, key_check=key.check_value())
        try:
            _build_database(paths.partial_db, key)
            salt = database_salt(paths.partial_db)
            meta = meta.tagged(salt)
            write_meta(paths.meta, meta)
            os.replace(paths.partial_db, paths.db)
        except BaseException:
            _remove_database(paths.partial_db)  # a half-built journal (disk full...)
            raise
        fsync_dir(paths.root)
        lock.record_journal_id(meta.journal_id)
        lock.downgrade()
        store = _open_store(paths, key)
    except BaseException:
        lock.release()
        raise
    return OpenedJournal(store, meta, key, lock, paths, salt)


def _refuse_existing(paths: JournalPaths) -> None:
    if paths.db.exists():
        raise JournalExists(
            f"A journal already exists in {paths.root}; Rapport will not replace it. Open "
            "it, or choose another folder."
        )


def _remove_database(path: Path) -> None:
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()


def _build_database(path: Path, key: Key) -> None:
    _remove_database(path)
    conn = connect(path, key, create=True)
    try:
        make_private(path)
        with translate_errors():
            configure(conn)
            for step in migrations.all_migrations():
                step.run(conn)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    make_private(path)


def open_with_passphrase(
    paths: JournalPaths, passphrase: str, derived: tuple[KdfParams, Key] | None = None
) -> OpenedJournal:
    """``derived``: a key already derived from ``passphrase`` with some parameters
    (``meta.derive_early``), used for a key file with those parameters instead of
    deriving it again; wiped here unless it opens the journal."""
    early = derived
    try:
        _preflight(paths)
        candidates = _candidate_metas(paths)
        for meta in candidates:
            if early is not None and early[0] == meta.kdf:
                key, early = early[1], None
            else:
                key = derive_key(passphrase, meta.kdf)
            if meta.key_fits(key):
                return _open_candidate(paths, meta, key, candidates)
            key.wipe()
        raise WrongPassphrase()
    finally:
        if early is not None:
            early[1].wipe()


def open_with_keychain(paths: JournalPaths, keychain: Keychain) -> OpenedJournal:
    """Unlock without typing; raises a KeychainError subclass saying exactly why not."""
    _preflight(paths)
    candidates = _candidate_metas(paths)
    key = keychain.get(candidates[0].journal_id)
    if key is None:
        raise NotRemembered()
    for meta in candidates:
        if meta.key_fits(key):
            try:
                return _open_candidate(paths, meta, key, candidates)
            except WrongPassphrase:
                break  # remembered from before a passphrase change that went through
    raise KeychainKeyMismatch()


def key_is_remembered(paths: JournalPaths, keychain: Keychain) -> bool:
    """Whether this computer's keychain holds a key for the journal (without opening it
    or checking the key), so the unlock dialog can show "Remember" as it is."""
    try:
        meta = read_meta(paths.meta)
        return keychain.get(meta.journal_id) is not None
    except Exception:  # no journal yet, an unreadable file, a locked keychain: not known
        return False


def open_with_key(paths: JournalPaths, key: Key) -> OpenedJournal:
    _preflight(paths)
    candidates = _candidate_metas(paths)
    for meta in candidates:
        if meta.key_fits(key):
            return _open_candidate(paths, meta, key, candidates)
    raise WrongPassphrase("That key does not open this journal.")


def _open_candidate(
    paths: JournalPaths, meta: JournalMeta, key: Key, candidates: list[JournalMeta]
) -> OpenedJournal:
    """Open with a key one of the key files vouches for. With two key files, a passphrase
    change was cut short, and a file that none of this key decrypts holds the other key:
    say which passphrase to use, not that the journal was replaced."""
    try:
        return _open_verified(paths, meta, key)
    except ForeignFile:
        if len(candidates) < 2:
            raise
    if meta is candidates[0]:
        raise WrongPassphrase(
            "Rapport stopped while your passphrase was being changed, after the change "
            "was made: unlock with the new passphrase."
        )
    raise WrongPassphrase(
        "Rapport stopped while your passphrase was being changed, before the change was "
        "made: unlock with your previous passphrase."
    )


def read_journal_meta(paths: JournalPaths) -> JournalMeta:
    _preflight(paths)
    return read_meta(paths.meta)


def _candidate_metas(paths: JournalPaths) -> list[JournalMeta]:
    """The metadata, and a pending one left by a passphrase change (or a restore) that
    was cut short; only those that belong to this database.

    When none does, one of the two files came from elsewhere: the lock file, which
    never travels, names the journal this folder holds. A key file of another journal
    is told as such (whatever the passphrase); otherwise the database is the stranger,
    and opening goes on to say so in its own words."""
    metas = [read_meta(paths.meta)]
    if paths.pending_meta.exists():
        with contextlib.suppress(JournalError):
            metas.append(read_meta(paths.pending_meta))
    salt = database_salt(paths.db)
    fitting = [meta for meta in metas if meta.fits_database(salt) is not False]
    if fitting:
        return fitting
    folder_id = read_journal_id(paths.lock)
    if folder_id is not None and all(meta.journal_id != folder_id for meta in metas):
        raise _other_journals_key(paths)
    return metas


def _other_journals_key(paths: JournalPaths) -> KeyFileMismatch:
    return KeyFileMismatch(
        f"{paths.meta} belongs to a different journal; put back this journal's key file "
        "(a backup holds one). Your journal file is fine, and Rapport has not changed "
        "anything."
    )


def _preflight(paths: JournalPaths) -> None:
    """Cheap checks on the file itself, before any key is derived or anything opened."""
    paths.check_private()
    db = paths.db
    if not db.exists():
        if paths.meta.exists():
            raise NoJournal(
                f"The journal database is missing from {paths.root} (only its key file is "
                "there). Restore the folder from a backup."
            )
        raise NoJournal(
            f"There is no journal in {paths.root} yet. Start Rapport to create one, or run "
            "`journal init`."
        )
    size = db.stat().st_size
    if size == 0:
        raise EmptyFile(
            f"{db} is empty: it holds no journal. Restore it from a backup; Rapport has not "
            "changed it."
        )
    with open(db, "rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header == SQLITE_HEADER:
        raise PlaintextDatabase(
            f"{db} is an unencrypted SQLite database, not a Rapport journal. Rapport has "
            "not opened or changed it."
        )
    if not _writable(db) or not _writable(paths.root):
        raise ReadOnlyJournal(
            f"{db} (or its folder) is read-only, so Rapport could not save anything to it. "
            "Make it writable, or copy the journal to a writable folder."
        )


def _writable(path: Path) -> bool:
    """Writable by its owner, by its mode bits as well as for this process: root may
    write anywhere, but a journal its owner made read-only must stay untouched."""
    return bool(path.stat().st_mode & stat.S_IWUSR) and os.access(path, os.W_OK)


def _damaged(paths: JournalPaths, detail: str) -> JournalDamaged:
    return JournalDamaged(
        f"The journal file {paths.db} is damaged ({detail}). Your passphrase is right. "
        "Restore the journal from a backup; Rapport has not changed the damaged file."
    )


def _truncated(paths: JournalPaths) -> JournalTruncated:
    return JournalTruncated(
        f"The journal file {paths.db} is incomplete: it has been cut short, as by a copy "
        "or download that did not finish. Your passphrase is right. Restore the journal "
        "from a backup; Rapport has not changed the file."
    )


def _foreign(paths: JournalPaths) -> ForeignFile:
    return ForeignFile(
        f"{paths.db} is not a Rapport journal: nothing in it can be read with this "
        "journal's key, so another file has taken its place. Put the journal file back "
        "(or restore it from a backup); Rapport has not changed the file."
    )


def _hmac_failures(problems: list[str]) -> int:
    return sum("hmac" in problem.lower() for problem in problems)


def _diagnose(paths: JournalPaths, key: Key, has_wal: bool) -> NotAJournal:
    """Why a file the key-check value vouches for does not open: replaced, damaged or
    cut short. SQLCipher checks each page's HMAC on its own, so this works even when
    the first page is gone."""
    size = paths.db.stat().st_size
    full_pages = size // PAGE_SIZE
    failures = _hmac_failures(probe_pages(paths.db, key))
    if full_pages and failures >= full_pages:
        return _foreign(paths)
    if failures:
        return _damaged(paths, f"{failures} of its {full_pages} pages fail their check")
    if has_wal:
        # The file's own pages are fine, so what did not decrypt is the WAL (WAL frames
        # carry checksums; damage there ends the log rather than failing a read): the
        # journal's latest state is under another key, as after a cut-short rekey.
        return _foreign(paths)
    return _truncated(paths)


def _open_verified(paths: JournalPaths, meta: JournalMeta, key: Key) -> OpenedJournal:
    """Open with a key the key-check value vouches for; failures now mean damage."""
    lock = JournalLock(paths.lock)
    lock.acquire_shared(wait=OPEN_WAIT_S)
    try:
        # The first process to open the journal checks it (the check reads the file
        # itself, which another process's checkpoint may be writing to meanwhile), and
        # settles a cut-short passphrase change and pending migrations before others
        # (who wait for it) come in.
        alone = lock.try_exclusive(wait=OPEN_WAIT_S)
        try:
            # Alone with a log that holds frames: the last close was unclean. Read the
            # log before SQLite's recovery does, to know what it will drop.
            recovery = _Recovery(paths) if alone and _wal_has_frames(paths) else None
            salt = database_salt(paths.db) if alone else b""  # before SQLite opens it
            store = _open_store(paths, key, check_pages=alone, recovery=recovery)
            _finish_pending_rekey(paths, meta)
            if alone:
                meta = _tag_key_file(paths, meta, salt)
                lock.record_journal_id(meta.journal_id)
            store = _migrate_if_needed(paths, store, key, lock)
        finally:
            if alone:
                lock.downgrade()
    except BaseException:
        lock.release()
        raise
    return OpenedJournal(store, meta, key, lock, paths, salt)


def _tag_key_file(paths: JournalPaths, meta: JournalMeta, salt: bytes) -> JournalMeta:
    """Give a key file from before database tags its tag (the database has just opened
    with its key, so they belong together)."""
    if meta.db_tag is not None:
        return meta
    tagged = meta.tagged(salt)
    write_meta(paths.meta, tagged)
    return tagged


class _Recovery:
    """An open after an unclean exit: what the write-ahead log held, what SQLite's
    recovery kept of it, and the copy of the files kept when it did not keep it all.

    The log, its index and the database are read before SQLite touches them (and only
    then: once this process has a connection, opening and closing any of its files
    would drop SQLite's POSIX locks on them). A copy of all three goes to
    ``recovery/<time>/`` when the log shows damage, or is shorter than its index says
    was committed; the scan follows SQLite's own recovery rule, so it drops exactly
    what SQLite will. Without damage nothing is copied: an unclean exit alone costs no
    copy of a large journal."""

    def __init__(self, paths: JournalPaths) -> None:
        self.paths = paths
        self.scan = wal.scan_wal(paths.wal) or wal.WalScan(0, 0, 0)
        self.shm = wal.read_shm_header(paths.shm)
        self.salts = wal.wal_salts(paths.wal)
        self.lost = wal.frames_lost(self.scan, self.shm, self.salts)
        self.kept: Path | None = None
        if self.lost:
            self.kept = keep_recovery_copy(paths)

    def error(self, conn: Connection) -> RecoveredWithLoss:
        try:
            people = conn.execute("SELECT count(*) FROM people").fetchone()[0]
            entries = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
            holds = (
                f" ({_count(people, 'person', 'people')}, {_count(entries, 'entry', 'entries')})"
            )
        except DatabaseError:
            holds = ""
        return RecoveredWithLoss(
            "Rapport was not closed properly last time, and the last changes it saved "
            f"could not all be recovered: {self.paths.wal.name}, where they were kept, "
            f"is damaged ({_count(self.lost, 'page', 'pages')} of changes past the damage "
            f"cannot be read). The journal now holds what was saved before the damage"
            f"{holds}. A copy of the files as they were is kept in {self.kept}: keep that "
            'folder, and ask for help to recover the rest (README: "When Rapport was not '
            'closed properly"). Unlock again to go on with what was recovered.'
        )


def _count(n: int, one: str, many: str) -> str:
    return plural(n, one, many)


def keep_recovery_copy(paths: JournalPaths) -> Path:
    """Copy journal.db and its log and index, as they are, to ``recovery/<time>/``
    (0700, files 0600)."""
    base = ensure_private_dir(paths.root / "recovery")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = base / stamp
    n = 1
    while folder.exists():
        n += 1
        folder = base / f"{stamp}-{n}"
    ensure_private_dir(folder)
    with disk_errors():
        for source in (paths.db, paths.wal, paths.shm):
            if source.is_file():
                target = folder / source.name
                shutil.copyfile(source, target, follow_symlinks=False)
                make_private(target)
                with open(target, "rb+") as handle:
                    os.fsync(handle.fileno())
    fsync_dir(folder)
    fsync_dir(base)
    log.warning("an unclean exit left a damaged write-ahead log; a copy is kept")
    return folder


def _open_store(
    paths: JournalPaths,
    key: Key,
    check_pages: bool = True,
    recovery: _Recovery | None = None,
) -> Store:
    has_wal = _wal_has_frames(paths)
    try:
        conn = connect(paths.db, key)
    except Unreadable:
        raise _diagnose(paths, key, has_wal) from None
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        latest = migrations.latest_version()
        if version > latest:
            raise NewerVersion(
                f"This journal was saved by a newer version of Rapport (schema {version}; "
                f"this version reads up to {latest}). Update Rapport to open it; the "
                "journal has not been changed."
            )
        # Alone, after a clean close: the cheap length check; every page's HMAC is
        # checked as it is read, and the whole file once a day in the background
        # (``check_pages``). After an unclean exit, every page, now: the page check
        # reads the file itself, not the WAL, so first move into the file what the
        # crash left in the WAL (this key has just read it: it is this journal's).
        if check_pages and not has_wal:
            _check_length(paths, conn)
        elif check_pages and _checkpoint(conn):
            _check_pages(paths, key, conn)
        if version == 0:
            raise _damaged(paths, "it holds no journal tables")
        if recovery is not None and recovery.lost:
            raise recovery.error(conn)
        configure(conn)
    except BaseException:
        conn.close()
        raise
    return Store(conn, paths.db)


def _wal_has_frames(paths: JournalPaths) -> bool:
    return paths.wal.exists() and paths.wal.stat().st_size > 0


def _checkpoint(conn: Connection) -> bool:
    """Copy the WAL into the database file; True if all of it could be (not on a full
    disk, which must not keep a journal from opening)."""
    try:
        with translate_errors():
            busy, frames, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    except JournalError:
        return False
    return not busy and frames == copied


def _check_pages(paths: JournalPaths, key: Key, conn: Connection) -> None:
    """Every page's HMAC, and a file as long as the database says it is."""
    problems = page_problems(conn)
    if _hmac_failures(problems):
        raise _diagnose(paths, key, has_wal=False)
    if problems:
        raise _truncated(paths)
    _check_length(paths, conn)


def _check_length(paths: JournalPaths, conn: Connection) -> None:
    """A file as long as the database says it is (cheap: no page is read). Only with
    nothing in the WAL, which may hold pages the file does not have yet."""
    size = paths.db.stat().st_size
    if size % PAGE_SIZE:
        raise _truncated(paths)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    if pages * PAGE_SIZE > size:
        raise _truncated(paths)


def check_pages(opened: OpenedJournal) -> None:
    """Every page of the open journal's file against its HMAC (about 5 ms per MB), on a
    connection of its own, so the journal goes on being used meanwhile.

    Opening no longer waits for this (SQLCipher checks each page's HMAC as it reads
    it, so no page is ever written over unknowingly): it runs after an unclean exit
    (at open), once a day with the upkeep, and before every backup and migration. If
    it finds damage, writes to the journal stop (each raises the same error) and the
    error is raised, in the words a damaged file gets at open. A checkpoint of this
    process writing into the file while it is read could look like damage, so a
    failure is confirmed with this process's writes held."""
    paths, key, store = opened.paths, opened.key, opened.store
    problems = _own_connection_problems(paths, key)
    if problems:
        with store.reading():
            problems = _own_connection_problems(paths, key)
    if not problems:
        return
    found: JournalError = (
        _diagnose(paths, key, has_wal=False) if _hmac_failures(problems) else _truncated(paths)
    )
    # While the journal was open it may have saved to its sound pages, so "has not
    # changed the file" would not be true; what is true is that the damage is never
    # written over, and that nothing more is saved.
    text = str(found)
    for untouched in _UNTOUCHED:
        text = text.replace(untouched, _STOPPED)
    error = type(found)(text)
    store.stop_writes(error)
    raise error


_UNTOUCHED = (
    "; Rapport has not changed the damaged file.",
    "; Rapport has not changed the file.",
)
_STOPPED = (
    ". Rapport has stopped saving to it, so the damaged part is never written over "
    "(Settings → Backups, or `journal restore`)."
)


def _own_connection_problems(paths: JournalPaths, key: Key) -> list[str]:
    try:
        conn = connect(paths.db, key, read_only=True)
    except Unreadable:
        return ["hmac check failed for pgno=1"]
    try:
        return page_problems(conn)
    finally:
        conn.close()


#: Who hears how far a migration has gone (see ``reporting_migration``).
_MIGRATION_PROGRESS: contextvars.ContextVar[migrations.Progress | None] = contextvars.ContextVar(
    "migration_progress", default=None
)


@contextlib.contextmanager
def reporting_migration(progress: migrations.Progress) -> Iterator[None]:
    """While this block opens a journal (on this thread), ``progress(done, total)``
    hears how far its migration has gone, if it needs one: updating the index of a
    large journal takes a minute, which the window or the command line says. A
    context rather than a parameter, so the many ways to open a journal stay as they
    are."""
    token = _MIGRATION_PROGRESS.set(progress)
    try:
        yield
    finally:
        _MIGRATION_PROGRESS.reset(token)


def _share_of(progress: migrations.Progress, index: int, count: int) -> migrations.Progress:
    """Progress of the ``index``-th of ``count`` steps that say theirs, as a share of
    the whole update (in thousandths), so what is heard only ever goes forward."""

    def told(done: int, total: int) -> None:
        share = min(1.0, done / total) if total else 1.0
        progress(round((index + share) * 1000), count * 1000)

    return told


def _migrate_if_needed(paths: JournalPaths, store: Store, key: Key, lock: JournalLock) -> Store:
    conn = store.conn
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    steps = migrations.pending(current)
    if not steps:
        return store
    lock.acquire_exclusive()
    try:
        # Never migrate (or copy) a damaged journal: every page first.
        if _checkpoint(conn):
            _check_pages(paths, key, conn)
        backup_before_migration(paths, store, key, current)
        told = _MIGRATION_PROGRESS.get()
        talking = [s for s in steps if s.says_progress()]
        for step in steps:
            log.info("migrating journal to schema %d (%s)", step.version, step.name)
            share = talking.index(step) if step in talking else 0
            step.run(conn, _share_of(told, share, len(talking)) if told else None)
        _vacuum_if_it_pays(conn)
    finally:
        lock.downgrade()
    return store


#: A migration that leaves at least this share of the file free gives it back.
VACUUM_FREE_SHARE = 0.25


def _vacuum_if_it_pays(conn: Connection) -> None:
    """Give back the pages a migration freed (m0010 leaves a third of a large journal
    free: 228 MB -> 139 MB on 10k people / 100k entries, in 5 s), when they are a
    quarter of the file or more; below that, later saves reuse them. VACUUM builds the
    new file in memory (``temp_store``), so nothing unencrypted touches the disk."""
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    free = conn.execute("PRAGMA freelist_count").fetchone()[0]
    if pages and free / pages >= VACUUM_FREE_SHARE:
        log.info("giving back %d free pages of %d", free, pages)
        conn.execute("VACUUM")


def backup_before_migration(paths: JournalPaths, store: Store, key: Key, version: int) -> Path:
    """A consistent encrypted copy of the journal before its schema changes."""
    ensure_private_dir(paths.backups)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = paths.backups / f"before-schema-{version + 1}-{stamp}.journal.db"
    copy_database(store, target, key)
    return target


def copy_database(store: Store, target: Path, key: Key) -> None:
    """Copy the open database to ``target`` with the SQLite backup API (still encrypted)."""
    refuse_missing_folder(target)
    partial = target.with_name(target.name + ".partial")
    _remove_database(partial)
    try:
        dest = connect(partial, key, create=True)
        try:
            make_private(partial)
            with store.reading() as conn:
                conn.backup(dest)
        finally:
            dest.close()
        make_private(partial)
        os.replace(partial, target)
    except BaseException:
        _remove_database(partial)  # a half copy would only take the space that ran out
        raise
    fsync_dir(target.parent)


def _finish_pending_rekey(paths: JournalPaths, used: JournalMeta) -> None:
    """After a cut-short passphrase change, keep whichever metadata actually opened."""
    if not paths.pending_meta.exists():
        return
    current = read_meta(paths.meta)
    if used.key_check == current.key_check:
        paths.pending_meta.unlink()
    else:
        os.replace(paths.pending_meta, paths.meta)
    fsync_dir(paths.root)


def change_passphrase(
    opened: OpenedJournal, new_passphrase: str, kdf: KdfParams | None = None
) -> OpenedJournal:
    """Rekey the database to a key from the new passphrase, crash-safely.

    The new metadata is written aside first; if the process dies after the rekey but
    before the swap, opening with the new passphrase finds and promotes it. SQLCipher
    answers "ok" to a rekey that failed (on a full disk, say), so the new key must be
    seen to open the file before the metadata changes; otherwise the journal goes back
    to its old key and the error says nothing changed.
    """
    kdf = kdf or KdfParams.fresh(n=opened.meta.kdf.n)
    new_key = derive_key(new_passphrase, kdf)
    paths = opened.paths
    new_meta = JournalMeta(opened.meta.journal_id, kdf, new_key.check_value())
    if opened.db_salt:
        new_meta = new_meta.tagged(opened.db_salt)
    needed = _rekey_space(paths)
    if shutil.disk_usage(paths.root).free < needed:
        raise DiskFull(
            "Changing the passphrase rewrites the whole journal, which needs about "
            f"{needed // 1_000_000 + 1} MB of free disk space. Free some space and try "
            "again; nothing was changed."
        )
    # Alone: another process still using the old key would fail to read the rekeyed
    # pages, and on its next open would drop the new key file as a stale one.
    opened.lock.acquire_exclusive()
    try:
        write_meta(paths.pending_meta, new_meta)
        try:
            done = _rekey(opened.store, new_key) and _key_opens(paths, new_key)
        except BaseException:
            _back_to_old_key(opened)
            raise
        if not done:
            _back_to_old_key(opened)
            if shutil.disk_usage(paths.root).free < needed:
                raise DiskFull()
            raise JournalError(
                "The passphrase could not be changed, so the journal keeps its old one. "
                "Try again; if it fails again, make a backup first."
            )
        os.replace(paths.pending_meta, paths.meta)
        fsync_dir(paths.root)
    finally:
        opened.lock.downgrade()
    opened.key.wipe()
    return OpenedJournal(opened.store, new_meta, new_key, opened.lock, opened.paths, opened.db_salt)


def _rekey_space(paths: JournalPaths) -> int:
    """Free bytes a rekey needs: every page is rewritten into the WAL, plus its index."""
    return paths.db.stat().st_size * 11 // 10 + 1_000_000


def _rekey(store: Store, key: Key) -> bool:
    """Rekey; False if SQLite refused. Holding the store's lock, no write is in flight."""
    try:
        with store.reading() as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            conn.execute(f"PRAGMA rekey = {key.sqlcipher_pragma_value()}").fetchall()
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    except JournalError:
        return False
    return True


def _key_opens(paths: JournalPaths, key: Key) -> bool:
    """Whether a fresh connection reads the whole journal with ``key``."""
    try:
        conn = connect(paths.db, key)
    except (Unreadable, JournalError):
        return False
    try:
        return not page_problems(conn)
    except JournalError:
        return False
    finally:
        conn.close()


def _back_to_old_key(opened: OpenedJournal) -> None:
    """After a failed rekey: if the file still opens with the old key (a failed rekey
    rolls back), use it again and drop the pending metadata. If not, keep both
    metadata files, so that opening tries either passphrase."""
    if not _key_opens(opened.paths, opened.key):
        log.error("after a failed passphrase change neither key is verified yet")
        return
    conn = connect(opened.paths.db, opened.key)
    configure(conn)
    opened.store.replace_connection(conn)
    with contextlib.suppress(FileNotFoundError):
        opened.paths.pending_meta.unlink()
    fsync_dir(opened.paths.root)
