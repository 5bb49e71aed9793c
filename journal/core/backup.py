"""Encrypted backups of a journal, on demand and daily, and a restore that cannot lose one.

A backup is one file (``*.rapport-backup``, a plain tar) holding the database copied
with SQLite's backup API while the journal stays open (still encrypted with the
journal's key), the journal's metadata file (KDF salt and key check, without which no
passphrase opens it) and a small description. One file is easy to move to a USB stick
or another computer and cannot lose its metadata on the way.

Restore is careful in this order: it takes the journal's exclusive lock (refusing while
any Rapport process has it open), unpacks the backup beside the journal, proves that
the passphrase (or key) opens it and that every page passes SQLCipher's HMAC check and
SQLite's integrity check, and only then swaps it in: the current files are first
hard-linked (or copied) into ``replaced/<time>/``, the new metadata is staged as the
pending metadata the opener already knows how to finish, and each file is moved into
place with an atomic rename. A crash at any step leaves a journal that opens (the old
one, or the restored one with the backup's passphrase), and the old one is always kept.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal import __version__
from journal.core import migrations
from journal.core.destination import DestinationExists, check_destination, place_file
from journal.core.errors import (
    InvalidInput,
    JournalDamaged,
    JournalError,
    NewerVersion,
    NotAJournal,
    WrongPassphrase,
)
from journal.core.fsutil import (
    disk_errors,
    ensure_private_dir,
    expand_user,
    fsync_dir,
    make_private,
)
from journal.core.keys import Key, derive_key
from journal.core.locking import JournalLock
from journal.core.meta import JournalMeta, database_salt, read_meta, write_meta
from journal.core.paths import JournalPaths
from journal.core.store import DatabaseError, Unreadable, connect

if TYPE_CHECKING:
    import tarfile

    from journal.core.journal import Journal

SUFFIX = ".rapport-backup"
BACKUP_FORMAT = 1
DEFAULT_KEEP = 7
AUTO_INTERVAL = timedelta(days=1)

_DB, _META, _INFO = "journal.db", "journal.meta.json", "backup.json"
_STAMP = "%Y%m%d-%H%M%S"
_AUTO = re.compile(r"^auto-(\d{8}-\d{6})(?:-\d+)?" + re.escape(SUFFIX) + "$")
#: The description inside a backup is small; anything bigger is not ours.
_MAX_SMALL_FILE = 1 << 20


@dataclass(frozen=True)
class BackupInfo:
    """What a backup holds, read from it (and, once opened, counted in it)."""

    path: Path
    created_at: datetime | None
    journal_id: str
    schema: int
    app_version: str = ""
    people: int | None = None
    entries: int | None = None
    automatic: bool = False


@dataclass(frozen=True)
class RestoreReport:
    backup: BackupInfo
    #: Where the journal that was replaced now lives (None when there was none).
    replaced: Path | None


# -- making backups -------------------------------------------------------------------------


def backup(
    journal: Journal,
    target: Path | None = None,
    *,
    automatic: bool = False,
    progress: Progress | None = None,
    force: bool = False,
) -> Path:
    """Write a backup of the open journal; returns its path.

    ``target`` may be a file path, a folder (the backup gets a dated name in it, never
    one already taken), or None for the journal's own ``backups/`` folder. A file path
    that exists is replaced only with ``force`` (the user confirmed it), and never one
    inside the journal's folder but outside backups/ (see :mod:`journal.core.destination`).
    ``progress(done, total)`` hears how far it is, in hundredths.
    """
    paths: JournalPaths = journal.paths
    now = journal.clock.now()
    name = f"{'auto' if automatic else 'backup'}-{now.strftime(_STAMP)}{SUFFIX}"
    if target is None:
        target, force = _free_name(ensure_private_dir(paths.backups) / name), False
    else:
        target = expand_user(target)
        if target.is_dir():
            target, force = _free_name(target / name), False
        if not target.parent.is_dir():
            raise InvalidInput(
                f"The folder {target.parent} does not exist; choose another place for the backup."
            )
        target = check_destination(target, journal_root=paths.root, force=force)
    # A backup of a damaged journal would pass the damage on as a good copy (and an
    # automatic one would push an older, good one out): every page first.
    journal.check_pages()
    with disk_errors():  # packing the backup file may find the disk full, too
        return _write_backup(journal, paths, target, now, automatic, progress, force)


def _write_backup(
    journal: Journal,
    paths: JournalPaths,
    target: Path,
    now: datetime,
    automatic: bool,
    progress: Progress | None,
    force: bool = False,
) -> Path:
    work = Path(tempfile.mkdtemp(prefix=".rapport-backup-", dir=target.parent))
    try:
        os.chmod(work, 0o700)
        copying = _Stage(progress, 0, 85)
        journal.backup_to(work / _DB, progress=copying)
        shutil.copyfile(paths.meta, work / _META)
        with journal.store.reading() as conn:  # the upkeep worker shares the connection
            schema = conn.execute("PRAGMA user_version").fetchone()[0]
        info = {
            "format": BACKUP_FORMAT,
            "app": "rapport",
            "app_version": __version__,
            "journal_id": journal.journal_id,
            "created_at": now.isoformat(timespec="seconds"),
            "schema": schema,
            "automatic": automatic,
        }
        (work / _INFO).write_text(json.dumps(info, indent=2), encoding="utf-8")
        partial = work / (target.name + ".partial")
        import tarfile  # here, not at start: with bz2 and lzma, 1 MB a session may not need

        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            for member in (_INFO, _META):
                tar.add(work / member, arcname=member, filter=_private_member)
            _add_counted(tar, work / _DB, _DB, _Stage(progress, 85, 100))
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        make_private(partial)
        try:
            place_file(partial, target, force=force)
        except DestinationExists:
            raise InvalidInput(
                f"{target} appeared while the backup was written; nothing was "
                "overwritten. Try again."
            ) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


Progress = Callable[[int, int], None]


class _Stage:
    """One stage's share of a backup's progress, reported in hundredths."""

    def __init__(self, progress: Progress | None, start: int, end: int) -> None:
        self._progress, self._start, self._end = progress, start, end
        self._last = -1

    def __call__(self, done: int, total: int) -> None:
        if self._progress is None:
            return
        share = done / total if total else 1.0
        value = self._start + round((self._end - self._start) * min(1.0, share))
        if value != self._last:
            self._last = value
            self._progress(value, 100)


def _add_counted(tar: tarfile.TarFile, path: Path, name: str, stage: _Stage) -> None:
    """``tar.add`` of one big file, telling ``stage`` how much of it is written."""
    info = _private_member(tar.gettarinfo(str(path), arcname=name))
    total = info.size

    class Counted(io.RawIOBase):
        def __init__(self, handle: io.BufferedReader) -> None:
            self._handle = handle
            self.done = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            count = self._handle.readinto(buffer)
            self.done += count
            stage(self.done, total)
            return count

    with open(path, "rb") as handle:
        tar.addfile(info, Counted(handle))
    stage(total, total)


def auto_backup_if_due(
    journal: Journal, keep: int = DEFAULT_KEEP, interval: timedelta = AUTO_INTERVAL
) -> Path | None:
    """The daily backup: made if the newest automatic one is older than ``interval``.

    Call it when the journal opens and from the app's scheduler. Keeps the newest
    ``keep`` automatic backups and deletes older automatic ones; backups made by hand
    and the safety copies made before migrations are never deleted. Returns the new
    backup's path, or None when none was due.
    """
    if keep < 1:
        raise InvalidInput("Keep at least one automatic backup.")
    folder = journal.paths.backups
    now = journal.clock.now()
    autos = _automatic_backups(folder)
    made = None
    if not autos or now - autos[0][0] >= interval or autos[0][0] > now:
        made = backup(journal, automatic=True)
        autos = _automatic_backups(folder)
    for _, path in autos[keep:]:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    return made


def list_backups(paths: JournalPaths) -> list[BackupInfo]:
    """The backups in the journal's ``backups/`` folder, newest first (unreadable ones
    are left out)."""
    found = []
    if paths.check_private() and paths.backups.is_dir():
        for path in paths.backups.glob(f"*{SUFFIX}"):
            with contextlib.suppress(NotAJournal, NewerVersion, OSError):
                found.append(read_backup_info(path))
    return sorted(found, key=lambda b: b.created_at or datetime.min, reverse=True)


def _automatic_backups(folder: Path) -> list[tuple[datetime, Path]]:
    out = []
    if folder.is_dir():
        for path in folder.iterdir():
            match = _AUTO.match(path.name)
            if match:
                out.append((datetime.strptime(match.group(1), _STAMP), path))
    return sorted(out, reverse=True)


def _free_name(target: Path) -> Path:
    if not target.exists():
        return target
    stem = target.name[: -len(SUFFIX)] if target.name.endswith(SUFFIX) else target.stem
    suffix = SUFFIX if target.name.endswith(SUFFIX) else target.suffix
    for n in range(2, 1000):
        candidate = target.with_name(f"{stem}-{n}{suffix}")
        if not candidate.exists():
            return candidate
    raise InvalidInput(f"Too many backups named like {target.name}; choose another name.")


def _private_member(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.mode = 0o600
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


# -- reading and checking backups --------------------------------------------------------


def read_backup_info(path: Path) -> BackupInfo:
    """The description inside a backup file, without opening its database."""
    with _open_tar(path) as tar:
        info = _read_json(tar, _INFO, path)
    return _info_from(path, info)


def verify_backup(path: Path, passphrase: str | None = None, key: Key | None = None) -> BackupInfo:
    """Prove that the backup opens with this passphrase (or key) and is undamaged.

    Unpacks into a private temporary folder (the database stays encrypted there)."""
    work = Path(tempfile.mkdtemp(prefix="rapport-verify-"))
    try:
        return _unpack_and_verify(Path(path), work, passphrase, key)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _unpack_and_verify(
    path: Path, work: Path, passphrase: str | None, key: Key | None
) -> BackupInfo:
    os.chmod(work, 0o700)
    with _open_tar(path) as tar:
        info = _info_from(path, _read_json(tar, _INFO, path))
        for name in (_META, _DB):
            member = _member(tar, name, path)
            source = tar.extractfile(member)
            if source is None:
                raise _not_backup(path)
            target = work / name
            with source, open(target, "xb") as out:
                os.fchmod(out.fileno(), 0o600)
                shutil.copyfileobj(source, out, 1 << 20)
            if target.stat().st_size != member.size:
                raise _damaged_backup(path, "it has been cut short")
    try:
        meta = read_meta(work / _META)
    except NotAJournal:
        raise _damaged_backup(path, "its key file is unreadable") from None
    if key is None:
        if passphrase is None:
            raise InvalidInput("A passphrase is needed to check the backup.")
        key = derive_key(passphrase, meta.kdf)
    if not meta.key_fits(key):
        raise WrongPassphrase(
            "That passphrase does not open this backup. It needs the passphrase the "
            "journal had when the backup was made."
        )
    counts = _check_database(work / _DB, key, path)
    return BackupInfo(**{**info.__dict__, **counts})


def _check_database(db: Path, key: Key, path: Path) -> dict[str, int]:
    try:
        conn = connect(db, key)
    except Unreadable:
        raise _damaged_backup(path, "its pages do not decrypt") from None
    try:
        schema = conn.execute("PRAGMA user_version").fetchone()[0]
        if schema > migrations.latest_version():
            raise NewerVersion(
                f"This backup was made by a newer version of Rapport (schema {schema}). "
                "Update Rapport to restore it; nothing was changed."
            )
        if schema < 1:
            raise _damaged_backup(path, "it holds no journal")
        bad_pages = conn.execute("PRAGMA cipher_integrity_check").fetchall()
        if bad_pages:
            raise _damaged_backup(path, f"{len(bad_pages)} damaged page(s)")
        result = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        if result != ["ok"]:
            raise _damaged_backup(path, "its database fails the integrity check")
        return {
            "people": conn.execute("SELECT count(*) FROM people").fetchone()[0],
            "entries": conn.execute("SELECT count(*) FROM entries").fetchone()[0],
        }
    except DatabaseError:
        raise _damaged_backup(path, "its database cannot be read") from None
    finally:
        conn.close()


@contextlib.contextmanager
def _open_tar(path: Path) -> Iterator[tarfile.TarFile]:
    import tarfile

    path = Path(path)
    if not path.is_file():
        raise NotAJournal(f"There is no backup file at {path}.")
    try:
        with tarfile.open(path, "r:") as tar:
            yield tar
    except (tarfile.TarError, EOFError):
        raise _not_backup(path) from None


def _member(tar: tarfile.TarFile, name: str, path: Path) -> tarfile.TarInfo:
    try:
        member = tar.getmember(name)
    except KeyError:
        raise _not_backup(path) from None
    if not member.isfile():
        raise _not_backup(path)
    return member


def _read_json(tar: tarfile.TarFile, name: str, path: Path) -> dict[str, Any]:
    import tarfile

    member = _member(tar, name, path)
    if member.size > _MAX_SMALL_FILE:
        raise _not_backup(path)
    source = tar.extractfile(member)
    try:
        data = json.loads(source.read().decode("utf-8")) if source else None
    except (ValueError, UnicodeDecodeError, tarfile.TarError, EOFError):
        raise _not_backup(path) from None
    if not isinstance(data, dict) or data.get("app") != "rapport":
        raise _not_backup(path)
    version = data.get("format")
    if type(version) is not int or version < 1:
        raise _damaged_backup(path, "its description has no valid format number")
    if version > BACKUP_FORMAT:
        raise NewerVersion(
            "This backup was made by a newer version of Rapport. Update Rapport to restore it."
        )
    return data


#: Longest text kept from a backup's description (an id, a version, a date).
_MAX_FIELD = 100


def _info_from(path: Path, data: dict[str, Any]) -> BackupInfo:
    """The description's values, each checked: a backup is a file from anywhere."""
    created = None
    stamp = data.get("created_at")
    if isinstance(stamp, str) and len(stamp) <= _MAX_FIELD:
        with contextlib.suppress(ValueError):
            created = datetime.fromisoformat(stamp)
    if created is not None and created.tzinfo is not None:
        created = created.astimezone().replace(tzinfo=None)  # sorted with naive stamps
    schema = data.get("schema", 0)
    if type(schema) is not int or not 0 <= schema < 1_000_000:
        raise _damaged_backup(path, "its description gives no valid schema number")

    def text(name: str) -> str:
        value = data.get(name, "")
        if not isinstance(value, str) or len(value) > _MAX_FIELD:
            raise _damaged_backup(path, f"its description's {name} is not valid")
        return value

    automatic = data.get("automatic", False)
    return BackupInfo(
        path=Path(path),
        created_at=created,
        journal_id=text("journal_id"),
        schema=schema,
        app_version=text("app_version"),
        automatic=automatic if isinstance(automatic, bool) else False,
    )


def _not_backup(path: Path) -> NotAJournal:
    return NotAJournal(
        f"{path} is not a Rapport backup (or it is badly damaged); nothing was changed."
    )


def _damaged_backup(path: Path, detail: str) -> JournalDamaged:
    return JournalDamaged(
        f"The backup {path} is damaged ({detail}), so it was not restored; your journal "
        "has not been changed. Try an older backup."
    )


# -- restoring ---------------------------------------------------------------------------


def restore_backup(
    paths: JournalPaths,
    backup_path: Path,
    passphrase: str | None = None,
    key: Key | None = None,
    now: datetime | None = None,
) -> RestoreReport:
    """Replace the journal at ``paths`` with a backup, keeping the replaced one aside.

    Refuses (JournalInUse) while any Rapport process has the journal open: close it
    first. Nothing is touched unless the backup opens and passes its checks.
    """
    backup_path = expand_user(backup_path).resolve()
    ensure_private_dir(paths.root)
    paths.check_private()
    lock = JournalLock(paths.lock)
    lock.acquire_exclusive()
    try:
        with disk_errors():  # unpacking needs room for a whole copy of the journal
            work = Path(tempfile.mkdtemp(prefix=".restore-", dir=paths.root))
            try:
                info = _unpack_and_verify(backup_path, work, passphrase, key)
                # The backup's key file was tagged for the journal it was made from;
                # its database copy is a file of its own.
                meta = read_meta(work / _META)
                write_meta(work / _META, meta.tagged(database_salt(work / _DB)))
                replaced = _set_aside(paths, now or datetime.now())
                _swap_in(paths, work)
            finally:
                shutil.rmtree(work, ignore_errors=True)
    finally:
        lock.release()
    return RestoreReport(info, replaced)


def _set_aside(paths: JournalPaths, now: datetime) -> Path | None:
    """Keep the current journal's files in ``replaced/<time>/`` (hard links: no copy)."""
    present = [p for p in (paths.db, paths.wal, paths.meta, paths.pending_meta) if p.exists()]
    if not present:
        return None
    aside = ensure_private_dir(paths.root / "replaced") / now.strftime(_STAMP)
    n = 1
    while aside.exists():
        n += 1
        aside = aside.with_name(f"{now.strftime(_STAMP)}-{n}")
    ensure_private_dir(aside)
    for source in present:
        target = aside / source.name
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
        make_private(target)
    fsync_dir(aside)
    fsync_dir(aside.parent)
    return aside


def _swap_in(paths: JournalPaths, work: Path) -> None:
    """Atomic renames, ordered so that a crash between any two leaves a journal that
    opens: the new metadata waits as the pending metadata, which ``opening`` promotes
    once a passphrase opens the new database with it."""
    os.replace(work / _META, paths.pending_meta)
    fsync_dir(paths.root)
    for stale in (paths.wal, paths.shm):  # they belong to the old database (kept aside)
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()
    os.replace(work / _DB, paths.db)
    fsync_dir(paths.root)
    os.replace(paths.pending_meta, paths.meta)
    fsync_dir(paths.root)


# -- restoring the journal this process has open ------------------------------------------


@dataclass(frozen=True)
class RestorePreview:
    """What a restore would do, known before anything is closed: the backup's
    description, the journal it would replace (counted now), and whether the open
    journal's key opens the backup (else the passphrase it was made with is needed)."""

    backup: BackupInfo
    current_people: int
    current_entries: int
    key_fits: bool
    #: Whether the backup was made of this journal (else it comes from another one).
    same_journal: bool = True


@dataclass(frozen=True)
class Reopened:
    """After a restore in place: the journal open again, and what became of it.

    ``journal`` is the restored journal, or, when the restore was refused (a damaged
    backup, a full disk), the one that was open before, unchanged. ``error`` says why.
    """

    journal: Journal
    report: RestoreReport | None = None
    error: JournalError | None = None


def preview_restore(journal: Journal, path: Path) -> RestorePreview:
    """Read a backup's description and check the open journal's key against it (cheap:
    the backup's key file only; the database is checked by the restore itself)."""
    path = expand_user(path)
    info = read_backup_info(path)
    meta = _backup_meta(path)
    key = journal.copy_key()
    try:
        fits = meta.key_fits(key)
    finally:
        key.wipe()
    counts = journal.counts()
    return RestorePreview(
        info,
        counts["people"],
        counts["entries"],
        fits,
        same_journal=info.journal_id == journal.journal_id,
    )


def passphrase_opens_backup(path: Path, passphrase: str) -> bool:
    """Whether ``passphrase`` is the one the backup was made with (one key derivation)."""
    meta = _backup_meta(expand_user(path))
    key = derive_key(passphrase, meta.kdf)
    try:
        return meta.key_fits(key)
    finally:
        key.wipe()


def restore_open_journal(journal: Journal, path: Path, passphrase: str | None = None) -> Reopened:
    """Replace the journal this process has open with a backup, and open it again.

    The open journal is closed (restore takes the journal's exclusive lock), the backup
    restored with the journal's key or, when given, the backup's ``passphrase``, and
    the result opened with its key. If the restore is refused, the old journal, left
    untouched by ``restore_backup``, is opened again and the error returned with it. A
    key remembered in the keychain follows the restored journal.
    """
    paths: JournalPaths = journal.paths
    cls, clock, keychain = type(journal), journal.clock, journal.keychain
    old_key = journal.copy_key()
    new_key: Key | None = None

    def reopen(*keys: Key | None) -> Any:
        """Open with the first of ``keys`` that fits (the files are the old or the new)."""
        tried = [k for k in keys if k is not None]
        for key in tried[:-1]:
            with contextlib.suppress(WrongPassphrase):
                return cls.open_with_key(paths, _copy(key), keychain=keychain, clock=clock)
        return cls.open_with_key(paths, _copy(tried[-1]), keychain=keychain, clock=clock)

    try:
        try:
            remembered = journal.is_remembered()
            if passphrase is not None:
                new_key = derive_key(passphrase, _backup_meta(expand_user(path)).kdf)
        except JournalError as exc:
            return Reopened(journal, error=exc)  # nothing closed, nothing changed
        journal.close()
        try:
            report = restore_backup(paths, path, key=new_key or old_key, now=clock.now())
        except (JournalError, OSError) as exc:
            return Reopened(reopen(old_key, new_key), error=_as_journal_error(exc))
        restored = reopen(new_key or old_key, old_key)
        if remembered:
            with contextlib.suppress(JournalError):
                restored.remember_key()
        return Reopened(restored, report)
    finally:
        old_key.wipe()
        if new_key is not None:
            new_key.wipe()


def _as_journal_error(exc: BaseException) -> JournalError:
    if isinstance(exc, JournalError):
        return exc
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
    return JournalError(
        f"The backup could not be restored ({reason.lower()}); your journal has not been changed."
    )


def _copy(key: Key) -> Key:
    """The opened journal keeps (and wipes at close) the key it is given."""
    return Key(key.raw())


def _backup_meta(path: Path) -> JournalMeta:
    """The key file inside a backup (its KDF parameters and key check)."""
    work = Path(tempfile.mkdtemp(prefix="rapport-meta-"))
    try:
        os.chmod(work, 0o700)
        with _open_tar(path) as tar:
            member = _member(tar, _META, path)
            if member.size > _MAX_SMALL_FILE:
                raise _not_backup(path)
            source = tar.extractfile(member)
            if source is None:
                raise _not_backup(path)
            with source:
                (work / _META).write_bytes(source.read())
        try:
            return read_meta(work / _META)
        except NotAJournal:
            raise _damaged_backup(path, "its key file is unreadable") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
