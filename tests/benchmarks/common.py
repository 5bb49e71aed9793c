"""Shared by the benchmarks: the big sample journal (built once, cached), and tables.

The 10,000 people / 100,000 entries journal takes a while to build, so it is built once
per machine under ``tests/benchmarks/out/`` and reused; delete that folder to rebuild.
It is built with SQLCipher's memory wiping off (a throwaway journal), and benchmarks
then open it as the app would, with it on.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from journal.core.clock import FixedClock
from journal.core.keys import KdfParams
from journal.core.paths import JournalPaths

OUT = Path(__file__).parent / "out"
PASSPHRASE = "benchmark passphrase"
ANCHOR = "2026-11-24T09:00:00"
BIG = (10_000, 100_000)
#: The small journal: the sample journal's own size (what ``journal demo`` writes).
SMALL = (120, 900)
#: Set by ``run_all.py --ci``: fewer repeats, so the report costs CI minutes, not tens.
CI = False


def repeats(full: int, ci: int = 1) -> int:
    """How many times to repeat a measurement: ``full`` by hand, ``ci`` under ``--ci``."""
    return ci if CI else full


def clock() -> FixedClock:
    return FixedClock(ANCHOR)


def big_journal_paths(people: int = BIG[0], entries: int = BIG[1]) -> JournalPaths:
    """The cached sample journal of this size, built on first use (in a subprocess)."""
    paths = JournalPaths(OUT / f"sample-{people}-{entries}")
    if not paths.db.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "tests.benchmarks.common", str(people), str(entries)],
            check=True,
            cwd=Path(__file__).parents[2],
        )
    return paths


def small_journal_paths() -> JournalPaths:
    """The cached small sample journal (see ``SMALL``), built on first use."""
    return big_journal_paths(*SMALL)


def _build(people: int, entries: int) -> None:
    import journal.core.store as store
    from journal.core import sample
    from journal.core.journal import Journal

    store.MEMORY_SECURITY = False
    final = OUT / f"sample-{people}-{entries}"
    # Built beside its name and renamed when whole: a build that was stopped (50k / 1M
    # takes hours) is never taken for the finished journal.
    paths = JournalPaths(final.with_name(final.name + ".partial"))
    shutil.rmtree(paths.root, ignore_errors=True)
    start = time.perf_counter()
    journal = Journal.create(paths, PASSPHRASE, kdf=KdfParams.fresh(), clock=clock())

    def progress(done: int, total: int) -> None:
        if done % sample.BATCH == 0 or done == total:
            print(
                f"{done}/{total} entries, {time.perf_counter() - start:.0f} s,"
                f" RSS {rss_mb():.0f} MB",
                file=sys.stderr,
                flush=True,
            )

    sample.populate(journal, sample.SampleSpec(people=people, entries=entries), progress)
    journal.close()
    paths.root.rename(final)
    print(
        f"built {final.name} in {time.perf_counter() - start:.1f} s wall,"
        f" {time.process_time():.1f} s CPU",
        file=sys.stderr,
    )


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall times in milliseconds."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def wall_and_cpu(fn: Callable[[], Any]) -> tuple[tuple[float, float], Any]:
    """(wall, CPU) seconds of one call, and its value: on a shared machine the CPU time
    is the steadier figure."""
    start, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return (time.perf_counter() - start, time.process_time() - cpu), value


def wall_cpu_ms(times: tuple[float, float]) -> str:
    return f"{times[0] * 1000:8.0f} ms wall {times[1] * 1000:8.0f} ms CPU"


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary(values: Sequence[float]) -> str:
    return (
        f"p50 {statistics.median(values):8.2f} ms   p95 {percentile(values, 95):8.2f} ms"
        f"   n={len(values)}"
    )


def table(title: str, rows: Sequence[tuple[str, str]]) -> str:
    width = max(len(r[0]) for r in rows)
    lines = [f"## {title}", ""] + [f"  {name.ljust(width)}  {value}" for name, value in rows]
    return "\n".join(lines) + "\n"


def rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


if __name__ == "__main__":
    _build(int(sys.argv[1]), int(sys.argv[2]))
