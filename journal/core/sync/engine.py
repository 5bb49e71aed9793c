"""Sync through a folder: export this computer's changes, import the others'.

The folder is carried between computers by a tool Rapport does not control (Syncthing,
Nextcloud, Dropbox, a USB stick), so everything here assumes that files arrive late,
twice, out of order, half-written or renamed, and that the process can be killed at any
moment:

- Export first stores the batch it is about to write in the journal (``sync_config``
  ``pending``) in the same transaction that empties the outbox, then writes the file.
  A kill before the file is whole leaves the batch pending, and the next sync writes it
  again with the same number and content; a duplicate is skipped by number.
- Export always runs before import, so a local change is stamped before this computer
  learns of newer ones (an edit made before seeing another machine's cannot be dressed
  up as made after it).
- Each imported batch is applied in one transaction together with the record that it
  was applied; batches are applied in causal order (a batch names how far its computer
  had applied every other computer's files), so a row is never changed before it exists.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import socket
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.core.clock import stamp as clock_stamp
from journal.core.errors import InvalidInput, JournalError, WrongPassphrase
from journal.core.keys import KdfParams, derive_key
from journal.core.store import Connection
from journal.core.sync import folder as layout
from journal.core.sync.apply import Applier, Report
from journal.core.sync.capture import (
    DERIVED_COLUMNS,
    ensure_triggers,
    is_local_setting,
    key_columns,
)
from journal.core.sync.crypto import SyncKey, Unsealable
from journal.core.sync.hlc import Clock

if TYPE_CHECKING:
    from journal.core.journal import Journal

FORMAT = 1
#: A new snapshot (for computers joining later) after this many change files.
SNAPSHOT_EVERY = 200
Progress = Callable[[int, int], None]


class FolderRefused(JournalError):
    """The folder belongs to another journal, or is not usable for sync."""

    exit_code = 2
    title = "Sync folder"


@dataclass
class SyncResult:
    """What a sync did, in the words the user reads."""

    sent: int = 0
    received: dict[str, Report] = field(default_factory=dict)
    waiting: int = 0

    def lines(self) -> list[str]:
        out = []
        if self.sent:
            out.append(f"Sent {_count(self.sent, 'change')} to the sync folder.")
        for computer, report in self.received.items():
            out.append(f"From {computer}: {describe(report)}.")
        if self.waiting:
            out.append(
                f"{_count(self.waiting, 'file')} from other computers wait for earlier "
                "ones that have not arrived yet; they will be applied when those do."
            )
        if not out:
            out.append("Nothing new: this computer and the sync folder agree.")
        return out


_NOUNS = {
    "people": ("person", "people"),
    "entries": ("entry", "entries"),
    "facets": ("detail", "details"),
    "follow_ups": ("follow-up", "follow-ups"),
    "channels": ("contact detail", "contact details"),
    "person_links": ("link", "links"),
    "ledger": ("give or take", "gives and takes"),
}


def count(n: int, one: str, many: str | None = None) -> str:
    """ "1 person", "2 people": the plural the sentence needs."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


_count = count


def describe(report: Report) -> str:
    parts = []
    for verb, counter in (
        ("new", report.added),
        ("changed", report.changed),
        ("deleted", report.deleted),
    ):
        items = [_count(n, *_NOUNS[t]) for t, n in sorted(counter.items()) if t in _NOUNS and n]
        if items:
            parts.append(f"{verb}: {', '.join(items)}")
    if report.conflicts:
        parts.append(
            f"{_count(report.conflicts, 'field')} edited on both computers (the later edit "
            "is shown, the other kept in the history: Settings → Sync)"
        )
    if report.kept:
        parts.append(
            f"{_count(report.kept, 'record')} deleted on one computer and edited on the other "
            "(kept, with the edit)"
        )
    return "; ".join(parts) or "small changes"


# -- configuration ----------------------------------------------------------------------


def _config(conn: Connection) -> dict[str, str]:
    return {r[0]: r[1] for r in conn.execute("SELECT key, value FROM sync_config")}


def _set(conn: Connection, **values: str) -> None:
    for key, value in values.items():
        conn.execute("INSERT OR REPLACE INTO sync_config (key, value) VALUES (?, ?)", (key, value))


def configured_folder(journal: Journal) -> Path | None:
    with journal.store.reading() as conn:
        row = conn.execute("SELECT value FROM sync_config WHERE key = 'folder'").fetchone()
    return Path(row[0]) if row else None


def _computer_name() -> str:
    return socket.gethostname() or "another computer"


# -- the manifest -----------------------------------------------------------------------


def _read_manifest(root: Path) -> dict[str, Any] | None:
    data = layout.read(root / layout.MANIFEST)
    if data is None:
        return None
    try:
        manifest = json.loads(data)
        if not isinstance(manifest, dict) or manifest.get("v") != FORMAT:
            raise ValueError
        return manifest
    except ValueError:
        raise FolderRefused(
            f"The folder {root} holds a file named 'm' that Rapport did not write. Choose "
            "an empty folder for this journal's sync."
        ) from None


def _manifest_journal_id(manifest: dict[str, Any], key: SyncKey) -> str | None:
    try:
        box = base64.b64decode(manifest["box"])
        journal_id = json.loads(key.open(box, b"manifest"))["journal_id"]
    except (KeyError, ValueError, TypeError, Unsealable):
        return None
    return journal_id if isinstance(journal_id, str) else None  # (sealed, but still JSON)


def _refuse_other(root: Path) -> FolderRefused:
    return FolderRefused(
        f"The folder {root} holds another journal's sync files. A journal syncs only with "
        "its own folder: choose an empty folder, or the one this journal already syncs with. "
        "(To bring this journal to another computer, use `journal sync --join` there.)"
    )


def _check_folder(root: Path, key: SyncKey, journal_id: str) -> None:
    manifest = _read_manifest(root)
    if manifest is None:
        raise FolderRefused(
            f"The sync folder {root} has lost its first file ('m'): check that the sync "
            "tool finished copying it, or set the folder again with `journal sync --folder`."
        )
    found = _manifest_journal_id(manifest, key)
    if found is None:
        raise FolderRefused(
            f"The sync folder {root} no longer opens with this journal's key. If the "
            "passphrase was changed on one computer: sync does not carry a new passphrase "
            "yet; empty the folder, set it again here (journal sync --folder), and join "
            "again on the other computer (journal sync --join). Nothing was changed."
        )
    if found != journal_id:
        raise _refuse_other(root)


# -- enabling ---------------------------------------------------------------------------


def enable(journal: Journal, folder: Path, progress: Progress | None = None) -> SyncResult:
    """Sync this journal through ``folder`` from now on, then sync once.

    Refuses a folder that holds another journal's files. The first computer writes the
    manifest and a snapshot that other computers join from.
    """
    root = folder.expanduser()
    if not root.is_dir():
        raise InvalidInput(
            f"The folder {root} does not exist. Create it (inside the folder your sync tool "
            "manages) and try again."
        )
    key = journal.sync_key()
    manifest = _read_manifest(root)
    if manifest is not None:
        if _manifest_journal_id(manifest, key) != journal.journal_id:
            raise _refuse_other(root)
    else:
        box = key.seal(json.dumps({"journal_id": journal.journal_id}).encode(), b"manifest")
        manifest = {
            "v": FORMAT,
            "kdf": journal.kdf.to_json(),
            "box": base64.b64encode(box).decode("ascii"),
        }
        layout.write_atomic(root / layout.MANIFEST, json.dumps(manifest).encode())
    with journal.store.transaction() as conn:
        config = _config(conn)
        _set(conn, folder=str(root))
        if "replica" not in config:
            _set(conn, replica=uuid.uuid4().hex, batch="0", applied="{}", computer=_computer_name())
        ensure_triggers(conn)
        conn.execute("UPDATE sync_state SET capture = 1 WHERE id = 1")
    result = sync_now(journal, progress=progress)
    if not _own_head(journal, root, key).get("snapshot"):
        write_snapshot(journal, progress=progress)
    return result


def stop(journal: Journal) -> None:
    """Stop syncing on this computer (the folder and the other computers are untouched)."""
    with journal.store.transaction() as conn:
        conn.execute("UPDATE sync_state SET capture = 0 WHERE id = 1")
        conn.execute("DELETE FROM sync_outbox")
        conn.execute("DELETE FROM sync_config WHERE key = 'folder'")


# -- export -----------------------------------------------------------------------------


def _replica_dir(root: Path, key: SyncKey, replica: str) -> Path:
    return root / key.opaque_name(f"replica:{replica}")


def _role(kind: str, folder_name: str) -> bytes:
    return f"{kind}:{folder_name}".encode()


def _collect(conn: Connection, config: dict[str, str]) -> list[list[Any]]:
    """Turn the outbox into stamped changes, and mark the rows' fields with the stamps."""
    clock = Clock(config["replica"], config.get("clock", ""))
    groups = conn.execute(
        "SELECT tbl, pk, min(seq) AS first, max(seq) AS last, max(wall) AS wall "
        "FROM sync_outbox GROUP BY tbl, pk ORDER BY first"
    ).fetchall()
    changes: list[list[Any]] = []
    for tbl, pk_text, first, last, wall in groups:
        old_text = conn.execute("SELECT old FROM sync_outbox WHERE seq = ?", (first,)).fetchone()[0]
        old = json.loads(old_text) if old_text else None
        pk = json.loads(pk_text)
        keys = key_columns(conn, tbl)
        row = conn.execute(
            f'SELECT * FROM "{tbl}" WHERE ' + " AND ".join(f'"{k}" IS ?' for k in keys), pk
        ).fetchone()
        meta = conn.execute(
            "SELECT clocks FROM sync_rows WHERE tbl = ? AND pk = ?", (tbl, pk_text)
        ).fetchone()
        clocks: dict[str, str] = json.loads(meta[0]) if meta else {}
        if row is None:
            if old is None:
                continue  # added and deleted again before anyone saw it
            last_old = conn.execute(
                "SELECT old FROM sync_outbox WHERE seq = ?", (last,)
            ).fetchone()[0]
            stamp = clock.next(wall)
            changes.append(["d", tbl, pk, stamp, clocks])
            conn.execute(
                "INSERT OR REPLACE INTO sync_rows (tbl, pk, clocks, deleted, tomb) VALUES (?, ?, ?, ?, ?)",
                (tbl, pk_text, json.dumps(clocks, sort_keys=True), stamp, last_old),
            )
            continue
        current = dict(row)
        derived = DERIVED_COLUMNS.get(tbl, frozenset())
        changed = [
            c
            for c in current
            if c not in derived and (old is None or c not in old or old[c] != current[c])
        ]
        if not changed:
            continue
        stamp = clock.next(wall)
        values = {c: current[c] for c in {*changed, *keys}}
        base = {c: clocks.get(c, "") for c in changed}
        clocks.update({c: stamp for c in changed})
        changes.append(["p", tbl, pk, stamp, values, base])
        conn.execute(
            "INSERT OR REPLACE INTO sync_rows (tbl, pk, clocks, deleted, tomb) VALUES (?, ?, ?, NULL, NULL)",
            (tbl, pk_text, json.dumps(clocks, sort_keys=True)),
        )
    conn.execute("DELETE FROM sync_outbox")
    _set(conn, clock=clock.text())
    return changes


def export(journal: Journal) -> int:
    """Write this computer's new changes to the folder; returns how many went out."""
    root, key = _root_and_key(journal)
    _flush_pending(journal, root, key)
    with journal.store.transaction() as conn:
        ensure_triggers(conn)
        config = _config(conn)
        changes = _collect(conn, config)
        if not changes:
            return 0
        n = int(config.get("batch", "0")) + 1
        batch = {
            "v": FORMAT,
            "r": config["replica"],
            "n": n,
            "deps": json.loads(config.get("applied", "{}")),
            "computer": config.get("computer", ""),
            "c": changes,
        }
        _set(conn, batch=str(n), pending=json.dumps({"name": layout.new_name(), "batch": batch}))
    _flush_pending(journal, root, key)
    return len(changes)


def _flush_pending(journal: Journal, root: Path, key: SyncKey) -> None:
    """Write the batch stored as pending (again, if a kill interrupted the last try)."""
    with journal.store.reading() as conn:
        config = _config(conn)
    if "pending" not in config:
        return
    pending = json.loads(config["pending"])
    batch = pending["batch"]
    target = _replica_dir(root, key, batch["r"])
    plain = json.dumps(batch, separators=(",", ":")).encode()
    layout.write_atomic(target / pending["name"], key.seal(plain, _role("batch", target.name)))
    head = _own_head(journal, root, key)
    head.update({"r": batch["r"], "n": batch["n"], "computer": batch["computer"]})
    _write_head(root, key, batch["r"], head)
    with journal.store.transaction() as conn:
        conn.execute("DELETE FROM sync_config WHERE key = 'pending'")


def _own_head(journal: Journal, root: Path, key: SyncKey) -> dict[str, Any]:
    with journal.store.reading() as conn:
        replica = _config(conn)["replica"]
    return _read_head(root / _replica_dir(root, key, replica).name, key) or {}


def _read_head(folder: Path, key: SyncKey) -> dict[str, Any] | None:
    data = layout.read(folder / layout.HEAD)
    if data is None:
        return None
    try:
        head = json.loads(key.open(data, _role("head", folder.name)))
    except (Unsealable, ValueError):
        return None
    return head if isinstance(head, dict) else None


def _write_head(root: Path, key: SyncKey, replica: str, head: dict[str, Any]) -> None:
    target = _replica_dir(root, key, replica)
    plain = json.dumps(head).encode()
    layout.write_atomic(target / layout.HEAD, key.seal(plain, _role("head", target.name)))


def write_snapshot(journal: Journal, progress: Progress | None = None) -> None:
    """Put a full copy of the journal in the folder, for computers that join later.

    The copy is the SQLCipher database itself (still encrypted with the journal key),
    sealed once more so a cut-short copy is detected; it is written after an export, so
    it holds everything the change files so far hold.
    """
    root, key = _root_and_key(journal)
    with journal.store.reading() as conn:
        config = _config(conn)
    replica = config["replica"]
    vector = json.loads(config.get("applied", "{}"))
    vector[replica] = int(config.get("batch", "0"))
    temp = journal.paths.root / f".sync-snapshot-{os.urandom(4).hex()}.db"
    try:
        journal.backup_to(temp, progress)
        data = temp.read_bytes()
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    target = _replica_dir(root, key, replica)
    name = layout.new_name()
    layout.write_atomic(
        target / name, key.seal(data, _role("snapshot", target.name), compress=False)
    )
    head = _own_head(journal, root, key)
    old = head.get("snapshot")
    head.update(
        {"r": replica, "snapshot": name, "vector": vector, "computer": config.get("computer", "")}
    )
    head.setdefault("n", vector[replica])
    _write_head(root, key, replica, head)
    if old and old != name:
        with contextlib.suppress(OSError):
            (target / old).unlink()
    with journal.store.transaction() as conn:
        _set(conn, snapshot_at=str(vector[replica]))


# -- import -----------------------------------------------------------------------------


def _root_and_key(journal: Journal) -> tuple[Path, SyncKey]:
    root = configured_folder(journal)
    if root is None:
        raise InvalidInput(
            "This journal does not sync yet. Choose a folder that your sync tool manages: "
            "journal sync --folder DIR"
        )
    if not root.is_dir():
        raise FolderRefused(
            f"The sync folder {root} is not there (a removed USB stick, or a sync tool "
            "not running?). Nothing was changed; sync again when it is back."
        )
    key = journal.sync_key()
    _check_folder(root, key, journal.journal_id)
    return root, key


def _incoming(
    conn: Connection, root: Path, key: SyncKey, me: str, applied: dict[str, int]
) -> Iterator[tuple[str, dict[str, Any] | None]]:
    """(file name, batch or None for a file that is whole but not a batch) for every
    file not yet applied; files that do not open are skipped (half-copied: next time)."""
    seen = {r[0] for r in conn.execute("SELECT name FROM sync_files")}
    mine = _replica_dir(root, key, me).name
    for folder in layout.replica_folders(root):
        if folder.name == mine:
            continue
        for path in layout.change_files(folder):
            if path.name in seen:
                continue
            data = layout.read(path)
            if data is None:
                continue
            try:
                batch = json.loads(key.open(data, _role("batch", folder.name)))
            except Unsealable:
                with contextlib.suppress(Unsealable):
                    key.open(data, _role("snapshot", folder.name))
                    yield path.name, None  # a whole snapshot: never read again
                continue
            except ValueError:
                continue
            if key.opaque_name(f"replica:{batch.get('r')}") != folder.name:
                continue  # a file copied into the wrong computer's folder
            yield path.name, batch


def import_changes(journal: Journal, progress: Progress | None = None) -> SyncResult:
    root, key = _root_and_key(journal)
    result = SyncResult()
    with journal.store.reading() as conn:
        config = _config(conn)
        me = config["replica"]
        applied: dict[str, int] = json.loads(config.get("applied", "{}"))
        found = list(_incoming(conn, root, key, me, applied))
    waiting: list[tuple[str, dict[str, Any]]] = []
    skipped: list[tuple[str, str, int]] = []
    for name, batch in found:
        if batch is None:
            skipped.append((name, "", -1))
        elif batch["n"] <= applied.get(batch["r"], 0):
            skipped.append((name, batch["r"], batch["n"]))
        else:
            waiting.append((name, batch))
    if skipped:
        with journal.store.transaction() as conn:
            conn.executemany("INSERT OR IGNORE INTO sync_files VALUES (?, ?, ?)", skipped)
    waiting.sort(key=lambda item: (item[1]["r"], item[1]["n"]))
    total = len(waiting)
    done = 0
    progressed = True
    while progressed and waiting:
        progressed = False
        for item in list(waiting):
            name, batch = item
            r, n = batch["r"], batch["n"]
            if n <= applied.get(r, 0):
                waiting.remove(item)
                _mark_file(journal, name, r, n)
                continue
            if n != applied.get(r, 0) + 1:
                continue
            deps = batch.get("deps", {})
            if any(applied.get(other, 0) < m for other, m in deps.items() if other != me):
                continue
            report = _apply_batch(journal, name, batch, applied)
            computer = batch.get("computer") or "another computer"
            result.received.setdefault(computer, Report()).merge(report)
            waiting.remove(item)
            progressed = True
            done += 1
            if progress is not None:
                progress(done, total)
    result.waiting = len(waiting)
    if result.received:
        _tell_listeners(journal)
    return result


def _tell_listeners(journal: Journal) -> None:
    """Pages showing the journal reload: what came in changed it behind their back."""
    from journal.core.journal import OUTSIDE_CHANGE

    with journal.transaction():
        journal.record_change(OUTSIDE_CHANGE, [])


def _mark_file(journal: Journal, name: str, replica: str, n: int) -> None:
    with journal.store.transaction() as conn:
        conn.execute("INSERT OR IGNORE INTO sync_files VALUES (?, ?, ?)", (name, replica, n))


@contextlib.contextmanager
def _applying(journal: Journal) -> Iterator[Connection]:
    """One transaction with the capture triggers and foreign-key actions off.

    Foreign keys can only be switched outside a transaction; the store's lock is held
    throughout so no other thread writes meanwhile.
    """
    with journal.store.reading() as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        try:
            with journal.store.transaction() as tx:
                tx.execute("UPDATE sync_state SET capture = 0 WHERE id = 1")
                yield tx
                tx.execute("UPDATE sync_state SET capture = 1 WHERE id = 1")
        finally:
            conn.execute("PRAGMA foreign_keys = ON")


def _apply_batch(
    journal: Journal, name: str, batch: dict[str, Any], applied: dict[str, int]
) -> Report:
    computer = batch.get("computer") or "another computer"
    with _applying(journal) as conn:
        config = _config(conn)
        current = json.loads(config.get("applied", "{}"))
        if batch["n"] <= current.get(batch["r"], 0):
            # Another Rapport process (the app and `journal sync`) applied it meanwhile.
            conn.execute(
                "INSERT OR IGNORE INTO sync_files VALUES (?, ?, ?)", (name, batch["r"], batch["n"])
            )
            applied.update(current)
            return Report()
        applied.update(current)
        clock = Clock(config["replica"], config.get("clock", ""))
        applier = Applier(conn, computer, clock_stamp(journal.clock))
        for change in batch["c"]:
            if change[0] == "p":
                _, table, pk, stamp, values, base = change
                applier.put(table, pk, stamp, values, base)
                if table == "person_redirects" and "old_id" in values and "new_id" in values:
                    applier.repoint(values["old_id"], values["new_id"])
            else:
                _, table, pk, stamp, seen = change
                applier.delete(table, pk, stamp, seen)
            clock.observe(stamp)
        applier.settle()
        new_applied = {**applied, batch["r"]: batch["n"]}
        summary = describe(applier.report)
        conn.execute(
            "INSERT OR IGNORE INTO sync_files VALUES (?, ?, ?)", (name, batch["r"], batch["n"])
        )
        conn.execute(
            "INSERT INTO sync_log (at, computer, summary) VALUES (?, ?, ?)",
            (clock_stamp(journal.clock), computer, summary),
        )
        _set(
            conn,
            clock=clock.text(),
            applied=json.dumps(new_applied, sort_keys=True),
            last_from=computer,
        )
    applied.update(new_applied)
    return applier.report


# -- the one call -----------------------------------------------------------------------


def sync_now(journal: Journal, progress: Progress | None = None) -> SyncResult:
    """Export, then import: the whole of ``journal sync``."""
    sent = export(journal)
    result = import_changes(journal, progress=progress)
    result.sent = sent
    with journal.store.transaction() as conn:
        _set(conn, last_sync_at=clock_stamp(journal.clock))
        config = _config(conn)
    since = int(config.get("batch", "0")) - int(config.get("snapshot_at", "0"))
    if since >= SNAPSHOT_EVERY:
        write_snapshot(journal)
    return result


@dataclass(frozen=True)
class Status:
    folder: Path | None
    last_sync_at: str | None
    last_from: str | None
    recent: list[tuple[str, str, str]]
    history: int


def status(journal: Journal) -> Status:
    with journal.store.reading() as conn:
        config = _config(conn)
        recent = [
            (r[0], r[1], r[2])
            for r in conn.execute(
                "SELECT at, computer, summary FROM sync_log ORDER BY id DESC LIMIT 10"
            )
        ]
        history = conn.execute("SELECT count(*) FROM sync_history").fetchone()[0]
    return Status(
        Path(config["folder"]) if "folder" in config else None,
        config.get("last_sync_at"),
        config.get("last_from"),
        recent,
        int(history),
    )


# -- joining ----------------------------------------------------------------------------


def check_joinable(paths: Any, root: Path) -> dict[str, Any]:
    """Refuse, before the passphrase is asked, a join that cannot work; the manifest."""
    if paths.exists():
        raise InvalidInput(
            f"There is already a journal in {paths.root}. Joining makes a new journal from the "
            "sync folder: use another --data-dir, or move the existing journal away first."
        )
    manifest = _read_manifest(root) if root.is_dir() else None
    if manifest is None:
        raise FolderRefused(
            f"The folder {root} holds no Rapport journal to join. Check that the sync tool "
            "has finished copying it, or set up sync on the first computer first "
            "(journal sync --folder DIR)."
        )
    return manifest


def join(
    paths: Any,
    folder: Path,
    passphrase: str,
    *,
    keychain: Any = None,
    clock: Any = None,
    progress: Progress | None = None,
) -> Journal:
    """Make this computer's journal from the sync folder (a second computer joining).

    The passphrase is checked against the folder's manifest before anything is written;
    the journal is built from the newest snapshot in the folder, then every later change
    file is applied. Its key is remembered in the keychain when one is available.
    """
    from journal.core.fsutil import ensure_private_dir
    from journal.core.journal import Journal
    from journal.core.meta import JournalMeta, database_salt, write_meta

    root = folder.expanduser()
    manifest = check_joinable(paths, root)
    try:
        kdf = KdfParams.from_json(manifest.get("kdf"))
    except ValueError as exc:
        raise FolderRefused(f"The sync folder's first file cannot be used ({exc}).") from None
    key = derive_key(passphrase, kdf)
    sync_key = SyncKey(key)
    journal_id = _manifest_journal_id(manifest, sync_key)
    if journal_id is None:
        raise WrongPassphrase(
            "That passphrase does not open the journal in this sync folder. Type the "
            "passphrase of the journal on the other computer."
        )
    best: dict[str, Any] | None = None
    best_folder: Path | None = None
    for child in layout.replica_folders(root):
        head = _read_head(child, sync_key)
        if not head or not head.get("snapshot"):
            continue
        if best is None or sum(head["vector"].values()) > sum(best["vector"].values()):
            best, best_folder = head, child
    if best is None or best_folder is None:
        raise FolderRefused(
            f"The folder {root} has no complete copy of the journal yet. Let the sync tool "
            "finish copying, or run `journal sync` on the other computer, then try again."
        )
    data = layout.read(best_folder / best["snapshot"])
    try:
        plain = sync_key.open(data or b"", _role("snapshot", best_folder.name))
    except Unsealable:
        raise FolderRefused(
            "The journal's copy in the sync folder is not complete yet (the sync tool is "
            "still copying it). Try again in a moment."
        ) from None
    ensure_private_dir(paths.root)
    with open(paths.partial_db, "wb") as handle:
        handle.write(plain)
        handle.flush()
        os.fsync(handle.fileno())
    meta = JournalMeta(journal_id=journal_id, kdf=kdf, key_check=key.check_value())
    meta = meta.tagged(database_salt(paths.partial_db))
    write_meta(paths.meta, meta)
    os.replace(paths.partial_db, paths.db)
    journal = Journal.open_with_key(paths, key, keychain=keychain, clock=clock)
    try:
        with journal.store.transaction() as conn:
            kept_clock = _config(conn).get("clock", "")
            conn.execute("DELETE FROM sync_config")
            # The other computer's own settings (its calendar files, its upkeep) came with
            # the snapshot; they do not describe this computer.
            for key in [r[0] for r in conn.execute("SELECT key FROM settings")]:
                if is_local_setting(key):
                    conn.execute("DELETE FROM settings WHERE key = ?", (key,))
            conn.execute("DELETE FROM sync_outbox")
            conn.execute("DELETE FROM sync_files")
            conn.execute("DELETE FROM sync_log")
            _set(
                conn,
                folder=str(root),
                replica=uuid.uuid4().hex,
                batch="0",
                applied=json.dumps(best["vector"], sort_keys=True),
                computer=_computer_name(),
                clock=kept_clock,
            )
            ensure_triggers(conn)
            conn.execute("UPDATE sync_state SET capture = 1 WHERE id = 1")
        with contextlib.suppress(JournalError):
            journal.remember_key()
        sync_now(journal, progress=progress)
    except BaseException:
        journal.close()
        raise
    return journal
