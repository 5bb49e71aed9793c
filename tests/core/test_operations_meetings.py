"""Meetings as operations: each answer to a meeting is one step Ctrl+Z takes back.

Meetings are this computer's own (read from its calendar files, never synced), so the
sync triggers do not note them; the meeting functions tell the operation which rows
they change (``operations.note_rows``). These tests check that undo puts them back.
"""

from __future__ import annotations

import json
from datetime import datetime

from journal.core import operations
from journal.core.calendar import meetings
from journal.core.journal import Journal
from tests.core.test_operations import content
from tests.support.meetings import set_up, titled

_MEETING_TABLES = ("meetings", "meeting_attendees", "attendee_names")


def everything(journal: Journal) -> dict[str, list[str]]:
    """What the user wrote and what this computer keeps of its meetings and settings."""
    out = content(journal)
    with journal.store.reading() as conn:
        for table in (*_MEETING_TABLES, "settings"):
            rows = conn.execute(f'SELECT * FROM "{table}"').fetchall()
            out["local " + table] = sorted(
                json.dumps(dict(r), sort_keys=True, default=str) for r in rows
            )
    return out


def test_we_met_is_one_step_and_undo_takes_back_the_entry_and_the_answer(journal, clock):
    people = set_up(journal)
    clock.set("2026-11-23T18:00:00")
    review = titled(journal, "Design review")
    before = everything(journal)

    change = operations.we_met(journal, review.id)
    assert change.label == "Count “Design review” as being in touch"
    assert change.done == "Counted “Design review” as being in touch."
    assert review.id in change.ids("meeting") and change.result.id in change.entries
    assert journal.person(people["ana"].id).last_contact_at == datetime(2026, 11, 23, 16, 0)
    assert review.id not in [m.id for m in meetings.waiting_for_reflection(journal)]

    undone = operations.undo(journal)
    assert undone.label == "Undone: Count “Design review” as being in touch"
    assert everything(journal) == before
    assert review.id in [m.id for m in meetings.waiting_for_reflection(journal)]
    assert journal.person(people["ana"].id).last_contact_at is None


def test_dismissing_a_meeting_and_undo_asks_about_it_again(journal, clock):
    set_up(journal)
    clock.set("2026-11-24T15:00:00")
    lunch = titled(journal, "Lunch with Kwame")
    before = everything(journal)

    change = operations.dismiss_meeting(journal, lunch.id)
    assert change.label == "Dismiss “Lunch with Kwame”"
    assert change.ids("meeting") == {lunch.id}
    assert lunch.id not in [m.id for m in meetings.waiting_for_reflection(journal)]

    operations.undo(journal)
    assert everything(journal) == before
    assert lunch.id in [m.id for m in meetings.waiting_for_reflection(journal)]


def test_an_entry_written_from_the_prompt_resolves_the_meeting_undoably(journal, clock):
    people = set_up(journal)
    clock.set("2026-11-24T15:00:00")
    lunch = titled(journal, "Lunch with Kwame")
    entry = operations.add_entry(journal, meetings.entry_draft(journal, lunch.id)).result
    before = everything(journal)

    change = operations.meeting_reflected(journal, lunch.id, entry.id)
    assert change.label == "Note that you wrote about “Lunch with Kwame”"
    assert titled(journal, "Lunch with Kwame").reflected

    operations.undo(journal)
    assert everything(journal) == before
    assert people["kwame"].id in [p.id for p in titled(journal, "Lunch with Kwame").people]


def test_confirming_a_name_and_undo_asks_the_question_again(journal):
    people = set_up(journal)
    li_id = people["li"].id
    before = everything(journal)

    change = operations.confirm_attendee(journal, "Li Wei", li_id, True)
    assert change.label == "Confirm Li Wei is Li Wei"
    assert change.done == "Li Wei in your meetings is Li Wei."
    assert li_id in [p.id for p in titled(journal, "Design review").people]

    operations.undo(journal)
    assert everything(journal) == before
    li = next(a for a in titled(journal, "Design review").attendees if a.name == "Li Wei")
    assert (li.person_id, li.candidate_id) == (None, li_id)

    change = operations.confirm_attendee(journal, "Li Wei", li_id, False)
    assert change.label == "Note that Li Wei is not Li Wei"
    operations.undo(journal)
    assert everything(journal) == before


def test_adding_an_attendee_and_undo_removes_the_person_and_the_match(journal):
    set_up(journal)
    review = titled(journal, "Design review")
    jo = next(a for a in review.attendees if a.name == "Jo Baker")
    before = everything(journal)

    change = operations.add_attendee(journal, review.id, jo.position)
    person = change.result
    assert change.label == "Add Jo Baker"
    assert person.id in change.people and review.id in change.ids("meeting")
    assert person.id in [p.id for p in titled(journal, "Design review").people]

    operations.undo(journal)
    assert everything(journal) == before
    assert all(p.name != "Jo Baker" for p in journal.people())


def test_calendar_settings_are_a_step_though_they_never_sync(journal, tmp_path):
    set_up(journal)
    before = everything(journal)
    value = meetings.load_settings(journal)
    value.brief_minutes = 40

    change = operations.save_calendar_settings(journal, value)
    assert change.label == "Change the calendar settings"
    assert change.step is not None
    assert meetings.load_settings(journal).brief_minutes == 40

    operations.undo(journal)
    assert everything(journal) == before
    assert meetings.load_settings(journal).brief_minutes != 40
