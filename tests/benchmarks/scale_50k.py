"""By hand only (``run_all.py --scale``, never under ``--ci``): 50,000 people / 1,000,000
entries. Opening, search at 1-3 letters and words, today, the People list's rows, and
the app's launch to a usable Today with its memory, on a copy of the journal.

The journal is built once by the sample generator (in transactions of
``sample.BATCH`` entries, so its memory stays flat, each indexed for search once at its
end) under ``tests/benchmarks/out/``; about half an hour on a loaded 2-core machine. ``python -m tests.benchmarks.scale_50k
PATH`` measures a journal folder of any size instead (for one still being built, a
``store.copy_snapshot`` of it). A report, never a pass/fail.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from journal.core.journal import Journal
from tests.benchmarks.common import (
    PASSPHRASE,
    big_journal_paths,
    clock,
    percentile,
    rss_mb,
    table,
)

SCALE = (50_000, 1_000_000)


def _measure(fn: Callable[[], object], repeat: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of ``repeat`` calls."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return wall, cpu


def _fmt(wall: list[float], cpu: list[float]) -> str:
    return (
        f"p50 {percentile(wall, 50):8.1f} ms  p95 {percentile(wall, 95):8.1f} ms wall;"
        f"  p95 {percentile(cpu, 95):8.1f} ms CPU  n={len(wall)}"
    )


def run(source_root: Path | None = None) -> str:
    from journal.core import engine, search
    from journal.core.journal import Journal
    from journal.core.paths import JournalPaths
    from journal.core.people import PeopleQuery
    from tests.benchmarks import bench_gui_launch, bench_search

    source = JournalPaths(source_root) if source_root else big_journal_paths(*SCALE)
    work = Path(tempfile.mkdtemp(prefix="rapport-bench-scale-"))
    rows: list[tuple[str, str]] = []
    try:
        shutil.copytree(source.root, work / "journal", ignore=shutil.ignore_patterns("backups"))
        paths = JournalPaths(work / "journal")
        wall, cpu = _measure(lambda: Journal.open(paths, PASSPHRASE, clock=clock()).close(), 1)
        rows.append(("open (first, + migration if older)", _fmt(wall, cpu)))
        wall, cpu = _measure(lambda: Journal.open(paths, PASSPHRASE, clock=clock()).close(), 3)
        rows.append(("open", _fmt(wall, cpu)))
        journal = Journal.open(paths, PASSPHRASE, clock=clock())
        try:
            counts = journal.counts()
            rows.append(("people / entries", f"{counts['people']:,} / {counts['entries']:,}"))
            wall, cpu = _measure(lambda: engine.today(journal), 1)
            rows.append(("today, first call", _fmt(wall, cpu)))
            wall, cpu = _measure(lambda: engine.today(journal), 10)
            rows.append(("today", _fmt(wall, cpu)))
            for name, queries in bench_search._classes():
                search.search(journal, queries[0])
                wall, cpu = [], []
                for query in queries * 2:
                    w, c = _measure(lambda q=query: search.search(journal, q), 1)
                    wall += w
                    cpu += c
                rows.append((f"search, {name}", _fmt(wall, cpu)))
            held: list[object] = []
            wall, cpu = _measure(lambda: held.append(journal.query_people(PeopleQuery())), 3)
            rows.append(
                (
                    "People list: every row (what the model fetches)",
                    f"{_fmt(wall, cpu)}  ({len(held[-1]):,} rows)",  # type: ignore[arg-type]
                )
            )
            wall, cpu = _measure(
                lambda: journal.query_people(PeopleQuery(sort="last_contact", limit=200)), 5
            )
            rows.append(("People list: a window of 200, by last contact", _fmt(wall, cpu)))
            rows += _people_page(journal)
            rows.append(("RSS of this process after the above", f"{rss_mb():8.1f} MB"))
        finally:
            journal.close()
        launch = bench_gui_launch._launch(
            bench_gui_launch._APP,
            str(paths.root),
            "keychain",
            secret=bench_gui_launch._key_hex(paths.root),
        )
        rows += [
            ("app: start to first window", f"{launch['first'] * 1000:8.0f} ms"),
            ("app: start to usable Today", f"{launch['ready'] * 1000:8.0f} ms"),
            ("app: RSS at usable Today", f"{launch['rss_kb'] / 1024:8.1f} MB"),
            (
                "app: People page shown (ids in order + first window)",
                f"{launch['people_s'] * 1000:8.0f} ms",
            ),
            ("app: RSS after People + Person", f"{launch['rss_people_kb'] / 1024:8.1f} MB"),
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return table(f"Scale: {source.root.name} (by hand)", rows)


def _people_page(journal: Journal) -> list[tuple[str, str]]:
    """What the People page asks of the core (``PeopleModel``): every id in order on
    opening, sorting and filtering (on the worker), then a window of rows by id."""
    from journal.core.people import PeopleOrder

    rows = []
    for label, order in (
        ("open: by name (first call: name keys uncached)", PeopleOrder()),
        ("open: by name", PeopleOrder()),
        ("sort by last contact, descending", PeopleOrder(column="last_contact", descending=True)),
        ("sort by organisation", PeopleOrder(column="organisation")),
        ("filter 'lima'", PeopleOrder(text="lima")),
    ):
        wall, cpu = _measure(lambda o=order: journal.order_people(o), 1 if "first" in label else 3)
        rows.append((f"People page, ids in order: {label}", _fmt(wall, cpu)))
    ids = journal.order_people(PeopleOrder()).ids
    windows = [ids[i : i + 200] for i in range(0, len(ids), max(200, len(ids) // 10))][:10]
    wall, cpu = [], []
    for window in windows:
        w, c = _measure(lambda win=window: journal.people_summaries(win), 1)
        wall += w
        cpu += c
    rows.append(("People page: a window of 200 rows by id (scrolling)", _fmt(wall, cpu)))
    return rows


if __name__ == "__main__":
    print(run(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
