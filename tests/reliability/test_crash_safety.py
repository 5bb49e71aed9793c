"""Crash safety: a journal survives its process being killed at any moment.

A real worker process writes entries through the ``Journal`` facade in every way the app
does (single entries, batches, quick capture creating people, checkpoints, closing and
reopening) and prints each entry's id only after its transaction committed. The test
SIGKILLs it at random moments, 100 times. After each kill, a copy of the journal's files
as the kill left them must open, pass SQLite's ``integrity_check`` and SQLCipher's
``cipher_integrity_check``, and hold every entry ever acknowledged. The next worker
then opens the original files, so recovery after a crash is itself killed too.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from journal.core import errors
from journal.core.journal import Journal
from journal.core.model import Entry
from journal.core.paths import JournalPaths
from tests.reliability.harness import (
    PASSPHRASE,
    Worker,
    create_journal,
    entry_ids,
    integrity_problems,
    start_worker,
    workers,
)

KILLS = 100
#: A quarter of the kills aim at the open itself (WAL recovery after the previous kill,
#: the page check): they land within this long after the worker says it is about to
#: open. The rest land within ``MAX_DELAY_S`` after it says the journal is open.
EARLY_SHARE = 0.25
EARLY_DELAY_S = 0.02
MAX_DELAY_S = 0.3


def _wait_and_kill(worker: Worker, rng: random.Random) -> None:
    worker.wait_for("ready")
    if rng.random() >= EARLY_SHARE:
        worker.wait_for("opened")
        time.sleep(rng.uniform(0, MAX_DELAY_S))
    else:
        time.sleep(rng.uniform(0, EARLY_DELAY_S))
    worker.kill()


def _copy_as_left(paths: JournalPaths, target: Path) -> JournalPaths:
    """The files a crash left (database, WAL, metadata), copied to look at them without
    disturbing what the next worker finds. The -shm index is left out on purpose: it is
    rebuilt from the WAL, which is what recovery after a power cut has to do anyway."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(mode=0o700)
    for source in (paths.db, paths.wal, paths.meta):
        if source.exists():
            shutil.copy2(source, target / source.name)
    return JournalPaths(target)


@pytest.mark.slow
def test_killing_the_writer_at_random_moments_loses_no_acknowledged_entry(tmp_path, summary):
    seed = int(os.environ.get("RAPPORT_CRASH_SEED", time.time_ns() % 1_000_000))
    rng = random.Random(seed)
    paths = create_journal(tmp_path / "journal")
    acknowledged: set[str] = set()
    lost: set[str] = set()
    integrity_failures: list[str] = []
    worker_failures: list[str] = []
    kills_while_writing = 0

    with workers() as started:
        for round_no in range(KILLS):
            worker = start_worker("write", paths.root, "--seed", str(round_no))
            started.append(worker)
            _wait_and_kill(worker, rng)
            if worker.errors or worker.proc.returncode != -signal.SIGKILL:
                worker_failures.append(f"round {round_no}: {worker.errors} {worker.stderr()}")
            kills_while_writing += "opened" in worker.lines
            acknowledged.update(worker.acked)

            copy = _copy_as_left(paths, tmp_path / "after-kill")
            journal = Journal.open(copy, PASSPHRASE)
            try:
                problems = integrity_problems(journal)
                missing = acknowledged - entry_ids(journal)
            finally:
                journal.close()
            if problems:
                integrity_failures.append(f"round {round_no}: {problems[:3]}")
            lost |= missing

    line = summary(
        f"crash safety: {KILLS} kills ({kills_while_writing} while writing, "
        f"{KILLS - kills_while_writing} while starting or opening), "
        f"{len(acknowledged)} acknowledged entries, {len(lost)} lost, "
        f"{len(integrity_failures)} integrity failures (seed {seed})"
    )
    assert not worker_failures, f"{line}; a worker failed on its own: {worker_failures[:3]}"
    assert not integrity_failures, f"{line}: {integrity_failures[:3]}"
    assert not lost, f"{line}: lost {sorted(lost)[:5]}"
    assert kills_while_writing >= KILLS // 2, f"{line}: too few kills landed mid-write"


PASSPHRASES = ["first passphrase", "second passphrase", "third passphrase"]
REKEY_KILLS = 30


@pytest.mark.slow
def test_killing_a_passphrase_change_at_random_moments_never_locks_the_user_out(tmp_path, summary):
    """A passphrase change rewrites every page; killed anywhere, the journal must open
    with the passphrase last confirmed or the one being set, lose nothing, and tell a
    user who types the other one which of the two to use."""
    seed = int(os.environ.get("RAPPORT_CRASH_SEED", time.time_ns() % 1_000_000))
    rng = random.Random(seed)
    paths = create_journal(tmp_path / "journal", PASSPHRASES[0])
    with Journal.open(paths, PASSPHRASES[0]) as journal:  # some size, so a rekey takes time
        journal.add_entries(
            [
                Entry(
                    occurred_at=datetime(2025, 1, 1) + timedelta(hours=n), body="filler text " * 300
                )
                for n in range(600)
            ]
        )
    current = 0
    acknowledged: set[str] = set()
    locked_out: list[str] = []
    refusals: list[errors.JournalError] = []
    lost: set[str] = set()
    problems: list[str] = []
    mid_change = 0
    with workers() as started:
        for round_no in range(REKEY_KILLS):
            others = PASSPHRASES[current + 1 :] + PASSPHRASES[: current + 1]
            worker = start_worker(
                "rekey",
                paths.root,
                passphrase=PASSPHRASES[current],
                stdin_lines=("|".join(others),),
            )
            started.append(worker)
            worker.wait_for("opened")
            time.sleep(rng.uniform(0, 0.5))
            worker.kill()
            acknowledged.update(worker.acked)
            changes = [line for line in worker.lines if line.startswith("changed ")]
            confirmed = others[int(changes[-1].split()[1])] if changes else PASSPHRASES[current]
            in_flight = others[len(changes) % len(others)]
            # The user may try either: the one they last set, or the one they were setting.
            tries = [confirmed, in_flight] if rng.random() < 0.5 else [in_flight, confirmed]
            opened_with = None
            for passphrase in tries:
                try:
                    journal = Journal.open(paths, passphrase)
                except errors.JournalError as exc:
                    refusals.append(exc)
                    continue
                opened_with = passphrase
                with journal:
                    problems += integrity_problems(journal)
                    lost |= acknowledged - entry_ids(journal)
                break
            if opened_with is None:
                locked_out.append(f"round {round_no}: {refusals[-2:]}")
                break
            mid_change += opened_with != confirmed
            current = PASSPHRASES.index(opened_with)

    not_about_passphrase = [e for e in refusals if not isinstance(e, errors.WrongPassphrase)]
    line = summary(
        f"crash safety of passphrase changes: {REKEY_KILLS} kills, {mid_change} with the "
        f"change already on disk, {len(locked_out)} lock-outs, {len(lost)} entries lost, "
        f"{len(problems)} integrity problems, {len(refusals)} refusals of the other "
        f"passphrase, {len(not_about_passphrase)} not saying which to use (seed {seed})"
    )
    assert not locked_out, f"{line}: {locked_out}"
    assert not lost and not problems, f"{line}: {problems[:3]}"
    assert not not_about_passphrase, f"{line}: {not_about_passphrase[:2]}"
