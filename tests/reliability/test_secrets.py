"""Secrets: the passphrase and the key never reach logs, error text, a process's
arguments or environment; SQLCipher wipes the memory it frees.

Every path that handles the passphrase or the key is walked with logging captured at
DEBUG (create and remember, open by passphrase and by keychain, a wrong passphrase, a
locked or broken keychain, a remembered key for another copy, a damaged file, a
passphrase change and a wrong current passphrase, a backup, the CLI), and every error
raised on the way is formatted with its full traceback and chained causes.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from journal.core import errors
from journal.core.journal import Journal
from journal.core.keychain import Keychain
from journal.core.keys import KdfParams, Key
from journal.core.model import Entry
from journal.core.paths import JournalPaths
from tests.reliability.harness import PASSPHRASE, REPO, create_journal, start_worker, workers
from tests.reliability.worker import FAST_KDF_N
from tests.support.components import require
from tests.support.keyrings import BrokenKeyring, MemoryKeyring

NEW_PASSPHRASE = "a brand new passphrase 0815"


def _secret_forms(*secrets: str | Key) -> list[str]:
    forms = []
    for secret in secrets:
        if isinstance(secret, Key):
            forms += [secret.hex(), secret.hex().upper(), repr(secret.raw())]
        else:
            forms += [secret, secret.encode().hex(), repr(secret.encode())]
    return forms


def _formatted(exc: BaseException) -> str:
    """What a crash reporter or a log line with exc_info would show, causes included."""
    return "".join(traceback.format_exception(exc)) + repr(exc) + str(exc)


def _open_and_check(paths: JournalPaths, passphrase: str) -> None:
    """Damage opening does not read is found by the page check (off the open path)."""
    journal = Journal.open(paths, passphrase)
    try:
        journal.check_pages()
    finally:
        journal.close()


def test_no_secret_in_logs_or_error_text_on_any_path(tmp_path, caplog, summary):
    caplog.set_level(logging.DEBUG)
    raised: list[BaseException] = []
    keyring = MemoryKeyring()
    keychain = Keychain(keyring)
    paths = JournalPaths(tmp_path / "journal")

    def expect(error: type[BaseException], action: Callable[[], object]) -> None:
        with pytest.raises(error) as caught:
            action()
        raised.append(caught.value)

    journal = Journal.create(
        paths, PASSPHRASE, remember=True, keychain=keychain, kdf=KdfParams.fresh(n=FAST_KDF_N)
    )
    old_key = Key.from_hex(journal._opened.key.hex())  # a copy: the journal wipes its own
    journal.add_entry(Entry(occurred_at=datetime(2026, 11, 24, 9), body="coffee with Ana"))
    journal.backup_to(tmp_path / "backup.journal.db")
    expect(errors.WrongPassphrase, lambda: journal.change_passphrase("not it", NEW_PASSPHRASE))
    journal.close()

    expect(errors.WrongPassphrase, lambda: Journal.open(paths, "not the passphrase"))
    Journal.open(paths, None, keychain=keychain).close()
    keyring.locked = True
    expect(errors.KeychainLocked, lambda: Journal.open(paths, None, keychain=keychain))
    keyring.locked = False
    expect(
        errors.KeychainUnavailable,
        lambda: Journal.open(paths, None, keychain=Keychain(BrokenKeyring())),
    )

    journal = Journal.open(paths, PASSPHRASE, keychain=keychain)
    journal.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
    new_key = Key.from_hex(journal._opened.key.hex())
    journal.close()
    keyring.secrets = {k: old_key.hex() for k in keyring.secrets}  # an older copy's key
    expect(errors.KeychainKeyMismatch, lambda: Journal.open(paths, None, keychain=keychain))

    data = bytearray(paths.db.read_bytes())
    data[len(data) // 2] ^= 1
    paths.db.write_bytes(bytes(data))
    expect(errors.JournalDamaged, lambda: _open_and_check(paths, NEW_PASSPHRASE))

    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "journal",
            "--data-dir",
            str(paths.root),
            "backup",  # checks every page first (opening no longer does)
            "--passphrase-stdin",
        ],
        input=f"{NEW_PASSPHRASE}\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
        timeout=60,
    )
    texts = {
        "logs": caplog.text,
        "errors": "\n".join(map(_formatted, raised)),
        "CLI output": cli.stdout + cli.stderr,
        "environment": "\n".join(os.environ.values()),
    }
    secrets = _secret_forms(PASSPHRASE, NEW_PASSPHRASE, old_key, new_key)
    leaks = [(where, s) for where, text in texts.items() for s in secrets if s in text]
    line = summary(
        f"secrets: {len(raised)} errors on {len(raised)} failure paths, "
        f"{len(caplog.records)} log records at DEBUG and the CLI's output searched for 2 "
        f"passphrases and 2 keys in {len(secrets)} forms: {len(leaks)} leaks"
    )
    assert cli.returncode == 4, cli.stderr  # the damaged file, said in one sentence
    assert len({type(e) for e in raised}) == 5, raised
    assert not leaks, f"{line}: {leaks}"
    # The keychain holds the derived key, never the passphrase.
    assert all(PASSPHRASE not in v and NEW_PASSPHRASE not in v for v in keyring.secrets.values())


def _proc_text(pid: int, name: str) -> str:
    return Path(f"/proc/{pid}/{name}").read_bytes().replace(b"\0", b"\n").decode(errors="replace")


def test_a_worker_process_shows_no_secret_in_its_arguments_or_environment(tmp_path, summary):
    require(
        Path("/proc/self/environ").exists(),
        "/proc (Linux), to read another process's arguments and environment",
    )
    paths = create_journal(tmp_path / "journal")
    with workers() as started:
        worker = start_worker("write", paths.root, "--seed", "5")
        started.append(worker)
        worker.wait_for("opened")
        worker.wait_for("ack")
        cmdline = _proc_text(worker.pid, "cmdline")
        environ = _proc_text(worker.pid, "environ")
        worker.kill()
    line = summary(
        f"secrets: a journal process's arguments ({len(cmdline.split())} words) and "
        f"environment ({len(environ.splitlines())} variables) hold no passphrase"
    )
    assert "tests.reliability.worker" in cmdline  # we read the right process
    assert PASSPHRASE not in cmdline and PASSPHRASE not in environ, line


def test_sqlcipher_wipes_the_memory_it_frees(journal, summary):
    """cipher_memory_security zeroes every buffer SQLCipher frees, so page contents and
    keys do not linger in the heap for a core dump or swap to find."""
    created = journal.store.query("PRAGMA cipher_memory_security")[0][0]
    paths = journal.paths
    journal.close()
    with Journal.open(paths, "correct horse battery staple") as reopened:
        opened = reopened.store.query("PRAGMA cipher_memory_security")[0][0]
    summary(
        f"secrets: cipher_memory_security is {created} on a new journal and {opened} on "
        "an opened one"
    )
    assert str(created) == str(opened) == "1"
