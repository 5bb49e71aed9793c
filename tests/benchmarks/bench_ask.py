"""Who could help? on the 10k people / 100k entries journal.

The first question after a change builds the word index of every person (their role,
field, place, what they can help with...) from one read of the journal; every later
question is answered from it, plus a few index-bound searches of the entries. Reported:
that first build, and questions as a user asks them (p50/p95 over the set, repeated).
Also the labelled questions' precision (tests/fixtures/ask): right person first, P@3,
P@5. A report, not a test: nothing here fails on a number.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from journal.core import ask, introductions
from journal.core.journal import Journal
from tests.benchmarks.common import PASSPHRASE, big_journal_paths, clock, percentile, table

QUESTIONS = (
    "a translator for Japanese contracts",
    "someone who has hired a first salesperson",
    "advice on moving to Montreal",
    "grant writing",
    "feedback on my pitch deck",
    "a nurse in Lisbon",
    "legal questions about a contract",
    "intros to investors",
    "sourdough",
    "design feedback for the new app",
    "tranlsator",
    "press coverage for a bakery launch",
)
REPEAT = 3


def run() -> str:
    source = big_journal_paths()
    work = Path(tempfile.mkdtemp(prefix="rapport-bench-ask-"))
    rows: list[tuple[str, str]] = []
    try:
        shutil.copytree(source.root, work / "journal")
        journal = Journal.open(type(source)(work / "journal"), PASSPHRASE, clock=clock())
        start = time.perf_counter()
        ask.ask(journal, QUESTIONS[0])
        rows.append(("first question (builds the word index)", f"{_ms(start):7.0f} ms"))
        times: list[float] = []
        for _ in range(REPEAT):
            for question in QUESTIONS:
                start = time.perf_counter()
                ask.ask(journal, question)
                times.append(_ms(start))
        rows.append(
            (
                f"a question ({len(times)} asked)",
                f"p50 {percentile(times, 50):6.1f} ms  p95 {percentile(times, 95):6.1f} ms",
            )
        )
        start = time.perf_counter()
        found = introductions.candidates(journal)
        rows.append(
            ("who should meet (all candidates)", f"{_ms(start):7.0f} ms, {len(found)} pairs")
        )
        journal.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows.extend(_quality())
    return table("Who could help? (10k people / 100k entries)", rows)


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _quality() -> list[tuple[str, str]]:
    """The labelled questions over the hand-written journal, as the test measures them."""
    from journal.core.journal import Journal as J
    from journal.core.keys import KdfParams
    from journal.core.paths import JournalPaths
    from tests.support import ask_network

    work = Path(tempfile.mkdtemp(prefix="rapport-bench-ask-quality-"))
    try:
        journal = J.create(
            JournalPaths(work / "j"), PASSPHRASE, kdf=KdfParams.fresh(n=2**10), clock=clock()
        )
        ask_network.build(journal)
        questions = ask_network.questions()
        first = p3 = p5 = 0.0
        for q in questions:
            names = [a.name for a in ask.ask(journal, q.text, limit=5)]
            first += bool(names) and names[0] in q.first
            p3 += sum(n in q.relevant for n in names[:3]) / min(3, len(q.relevant))
            p5 += sum(n in q.relevant for n in names[:5]) / min(5, len(q.relevant))
        journal.close()
        n = len(questions)
        return [
            (
                f"labelled questions ({n})",
                f"first {first / n:.0%}  P@3 {p3 / n:.2f}  P@5 {p5 / n:.2f}",
            )
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    print(run())
