"""The keychain holds the derived key; each way it can fail is told apart."""

from __future__ import annotations

import keyring
import keyring.backends.fail
import pytest

from journal.core import errors
from journal.core.journal import Journal
from journal.core.keychain import Keychain
from journal.core.model import Person
from tests.conftest import TEST_PASSPHRASE
from tests.support.keyrings import BrokenKeyring


def test_remembered_journal_opens_without_typing(make_journal, keychain):
    journal = make_journal(remember=True)
    journal.add_person(Person(name="Hana Kim"))
    assert journal.is_remembered()
    paths = journal.paths
    journal.close()
    with Journal.open(paths, None, keychain=keychain) as reopened:
        assert reopened.query_people()[0].name == "Hana Kim"


def test_keychain_stores_the_derived_key_never_the_passphrase(make_journal, memory_keyring):
    make_journal(remember=True)
    stored = list(memory_keyring.secrets.values())
    assert len(stored) == 1
    assert TEST_PASSPHRASE not in stored[0]
    assert len(stored[0]) == 64 and int(stored[0], 16) >= 0  # 256-bit key, hex


def test_not_remembered_asks_for_the_passphrase(make_journal, keychain):
    journal = make_journal()
    paths = journal.paths
    journal.close()
    with pytest.raises(errors.NotRemembered):
        Journal.open(paths, None, keychain=keychain)


def test_forget_removes_the_key(make_journal, keychain):
    journal = make_journal(remember=True)
    journal.forget_key()
    assert not journal.is_remembered()
    journal.forget_key()  # forgetting twice is fine
    paths = journal.paths
    journal.close()
    with pytest.raises(errors.NotRemembered):
        Journal.open(paths, None, keychain=keychain)


def test_locked_keychain_is_not_reported_as_a_wrong_passphrase(
    make_journal, keychain, memory_keyring
):
    journal = make_journal(remember=True)
    paths = journal.paths
    journal.close()
    memory_keyring.locked = True
    with pytest.raises(errors.KeychainLocked) as caught:
        Journal.open(paths, None, keychain=keychain)
    assert "locked" in str(caught.value)
    assert not isinstance(caught.value, errors.WrongPassphrase)
    # Typing the passphrase still works while the keychain is locked.
    Journal.open(paths, TEST_PASSPHRASE, keychain=keychain).close()


def test_key_for_another_copy_is_a_mismatch_not_a_wrong_passphrase(
    make_journal, keychain, memory_keyring
):
    journal = make_journal(remember=True)
    paths = journal.paths
    journal.close()
    (service, user), _ = next(iter(memory_keyring.secrets.items()))
    memory_keyring.secrets[(service, user)] = "ab" * 32
    with pytest.raises(errors.KeychainKeyMismatch):
        Journal.open(paths, None, keychain=keychain)


def test_no_usable_backend_is_said_plainly(make_journal):
    fail = Keychain(keyring.backends.fail.Keyring())
    assert not fail.available()
    assert "unusable" in fail.backend_name()
    journal = make_journal()
    with pytest.raises(errors.KeychainUnavailable) as caught:
        Journal(journal._opened, keychain=fail).remember_key()
    assert "asked for it at each start" in str(caught.value)


def test_a_backend_that_fails_on_use_is_unavailable_and_create_still_succeeds(tmp_path, clock):
    from journal.core.keys import KdfParams
    from journal.core.paths import JournalPaths

    broken = Keychain(BrokenKeyring())
    journal = Journal.create(
        JournalPaths(tmp_path / "j"),
        TEST_PASSPHRASE,
        remember=True,
        keychain=broken,
        kdf=KdfParams.fresh(n=2**10),
        clock=clock,
    )
    assert not journal.is_remembered()
    paths = journal.paths
    journal.close()
    with pytest.raises(errors.KeychainUnavailable):
        Journal.open(paths, None, keychain=broken)


def test_key_never_shows_in_repr_or_errors(make_journal):
    journal = make_journal()
    key = journal._opened.key
    assert key.hex() not in repr(key) and key.hex() not in str(key)
    with pytest.raises(TypeError):
        import pickle

        pickle.dumps(key)


def test_keychain_is_asked_at_each_use(make_journal, memory_keyring, keychain):
    """Backends come and go: a keychain unlocked after start is used without restarting."""
    journal = make_journal(remember=True)
    paths = journal.paths
    journal.close()
    memory_keyring.locked = True
    with pytest.raises(errors.KeychainLocked):
        Journal.open(paths, None, keychain=keychain)
    memory_keyring.locked = False
    Journal.open(paths, None, keychain=keychain).close()


def test_default_keychain_uses_the_current_backend(make_journal, memory_keyring):
    assert keyring.get_keyring() is memory_keyring
    journal = make_journal()
    Journal(journal._opened).remember_key()
    assert len(memory_keyring.secrets) == 1
