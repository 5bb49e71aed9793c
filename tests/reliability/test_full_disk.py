"""A full disk: every write that does not fit says so (DiskFull), loses nothing already
saved, and leaves nothing half-made behind; once space is freed, work goes on.

The journal lives on a small real file system (a tmpfs, else a loop device) filled up
with a filler file, so the failures are the kernel's own ENOSPC.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from journal.core import backup, opening
from journal.core.errors import DiskFull, WrongPassphrase
from journal.core.journal import Journal
from journal.core.keys import KdfParams
from journal.core.model import Entry
from journal.core.paths import JournalPaths
from tests.reliability.harness import PASSPHRASE, entry_ids, integrity_problems
from tests.reliability.worker import FAST_KDF_N
from tests.support.small_disk import fill, small_disk

DISK = 32 * 1024 * 1024  # room for the journal, its WAL and its search index


def _entry(n: int, size: int = 20_000) -> Entry:
    return Entry(
        occurred_at=datetime(2026, 1, 1) + timedelta(hours=n),
        title=f"entry {n}",
        body=f"entry {n} " + "x" * size,
    )


def _content(journal: Journal) -> list[tuple[str, ...]]:
    """Everything the user wrote, to compare before and after a refused write."""
    tables = [
        r[0]
        for r in journal.store.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
        )
    ]
    return [
        (t, *sorted(map(repr, map(tuple, journal.store.query(f"SELECT * FROM {t}")))))
        for t in tables
    ]


def _new_journal(root) -> Journal:
    return Journal.create(
        JournalPaths(root / "journal"), PASSPHRASE, kdf=KdfParams.fresh(n=FAST_KDF_N)
    )


@pytest.fixture
def disk():
    with small_disk(DISK) as root:
        yield root


def test_writes_on_a_full_disk_are_refused_and_lose_nothing_saved(disk, summary):
    journal = _new_journal(disk)
    saved: list[str] = []
    filler = fill(disk, leave=1_000_000)
    refusals: list[DiskFull] = []
    changed_by_refusals = 0
    for n in range(200):
        before = _content(journal)
        try:
            saved.append(journal.add_entry(_entry(n)).id)
        except DiskFull as exc:
            refusals.append(exc)
            changed_by_refusals += _content(journal) != before
            if len(refusals) == 5:
                break
    with pytest.raises(DiskFull):  # a batch is refused whole, not in part
        journal.add_entries([_entry(1000 + i, 100) for i in range(50)])
    readable_while_full = entry_ids(journal) == set(saved)
    journal.close()

    reopened_while_full = Journal.open(journal.paths, PASSPHRASE)
    lost_while_full = set(saved) - entry_ids(reopened_while_full)
    reopened_while_full.close()
    filler.unlink()
    with Journal.open(journal.paths, PASSPHRASE) as again:
        again.add_entry(_entry(9999))
        lost = set(saved) - entry_ids(again)
        problems = integrity_problems(again)
        count = again.count_entries()

    line = summary(
        f"full disk: {len(saved)} entries saved before the disk filled, "
        f"{len(refusals)} writes and 1 batch refused with DiskFull ({changed_by_refusals} "
        f"changed anything), {len(lost | lost_while_full)} lost, {len(problems)} integrity "
        "problems; writing resumed once space was freed"
    )
    assert saved and len(refusals) == 5, line
    assert all("disk is full" in str(e) and "saved before is safe" in str(e) for e in refusals), (
        line
    )
    assert not changed_by_refusals and readable_while_full, line
    assert not lost and not lost_while_full and not problems, line
    assert count == len(saved) + 1, line


def test_creating_a_journal_on_a_full_disk_leaves_nothing_half_made(disk):
    filler = fill(disk, leave=8_000)
    with pytest.raises(DiskFull):
        _new_journal(disk)
    leftovers = sorted(p.name for p in (disk / "journal").iterdir())
    assert leftovers in ([], ["journal.lock"]), leftovers
    filler.unlink()
    with _new_journal(disk) as journal:  # the same folder works once there is room
        journal.add_entry(_entry(1))
        assert not integrity_problems(journal)


@pytest.mark.parametrize("room", ["none", "for the copy, not the backup file"])
def test_a_backup_onto_a_full_disk_is_refused_and_leaves_no_partial_copy(disk, room):
    """With room for no copy at all, and with room for the database copy a backup makes
    first but not for the backup file that then packs it."""
    journal = _new_journal(disk)
    ids = {journal.add_entry(_entry(n)).id for n in range(40)}
    journal.store.query("PRAGMA wal_checkpoint(TRUNCATE)")
    chosen = disk / "my backups"
    chosen.mkdir()
    size = journal.paths.db.stat().st_size
    fill(disk, leave=100_000 if room == "none" else size + 200_000)
    with pytest.raises(DiskFull):
        backup.backup(journal, chosen)
    if room == "none":
        with pytest.raises(DiskFull):
            journal.backup_to(chosen / "copy.journal.db")
    assert list(chosen.iterdir()) == []
    assert sorted(p.name for p in disk.iterdir()) == ["filler", "journal", "my backups"]
    assert entry_ids(journal) == ids and not integrity_problems(journal)
    journal.close()


@pytest.mark.parametrize("how", ["seen before starting", "found during the rekey"])
def test_changing_the_passphrase_on_a_full_disk_keeps_the_old_one(disk, monkeypatch, how):
    journal = _new_journal(disk)
    ids = {journal.add_entry(_entry(n, 5_000)).id for n in range(60)}
    journal.close()
    journal = Journal.open(journal.paths, PASSPHRASE)
    if how == "seen before starting":
        filler = fill(disk, leave=12_000)
    else:
        # Another program fills the disk while the journal is being rewritten: there was
        # room when the change began, and SQLCipher still answers "ok" to the rekey.
        filler = disk / "filler"
        rekey = opening._rekey

        def disk_fills_meanwhile(store, key):
            fill(disk, leave=12_000)
            return rekey(store, key)

        monkeypatch.setattr(opening, "_rekey", disk_fills_meanwhile)

    with pytest.raises(DiskFull) as refused:
        journal.change_passphrase(PASSPHRASE, "a new passphrase")
    assert "free some space" in str(refused.value).lower()
    assert entry_ids(journal) == ids  # the open journal goes on working
    monkeypatch.undo()
    filler.unlink()
    journal.add_entry(_entry(100))
    journal.close()

    with pytest.raises(WrongPassphrase):
        Journal.open(journal.paths, "a new passphrase")
    with Journal.open(journal.paths, PASSPHRASE) as again:
        assert ids <= entry_ids(again) and not integrity_problems(again)
    assert not journal.paths.pending_meta.exists()


def test_a_restore_onto_a_full_disk_is_refused_and_keeps_the_journal(disk, tmp_path):
    journal = _new_journal(disk)
    kept = {journal.add_entry(_entry(n)).id for n in range(10)}
    saved = backup.backup(journal, tmp_path)  # on another disk, with room
    kept |= {journal.add_entry(_entry(n)).id for n in range(10, 20)}
    journal.close()
    filler = fill(disk, leave=100_000)
    with pytest.raises(DiskFull):
        backup.restore_backup(journal.paths, saved, PASSPHRASE)
    leftovers = [p.name for p in journal.paths.root.iterdir() if p.name.startswith(".")]
    filler.unlink()
    with Journal.open(journal.paths, PASSPHRASE) as again:  # the journal as it was
        assert entry_ids(again) == kept and not integrity_problems(again)
    assert leftovers == []
