"""Damaged and foreign files: each gets its own clear refusal, and nothing is touched.

A wrong passphrase, a file cut short, bit flips, random bytes, a plain SQLite file, a
journal from a newer Rapport and a read-only journal must each raise their own error
type with their own sentence (so the unlock dialog can say exactly what happened), and
every file in the journal's folder must be byte-identical afterwards.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import sqlcipher3

from journal.core import errors, migrations
from journal.core.journal import Journal
from journal.core.keys import KdfParams, derive_key
from journal.core.meta import read_meta
from journal.core.model import Person
from journal.core.paths import JournalPaths
from tests.reliability.harness import PASSPHRASE, copy_journal, file_hashes

PAGE = 4096


# -- the ways a file goes bad ---------------------------------------------------------


def truncate_to(offset: int | Callable[[int], int]) -> Callable[[JournalPaths], None]:
    def damage(paths: JournalPaths) -> None:
        data = paths.db.read_bytes()
        cut = offset(len(data)) if callable(offset) else offset
        paths.db.write_bytes(data[:cut])

    return damage


def flip_bits(*pages: int | Callable[[int], int]) -> Callable[[JournalPaths], None]:
    """Flip one bit in each of the given pages (0-based; callables get the page count)."""

    def damage(paths: JournalPaths) -> None:
        data = bytearray(paths.db.read_bytes())
        count = len(data) // PAGE
        for page in pages:
            number = page(count) if callable(page) else page
            data[number * PAGE + 1234] ^= 0x08
        paths.db.write_bytes(bytes(data))

    return damage


def random_bytes(size: int | None = None) -> Callable[[JournalPaths], None]:
    def damage(paths: JournalPaths) -> None:
        paths.db.write_bytes(os.urandom(size or paths.db.stat().st_size))

    return damage


def plaintext_sqlite(paths: JournalPaths) -> None:
    paths.db.unlink()
    conn = sqlite3.connect(paths.db)
    conn.execute("CREATE TABLE people (id TEXT PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO people VALUES ('1', 'Ana Lima')")
    conn.commit()
    conn.close()


def newer_schema(paths: JournalPaths) -> None:
    """What a later Rapport would leave: the same journal at a schema this one lacks."""
    key = derive_key(PASSPHRASE, read_meta(paths.meta).kdf)
    conn = sqlcipher3.connect(str(paths.db), isolation_level=None)
    conn.execute(f"PRAGMA key = {key.sqlcipher_pragma_value()}")
    conn.execute(f"PRAGMA user_version = {migrations.latest_version() + 1}")
    conn.execute("CREATE TABLE from_the_future (id INTEGER PRIMARY KEY)")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def newer_key_file(paths: JournalPaths) -> None:
    text = paths.meta.read_text().replace('"format": 1', '"format": 2')
    paths.meta.write_text(text)


def key_file_of_another_journal(paths: JournalPaths) -> None:
    """Another journal's key file copied over this one's (the database is fine)."""
    other = JournalPaths(paths.root.parent / "another journal")
    Journal.create(other, "the other journal's passphrase", kdf=KdfParams.fresh(n=2**10)).close()
    paths.meta.write_bytes(other.meta.read_bytes())


def key_file_asking_128_gib(paths: JournalPaths) -> None:
    """scrypt n=2^24 with r=64: 128 GiB of memory, from a file anyone could edit."""
    data = json.loads(paths.meta.read_text())
    data["kdf"].update(n=2**24, r=64)
    paths.meta.write_text(json.dumps(data))


def read_only_file(paths: JournalPaths) -> None:
    os.chmod(paths.db, 0o400)


def read_only_folder(paths: JournalPaths) -> None:
    os.chmod(paths.root, 0o500)


def nothing(paths: JournalPaths) -> None:
    pass


# case id -> (damage, passphrase, expected error type, words the sentence must hold)
CASES: dict[str, tuple[Callable[[JournalPaths], None], str, type[errors.JournalError], str]] = {
    "wrong passphrase": (nothing, "not the passphrase", errors.WrongPassphrase, "passphrase"),
    "truncated to 0 bytes": (truncate_to(0), PASSPHRASE, errors.EmptyFile, "empty"),
    "truncated inside page 1": (truncate_to(100), PASSPHRASE, errors.JournalTruncated, "cut short"),
    "truncated to 1 page": (truncate_to(PAGE), PASSPHRASE, errors.JournalTruncated, "cut short"),
    "truncated to half, on a page boundary": (
        truncate_to(lambda n: n // 2 // PAGE * PAGE),
        PASSPHRASE,
        errors.JournalTruncated,
        "cut short",
    ),
    "truncated to half, mid-page": (
        truncate_to(lambda n: n // 2 + 123),
        PASSPHRASE,
        errors.JournalTruncated,
        "cut short",
    ),
    "last page missing": (
        truncate_to(lambda n: n - PAGE),
        PASSPHRASE,
        errors.JournalTruncated,
        "cut short",
    ),
    "last byte missing": (
        truncate_to(lambda n: n - 1),
        PASSPHRASE,
        errors.JournalTruncated,
        "cut short",
    ),
    "bit flip in page 1": (flip_bits(0), PASSPHRASE, errors.JournalDamaged, "damaged"),
    "bit flip in page 2": (flip_bits(1), PASSPHRASE, errors.JournalDamaged, "damaged"),
    "bit flip mid-file": (
        flip_bits(lambda n: n // 2),
        PASSPHRASE,
        errors.JournalDamaged,
        "damaged",
    ),
    "bit flip in the last page": (
        flip_bits(lambda n: n - 1),
        PASSPHRASE,
        errors.JournalDamaged,
        "damaged",
    ),
    "bit flips in four pages": (
        flip_bits(2, 5, lambda n: n // 3, lambda n: n - 2),
        PASSPHRASE,
        errors.JournalDamaged,
        "damaged",
    ),
    "random bytes": (random_bytes(), PASSPHRASE, errors.ForeignFile, "not a Rapport journal"),
    "random bytes, odd size": (
        random_bytes(10_000),
        PASSPHRASE,
        errors.ForeignFile,
        "not a Rapport journal",
    ),
    "unencrypted SQLite file": (
        plaintext_sqlite,
        PASSPHRASE,
        errors.PlaintextDatabase,
        "unencrypted",
    ),
    "journal from a newer schema": (newer_schema, PASSPHRASE, errors.NewerVersion, "newer"),
    "key file from a newer Rapport": (newer_key_file, PASSPHRASE, errors.NewerVersion, "newer"),
    "key file of another journal": (
        key_file_of_another_journal,
        PASSPHRASE,
        errors.KeyFileMismatch,
        "journal.meta.json belongs to a different journal; put back this journal's key file",
    ),
    "key file asking 128 GiB of scrypt memory": (
        key_file_asking_128_gib,
        PASSPHRASE,
        errors.MissingKeyFile,
        "put back this journal's key file",
    ),
    "read-only file": (read_only_file, PASSPHRASE, errors.ReadOnlyJournal, "read-only"),
    "read-only folder": (read_only_folder, PASSPHRASE, errors.ReadOnlyJournal, "read-only"),
}


def _mode_bits(paths: JournalPaths) -> dict[str, int]:
    return {p.name: stat.S_IMODE(p.stat().st_mode) for p in [paths.root, *paths.root.iterdir()]}


@dataclass(frozen=True)
class Outcome:
    """What one case did: the refusal, and whether the folder was left as it was."""

    error: errors.JournalError
    #: The message with the folder's path taken out (sentences compared across cases).
    sentence: str
    unchanged: bool
    modes_kept: bool
    #: Damage opening does not read: found by the page check after opening, which then
    #: stops writes (once a day in the background, before any backup or migration).
    by_page_check: bool


def _refusal(paths: JournalPaths, passphrase: str, expected: type) -> tuple[Exception, bool]:
    """The refusal at open or, for damage opening does not read, from the page check,
    after which no write goes through and closing leaves the files as they were."""
    try:
        journal = Journal.open(paths, passphrase)
    except errors.JournalError as exc:
        return exc, False
    try:
        assert expected is errors.JournalDamaged, f"opened despite {expected.__name__}"
        with pytest.raises(errors.JournalError) as caught:
            journal.check_pages()
        with pytest.raises(type(caught.value)):
            journal.add_person(Person(name="Written over damage"))
    finally:
        journal.close()
    return caught.value, True


def _attempt(case: str, damaged: JournalPaths) -> Outcome:
    """Damage a fresh copy the way ``case`` says and try to open it."""
    damage, passphrase, expected, _ = CASES[case]
    damage(damaged)
    before, modes = file_hashes(damaged.root), _mode_bits(damaged)
    error, by_page_check = _refusal(damaged, passphrase, expected)
    after = file_hashes(damaged.root)
    os.chmod(damaged.root, 0o700)
    assert isinstance(error, errors.JournalError), f"{case}: {type(error).__name__}: {error}"
    return Outcome(
        error=error,
        sentence=str(error).replace(str(damaged.root), "<folder>"),
        unchanged=before == after,
        modes_kept=_mode_bits(damaged) == modes | {damaged.root.name: 0o700},
        by_page_check=by_page_check,
    )


def _assert_refused_well(case: str, outcome: Outcome) -> None:
    _, _, expected, words = CASES[case]
    error = outcome.error
    assert type(error) is expected, f"{case}: {type(error).__name__}: {error}"
    message = str(error)
    assert words.lower() in message.lower(), message
    if expected is errors.JournalTruncated:  # never mistaken for a wrong passphrase
        assert "passphrase is right" in message, message
    assert "Traceback" not in message and "sqlite" not in message.lower().replace(
        "unencrypted sqlite database", ""
    ), message
    assert outcome.unchanged, f"{case}: opening changed the files"
    assert outcome.modes_kept, f"{case}: opening changed the files' permissions"


@pytest.mark.parametrize("case", list(CASES))
def test_each_bad_file_is_refused_with_its_own_message_and_left_as_it_was(case, damaged):
    _assert_refused_well(case, _attempt(case, damaged))


def test_each_kind_of_bad_file_has_its_own_type_and_sentence(summary, pristine, tmp_path):
    """Every case, run here on its own copy: no two kinds of trouble share a type or a
    sentence."""
    seen: dict[str, Outcome] = {}
    for number, case in enumerate(CASES):
        seen[case] = _attempt(case, copy_journal(pristine, tmp_path / f"case-{number}"))
        _assert_refused_well(case, seen[case])
    sentences: dict[str, set[str]] = {}
    for outcome in seen.values():
        sentences.setdefault(type(outcome.error).__name__, set()).add(outcome.sentence)
    expected_kinds = {expected.__name__ for _, _, expected, _ in CASES.values()}
    shared = [(a, b) for a in sentences for b in sentences if a < b and sentences[a] & sentences[b]]
    unchanged = sum(o.unchanged for o in seen.values())
    by_page_check = sum(o.by_page_check for o in seen.values())
    line = summary(
        f"damaged and foreign files: {len(seen)} cases, {len(sentences)} distinct error "
        f"types and sentences for {len(expected_kinds)} kinds of trouble, {unchanged} of "
        f"{len(seen)} folders left byte-identical; {by_page_check} found "
        "by the page check after opening (writes then refused), the rest at open"
    )
    assert set(sentences) == expected_kinds, line
    assert not shared, f"{line}; these share a sentence: {shared}"
    assert unchanged == len(seen), line
