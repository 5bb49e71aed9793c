"""Planning (``--dry-run``) an import of vCards that all share one name: 2,000, 4,000
and 20,000 "Ana Lima" cards, each with its own e-mail address, and 2,000 and 20,000 at
one organisation (each merges into an earlier card). A report, never a pass/fail.

Before the bounded duplicate index (MATCH_LIMIT) and the merge keys kept per person
(MergeKeys), 2,000 cards took 7.5 s and 280 MB, 4,000 28 s and 1 GB, 20,000 grew past
14 GB, and 8,000 at one organisation took 49 s.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from journal.core.interop.importing import parse_text
from journal.core.interop.plan import plan_import, preview_report
from journal.core.interop.textfile import decode
from journal.core.journal import Journal
from journal.core.keys import KdfParams
from journal.core.paths import JournalPaths
from tests.benchmarks.common import PASSPHRASE, clock, rss_mb, table


def _cards(n: int, organisation: str = "") -> bytes:
    org = f"ORG:{organisation}\r\n" if organisation else ""
    return "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nN:Lima;Ana;;;\r\n{org}"
        f"EMAIL:ana{i}@example.org\r\nEND:VCARD\r\n"
        for i in range(n)
    ).encode("utf-8")


def run() -> str:
    work = Path(tempfile.mkdtemp(prefix="rapport-bench-same-name-"))
    journal = Journal.create(
        JournalPaths(work / "j"), PASSPHRASE, kdf=KdfParams.fresh(n=2**12), clock=clock()
    )
    rows: list[tuple[str, str]] = []
    for n, organisation in (
        (2_000, ""),
        (4_000, ""),
        (20_000, ""),
        (2_000, "Crumb & Co."),
        (20_000, "Crumb & Co."),
    ):
        data = _cards(n, organisation)
        start = time.perf_counter()
        plan = plan_import(journal, parse_text(decode(data), "vcf"))
        preview_report(plan)
        took = time.perf_counter() - start
        label = f"{n:,} same-name cards" + (" at one organisation" if organisation else "")
        rows.append(
            (
                label,
                f"{len(data) / 1e3:6.0f} KB  {took:6.2f} s  RSS {rss_mb():6.0f} MB  "
                f"({plan.summary()})",
            )
        )
    journal.close()
    return table("Import dry run, vCards sharing one name", rows)


if __name__ == "__main__":
    print(run())
