"""The sample journal's key begun as ``journal demo`` starts (``EarlyKey``): the journal
opens with it as with the passphrase; it is handed over once, only for the key file and
passphrase it was derived for; a key nobody takes is wiped, even one still being
derived when the start ends."""

from __future__ import annotations

import threading

from journal.core.early_key import EarlyKey
from journal.core.journal import Journal
from journal.core.keys import derive_key
from journal.core.meta import read_meta
from journal.core.model import Person
from tests.conftest import TEST_PASSPHRASE


def _zero(key) -> bool:
    return key.raw() == bytes(len(key.raw()))


def _closed_journal(make_journal):
    journal = make_journal()
    journal.add_person(Person(name="Ana Lima"))
    journal.close()
    return journal.paths


def test_the_journal_opens_with_the_key_begun_early(make_journal, clock):
    paths = _closed_journal(make_journal)
    early = EarlyKey(paths.meta, TEST_PASSPHRASE)
    derived = early.take(paths.meta, TEST_PASSPHRASE)
    assert derived is not None
    assert derived[1].raw() == derive_key(TEST_PASSPHRASE, read_meta(paths.meta).kdf).raw()
    with Journal.open(paths, TEST_PASSPHRASE, clock=clock, derived=derived) as journal:
        assert [p.name for p in journal.people()] == ["Ana Lima"]
    assert early.take(paths.meta, TEST_PASSPHRASE) is None, "handed over once"


def test_another_passphrase_or_journal_gets_nothing_and_the_key_is_wiped(make_journal, tmp_path):
    paths = _closed_journal(make_journal)
    for meta, passphrase in (
        (paths.meta, "typed something else"),
        (tmp_path / "other", TEST_PASSPHRASE),
    ):
        early = EarlyKey(paths.meta, TEST_PASSPHRASE)
        early._thread.join()
        key = early._derived[1]
        assert early.take(meta, passphrase) is None
        assert _zero(key)


def test_a_key_file_that_cannot_be_read_leaves_opening_to_say_why(tmp_path):
    early = EarlyKey(tmp_path / "missing.meta.json", TEST_PASSPHRASE)
    assert early.take(tmp_path / "missing.meta.json", TEST_PASSPHRASE) is None


def test_a_key_nobody_takes_is_wiped_even_if_scrypt_ends_after_the_start(make_journal, monkeypatch):
    paths = _closed_journal(make_journal)
    release = threading.Event()
    keys = []
    from journal.core import meta

    real = meta.derive_early

    def slow(meta_path, passphrase):
        release.wait(10)
        derived = real(meta_path, passphrase)
        keys.append(derived[1])
        return derived

    monkeypatch.setattr(meta, "derive_early", slow)
    early = EarlyKey(paths.meta, TEST_PASSPHRASE)
    early.discard()  # the app quit while scrypt still ran: discard does not wait
    release.set()
    early._thread.join()
    assert len(keys) == 1 and _zero(keys[0])
    assert early.take(paths.meta, TEST_PASSPHRASE) is None
