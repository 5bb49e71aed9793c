"""A write-ahead log damaged after an unclean exit: told, and a copy kept; never silent.

A worker saves 40 entries (each its own transaction, acknowledged after its commit)
and is killed, so they sit in ``journal.db-wal``. The log is then damaged while the
journal is closed: 4 bytes overwritten a quarter of the way in, or the file cut in
half. Reopening must not quietly give back the entries before the damage and delete
the log: it says what was recovered and where a copy of the files as they were is
kept (``recovery/<time>/``, 0700/0600, byte-identical to what the crash left), and the
journal then opens with what was recovered. An undamaged log after a kill is
recovered whole, with no message and no copy.
"""

from __future__ import annotations

import hashlib
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.core import errors, wal
from journal.core.journal import Journal
from journal.core.paths import JournalPaths
from tests.reliability.harness import (
    PASSPHRASE,
    REPO,
    create_journal,
    entry_ids,
    integrity_problems,
    start_worker,
    workers,
)


def overwrite_a_quarter_in(wal: Path) -> None:
    data = bytearray(wal.read_bytes())
    at = len(data) // 4
    data[at : at + 4] = bytes(b ^ 0xFF for b in data[at : at + 4])
    wal.write_bytes(bytes(data))


def cut_in_half(wal: Path) -> None:
    data = wal.read_bytes()
    wal.write_bytes(data[: len(data) // 2])


def untouched(wal: Path) -> None:
    pass


def _killed_after_40(root: Path) -> tuple[JournalPaths, set[str]]:
    paths = create_journal(root)
    with workers() as started:
        worker = start_worker("hold", paths.root, "--count", "40")
        started.append(worker)
        worker.wait_for("saved")
        worker.kill()
    assert len(worker.acked) == 40 and paths.wal.stat().st_size > 0
    return paths, set(worker.acked)


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.mark.parametrize(
    "damage", [overwrite_a_quarter_in, cut_in_half], ids=["4 bytes a quarter in", "cut in half"]
)
def test_a_damaged_log_after_a_kill_is_told_and_a_copy_kept(
    tmp_path: Path, damage: Callable[[Path], None], summary
) -> None:
    paths, saved = _killed_after_40(tmp_path / "journal")
    damage(paths.wal)
    as_left = _digests(paths.root) | {}
    as_left = {name: digest for name, digest in as_left.items() if name.startswith("journal.db")}

    with pytest.raises(errors.RecoveredWithLoss) as caught:
        Journal.open(paths, PASSPHRASE)
    message = str(caught.value)
    copies = list((paths.root / "recovery").iterdir())
    assert len(copies) == 1, copies
    kept = copies[0]
    assert str(kept) in message and "not closed properly" in message, message
    assert "journal.db-wal" in message and "entries)" in message, message
    assert _digests(kept) == as_left, "the copy is not what the crash left"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in kept.iterdir())
    assert caught.value.exit_code == 14

    with Journal.open(paths, PASSPHRASE) as journal:  # then it opens with what was kept
        recovered = entry_ids(journal) & saved
        assert len(recovered) < 40 and not integrity_problems(journal)
    assert list((paths.root / "recovery").iterdir()) == [kept]  # the copy stays
    summary(
        f"unclean exit, log damaged ({damage.__name__}): 40 saved, {len(recovered)} "
        f"recovered, told with exit 14, copy of db, log and index kept at 0700/0600"
    )


def test_an_undamaged_log_after_a_kill_is_recovered_whole_without_a_copy(tmp_path):
    paths, saved = _killed_after_40(tmp_path / "journal")
    with Journal.open(paths, PASSPHRASE) as journal:
        assert saved <= entry_ids(journal)
    assert not (paths.root / "recovery").exists()


def test_the_cli_is_not_silent_about_it(tmp_path):
    paths, _ = _killed_after_40(tmp_path / "journal")
    overwrite_a_quarter_in(paths.wal)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "journal",
            "--data-dir",
            str(paths.root),
            "people",
            "--passphrase-stdin",
        ],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "PATH": ""},
        timeout=120,
    )
    assert result.returncode == 14, (result.returncode, result.stderr)
    assert "recovery" in result.stderr and "Traceback" not in result.stderr


# -- the log reader, fuzzed ----------------------------------------------------------------

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def crashed_log(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    paths, _ = _killed_after_40(tmp_path_factory.mktemp("crashed") / "journal")
    return paths.wal.read_bytes()


@FUZZ
@given(data=st.data())
def test_any_damage_to_the_log_is_read_without_error_and_mid_log_damage_is_seen(
    crashed_log, tmp_path, data
):
    """Whatever bytes the log holds, reading it gives an answer; damage to a frame
    that has later frames after it is always counted as frames recovery drops."""
    whole = wal.scan_wal_bytes(crashed_log)
    assert whole.dropped_after_damage == 0 and whole.recovered == whole.frames
    log = bytearray(crashed_log)
    frame = wal.FRAME_HEADER + 4096
    how = data.draw(st.sampled_from(["flip", "cut", "garbage"]))
    if how == "flip":
        index = data.draw(st.integers(0, whole.frames - 2))  # a frame with frames after it
        at = wal.WAL_HEADER + index * frame + data.draw(st.integers(16, frame - 1))
        log[at] ^= 1 << data.draw(st.integers(0, 7))
    elif how == "cut":
        del log[data.draw(st.integers(0, len(log) - 1)) :]
    else:
        log = bytearray(data.draw(st.binary(max_size=20_000)))
    path = tmp_path / "journal.db-wal"
    path.write_bytes(bytes(log))
    scan = wal.scan_wal(path)
    if how == "flip":
        assert scan is not None and scan.dropped_after_damage > 0
        assert wal.frames_lost(scan, None, wal.wal_salts(path)) > 0
    elif scan is not None:
        assert 0 <= scan.recovered <= scan.frames


@settings(max_examples=300, deadline=None)
@given(
    data=st.binary(min_size=0, max_size=9000).map(lambda b: b[: len(b) // 8 * 8]),
    big_endian=st.booleans(),
    s0=st.integers(0, 2**32 - 1),
    s1=st.integers(0, 2**32 - 1),
)
def test_the_fast_checksum_is_sqlites(data, big_endian, s0, s1):
    """The vectorised checksum equals SQLite's step-by-step one (walChecksumBytes)."""
    assert wal._checksum(data, big_endian, s0, s1) == wal._checksum_slow(data, big_endian, s0, s1)
