"""Key files and backup descriptions, from anywhere: every value is checked before use.

``journal.meta.json`` is neither secret nor authenticated, and a backup is a file that
may come from anywhere, so whoever writes them chooses scrypt's parameters, the format
number and every type. Each bad value gets a sentence naming the file and what to do
(exit 4 from the CLI), never a traceback or a 128 GiB allocation, and no file changes.
Hypothesis then replaces any value of a real key file and of a real backup's
description and key file with any JSON at all, as ``test_import_fuzz`` does for imports.

A key file copied from another journal is told as such, whichever passphrase is typed.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.core import backup, errors
from journal.core.journal import Journal
from journal.core.keys import KdfParams
from journal.core.meta import read_meta
from journal.core.paths import JournalPaths
from tests.reliability.harness import PASSPHRASE, REPO, Tally, copy_journal, file_hashes
from tests.reliability.worker import FAST_KDF_N

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _kdf(**changes: Any) -> Any:
    return lambda data: data["kdf"].update(changes)


def _set(key: str, value: Any) -> Any:
    return lambda data: data.update({key: value})


def _drop(key: str) -> Any:
    return lambda data: data.pop(key)


# case -> change to the key file's JSON (the expected refusal is MissingKeyFile)
BAD_VALUES = {
    "n=3 (not a power of two)": _kdf(n=3),
    "n=-1": _kdf(n=-1),
    "n=0": _kdf(n=0),
    "n=1": _kdf(n=1),
    "n=2^40": _kdf(n=2**40),
    "n=2^24 with r=64 (128 GiB)": _kdf(n=2**24, r=64),
    "n=2^20 with r=16 (2 GiB)": _kdf(n=2**20, r=16),
    "r=0": _kdf(r=0),
    "p=0": _kdf(p=0),
    "p=2^30": _kdf(p=2**30),
    "n as a string": _kdf(n="1024"),
    "n as a float": _kdf(n=1024.0),
    "n as true": _kdf(n=True),
    "n missing": lambda data: data["kdf"].pop("n"),
    "an unknown key derivation": _kdf(name="argon2id"),
    "salt not base64": _kdf(salt="not base64!"),
    "salt of 2 bytes": _kdf(salt="AAA="),
    "salt a number": _kdf(salt=7),
    "kdf a list": _set("kdf", [1, 2]),
    "kdf missing": _drop("kdf"),
    "format a string": _set("format", "one"),
    "format 0": _set("format", 0),
    "format missing": _drop("format"),
    "journal id a number": _set("journal_id", 12),
    "journal id missing": _drop("journal_id"),
    "key check a list": _set("key_check", ["x"]),
    "key check short": _set("key_check", "abc"),
    "database tag a number": _set("db_tag", 5),
}


@pytest.fixture(scope="module")
def pristine_small(tmp_path_factory: pytest.TempPathFactory) -> JournalPaths:
    paths = JournalPaths(tmp_path_factory.mktemp("small") / "journal")
    Journal.create(paths, PASSPHRASE, kdf=KdfParams.fresh(n=FAST_KDF_N)).close()
    return paths


@pytest.fixture
def small(pristine_small: JournalPaths, tmp_path: Path) -> JournalPaths:
    return copy_journal(pristine_small, tmp_path / "journal")


def _edit_meta(paths: JournalPaths, change: Any) -> None:
    data = json.loads(paths.meta.read_text())
    change(data)
    paths.meta.write_text(json.dumps(data))


@pytest.mark.parametrize("case", list(BAD_VALUES))
def test_each_bad_key_file_value_is_refused_with_a_sentence(case, small):
    _refused_with_a_sentence(case, small)


def _refused_with_a_sentence(case: str, small: JournalPaths) -> None:
    _edit_meta(small, BAD_VALUES[case])
    before = file_hashes(small.root)
    with pytest.raises(errors.MissingKeyFile) as caught:
        Journal.open(small, PASSPHRASE)
    message = str(caught.value)
    assert "journal.meta.json" in message and "backup" in message, f"{case}: {message}"
    assert caught.value.exit_code == 4, case
    assert file_hashes(small.root) == before, f"{case}: the folder changed"


def test_every_named_bad_value_is_refused_with_a_sentence(summary, pristine_small, tmp_path):
    """Every named bad value, each on its own copy, run here (no other test needed)."""
    for number, case in enumerate(BAD_VALUES):
        _refused_with_a_sentence(case, copy_journal(pristine_small, tmp_path / f"case-{number}"))
    summary(
        f"key files: {len(BAD_VALUES)} named bad values refused with a sentence naming the "
        "file, exit code 4, folder unchanged"
    )


def test_the_cli_says_so_with_exit_4_and_no_traceback(small):
    _edit_meta(small, BAD_VALUES["n=2^24 with r=64 (128 GiB)"])
    before = file_hashes(small.root)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "journal",
            "--data-dir",
            str(small.root),
            "people",
            "--passphrase-stdin",
        ],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "PATH": ""},
        timeout=60,
    )
    assert result.returncode == 4, result.stderr
    assert "journal.meta.json" in result.stderr and "n=16777216" in result.stderr
    assert "Traceback" not in result.stderr
    assert file_hashes(small.root) == before


def test_a_key_file_of_another_journal_is_told_whichever_passphrase_is_typed(small, tmp_path):
    other = JournalPaths(tmp_path / "other")
    Journal.create(other, "other passphrase", kdf=KdfParams.fresh(n=FAST_KDF_N)).close()
    mine = small.meta.read_bytes()
    small.meta.write_bytes(other.meta.read_bytes())
    before = file_hashes(small.root)
    for passphrase in (PASSPHRASE, "other passphrase", "neither"):
        with pytest.raises(errors.KeyFileMismatch) as caught:
            Journal.open(small, passphrase)
        assert str(caught.value).startswith(
            f"{small.meta} belongs to a different journal; put back this journal's key "
            "file (a backup holds one)."
        )
    assert file_hashes(small.root) == before
    # Putting the right one back is all it takes.
    small.meta.write_bytes(mine)
    Journal.open(small, PASSPHRASE).close()


def test_a_key_file_from_before_database_tags_opens_and_gets_its_tag(small, tmp_path):
    _edit_meta(small, _drop("db_tag"))
    with Journal.open(small, PASSPHRASE):
        pass
    assert read_meta(small.meta).db_tag is not None
    # And from then on, another journal's key file is told apart.
    other = JournalPaths(tmp_path / "other")
    Journal.create(other, "other passphrase", kdf=KdfParams.fresh(n=FAST_KDF_N)).close()
    mine = small.meta.read_bytes()
    small.meta.write_bytes(other.meta.read_bytes())
    with pytest.raises(errors.KeyFileMismatch):
        Journal.open(small, PASSPHRASE)
    small.meta.write_bytes(mine)
    Journal.open(small, PASSPHRASE).close()


def test_the_key_file_keeps_fitting_after_a_passphrase_change_and_a_restore(small, tmp_path):
    journal = Journal.open(small, PASSPHRASE)
    made = backup.backup(journal, tmp_path)
    journal.change_passphrase(PASSPHRASE, "new passphrase")
    journal.close()
    Journal.open(small, "new passphrase").close()
    backup.restore_backup(small, made, PASSPHRASE)
    Journal.open(small, PASSPHRASE).close()
    meta = read_meta(small.meta)
    assert meta.fits_database(small.db.read_bytes()[:16]) is True


# -- fuzzing the key file ------------------------------------------------------------------

text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=20)
any_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([0, 1, 2, 3, -1, 2**10, 2**24, 2**63, 64, 0.5])
    | st.floats(allow_nan=True)
    | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=6,
)


@st.composite
def mutated_key_file(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    data = json.loads(json.dumps(base))
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(["top", "kdf", "whole"]))
        if where == "whole":
            return {"whole": draw(any_json)}
        target = data if where == "top" or not isinstance(data.get("kdf"), dict) else data["kdf"]
        key = draw(st.sampled_from([*sorted(target), "extra"]))
        if draw(st.booleans()) and key in target:
            del target[key]
        else:
            target[key] = draw(any_json)
    return data


@pytest.fixture
def tally(summary: Callable[[str], str]) -> Iterator[Tally]:
    """Counts this test's examples and states its summary line once they have all run."""
    counts = Tally()
    yield counts
    if counts.counts:
        summary(
            "key files and backups fuzzed: "
            + "; ".join(counts.parts("opened"))
            + "; no traceback, no refused file changed anything"
        )


@FUZZ
@given(data=st.data())
def test_fuzzed_key_files_open_or_are_refused_with_a_sentence(small, tally, data):
    base = json.loads(small.meta.read_text())
    original = small.meta.read_bytes()
    mutated = data.draw(mutated_key_file(base))
    small.meta.write_text(json.dumps(mutated.get("whole", mutated)))
    before = file_hashes(small.root)
    try:
        Journal.open(small, PASSPHRASE).close()
    except errors.JournalError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        assert file_hashes(small.root) == before, "a refused key file changed the folder"
        tally.add("key file", refused=True)
    else:
        tally.add("key file", refused=False)
    small.meta.write_bytes(original)


# -- fuzzing a backup's description and key file -------------------------------------------


@pytest.fixture(scope="module")
def good_backup(pristine_small: JournalPaths, tmp_path_factory: pytest.TempPathFactory) -> Path:
    with Journal.open(pristine_small, PASSPHRASE) as journal:
        return backup.backup(journal, tmp_path_factory.mktemp("backups"))


def _rewrite(good: Path, out: Path, name: str, content: bytes) -> Path:
    with tarfile.open(good) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    members[name] = content
    with tarfile.open(out, "w") as tar:
        for member, data in members.items():
            info = tarfile.TarInfo(member)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out


def _member(path: Path, name: str) -> dict[str, Any]:
    with tarfile.open(path) as tar:
        return json.loads(tar.extractfile(name).read())


@FUZZ
@given(data=st.data(), which=st.sampled_from(["backup.json", "journal.meta.json"]))
def test_fuzzed_backups_list_check_and_restore_or_are_refused(
    small, good_backup, tmp_path, tally, data, which
):
    base = _member(good_backup, which)
    mutated = data.draw(mutated_key_file(base) if which != "backup.json" else _description(base))
    content = json.dumps(mutated.get("whole", mutated) if "whole" in mutated else mutated)
    (small.backups).mkdir(exist_ok=True, mode=0o700)
    bad = _rewrite(good_backup, small.backups / "fuzzed.rapport-backup", which, content.encode())
    backup.list_backups(small)  # lists what it can read, never raises
    before = file_hashes(small.root)
    outcome = 0
    for step in (
        lambda: backup.read_backup_info(bad),
        lambda: backup.verify_backup(bad, PASSPHRASE),
        lambda: backup.restore_backup(small, bad, PASSPHRASE),
    ):
        try:
            step()
        except errors.JournalError as exc:
            assert str(exc) and "Traceback" not in str(exc)
            outcome = 1
            break
    if outcome:
        assert file_hashes(small.root) == before, "a refused backup changed the journal"
    else:
        Journal.open(small, PASSPHRASE).close()  # what was restored opens
    tally.add(f"backup {which}", refused=bool(outcome))


@st.composite
def _description(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    data = dict(base)
    for _ in range(draw(st.integers(1, 3))):
        key = draw(st.sampled_from([*sorted(data), "extra"]))
        if draw(st.booleans()) and key in data:
            del data[key]
        else:
            data[key] = draw(any_json)
    return data
