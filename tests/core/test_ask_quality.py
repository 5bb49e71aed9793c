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
