"""Opening a journal: the right passphrase opens it, a missing or unreadable key file is
told, and creating never replaces a journal. Each kind of damaged or foreign file is in
the table in tests/reliability/test_damaged_files.py."""

from __future__ import annotations

import hashlib
import random
import shutil
from pathlib import Path

import pytest

from journal.core import errors
from journal.core.journal import Journal
from journal.core.keys import KdfParams
from journal.core.model import Entry, Person
from journal.core.paths import JournalPaths
from tests.conftest import FAST_KDF_N, TEST_PASSPHRASE


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def closed_journal(make_journal, clock) -> JournalPaths:
    journal = make_journal()
    person = journal.add_person(Person(name="Ana Lima"))
    for i in range(40):  # enough pages that truncation and bit flips land in data
        journal.add_entry(
            Entry(occurred_at=clock.now(), body=f"entry {i} " + "x" * 400, people=[person.id])
        )
    paths = journal.paths
    journal.close()
    return paths


def test_reopens_with_the_right_passphrase(closed_journal):
    with Journal.open(closed_journal, TEST_PASSPHRASE) as journal:
        assert journal.counts()["entries"] == 40
        assert journal.query_people()[0].name == "Ana Lima"


def test_a_wrong_passphrase_is_told_first_even_over_a_foreign_file(closed_journal):
    """(Each kind of bad file with the right passphrase is in the damaged-file table,
    tests/reliability/test_damaged_files.py.)"""
    closed_journal.db.write_bytes(random.Random(1).randbytes(8192))
    before = digest(closed_journal.db)
    with pytest.raises(errors.WrongPassphrase):
        Journal.open(closed_journal, "other")
    assert digest(closed_journal.db) == before


def test_missing_key_file_is_told(closed_journal):
    closed_journal.meta.unlink()
    before = digest(closed_journal.db)
    with pytest.raises(errors.MissingKeyFile) as caught:
        Journal.open(closed_journal, TEST_PASSPHRASE)
    assert "key file" in str(caught.value)
    assert digest(closed_journal.db) == before


def test_damaged_key_file_is_told(closed_journal):
    closed_journal.meta.write_text("{not json")
    with pytest.raises(errors.MissingKeyFile):
        Journal.open(closed_journal, TEST_PASSPHRASE)


def test_no_journal_folder_says_how_to_create_one(tmp_path):
    with pytest.raises(errors.NoJournal) as caught:
        Journal.open(JournalPaths(tmp_path / "nothing"), TEST_PASSPHRASE)
    assert "journal init" in str(caught.value)
    assert not (tmp_path / "nothing" / "journal.db").exists()


def test_create_never_replaces_an_existing_journal(closed_journal):
    before = digest(closed_journal.db)
    with pytest.raises(errors.JournalExists):
        Journal.create(closed_journal, "another passphrase", kdf=KdfParams.fresh(n=FAST_KDF_N))
    assert digest(closed_journal.db) == before
    with Journal.open(closed_journal, TEST_PASSPHRASE) as journal:
        assert journal.counts()["entries"] == 40


def test_create_refuses_an_empty_passphrase(tmp_path):
    with pytest.raises(errors.InvalidInput):
        Journal.create(JournalPaths(tmp_path / "j"), "")
    assert not (tmp_path / "j" / "journal.db").exists()


def test_errors_carry_distinct_exit_codes():
    codes = {
        cls.exit_code
        for cls in (
            errors.WrongPassphrase,
            errors.NotAJournal,
            errors.NewerVersion,
            errors.KeychainError,
            errors.JournalInUse,
            errors.ReadOnlyJournal,
            errors.DiskFull,
            errors.NoJournal,
        )
    }
    assert len(codes) == 8 and 2 not in codes and 0 not in codes


def test_change_passphrase_rekeys(make_journal):
    journal = make_journal()
    journal.add_person(Person(name="Mei Chen"))
    with pytest.raises(errors.WrongPassphrase):
        journal.change_passphrase("wrong current", "new passphrase")
    journal.change_passphrase(TEST_PASSPHRASE, "a brand new passphrase")
    paths = journal.paths
    journal.close()
    with pytest.raises(errors.WrongPassphrase):
        Journal.open(paths, TEST_PASSPHRASE)
    with Journal.open(paths, "a brand new passphrase") as reopened:
        assert [p.name for p in reopened.query_people()] == ["Mei Chen"]


def test_interrupted_passphrase_change_still_opens_with_new_passphrase(make_journal):
    """A crash after the rekey but before the metadata swap must not lock the user out."""
    from journal.core import opening
    from journal.core.meta import JournalMeta

    journal = make_journal()
    journal.add_person(Person(name="Mei Chen"))
    paths = journal.paths
    old_meta = paths.meta.read_text()
    journal.change_passphrase(TEST_PASSPHRASE, "new one")
    new_meta = paths.meta.read_text()
    journal.close()
    # Simulate the crash: the old metadata is still in place, the new one pending.
    paths.pending_meta.write_text(new_meta)
    paths.meta.write_text(old_meta)
    assert isinstance(opening.read_meta(paths.pending_meta), JournalMeta)
    with Journal.open(paths, "new one") as reopened:
        assert reopened.query_people()[0].name == "Mei Chen"
    assert not paths.pending_meta.exists()
    assert paths.meta.read_text() == new_meta


def test_default_kdf_is_memory_hard():
    params = KdfParams.fresh()
    assert params.name == "scrypt" and params.n >= 2**17 and params.r >= 8
    assert len(params.salt) >= 16
    assert KdfParams.fresh().salt != params.salt


def test_journal_folder_is_private(closed_journal):
    assert closed_journal.root.stat().st_mode & 0o777 == 0o700
    for name in ("journal.db", "journal.meta.json"):
        assert (closed_journal.root / name).stat().st_mode & 0o777 == 0o600


def test_wal_files_are_private_while_open(closed_journal):
    with Journal.open(closed_journal, TEST_PASSPHRASE) as journal:
        journal.add_person(Person(name="Someone New"))
        for path in closed_journal.root.iterdir():
            if path.is_file():
                assert path.stat().st_mode & 0o077 == 0, path.name
    shutil.rmtree(closed_journal.root)


def test_copy_into_a_missing_folder_says_so(journal, tmp_path):
    with pytest.raises(errors.InvalidInput, match="does not exist"):
        journal.backup_to(tmp_path / "no" / "such" / "folder" / "copy.db")
    assert not (tmp_path / "no").exists()
