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
from pathlib import Path

import pytest

from journal.core.journal import Journal
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
