"""How well "who could help with this?" answers: 62 labelled questions over a
hand-written journal (tests/fixtures/ask/network.json).

Reported (printed, and asserted against floors a user would feel):
- first: the person who should come first is first;
- P@3 and P@5: of the top k answers, the share that could genuinely help, out of the
  most that could (min(k, number of relevant people)), so a question with one right
  person scores 1.0 when that person is among the top k.
"""

from __future__ import annotations

import pytest

from journal.core.ask import ask
from tests.support import ask_network


@pytest.fixture
def network(journal):
    return journal, ask_network.build(journal)


def _precision(names: list[str], relevant: frozenset[str], k: int) -> float:
    top = names[:k]
    return sum(1 for n in top if n in relevant) / min(k, len(relevant))


def test_the_labelled_questions_find_the_people_who_could_help(network):
    journal, _ids = network
    questions = ask_network.questions()
    assert len(questions) >= 60
    first = p3 = p5 = 0.0
    misses: list[str] = []
    for question in questions:
        names = [a.name for a in ask(journal, question.text, limit=5)]
        hit = bool(names) and names[0] in question.first
        first += hit
        p3 += _precision(names, question.relevant, 3)
        p5 += _precision(names, question.relevant, 5)
        if not hit:
            misses.append(f"{question.text!r}: got {names[:3]}, wanted {sorted(question.first)}")
    n = len(questions)
    print(
        f"\nwho could help: {n} questions; right person first {first / n:.0%}, "
        f"P@3 {p3 / n:.2f}, P@5 {p5 / n:.2f}"
    )
    for line in misses:
        print("  miss:", line)
    assert first / n >= 0.85
    assert p3 / n >= 0.85
    assert p5 / n >= 0.85


#: Questions over the sample journal (`journal demo`), each naming what people in it
#: can help with or do; the people who should come first are read from the sample's own
#: records (what they can help with, their role), not from the ranking.
SAMPLE_QUESTIONS = (
    ("who could help me write a grant", "can_help_with", "grant writing"),
    ("feedback on my pitch deck", "can_help_with", "great at pitch decks"),
    ("advice on hiring", "can_help_with", "hiring advice"),
    ("a question about a contract", "can_help_with", "legal questions about contracts"),
    ("someone who knows investors", "can_help_with", "intros to investors"),
    ("feedback on a design", "can_help_with", "design feedback"),
    ("getting press coverage", "can_help_with", "how to get press coverage"),
    ("a nurse", "role", "nurse"),
    ("a lawyer", "role", "lawyer"),
    ("an illustrator", "role", "illustrator"),
    ("a journalist", "role", "journalist"),
    ("a physician", "role", "physician"),
)


def test_questions_over_the_sample_journal_find_who_the_sample_says_can_help(journal):
    from journal.core.sample import SampleSpec, populate

    populate(journal, SampleSpec())
    people = {p.id: journal.person(p.id) for p in journal.query_people()}

    def relevant(kind: str, value: str) -> set[str]:
        if kind == "role":
            return {pid for pid, p in people.items() if p.role == value}
        return {
            pid
            for pid, p in people.items()
            if any(f.kind.value == kind and f.text == value for f in p.facets)
        }

    p3 = p5 = 0.0
    for question, kind, value in SAMPLE_QUESTIONS:
        wanted = relevant(kind, value)
        assert wanted, value
        got = [a.person_id for a in ask(journal, question, limit=5)]
        p3 += _precision_ids(got, wanted, 3)
        p5 += _precision_ids(got, wanted, 5)
        if _precision_ids(got, wanted, 3) < 1:
            print(f"  short: {question!r}: P@3 {_precision_ids(got, wanted, 3):.2f}")
    n = len(SAMPLE_QUESTIONS)
    print(f"\nsample journal: {n} questions; P@3 {p3 / n:.2f}, P@5 {p5 / n:.2f}")
    assert p3 / n >= 0.9
    assert p5 / n >= 0.9


def _precision_ids(got: list[str], wanted: set[str], k: int) -> float:
    return sum(1 for g in got[:k] if g in wanted) / min(k, len(wanted))
