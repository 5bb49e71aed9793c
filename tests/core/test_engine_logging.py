"""The Today page and ``journal today`` log the list they show ("suggested", "shown")
once per suggestion, however often it is shown: showing it again writes nothing, so it
neither waits for nor fails on a journal another process is writing to, and what was
not logged yet still is."""

from __future__ import annotations

from datetime import timedelta

from journal.core import engine
from journal.core.journal import Journal
from tests.conftest import TEST_PASSPHRASE
from tests.support.people import add


def _events(journal: Journal, since) -> list[tuple[str, str]]:
    return sorted((e.suggestion_id, e.event) for e in engine.history(journal, since))


def test_showing_the_list_again_needs_no_write(journal, clock):
    add(journal, "Ada", last=70)
    add(journal, "Ben", last=80)
    shown = engine.today(journal, record=True)
    engine.mark_shown(journal, shown)
    logged = _events(journal, clock.today())
    assert logged == sorted([(s.id, "suggested") for s in shown] + [(s.id, "shown") for s in shown])
    other = Journal.open(journal.paths, TEST_PASSPHRASE, clock=clock)
    try:
        with other.transaction():  # `journal log` in a terminal, in the middle of a write
            again = engine.today(journal, record=True)
            engine.mark_shown(journal, again)
    finally:
        other.close()
    assert [s.to_json() for s in again] == [s.to_json() for s in shown]
    assert _events(journal, clock.today()) == logged


def test_what_was_not_logged_yet_still_is(journal, clock):
    add(journal, "Ada", last=70)
    first = engine.today(journal, record=True)
    engine.mark_shown(journal, first)
    add(journal, "Ben", last=80)
    second = engine.today(journal, record=True)
    engine.mark_shown(journal, second[:1])
    clock.advance(days=1)
    third = engine.today(journal, record=True)
    events = _events(journal, clock.today() - timedelta(days=1))
    assert events == sorted(
        {(s.id, "suggested") for s in first + second + third}
        | {(s.id, "shown") for s in first + second[:1]}
    )
    assert {s.person_name for s in second} == {"Ada", "Ben"}
