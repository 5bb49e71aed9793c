"""Import and export: 5,000 vCards into an empty journal and into the 10k/100k journal,
and every export format of the whole 10k/100k journal. A report, never a pass/fail."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import journal.core.store as store
from journal.core import sample
from journal.core.interop import exporting
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

#: A big address book by hand; under ``--ci`` a fifth of it (the report tracks the trend,
#: and the 5,000-card import alone cost CI half a minute).
CARDS = 1_000 if CI else 5_000
#: The export formats measured: (format, file or folder name, a file per person). Under
#: ``--ci`` the folder of 10,001 Markdown files is left out (10 s; the single-file
#: Markdown export measures the same writer).
EXPORTS = tuple(
    (fmt, name, per_person)
    for fmt, name, per_person in (
        ("json", "journal.json", False),
        ("md", "journal.md", False),
        ("md", "folder", True),
        ("vcf", "people.vcf", False),
        ("ics", "rapport.ics", False),
    )
    if not (CI and per_person)
)


def _vcards(seed: int) -> bytes:
    people, _ = sample.generate(
        sample.SampleSpec(people=CARDS, entries=0, seed=seed), clock().today()
    )
    return export_vcards(people).encode("utf-8")


def _import(journal: Journal, data: bytes) -> list[tuple[str, str]]:
    parse_s, parsed = wall_and_cpu(lambda: parse_text(decode(data), "vcf"))
    plan_s, plan = wall_and_cpu(lambda: plan_import(journal, parsed))
    apply_s, report = wall_and_cpu(lambda: apply_import(journal, plan))
    total = tuple(a + b + c for a, b, c in zip(parse_s, plan_s, apply_s, strict=True))
    return [
        ("  read and parse", wall_cpu_ms(parse_s)),
        ("  plan (duplicate check)", wall_cpu_ms(plan_s)),
        ("  apply (one transaction)", wall_cpu_ms(apply_s)),
        (
            "  total",
            f"{wall_cpu_ms(total)}   ({len(report.added)} added, {len(report.merged)} "
            f"merged, {len(report.skipped)} skipped)",
        ),
    ]


def run() -> str:
    source = big_journal_paths()
    work = Path(tempfile.mkdtemp(prefix="rapport-bench-interop-"))
    rows: list[tuple[str, str]] = []
    try:
        data = _vcards(seed=11)
        rows.append((f"{CARDS:,} vCards file", f"{len(data) / 1e6:8.1f} MB"))
        empty = Journal.create(
            JournalPaths(work / "empty"), PASSPHRASE, kdf=KdfParams.fresh(n=2**12), clock=clock()
        )
        rows.append((f"import {CARDS:,} vCards into an empty journal", ""))
        rows += _import(empty, data)
        empty.close()

        paths = JournalPaths(work / "big")
        shutil.copytree(source.root, paths.root)
        big = Journal.open(paths, PASSPHRASE, clock=clock())
        rows.append((f"import {CARDS:,} vCards into the 10k/100k journal", ""))
        rows += _import(big, data)
        big.close()

        store.MEMORY_SECURITY = True
        journal = Journal.open(JournalPaths(source.root), PASSPHRASE, clock=clock())
        out = work / "out"
        out.mkdir()
        rows.append(("export the whole 10k/100k journal", ""))
        for fmt, name, per_person in EXPORTS:
            seconds, result = wall_and_cpu(
                lambda f=fmt, n=name, p=per_person: exporting.export_journal(
                    journal, f, out / n, per_person=p
                )
            )
            target = out / name
            size = (
                sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
                if target.is_dir()
                else target.stat().st_size
            )
            label = f"  {fmt}{' (folder per person)' if per_person else ''}"
            rows.append(
                (
                    label,
                    f"{wall_cpu_ms(seconds)}   {size / 1e6:7.1f} MB"
                    f"   {result.files} file{'s' if result.files > 1 else ''}",
                )
            )
        journal.close()
        rows.append(("peak resident memory", f"{rss_mb():8.0f} MB"))
        return table("Import and export", rows)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    print(run())
