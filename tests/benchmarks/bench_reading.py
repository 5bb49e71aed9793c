"""Reading one entry for changes (issue 13: p95 <= 20 ms), and why plain rules.

1. ``read_entry`` on every labelled entry (wall clock, and this thread's CPU time: the
   machine is shared, so a wall-clock p95 includes waiting for a core) (tests/fixtures/reading, 263 entries of one to
   four sentences) and on long entries (20 of them run together, ~1,500 words), warm;
   and the first call in the process (importing dateparser, loading its English data).
2. Saving a reflection through the core on a small journal, with the reading (and the
   storing of what it proposes) and without it: what reading adds to a save.
3. spaCy's rule matcher on a blank English pipeline against plain regular expressions,
   both finding the same life-event trigger phrases in the same entries: loading cost,
   time per entry, and whether they find the same sentences. Skipped (said so) when
   spaCy is not installed; it is not a dependency of Rapport.

A report, not a test: nothing here fails on a number.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from tests.benchmarks.common import clock, percentile, summary, table, timed

ROOT = Path(__file__).resolve().parents[2]

#: The trigger phrases both engines look for in part 3 (a subset of the life-event rules).
PHRASES = (
    "had a baby", "gave birth", "got married", "getting married", "got engaged",
    "passed away", "new job", "got promoted", "laid off", "made redundant", "moved to",
    "moving to", "diagnosed with", "in hospital", "had surgery", "graduated", "retired",
    "split up", "broke up", "funeral", "is pregnant", "became a dad", "became a mum",
)  # fmt: skip


def _labelled() -> tuple[list[dict], dict]:
    from tests.support.reading_eval import load

    cast, dev = load("dev")
    _, heldout = load("heldout")
    return dev + heldout, cast


def _inputs(case: dict, cast: dict) -> tuple:
    from journal.core.reading import HeldFact, OpenPromise, PersonRef

    who = case["with"].split()
    people = [
        PersonRef(f"id-{k}", cast["people"][k]["name"], pronouns=cast["people"][k]["pronouns"])
        for k in who
    ]
    facts = [
        HeldFact(f"id-{k}", f"id-{f['person']}", f["kind"], f["text"])
        for k, f in cast["facts"].items()
        if f["person"] in who
    ]
    promises = [
        OpenPromise(f"id-{k}", f"id-{p['person']}", p["text"])
        for k, p in cast["promises"].items()
        if p["person"] in who
    ]
    return people, facts, promises


def _cold_first_call() -> float:
    """The first reading in a fresh process (imports and dateparser's data), in ms."""
    code = (
        "import time; t = time.perf_counter()\n"
        "from datetime import date\n"
        "from journal.core.reading import PersonRef, read_entry\n"
        "read_entry('She starts a PhD next Friday.', date(2026, 3, 10), "
        "[PersonRef('a', 'Ana', pronouns='she')])\n"
        "print((time.perf_counter() - t) * 1000)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return float(out.stdout.strip())


def _reading_rows() -> list[tuple[str, str]]:
    from journal.core.reading import read_entry

    cases, cast = _labelled()
    on = date(2026, 3, 10)
    prepared = [(c["text"], *_inputs(c, cast)) for c in cases]
    for text, people, facts, promises in prepared:  # warm: dateparser's caches
        read_entry(text, on, people, facts, promises)
    per_entry: list[float] = []
    cpu: list[float] = []
    for _ in range(5):
        for text, people, facts, promises in prepared:
            start, start_cpu = time.perf_counter(), time.thread_time()
            read_entry(text, on, people, facts, promises)
            per_entry.append((time.perf_counter() - start) * 1000)
            cpu.append((time.thread_time() - start_cpu) * 1000)
    long_text = " ".join(c["text"] for c in cases[:20])
    _, people, facts, promises = prepared[0]
    everyone, all_facts, all_promises = _inputs({"with": " ".join(cast["people"])}, cast)
    long_times: list[float] = []
    long_cpu: list[float] = []
    for _ in range(40):
        start, start_cpu = time.perf_counter(), time.thread_time()
        read_entry(long_text, on, everyone, all_facts, all_promises)
        long_times.append((time.perf_counter() - start) * 1000)
        long_cpu.append((time.thread_time() - start_cpu) * 1000)
    words = len(long_text.split())
    return [
        ("one labelled entry (1-4 sentences)", summary(per_entry)),
        ("the same, this thread's CPU time", summary(cpu)),
        (f"a long entry ({words} words, 6 people)", summary(long_times)),
        ("the same, this thread's CPU time", summary(long_cpu)),
        (
            "first call in a fresh process",
            f"{_cold_first_call():8.1f} ms (imports, dateparser data)",
        ),
    ]


def _save_rows() -> list[tuple[str, str]]:
    import journal.core.store as store
    from journal.core.journal import Journal
    from journal.core.keys import KdfParams
    from journal.core.model import Entry, Person
    from journal.core.paths import JournalPaths

    store.MEMORY_SECURITY = False
    cases, _ = _labelled()
    with tempfile.TemporaryDirectory() as tmp:
        journal = Journal.create(
            JournalPaths(Path(tmp) / "j"), "bench", kdf=KdfParams.fresh(n=2**10), clock=clock()
        )
        ana = journal.add_person(Person(name="Ana Ribeiro", pronouns="she/her"))
        texts = [c["text"].replace("Ben", "Ana") for c in cases]

        def save(text: str) -> None:
            journal.add_entry(
                Entry(occurred_at=datetime(2026, 11, 24, 9), body=text, people=[ana.id])
            )

        for text in texts[:10]:
            save(text)
        with_reading = [t for text in texts for t in timed(lambda text=text: save(text), 1)]
        original = Journal._read_saved_entries
        Journal._read_saved_entries = lambda self, conn: self._to_read.clear()  # type: ignore[method-assign]
        try:
            without = [t for text in texts for t in timed(lambda text=text: save(text), 1)]
        finally:
            Journal._read_saved_entries = original  # type: ignore[method-assign]
        journal.close()
    return [
        ("save a reflection, reading it", summary(with_reading)),
        ("save a reflection, not reading it", summary(without)),
        (
            "what reading adds (p50, p95)",
            f"{percentile(with_reading, 50) - percentile(without, 50):8.2f} ms   "
            f"{percentile(with_reading, 95) - percentile(without, 95):8.2f} ms",
        ),
    ]


def _spacy_rows() -> list[tuple[str, str]]:
    if importlib.util.find_spec("spacy") is None:
        return [("spaCy", "not installed: comparison skipped (pip install spacy to run it)")]
    cases, _ = _labelled()
    texts = [c["text"] for c in cases]
    start = time.perf_counter()
    import spacy
    from spacy.matcher import PhraseMatcher

    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("EVENT", [nlp.make_doc(p) for p in PHRASES])
    load_ms = (time.perf_counter() - start) * 1000
    rx = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in PHRASES) + r")\b", re.I)

    def with_spacy(text: str) -> bool:
        return bool(matcher(nlp.make_doc(text)))

    def with_regex(text: str) -> bool:
        return bool(rx.search(text))

    spacy_times = [t for text in texts * 5 for t in timed(lambda text=text: with_spacy(text), 1)]
    regex_times = [t for text in texts * 5 for t in timed(lambda text=text: with_regex(text), 1)]
    found_spacy = sum(with_spacy(t) for t in texts)
    found_regex = sum(with_regex(t) for t in texts)
    differ = sum(with_spacy(t) != with_regex(t) for t in texts)
    return [
        ("spaCy: import + blank('en') + matcher", f"{load_ms:8.1f} ms once per process"),
        ("spaCy PhraseMatcher, per entry", summary(spacy_times)),
        ("regular expression, per entry", summary(regex_times)),
        (
            "entries with a trigger found",
            f"spaCy {found_spacy}, regex {found_regex}, disagree on {differ} of {len(texts)}",
        ),
    ]


def run() -> str:
    return "\n".join(
        [
            table("Reading one entry (issue 13: p95 <= 20 ms)", _reading_rows()),
            table("Saving an entry, with and without reading it", _save_rows()),
            table("spaCy's matcher on a blank pipeline vs plain rules", _spacy_rows()),
        ]
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    print(run())
