"""Insights on the 10k people / 100k entries journal: reading the snapshot, computing
every insight, the two together (what the Insights screen shows first), and the
reminder engine's weekly reconnection (fetched after it, and by `journal insights`).

Wall time and process CPU time are both shown: on a shared machine the wall time
includes waiting for a core, the CPU time is what the work itself costs.
"""

from __future__ import annotations

import time

from journal.core.insights import compute, take_snapshot, weekly_reconnect
from journal.core.journal import Journal
from tests.benchmarks.common import PASSPHRASE, big_journal_paths, clock, repeats, summary, table

REPEAT = 7


def _times(fn: object) -> tuple[list[float], list[float]]:
    wall, cpu = [], []
    for _ in range(repeats(REPEAT, 2)):
        w, c = time.perf_counter(), time.process_time()
        fn()  # type: ignore[operator]
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return wall, cpu


def run() -> str:
    journal = Journal.open(big_journal_paths(), PASSPHRASE, clock=clock())
    try:
        snap = take_snapshot(journal)
        read_wall, read_cpu = _times(lambda: take_snapshot(journal))
        compute_wall, compute_cpu = _times(lambda: compute(snap))
        all_wall, all_cpu = _times(lambda: compute(take_snapshot(journal)))
        week_wall, week_cpu = _times(lambda: weekly_reconnect(journal, snap=snap))
        ins = compute(snap)
    finally:
        journal.close()
    return table(
        "Insights (10,000 people, 100,000 entries)",
        [
            ("read the snapshot (SQL), wall", summary(read_wall)),
            ("read the snapshot (SQL), cpu", summary(read_cpu)),
            ("compute every insight, wall", summary(compute_wall)),
            ("compute every insight, cpu", summary(compute_cpu)),
            ("read + compute (the screen), wall", summary(all_wall)),
            ("read + compute (the screen), cpu", summary(all_cpu)),
            ("the engine's weekly reconnection, wall", summary(week_wall)),
            ("the engine's weekly reconnection, cpu", summary(week_cpu)),
            ("active ties / people", f"{len(ins.active)} / {ins.people}"),
        ],
    )


if __name__ == "__main__":
    print(run())
