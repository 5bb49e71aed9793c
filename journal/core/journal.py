"""The facade the GUI and the CLI use: one open journal and the actions on it.

Each public method is one user action and one transaction. Methods are thin: the SQL
lives in the modules named for what they hold (``people``, ``entries``, ``trash``...),
and features built later (engine, search, interop, insights) are functions that take a
``Journal``. Listeners registered with ``on_change`` hear about every committed change,
which is how views stay fresh without polling.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.core import entries as entries_db
from journal.core import opening
from journal.core import people as people_db
from journal.core import settings as settings_db
from journal.core import trash as trash_db
from journal.core.clock import SYSTEM_CLOCK, Clock, stamp
from journal.core.entries import Balance, EntryQuery, EntrySummary
from journal.core.errors import (
    InvalidInput,
    JournalError,
    KeychainError,
    NotFound,
    WrongPassphrase,
)
from journal.core.keychain import Keychain
from journal.core.keys import KdfParams, Key, derive_key
from journal.core.model import (
    Entry,
    EntryKind,
    Facet,
    FollowUp,
    LedgerItem,
    Person,
    TrashItem,
)
from journal.core.paths import JournalPaths
from journal.core.people import PeopleOrder, PeopleOrdering, PeopleQuery, PersonSummary
from journal.core.settings import JournalSettings
from journal.core.store import Connection, Store, copy_snapshot
from journal.core.wording import format_date

if TYPE_CHECKING:
    from journal.core.sync.crypto import SyncKey

log = logging.getLogger(__name__)

ChangeListener = Callable[[str, Sequence[str]], None]

#: The change kind told to listeners when another process changed the journal: what
#: changed is unknown, so every view showing journal data reloads.
OUTSIDE_CHANGE = "outside"


class Journal:
    def __init__(
        self,
        opened: opening.OpenedJournal,
        *,
        clock: Clock | None = None,
        keychain: Keychain | None = None,
    ) -> None:
        self._opened = opened
        self.clock: Clock = clock or SYSTEM_CLOCK
        self.keychain = keychain or Keychain()
        self._listeners: list[ChangeListener] = []
        self._pending: list[tuple[str, tuple[str, ...]]] = []
        #: Entries saved in the current transaction, read for proposals before it commits.
        self._to_read: list[str] = []
        self._data_version = opened.store.data_version()

    # -- lifecycle ---------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        paths: JournalPaths,
        passphrase: str,
        *,
        remember: bool = False,
        keychain: Keychain | None = None,
        clock: Clock | None = None,
        kdf: KdfParams | None = None,
    ) -> Journal:
        """Create a journal. ``remember`` stores its key in the keychain; if the keychain
        fails, the journal is still created and the KeychainError is logged, not raised:
        callers check ``is_remembered()`` to tell the user."""
        journal = cls(opening.create(paths, passphrase, kdf), clock=clock, keychain=keychain)
        if remember:
            with contextlib.suppress(KeychainError):
                journal.remember_key()
        return journal

    @classmethod
    def open(
        cls,
        paths: JournalPaths,
        passphrase: str | None = None,
        *,
        keychain: Keychain | None = None,
        clock: Clock | None = None,
        remember: bool = False,
        derived: tuple[KdfParams, Key] | None = None,
    ) -> Journal:
        """Open with a passphrase, or (``None``) with the key remembered in the keychain.
        ``derived``: the passphrase's key derived already (``meta.derive_early``)."""
        keychain = keychain or Keychain()
        if passphrase is None:
            opened = opening.open_with_keychain(paths, keychain)
        else:
            opened = opening.open_with_passphrase(paths, passphrase, derived)
        journal = cls(opened, clock=clock, keychain=keychain)
        if passphrase is not None and remember:
            journal.remember_key()
        return journal

    @classmethod
    def open_with_key(
        cls,
        paths: JournalPaths,
        key: Key,
        *,
        keychain: Keychain | None = None,
        clock: Clock | None = None,
    ) -> Journal:
        """Open with a key already derived (reopening after a restore in this process).
        The journal keeps ``key`` and wipes it when it closes."""
        return cls(opening.open_with_key(paths, key), clock=clock, keychain=keychain)

    @property
    def paths(self) -> JournalPaths:
        return self._opened.paths

    @property
    def journal_id(self) -> str:
        return self._opened.meta.journal_id

    @property
    def store(self) -> Store:
        return self._opened.store

    @property
    def is_open(self) -> bool:
        return not self._opened.store.closed

    def close(self) -> None:
        """Lock the journal: close the database, drop the lock and wipe the key from memory."""
        self._opened.store.close()
        self._opened.lock.release()
        self._opened.key.wipe()

    lock = close

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- keys ----------------------------------------------------------------------------

    def remember_key(self) -> None:
        """Keep this journal's key in the OS keychain (raises KeychainError if it can't)."""
        self.keychain.store(self.journal_id, self._opened.key)

    def forget_key(self) -> None:
        self.keychain.forget(self.journal_id)

    def is_remembered(self) -> bool:
        try:
            key = self.keychain.get(self.journal_id)
        except KeychainError:
            return False
        return key is not None and key == self._opened.key

    def change_passphrase(self, current: str, new: str) -> None:
        """Rekey to a new passphrase; the keychain follows if it held the old key."""
        if not new:
            raise InvalidInput("Choose a passphrase: an empty one would not protect anything.")
        if not self._opened.meta.key_fits(derive_key(current, self._opened.meta.kdf)):
            raise WrongPassphrase("The current passphrase is not right; nothing was changed.")
        remembered = self.is_remembered()
        self._opened = opening.change_passphrase(self._opened, new)
        if remembered:
            with contextlib.suppress(KeychainError):
                self.remember_key()

    def release_memory(self) -> None:
        """Give back what a burst of reading left in memory: the page cache and the C
        heap's free pages (see ``core.memory``). Nothing is lost: pages are read again
        when next needed. Any thread; waits for a read or write in progress."""
        from journal.core import memory

        if self.is_open:
            self.store.shrink_cache()
        memory.return_free_heap()

    def check_pages(self) -> None:
        """Check every page of the file (see ``opening.check_pages``): raises the
        damage's own error, and stops writes, if any page fails."""
        if not self.is_open:
            raise JournalError("The journal is locked. Unlock it to continue.")
        opening.check_pages(self._opened)

    def copy_key(self) -> Key:
        """A copy of the open journal's key, for work that outlives this session (a
        restore reopens with it). The caller wipes it when done."""
        return Key(self._opened.key.raw())

    def sync_key(self) -> SyncKey:
        """The sync folder's keys, derived from this journal's key (``sync.crypto``)."""
        from journal.core.sync.crypto import SyncKey

        return SyncKey(self._opened.key)

    @property
    def kdf(self) -> KdfParams:
        """How the passphrase becomes the key (kept beside a sync folder's manifest)."""
        return self._opened.meta.kdf

    def backup_to(self, target: Path, progress: Callable[[int, int], None] | None = None) -> None:
        """A consistent encrypted copy of the open journal (same key) at ``target``.

        Read through a connection of its own, in one read transaction (a snapshot, thanks
        to WAL), so the journal's own connection stays free: the window, search and
        saves go on during a long backup. ``progress(done, total)`` counts pages."""
        if not self.is_open:
            raise JournalError("The journal is locked. Unlock it to continue.")
        copy_snapshot(self.paths.db, Path(target), self._opened.key, progress)

    # -- change notification ---------------------------------------------------------------

    def on_change(self, listener: ChangeListener) -> Callable[[], None]:
        """Hear ``(kind, ids)`` after each committed change; returns an unsubscribe."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One user action made of several calls: all committed together, or none."""
        outer = not self._pending and self.store._depth == 0
        try:
            with self.store.transaction() as conn:
                yield conn
                if outer and self._to_read:
                    self._read_saved_entries(conn)
        except BaseException:
            if outer:
                self._pending.clear()
                self._to_read.clear()
            raise
        if outer:
            self._flush_changes()

    def check_outside_changes(self) -> bool:
        """Tell listeners (kind ``OUTSIDE_CHANGE``) if another process committed since
        the last check. Cheap (one pragma, no disk read), so a window can call it on
        focus and every few seconds; never blocks on a busy connection."""
        version = None if self.store._depth else self.store.data_version()
        if version is None:
            return False
        if self._data_version is None or version == self._data_version:
            self._data_version = version
            return False
        self._data_version = version
        for listener in list(self._listeners):
            try:
                listener(OUTSIDE_CHANGE, ())
            except Exception:  # a broken view must not stop the others hearing it
                log.exception("change listener failed")
        return True

    def _read_saved_entries(self, conn: Connection) -> None:
        """Read the entries saved in this transaction, once each and as finally saved
        (after a capture's facts and follow-ups), and keep what they propose pending."""
        from journal.core import proposals

        to_read, self._to_read = self._to_read, []
        proposals.read_entries(self, conn, to_read)

    def read_entries_later(self, entry_ids: Sequence[str]) -> None:
        """Inside a transaction: read these entries for what they propose when it
        commits, as if just saved (an import of entries written before Rapport read them)."""
        self._to_read.extend(entry_ids)

    def pending_changes(self) -> list[tuple[str, tuple[str, ...]]]:
        """What the current transaction has recorded so far (an operation's ``Change``)."""
        return list(self._pending)

    def record_change(self, kind: str, ids: Sequence[str]) -> None:
        """Note, inside a transaction, that things of ``kind`` changed: listeners hear it
        once the transaction commits (and not at all if it rolls back)."""
        self._pending.append((kind, tuple(ids)))

    def _flush_changes(self) -> None:
        pending, self._pending = self._pending, []
        for kind, ids in pending:
            for listener in list(self._listeners):
                try:
                    listener(kind, ids)
                except Exception:  # a broken view must not undo a saved change
                    log.exception("change listener failed")

    def _now(self) -> str:
        return stamp(self.clock)

    # -- people --------------------------------------------------------------------------

    def add_person(self, person: Person) -> Person:
        _check_person(person)
        with self.transaction() as conn:
            people_db.insert_people(conn, [person], self._now())
            self.record_change("person", [person.id])
        return person

    def add_people(self, people: Sequence[Person]) -> None:
        for person in people:
            _check_person(person)
        with self.transaction() as conn:
            people_db.insert_people(conn, people, self._now())
            self.record_change("person", [p.id for p in people])

    def save_person(self, person: Person) -> Person:
        _check_person(person)
        with self.transaction() as conn:
            people_db.update_person(conn, person, self._now())
            self.record_change("person", [person.id])
        return person

    def person(self, person_id: str) -> Person:
        with self.store.reading() as conn:
            found = people_db.load_person(conn, person_id)
        if found is None:
            raise NotFound("That person is not in the journal.")
        return found

    def people(
        self, ids: Sequence[str] | None = None, *, include_archived: bool = True
    ) -> list[Person]:
        with self.store.reading() as conn:
            return people_db.load_people(conn, ids, include_archived)

    def query_people(self, query: PeopleQuery | None = None) -> list[PersonSummary]:
        with self.store.reading() as conn:
            return people_db.query_people(conn, query or PeopleQuery())

    def order_people(self, order: PeopleOrder) -> PeopleOrdering:
        """The People list's ids in order (see ``people.order_people``)."""
        with self.store.reading() as conn:
            return people_db.order_people(conn, order)

    def all_archived(self, ids: Sequence[str]) -> bool:
        """Whether everyone of ``ids`` is archived (see ``people.all_archived``)."""
        with self.store.reading() as conn:
            return people_db.all_archived(conn, ids)

    def people_summaries(self, ids: Sequence[str]) -> list[PersonSummary]:
        """The People list's rows of ``ids``, in that order (one window of the list)."""
        with self.store.reading() as conn:
            return people_db.summaries(conn, ids)

    def find_people(self, name: str) -> list[Person]:
        with self.store.reading() as conn:
            return people_db.find_by_name(conn, name)

    def tags(self) -> list[tuple[str, int]]:
        with self.store.reading() as conn:
            return people_db.all_tags(conn)

    def set_archived(self, person_id: str, archived: bool = True) -> None:
        with self.transaction() as conn:
            cursor = conn.execute(
                "UPDATE people SET archived = ?, updated_at = ? WHERE id = ?",
                (int(archived), self._now(), person_id),
            )
            if cursor.rowcount != 1:
                raise NotFound("That person is not in the journal.")
            self.record_change("person", [person_id])

    def delete_person(self, person_id: str) -> str:
        """Move a person and everything only about them to the trash; returns the trash id."""
        person = self.person(person_id)
        with self.transaction() as conn:
            trash_id = trash_db.delete_to_trash(
                conn, "people", [person_id], "person", person.name, self._now()
            )
            self.record_change("person", [person_id])
        return trash_id

    # -- facets --------------------------------------------------------------------------

    def add_facet(self, person_id: str, facet: Facet) -> Facet:
        if not facet.text.strip():
            raise InvalidInput("A detail needs some text.")
        facet.noted_on = facet.noted_on or self.clock.today()
        with self.transaction() as conn:
            position = conn.execute(
                "SELECT coalesce(max(position) + 1, 0) FROM facets WHERE person_id = ?",
                (person_id,),
            ).fetchone()[0]
            people_db.insert_facets(conn, person_id, [facet], self._now(), position)
            self._touch_person(conn, person_id)
        return facet

    def save_facet(self, facet: Facet) -> Facet:
        if not facet.text.strip():
            raise InvalidInput("A detail needs some text.")
        with self.transaction() as conn:
            people_db.update_facet(conn, facet, self._now())
            if facet.person_id:
                self._touch_person(conn, facet.person_id)
        return facet

    def delete_facet(self, facet_id: str) -> str:
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT person_id, text FROM facets WHERE id = ?", (facet_id,)
            ).fetchone()
            if row is None:
                raise NotFound("That detail is no longer in the journal.")
            trash_id = trash_db.delete_to_trash(
                conn, "facets", [facet_id], "facet", row["text"], self._now()
            )
            self._touch_person(conn, row["person_id"])
        return trash_id

    def _touch_person(self, conn: Connection, person_id: str) -> None:
        conn.execute("UPDATE people SET updated_at = ? WHERE id = ?", (self._now(), person_id))
        self.record_change("person", [person_id])

    # -- entries -------------------------------------------------------------------------

    def add_entry(self, entry: Entry) -> Entry:
        _check_entry(entry)
        with self.transaction() as conn:
            entries_db.insert_entries(conn, [entry], self._now())
            self.record_change("entry", [entry.id])
            self.record_change("person", list(entry.people))
            self._to_read.append(entry.id)
        return entry

    def add_entries(self, entries: Sequence[Entry]) -> None:
        for entry in entries:
            _check_entry(entry)
        with self.transaction() as conn:
            entries_db.insert_entries(conn, entries, self._now())
            self.record_change("entry", [e.id for e in entries])

    def save_entry(self, entry: Entry) -> Entry:
        _check_entry(entry)
        with self.transaction() as conn:
            before = [
                r[0]
                for r in conn.execute(
                    "SELECT person_id FROM entry_people WHERE entry_id = ?", (entry.id,)
                )
            ]
            entries_db.update_entry(conn, entry, self._now())
            self.record_change("entry", [entry.id])
            self._to_read.append(entry.id)
            self.record_change("person", list(dict.fromkeys([*before, *entry.people])))
        return entry

    def entry(self, entry_id: str) -> Entry:
        with self.store.reading() as conn:
            found = entries_db.load_entries(conn, [entry_id])
        if not found:
            raise NotFound("That entry is not in the journal.")
        return found[0]

    def entries(self, ids: Sequence[str]) -> list[Entry]:
        with self.store.reading() as conn:
            return entries_db.load_entries(conn, ids)

    def query_entries(self, query: EntryQuery | None = None) -> list[EntrySummary]:
        with self.store.reading() as conn:
            return entries_db.query_entries(conn, query or EntryQuery())

    def count_entries(self, query: EntryQuery | None = None) -> int:
        with self.store.reading() as conn:
            return entries_db.count_entries(conn, query or EntryQuery())

    def delete_entry(self, entry_id: str) -> str:
        entry = self.entry(entry_id)
        label = entry.title or entry.body[:40] or entry.kind.value
        label = f"{label} ({format_date(entry.occurred_at)})"
        with self.transaction() as conn:
            trash_id = trash_db.delete_to_trash(
                conn, "entries", [entry_id], "entry", label, self._now()
            )
            self.record_change("entry", [entry_id])
            self.record_change("person", entry.people)
        return trash_id

    def log(
        self,
        names: Sequence[str],
        text: str,
        *,
        kind: EntryKind = EntryKind.MEETING,
        when: datetime | None = None,
        title: str = "",
        person_ids: Sequence[str] = (),
        new_names: Sequence[str] = (),
    ) -> tuple[Entry, list[Person]]:
        """Quick capture: an entry with people by name, creating those who are new.

        ``person_ids`` are people already resolved; ``new_names`` are added as new people
        even when someone has that name (the user said so). Returns the entry and the
        people created, so the caller can say so.
        """
        created: list[Person] = []
        with self.transaction():
            ids = list(dict.fromkeys(person_ids))
            for name in new_names:
                if not name.strip():
                    raise InvalidInput("A person's name cannot be empty.")
                met_on = (when or self.clock.now()).date()
                person = self.add_person(Person(name=name.strip(), met_on=met_on))
                created.append(person)
                ids.append(person.id)
            for name in names:
                name = name.strip()
                if not name:
                    raise InvalidInput("A person's name cannot be empty.")
                matches = self.find_people(name)
                if len(matches) > 1:
                    raise InvalidInput(
                        f"More than one person is called {name!r}; use their full name."
                    )
                if matches:
                    ids.append(matches[0].id)
                else:
                    met_on = (when or self.clock.now()).date()
                    person = self.add_person(Person(name=name, met_on=met_on))
                    created.append(person)
                    ids.append(person.id)
            entry = self.add_entry(
                Entry(
                    occurred_at=when or self.clock.now(),
                    kind=kind,
                    title=title,
                    body=text,
                    people=ids,
                )
            )
        return entry, created

    def last_contact(self, person_id: str) -> datetime | None:
        return self.person(person_id).last_contact_at

    def contact_dates(self, person_id: str) -> list[datetime]:
        with self.store.reading() as conn:
            return entries_db.entry_dates_for(conn, person_id)

    # -- follow-ups and the ledger ---------------------------------------------------------

    def add_follow_up(self, item: FollowUp) -> FollowUp:
        if not item.text.strip():
            raise InvalidInput("A follow-up needs some text.")
        with self.transaction() as conn:
            entries_db.insert_follow_ups(conn, [item], self._now())
            self.record_change("follow_up", [item.id])
            if item.person_id:
                self.record_change("person", [item.person_id])
        return item

    def open_follow_ups(self, person_id: str | None = None) -> list[FollowUp]:
        with self.store.reading() as conn:
            return entries_db.open_follow_ups(conn, person_id)

    def follow_ups_for(self, person_id: str) -> list[FollowUp]:
        with self.store.reading() as conn:
            return entries_db.follow_ups_for(conn, person_id)

    def complete_follow_up(self, follow_up_id: str, on: date | None = None) -> None:
        """A promise kept: done, and recorded as a give (see ``facts.keep_promise``)."""
        from journal.core import facts

        facts.keep_promise(self, follow_up_id, on=on or self.clock.today())

    def update_follow_up(self, follow_up_id: str, text: str, due_on: date | None) -> None:
        """Reword a follow-up or give it a day (a dated one shows on Today when due)."""
        if not text.strip():
            raise InvalidInput("A follow-up needs some text.")
        with self.transaction() as conn:
            entries_db.update_follow_up(conn, follow_up_id, text, due_on, self._now())
            self.record_change("follow_up", [follow_up_id])

    def reopen_follow_up(self, follow_up_id: str) -> None:
        """Not kept after all: open again, and the give it recorded is taken back."""
        from journal.core import facts

        facts.reopen_promise(self, follow_up_id)

    def add_ledger_item(self, item: LedgerItem) -> LedgerItem:
        item.occurred_on = item.occurred_on or self.clock.today()
        with self.transaction() as conn:
            entries_db.insert_ledger(conn, [item], self._now())
            self.record_change("person", [item.person_id])
        return item

    def ledger_for(self, person_id: str) -> list[LedgerItem]:
        with self.store.reading() as conn:
            return entries_db.ledger_for(conn, person_id)

    def balance(self, person_id: str, since: date | None = None) -> Balance:
        with self.store.reading() as conn:
            return entries_db.ledger_balance(conn, person_id, since)

    # -- trash ---------------------------------------------------------------------------

    def trash(self) -> list[TrashItem]:
        with self.store.reading() as conn:
            return trash_db.list_trash(conn)

    def restore(self, trash_id: str) -> TrashItem:
        with self.transaction() as conn:
            item = trash_db.restore(conn, trash_id)
            self.record_change(item.kind, [])
            self.record_change("person", [])
        return item

    def purge_trash(self, before: str | None = None) -> int:
        """Empty the trash (or what went in before ``before``) for good. Not an operation:
        it cannot be undone (that is its point), and it drops the undo steps that could
        bring those items back; listeners hear that the trash changed."""
        with self.transaction() as conn:
            count = trash_db.purge(conn, before)
            if count:
                self.record_change("trash", [])
        return count

    # -- settings and drafts ------------------------------------------------------------------

    def settings(self) -> JournalSettings:
        with self.store.reading() as conn:
            return settings_db.load(conn)

    def save_settings(self, value: JournalSettings) -> None:
        with self.transaction() as conn:
            settings_db.save(conn, value, self._now())
            self.record_change("settings", [])

    def get_setting(self, key: str, default: Any = None) -> Any:
        with self.store.reading() as conn:
            return settings_db.get(conn, key, default)

    def put_setting(self, key: str, value: Any) -> None:
        with self.transaction() as conn:
            settings_db.put(conn, key, value, self._now())

    def save_draft(self, draft_id: str, payload: dict[str, Any]) -> None:
        """Keep what is being typed inside the encrypted journal, so a crash loses nothing."""
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT INTO drafts (id, payload, updated_at) VALUES (?, ?, ?) ON CONFLICT (id) "
                "DO UPDATE SET payload = excluded.payload, updated_at = excluded.updated_at",
                (draft_id, json.dumps(payload), self._now()),
            )

    def drafts(self) -> dict[str, dict[str, Any]]:
        with self.store.reading() as conn:
            return {
                r["id"]: json.loads(r["payload"])
                for r in conn.execute("SELECT id, payload FROM drafts ORDER BY updated_at")
            }

    def discard_draft(self, draft_id: str) -> None:
        """Forget a draft. Inside an operation (``operations.discard_draft``) its text is
        kept in the undo step, so Ctrl+Z brings it back: drafts are this computer's and
        not captured like the synced tables, so it is noted here before it goes."""
        from journal.core.operations import note_rows

        with self.store.transaction() as conn:
            note_rows(conn, "drafts", "id = ?", (draft_id,))
            conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))

    # -- counts ----------------------------------------------------------------------------

    def people_count(self) -> int:
        """Everyone in the journal, archived too (Today's "is it empty?"): one count
        of the people table, where ``counts`` makes five (14 ms at 10k / 100k)."""
        with self.store.reading() as conn:
            return int(conn.execute("SELECT count(*) FROM people").fetchone()[0])

    def counts(self) -> dict[str, int]:
        with self.store.reading() as conn:
            return {
                "people": conn.execute("SELECT count(*) FROM people WHERE archived = 0").fetchone()[
                    0
                ],
                "archived": conn.execute(
                    "SELECT count(*) FROM people WHERE archived = 1"
                ).fetchone()[0],
                "entries": conn.execute("SELECT count(*) FROM entries").fetchone()[0],
                "open_follow_ups": conn.execute(
                    "SELECT count(*) FROM follow_ups WHERE done_on IS NULL"
                ).fetchone()[0],
                "trash": conn.execute("SELECT count(*) FROM trash").fetchone()[0],
            }


def _check_person(person: Person) -> None:
    if not person.name.strip():
        raise InvalidInput("A person needs a name.")
    if person.cadence_days is not None and person.cadence_days <= 0:
        raise InvalidInput("A check-in cadence is a number of days above zero.")


def _check_entry(entry: Entry) -> None:
    if not (entry.body.strip() or entry.title.strip() or entry.people):
        raise InvalidInput("An entry needs some text or at least one person.")
