"""A fair day: suggestions nobody acts on give way, what will not wait goes first, and
the weekly reconnection moves on when skipped."""

from __future__ import annotations

from datetime import date, timedelta

from journal.core import engine
from journal.core.model import Circle, Person
from tests.support.people import add, meet, names


def cap(journal, n: int) -> None:
    settings = journal.settings()
    settings.daily_cap = n
    journal.save_settings(settings)


def shown_today(journal) -> list[str]:
    today = engine.today(journal)
    engine.mark_shown(journal, today)
    return names(today)


def test_an_ignored_suggestion_gives_way_after_a_few_days_and_comes_back(journal):
    cap(journal, 1)
    add(journal, "Iris Vale", last=40, circle=Circle.INNER, id="iris")
    add(journal, "Paul Grey", last=200, circle=Circle.ACQUAINTANCE, id="paul")
    days = []
    for _ in range(8):
        days.append(shown_today(journal)[0])
        journal.clock.advance(days=1)
    assert days[:3] == ["Iris Vale"] * 3, "a run of a few days, not a new face daily"
    assert "Paul Grey" in days, "the one with the lower score gets a turn"
    assert days.count("Iris Vale") >= 4, "and the first comes back"


def test_a_first_meeting_goes_ahead_of_the_old_backlog(journal):
    cap(journal, 1)
    add(journal, "Iris Vale", last=300, circle=Circle.INNER)
    noor = journal.add_person(Person(name="Noor Haddad", circle=Circle.NETWORK))
    meet(journal, noor.id, journal.clock.today() - timedelta(days=1))
    assert names(engine.today(journal)) == ["Noor Haddad"]


def test_the_weekly_reconnection_moves_on_when_skipped(journal):
    for i, name in enumerate(("Cora Blake", "Dev Rao", "Finn Walsh")):
        add(journal, name, last=800 + i, circle=Circle.DORMANT)
    seen = []
    for _ in range(3):
        [s] = [s for s in engine.today(journal) if s.kind == "reconnect"]
        seen.append(s.person_name)
        engine.act(journal, s, "skip")
        journal.clock.advance(days=7)
    assert len(set(seen)) == 3


def test_imported_people_wait_for_the_weekly_slot_only(journal):
    for i in range(30):
        journal.add_person(
            Person(
                name=f"Imported {i}",
                circle=Circle.ACQUAINTANCE,
                placed=False,
                met_on=date(2019, 1, 1) + timedelta(days=i),
            )
        )
    recent = journal.add_person(
        Person(name="Connected Yesterday", circle=Circle.ACQUAINTANCE, placed=False,
               met_on=journal.clock.today() - timedelta(days=1))
    )  # fmt: skip
    add(journal, "Iris Vale", last=40, circle=Circle.INNER)
    journal.clock.advance(days=7 - journal.clock.today().weekday())  # a Monday
    week: set[str] = set()
    for _ in range(7):
        today = engine.today(journal)
        engine.mark_shown(journal, today)
        assert recent.id not in {s.person_id for s in today}
        week |= {s.person_id for s in today if s.person_name.startswith("Imported")}
        assert all(s.kind == "reconnect" for s in today if s.person_name.startswith("Imported"))
        journal.clock.advance(days=1)
    assert len(week) <= 1
    assert not (engine.due_person_ids(journal) & {recent.id})
