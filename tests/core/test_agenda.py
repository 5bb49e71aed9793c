"""The agenda of birthdays and promised follow-ups coming up."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from journal.core.agenda import birthday_keys, coming_up
from journal.core.model import Birthday, FollowUp, Person


def test_birthdays_and_follow_ups_of_the_next_days_in_date_order(journal):
    # the fixed clock says 24 Nov 2026; the agenda starts tomorrow
    rosa = journal.add_person(Person(name="Rosa Patel", birthday=Birthday(11, 28, 1986)))
    kofi = journal.add_person(
        Person(name="Kofi Mensah", preferred_name="Kofi", birthday=Birthday(12, 20))
    )
    journal.add_person(Person(name="Today Only", birthday=Birthday(11, 24)))
    journal.add_follow_up(FollowUp("send the slides", due_on=date(2026, 11, 28), person_id=kofi.id))
    journal.add_follow_up(FollowUp("book the venue", due_on=date(2026, 12, 7)))
    done = journal.add_follow_up(
        FollowUp("already done", due_on=date(2026, 11, 26), person_id=kofi.id)
    )
    journal.complete_follow_up(done.id)

    items = coming_up(journal, days=14)
    assert [(i.on, i.kind, i.person_name, i.text) for i in items] == [
        (date(2026, 11, 28), "birthday", "Rosa Patel", "Birthday (turns 40)"),
        (date(2026, 11, 28), "follow_up", "Kofi", "send the slides"),
        (date(2026, 12, 7), "follow_up", "", "book the venue"),
    ]
    assert items[0].person_id == rosa.id


def test_the_window_includes_its_last_day_and_crosses_the_year(journal):
    journal.add_person(Person(name="New Year", birthday=Birthday(1, 1)))
    assert coming_up(journal, days=38)[0].on == date(2027, 1, 1)  # 25 Nov + 37 days
    assert coming_up(journal, days=37) == []


def test_archived_people_are_left_out(journal):
    person = journal.add_person(Person(name="Gone", birthday=Birthday(11, 30)))
    journal.add_follow_up(FollowUp("call", due_on=date(2026, 11, 30), person_id=person.id))
    journal.set_archived(person.id)
    assert coming_up(journal) == []


def test_29_february_falls_on_28_february_in_other_years(journal):
    journal.add_person(Person(name="Leap", birthday=Birthday(2, 29, 2000)))
    [item] = coming_up(journal, days=10, start=date(2027, 2, 25))
    assert item.on == date(2027, 2, 28) and item.text == "Birthday (turns 27)"


@given(
    month=st.integers(1, 12),
    day=st.integers(1, 31),
    start=st.dates(date(1990, 1, 1), date(2100, 12, 31)),
    days=st.integers(1, 400),
)
def test_the_birthdays_read_are_all_that_can_fall_in_the_window(month, day, start, days):
    """The agenda reads only birthdays whose day can fall in the window: every birthday
    that does fall in it must be among them (29 February included)."""
    try:
        birthday = Birthday(month, day)
    except ValueError:
        return  # no such day
    end = start + timedelta(days=days - 1)
    keys = birthday_keys(start, end)
    if birthday.next_after(start) <= end:
        assert keys is None or month * 100 + day in keys
