"""Who could help? on the 10k people / 100k entries journal.

The first question builds the word index of every person (their role, field, place,
what they can help with...) from one read of the journal; every later question is
answered from it, plus a few index-bound searches of the entries. A change between two
questions re-reads only the people it names. Reported, in wall time and CPU time (the
machine running this may be shared: CPU says what the code costs, wall what a user
waits): that first build; each question with how many people its words meet, asked
fresh (what a word finds in the entries is kept until the next change; emptied before
each fresh asking) and p50/p95 over all of them, narrow and broad apart (broad: the
words meet at least ``BROAD`` people, a fifth of the journal: the sample's records
repeat a few roles and fields, so a word like "design" meets thousands); a question
asked again; the question after a person is saved and after an entry is written. Also
the labelled questions' precision (tests/fixtures/ask): right person first, P@3, P@5.
A report, not a test: nothing here fails on a number.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from journal.core import ask, ask_words, introductions
from journal.core.journal import Journal
from journal.core.model import Entry
from tests.benchmarks.common import (
    PASSPHRASE,
    big_journal_paths,
    clock,
    percentile,
    repeats,
    table,
)

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
#: A question whose words meet at least this many people is counted as broad.
BROAD = 2000


def run() -> str:
    source = big_journal_paths()
    work = Path(tempfile.mkdtemp(prefix="rapport-bench-ask-"))
    rows: list[tuple[str, str]] = []
    try:
        shutil.copytree(source.root, work / "journal")
        journal = Journal.open(type(source)(work / "journal"), PASSPHRASE, clock=clock())
        wall, cpu = _timed(lambda: ask.ask(journal, QUESTIONS[0]))
        rows.append(("first question (builds the word index)", _one(wall, cpu)))
        # Fresh: each question as if nothing had been asked since the last change (the
        # entries a word finds are searched again); again: asked right after itself.
        fresh: dict[str, list[tuple[float, float]]] = {q: [] for q in QUESTIONS}
        again: dict[str, list[tuple[float, float]]] = {q: [] for q in QUESTIONS}
        for _ in range(repeats(5, 2)):
            for question in QUESTIONS:
                ask._kept(journal).written.clear()
                fresh[question].append(_timed(lambda q=question: ask.ask(journal, q)))
                again[question].append(_timed(lambda q=question: ask.ask(journal, q)))
        met = {q: _people_met(journal, q) for q in QUESTIONS}
        for question in QUESTIONS:
            walls = [w for w, _ in fresh[question]]
            cpus = [c for _, c in fresh[question]]
            rows.append(
                (
                    f"  {question!r} ({met[question]} people)",
                    f"p50 {percentile(walls, 50):6.1f} ms wall  {percentile(cpus, 50):6.1f} ms CPU",
                )
            )
        everything = [t for q in QUESTIONS for t in fresh[q]]
        narrow = [t for q in QUESTIONS if met[q] < BROAD for t in fresh[q]]
        broad = [t for q in QUESTIONS if met[q] >= BROAD for t in fresh[q]]
        rows.append((f"a question, fresh ({len(everything)} asked)", _spread(everything)))
        rows.append((f"  narrow (< {BROAD} people met)", _spread(narrow)))
        rows.append((f"  broad (>= {BROAD} people met)", _spread(broad)))
        rows.append(("a question asked again", _spread([t for q in QUESTIONS for t in again[q]])))
        someone = journal.query_people()[5]
        person = journal.person(someone.id)
        person.role = "sommelier"
        journal.save_person(person)
        wall, cpu = _timed(lambda: ask.ask(journal, "grant writing"))
        rows.append(("the question after a person is saved", _one(wall, cpu)))
        journal.add_entry(
            Entry(occurred_at=datetime(2026, 11, 24, 8), body="Wine.", people=[someone.id])
        )
        wall, cpu = _timed(lambda: ask.ask(journal, "grant writing"))
        rows.append(("the question after an entry is written", _one(wall, cpu)))
        found: list[introductions.Introduction] = []
        wall, cpu = _timed(lambda: found.extend(introductions.candidates(journal)))
        rows.append(("who should meet (all candidates)", f"{_one(wall, cpu)}, {len(found)} pairs"))
        journal.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows.extend(_quality())
    return table("Who could help? (10k people / 100k entries)", rows)


def _timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall, CPU) milliseconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _one(wall: float, cpu: float) -> str:
    return f"{wall:7.0f} ms wall  {cpu:7.0f} ms CPU"


def _spread(times: list[tuple[float, float]]) -> str:
    walls = [w for w, _ in times]
    cpus = [c for _, c in times]
    return (
        f"wall p50 {percentile(walls, 50):6.1f} p95 {percentile(walls, 95):6.1f} ms   "
        f"CPU p50 {percentile(cpus, 50):6.1f} p95 {percentile(cpus, 95):6.1f} ms"
    )


def _people_met(journal: Journal, question: str) -> int:
    """How many people the question's words meet (all of them are scored)."""
    index = ask._index(journal)
    concepts = ask_words.question_concepts(question)
    rows, _scores, _shares = ask._score_rows(
        index, concepts, ask._entry_sources(journal, index, concepts)
    )
    return len(rows)


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
