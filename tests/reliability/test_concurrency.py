"""Concurrency: a second Rapport process on the same journal waits or is refused cleanly,
and never corrupts it.

Ordinary use (the app, a tray process, a ``journal log`` in a terminal) shares the
journal: SQLite's WAL lets them take turns, each waiting for the other's write. Steps that
need the journal alone (a migration, creating a journal) are refused with a clear
message while another process has it. Every case ends with the integrity checks.
"""

from __future__ import annotations

import time

import pytest

from journal.core.errors import JournalExists, JournalInUse, NewerVersion
from journal.core.journal import Journal
from journal.core.keys import KdfParams
from journal.core.locking import JournalLock
from journal.core.model import Entry
from journal.core.paths import JournalPaths
from tests.reliability.harness import (
    PASSPHRASE,
    create_journal,
    entry_ids,
    integrity_problems,
    one_more_migration,
    start_worker,
    workers,
)
from tests.reliability.worker import FAST_KDF_N

WRITES_EACH = 300


@pytest.mark.slow
def test_two_processes_hammering_one_journal_lose_nothing_and_corrupt_nothing(tmp_path, summary):
    paths = create_journal(tmp_path / "journal")
    start_at = str(time.time() + 1.5)  # both start writing in the same instant
    with workers() as started:
        for name in ("first", "second"):
            started.append(
                start_worker(
                    "hammer",
                    paths.root,
                    "--count",
                    str(WRITES_EACH),
                    "--name",
                    name,
                    "--at",
                    start_at,
                )
            )
        codes = [worker.finish() for worker in started]
        acked = [set(worker.acked) for worker in started]
        refusals = [e for worker in started for e in worker.errors]

    with Journal.open(paths, PASSPHRASE) as journal:
        problems = integrity_problems(journal)
        present = entry_ids(journal)
    lost = (acked[0] | acked[1]) - present
    line = summary(
        f"concurrency: 2 processes x {WRITES_EACH} writes at once: "
        f"{len(acked[0]) + len(acked[1])} acknowledged, {len(refusals)} refused as busy, "
        f"{len(lost)} lost, {len(problems)} integrity problems"
    )
    assert codes == [0, 0], f"{line}: {[w.stderr() for w in started]}"
    assert not lost and not problems, f"{line}: {problems[:3]}"
    # Waiting is the promise for ordinary writes: none should have had to give up.
    assert not refusals, f"{line}: {refusals[:3]}"
    assert len(present) == 2 * WRITES_EACH, line


def test_processes_opening_at_once_after_a_crash_all_open(tmp_path, summary):
    """After a crash the first opener recovers the WAL while the others wait for it: a
    journal that is busy for a moment must never be called damaged."""
    paths = create_journal(tmp_path / "journal")
    with workers() as started:
        writer = start_worker("write", paths.root, "--seed", "1")
        started.append(writer)
        writer.wait_for("opened")
        time.sleep(1.0)
        writer.kill()  # leaves a WAL to recover
        start_at = str(time.time() + 1.5)
        openers = [
            start_worker("hammer", paths.root, "--count", "1", "--name", f"p{n}", "--at", start_at)
            for n in range(6)
        ]
        started.extend(openers)
        codes = [worker.finish() for worker in openers]
        errors = [e for worker in openers for e in worker.errors]
    with Journal.open(paths, PASSPHRASE) as journal:
        problems = integrity_problems(journal)
        missing = set(writer.acked) - entry_ids(journal)
    line = summary(
        f"concurrency: 6 processes opening a crashed journal at once: "
        f"{codes.count(0)} opened, {len(errors)} refused, {len(missing)} entries lost, "
        f"{len(problems)} integrity problems"
    )
    assert codes == [0] * 6 and not errors, f"{line}: {errors[:3]}"
    assert not missing and not problems, line


def test_processes_opening_at_once_after_an_update_migrate_once_and_all_open(tmp_path, summary):
    """The app and its tray start together after an update that brings a migration: the
    first to open migrates (with the copy kept before it) while the others wait for it,
    instead of all being refused because none has the journal alone."""
    paths = create_journal(tmp_path / "journal")
    start_at = str(time.time() + 1.5)
    with workers() as started:
        openers = [
            start_worker(
                "hammer", paths.root, "--count", "1", "--name", f"p{n}", "--newer", "--at", start_at
            )
            for n in range(4)
        ]
        started.extend(openers)
        codes = [worker.finish() for worker in openers]
        errors = [e for worker in openers for e in worker.errors]
    backups = sorted(p.name for p in paths.backups.iterdir()) if paths.backups.exists() else []
    line = summary(
        f"concurrency: 4 processes of a newer Rapport opening at once: {codes.count(0)} "
        f"opened, {len(errors)} refused, {len(backups)} copy kept before migrating"
    )
    assert codes == [0] * 4 and not errors, f"{line}: {errors[:2]}"
    assert len(backups) == 1, backups
    with pytest.raises(NewerVersion):  # this Rapport is now the older one
        Journal.open(paths, PASSPHRASE)


def test_a_migration_is_refused_while_another_process_has_the_journal_open(
    tmp_path, monkeypatch, summary
):
    paths = create_journal(tmp_path / "journal")
    with workers() as started:
        writer = start_worker("hammer", paths.root, "--count", "100000", "--name", "writer")
        started.append(writer)
        writer.wait_for("opened")
        writer.wait_for("ack")
        new_version = one_more_migration(monkeypatch)
        with pytest.raises(JournalInUse) as refused:
            Journal.open(paths, PASSPHRASE)
        still_writing = len(writer.acked)
        writer.wait_for("ack")
        writer.kill()
    monkeypatch.undo()
    with Journal.open(paths, PASSPHRASE) as journal:
        version = journal.store.query("PRAGMA user_version")[0][0]
        problems = integrity_problems(journal)
        missing = set(writer.acked) - entry_ids(journal)
    line = summary(
        "concurrency: a migration while another process writes is refused "
        f"({type(refused.value).__name__}); the writer went on ({len(writer.acked)} entries), "
        f"{len(missing)} lost, {len(problems)} integrity problems"
    )
    assert "open in another" in str(refused.value), line
    assert len(writer.acked) > still_writing, line
    assert version == new_version - 1 and not missing and not problems, line


def test_creating_never_replaces_a_journal_another_process_just_created(tmp_path, monkeypatch):
    """Two first runs at once (the app and `journal init`): the second sees the first's
    journal once it holds the lock, instead of building its own over it."""
    paths = JournalPaths(tmp_path / "journal")
    really_lock = JournalLock.acquire_exclusive

    def other_process_creates_first(self: JournalLock) -> None:
        monkeypatch.setattr(JournalLock, "acquire_exclusive", really_lock)
        other = start_worker("create", paths.root, passphrase="the other passphrase")
        assert other.finish() == 0 and "done" in other.lines, other.stderr()
        really_lock(self)

    monkeypatch.setattr(JournalLock, "acquire_exclusive", other_process_creates_first)
    with pytest.raises(JournalExists):
        Journal.create(paths, PASSPHRASE, kdf=KdfParams.fresh(n=FAST_KDF_N))
    with Journal.open(paths, "the other passphrase") as journal:
        assert journal.count_entries() == 1
        assert not integrity_problems(journal)


def test_changing_the_passphrase_is_refused_while_another_process_has_the_journal_open(
    tmp_path, summary
):
    """Another process still holding the old key would read the rekeyed pages as garbage,
    and on its next open would throw away the new key file as a stale one: the journal
    would open with neither passphrase."""
    paths = create_journal(tmp_path / "journal")
    journal = Journal.open(paths, PASSPHRASE)
    with workers() as started:
        other = start_worker("hammer", paths.root, "--count", "100000", "--name", "tray")
        started.append(other)
        other.wait_for("ack")
        with pytest.raises(JournalInUse):
            journal.change_passphrase(PASSPHRASE, "a new passphrase")
        # We still hold our share of the journal: a step needing it alone is refused.
        other.kill()
        with pytest.raises(JournalInUse):
            JournalLock(paths.lock).acquire_exclusive()
        journal.add_entry(Entry(occurred_at=journal.clock.now(), body="still writing"))
        journal.close()
    with Journal.open(paths, PASSPHRASE) as again:
        missing = set(other.acked) - entry_ids(again)
        problems = integrity_problems(again)
        # Alone now, the change goes through.
        again.change_passphrase(PASSPHRASE, "a new passphrase")
    with Journal.open(paths, "a new passphrase") as changed:
        kept = entry_ids(changed) >= set(other.acked)
    line = summary(
        "concurrency: a passphrase change while another process writes is refused "
        f"(JournalInUse); {len(other.acked)} entries written meanwhile, {len(missing)} lost, "
        f"{len(problems)} integrity problems; alone, the change went through"
    )
    assert not missing and not problems and kept, line
