"""Undo of the big steps: an import of 1,000 and 10,000 vCards as one undoable step
(beside the same import without the undo capture) and its undo, and a bulk trash of
1,000 people of the 10k/100k journal and its undo. A report, never a pass/fail."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from journal.core import bulk, operations, sample
from journal.core.interop.importing import parse_text
from journal.core.interop.plan import apply_import, plan_import
from journal.core.interop.textfile import decode
from journal.core.interop.vcard_export import export_vcards
from journal.core.journal import Journal
from journal.core.keys import KdfParams
from journal.core.paths import JournalPaths
from tests.benchmarks.common import (
    CI,
    PASSPHRASE,
    big_journal_paths,
    clock,
    rss_mb,
    table,
    wall_and_cpu,
    wall_cpu_ms,
)

#: By hand the full sizes; under ``--ci`` only the 1,000-card import (the 10,000-card
#: import and a trash of the 10k journal and their undos take minutes of CPU).
SIZES = (1_000,) if CI else (1_000, 10_000)
TRASHED = 1_000


def _vcards(cards: int) -> bytes:
    people, _ = sample.generate(sample.SampleSpec(people=cards, entries=0, seed=7), clock().today())
    return export_vcards(people).encode("utf-8")


def _empty(root: Path) -> Journal:
    return Journal.create(
        JournalPaths(root), PASSPHRASE, kdf=KdfParams.fresh(n=2**12), clock=clock()
    )


def _step_size(journal: Journal) -> str:
    rows = journal.store.query("SELECT length(rows) FROM undo_steps ORDER BY id DESC LIMIT 1")
    return f"{rows[0][0] / 1e6:.1f} MB" if rows else "no step"


def _imports(work: Path) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for cards in SIZES:
        parsed = parse_text(decode(_vcards(cards)), "vcf")
        plain = _empty(work / f"plain-{cards}")
        plan = plan_import(plain, parsed)
        seconds, _ = wall_and_cpu(lambda j=plain, p=plan: apply_import(j, p))
        rows.append((f"import {cards:,} vCards, not undoable (apply_import)", wall_cpu_ms(seconds)))
        plain.close()

        journal = _empty(work / f"op-{cards}")
        plan = plan_import(journal, parsed)
        seconds, _ = wall_and_cpu(
            lambda j=journal, p=plan: operations.import_people(j, p, source="contacts.vcf")
        )
        rows.append((f"import {cards:,} vCards as one undoable step", wall_cpu_ms(seconds)))
        rows.append(("  its undo step", _step_size(journal)))
        seconds, _ = wall_and_cpu(lambda j=journal: operations.undo(j))
        left = journal.store.query("SELECT count(*) FROM people")[0][0]
        rows.append(("  undo it", f"{wall_cpu_ms(seconds)}   ({left} people left)"))
        journal.close()
    return rows


def _bulk_trash(work: Path) -> list[tuple[str, str]]:
    paths = JournalPaths(work / "big")
    shutil.copytree(big_journal_paths().root, paths.root)
    journal = Journal.open(paths, PASSPHRASE, clock=clock())
    ids = [
        r[0] for r in journal.store.query("SELECT id FROM people ORDER BY id LIMIT ?", (TRASHED,))
    ]
    seconds, _ = wall_and_cpu(lambda: operations.bulk(journal, lambda: bulk.delete(journal, ids)))
    rows = [(f"bulk trash of {TRASHED:,} people (10k/100k journal)", wall_cpu_ms(seconds))]
    rows.append(("  its undo step", _step_size(journal)))
    seconds, _ = wall_and_cpu(lambda: operations.undo(journal))
    back = journal.store.query("SELECT count(*) FROM people")[0][0]
    rows.append(("  undo it", f"{wall_cpu_ms(seconds)}   ({back:,} people after)"))
    journal.close()
    return rows


def run() -> str:
    work = Path(tempfile.mkdtemp(prefix="rapport-bench-undo-"))
    try:
        rows = _imports(work) + ([] if CI else _bulk_trash(work))
        rows.append(("peak resident memory", f"{rss_mb():8.0f} MB"))
        return table("Undo of big steps", rows)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    print(run())
