"""Clock changes: a journal written while the computer's clock was wrong still orders
entries and reminders sensibly.

The story: the journal is kept with a right clock until 24 Nov 2026; the clock then
jumps to 1 Jun 2027 (a dead CMOS battery, a bad NTP answer) and the user logs a
meeting with Ana and with Kofi, promises Kofi something in three days and snoozes Mei
for a week; then the clock is put right again. From then on, for 90 days, every
entry must keep its place, no reason may say a negative number of days, and every
reminder that was due must come up: Ana's promise made before the jump (due 26 Nov),
Mei's birthday (1 Dec), and the regular check-ins of everyone.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from journal.core import engine
from journal.core.entries import EntryQuery
from journal.core.model import Birthday, Circle, Entry, FollowUp, Person

RIGHT = date(2026, 11, 24)
WRONG = date(2027, 6, 1)
NEGATIVE = re.compile(r"(?<![\w-])-\d")


def _at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


def test_a_clock_set_forward_then_back_loses_no_reminder_and_no_order(make_journal, clock, summary):
    clock.set(_at(date(2026, 9, 1)))
    journal = make_journal()
    ana = journal.add_person(Person(name="Ana Lima", circle=Circle.NETWORK))
    kofi = journal.add_person(Person(name="Kofi Mensah", circle=Circle.CLOSE))
    mei = journal.add_person(
        Person(name="Mei Chen", circle=Circle.NETWORK, birthday=Birthday(12, 1))
    )
    lars = journal.add_person(Person(name="Lars Berg", circle=Circle.CLOSE))
    sofia = journal.add_person(Person(name="Sofia Rossi", circle=Circle.NETWORK))
    for person in (ana, kofi, mei, lars, sofia):
        journal.add_entry(
            Entry(occurred_at=clock.now(), title=f"coffee with {person.name}", people=[person.id])
        )
    promise = journal.add_follow_up(
        FollowUp(text="Send Ana the supplier contact", due_on=date(2026, 11, 26), person_id=ana.id)
    )
    clock.set(_at(date(2026, 10, 20)))
    journal.add_entry(Entry(occurred_at=clock.now(), title="call with Lars", people=[lars.id]))

    # The clock jumps seven months ahead; the user goes on as usual.
    clock.set(_at(WRONG))
    journal.log(["Ana Lima"], "Lunch: the bakery opens in March")
    journal.log(["Kofi Mensah"], "Call about the grant")
    kofi_promise = journal.add_follow_up(
        FollowUp(
            text="Send Kofi the grant template",
            due_on=clock.today() + timedelta(days=3),
            person_id=kofi.id,
        )
    )
    journal.add_person(Person(name="Tomás Ruiz", circle=Circle.CLOSE))  # met "today"
    for_sofia = [s for s in engine.upcoming(journal, 400) if s.person_id == sofia.id]
    engine.act(journal, for_sofia[0], "snooze", until=clock.today() + timedelta(days=7))

    # The clock is put right, and the user opens the app every day for 90 days.
    shown: dict[str, list[tuple[date, str]]] = {}
    reasons: list[str] = []
    for offset in range(90):
        day = RIGHT + timedelta(days=offset)
        clock.set(_at(day))
        for suggestion in engine.today(journal):
            shown.setdefault(suggestion.person_id, []).append((day, suggestion.kind))
            reasons += [suggestion.action, suggestion.reason]
        for person in journal.people():
            when, why = engine.next_check_in(journal, person.id)
            reasons.append(why)
            assert when is None or when >= day, (person.name, when, why)
    clock.set(_at(RIGHT))
    planned = engine.upcoming(journal, 90)
    reasons += [s.reason for s in planned] + [s.action for s in planned]

    newest_first = [e.occurred_at for e in journal.query_entries(EntryQuery(newest_first=True))]
    negative = [text for text in reasons if NEGATIVE.search(text)]
    first = {pid: min(day for day, _ in days) for pid, days in shown.items()}
    promise_day = next((day for day, kind in shown.get(ana.id, []) if kind == "follow_up"), None)
    birthday_day = next((day for day, kind in shown.get(mei.id, []) if kind == "birthday"), None)
    clock.set(_at(RIGHT))
    sofia_page = engine.next_check_in(journal, sofia.id)[1]
    line = summary(
        "clock changes: clock 7 months ahead, then back, over 90 days of use: "
        f"{len(reasons)} reasons with {len(negative)} negative day counts; Ana's promise "
        f"shown on {promise_day}, Mei's birthday on {birthday_day}; "
        f"{len(first)} of the 4 people known before the jump came up; "
        f"{len(newest_first)} entries in date order"
    )
    assert newest_first == sorted(newest_first, reverse=True), line
    assert not negative, f"{line}: {negative[:3]}"
    assert promise_day is not None and promise_day <= date(2026, 11, 26), line
    assert birthday_day is not None and birthday_day <= date(2026, 12, 1), line
    # Everyone known before the jump and not snoozed has a regular check-in due within
    # these 90 days (close circle every 30 days, network every 60), the clock's mistake
    # notwithstanding: a contact dated in the future does not count as being in touch.
    assert set(first) == {ana.id, kofi.id, mei.id, lars.id}, (line, first)
    # Tomás, added while the clock ran ahead, has no earlier date to count from; his page
    # says plainly which day his check-ins count from, and it does not move day by day.
    tomas = journal.find_people("Tomás Ruiz")[0]
    assert "counted from 1 Jun" in engine.next_check_in(journal, tomas.id)[1]
    # A snooze set under the wrong clock keeps its (wrong) date, and says so where the
    # user can see and undo it.
    assert "Snoozed until" in sofia_page and "2027" in sofia_page, sofia_page
    # Promises keep their dates: Kofi's still waits for its day, Ana's is still open.
    assert kofi_promise.id in {f.id for f in journal.open_follow_ups(kofi.id)}
    assert promise.id in {f.id for f in journal.open_follow_ups(ana.id)}
