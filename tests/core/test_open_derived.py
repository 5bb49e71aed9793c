"""Opening with a key derived early (``meta.derive_early``): the app runs scrypt before the
journal's modules load, and opening uses that key instead of deriving it again. The
journal opens as with the passphrase; a wrong passphrase is told the same way; a key
that is not used is wiped, never left in memory."""

from __future__ import annotations

import pytest

from journal.core.errors import WrongPassphrase
from journal.core.journal import Journal
from journal.core.meta import derive_early, read_meta
from journal.core.model import Person
from tests.conftest import TEST_PASSPHRASE


def _closed(make_journal) -> Journal:
    journal = make_journal()
    journal.add_person(Person(name="Ana Lima"))
    journal.close()
    return journal


def test_a_key_derived_early_opens_the_journal_as_the_passphrase_does(make_journal, clock):
    paths = _closed(make_journal).paths
    derived = derive_early(paths.meta, TEST_PASSPHRASE)
    assert derived is not None and derived[0] == read_meta(paths.meta).kdf
    journal = Journal.open(paths, TEST_PASSPHRASE, clock=clock, derived=derived)
    try:
        assert [p.name for p in journal.people()] == ["Ana Lima"]
    finally:
        journal.close()
    assert derived[1].raw() == bytes(len(derived[1].raw())), "closing wipes the key it used"


def test_a_wrong_passphrase_is_told_and_its_early_key_wiped(make_journal, clock):
    paths = _closed(make_journal).paths
    derived = derive_early(paths.meta, "not the passphrase")
    assert derived is not None
    with pytest.raises(WrongPassphrase):
        Journal.open(paths, "not the passphrase", clock=clock, derived=derived)
    assert derived[1].raw() == bytes(len(derived[1].raw()))


def test_a_missing_key_file_is_left_to_opening_to_explain(make_journal, clock):
    paths = _closed(make_journal).paths
    paths.meta.rename(paths.meta.with_suffix(".away"))
    assert derive_early(paths.meta, TEST_PASSPHRASE) is None
    with pytest.raises(Exception) as raised:
        Journal.open(paths, TEST_PASSPHRASE, clock=clock, derived=None)
    assert "journal.meta.json" in str(raised.value)
