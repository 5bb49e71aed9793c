"""Meetings kept in the journal: matched to people, and what the user makes of them."""

from __future__ import annotations

import shutil
from datetime import date, datetime

import pytest

from journal.core.calendar import meetings, prompts
from journal.core.errors import InvalidInput, NotFound
from journal.core.settings import JournalSettings
from tests.support.meetings import INVITATIONS, reader, set_up, titled, write


def test_attendees_are_matched_by_any_email_case_insensitively(journal):
    people = set_up(journal)
    lunch = titled(journal, "Lunch with Kwame")
    assert [p.name for p in lunch.people] == ["Kwame Mensah"]  # KWAME.MENSAH@Example.org
    review = titled(journal, "Design review")
    # Ana's second address (Ana@Example.org) matched ana@example.org.
    assert [p.id for p in review.people] == [people["ana"].id]
    assert (lunch.start, lunch.end, lunch.location) == (
        datetime(2026, 11, 24, 12, 30),
        datetime(2026, 11, 24, 13, 30),
        "Dishoom, King's Cross",
    )


def test_the_user_is_never_someone_in_the_meeting(journal):
    set_up(journal)
    review = titled(journal, "Design review")
    assert "me@example.org" not in [a.email for a in review.attendees]


def test_a_name_match_waits_for_confirmation_and_is_remembered(journal):
    people = set_up(journal)
    review = titled(journal, "Design review")
    li = next(a for a in review.attendees if a.name == "Li Wei")
    assert (li.person_id, li.candidate_id, li.candidate_name) == (None, people["li"].id, "Li Wei")
    assert people["li"].id not in [p.id for p in review.people]

    meetings.confirm_name(journal, "Li Wei", people["li"].id, same=True)
    assert people["li"].id in [p.id for p in titled(journal, "Design review").people]
    # Remembered: the next read of the calendar keeps the match without asking again.
    meetings.sync(journal, reader())
    assert people["li"].id in [p.id for p in titled(journal, "Design review").people]


def test_a_rejected_name_match_is_not_asked_again(journal):
    people = set_up(journal)
    meetings.confirm_name(journal, "Li Wei", people["li"].id, same=False)
    meetings.sync(journal, reader())
    li = next(a for a in titled(journal, "Design review").attendees if a.name == "Li Wei")
    assert (li.person_id, li.candidate_id) == (None, None)


def test_an_unmatched_attendee_becomes_a_person_in_one_step(journal):
    set_up(journal)
    review = titled(journal, "Design review")
    jo = next(a for a in review.attendees if a.name == "Jo Baker")
    person = meetings.add_attendee_as_person(journal, review.id, jo.position)
    assert person.name == "Jo Baker"
    assert [c.value for c in person.channels] == ["jo.baker@elsewhere.example"]
    assert person.met_on == date(2026, 11, 23)
    assert person.id in [p.id for p in titled(journal, "Design review").people]


def test_a_meeting_that_leaves_the_calendar_is_no_longer_listed(journal, tmp_path):
    path = tmp_path / "cal.ics"
    shutil.copy(INVITATIONS, path)
    set_up(journal, path)
    assert titled(journal, "Lunch with Kwame")
    text = path.read_bytes().replace(
        b"STATUS:CONFIRMED\r\nSUMMARY:Lunch with Kwame",
        b"STATUS:CANCELLED\r\nSUMMARY:Lunch with Kwame",
    )
    path.write_bytes(text)
    meetings.sync(journal, reader(path))
    titles = [
        m.title for m in meetings.meetings_between(journal, date(2026, 11, 24), date(2026, 11, 24))
    ]
    assert "Lunch with Kwame" not in titles


def test_nothing_of_the_calendar_file_is_kept_but_what_is_needed(journal):
    set_up(journal)
    with journal.store.reading() as conn:
        stored = " ".join(
            str(v) for row in conn.execute("SELECT * FROM meetings") for v in tuple(row)
        )
    assert "grant application" not in stored  # the DESCRIPTION is never kept
    assert "Lunch with Kwame" in stored


def test_we_met_counts_as_contact_and_clears_the_prompt(journal, clock):
    people = set_up(journal)
    before = journal.person(people["ana"].id).last_contact_at
    clock.set("2026-11-23T18:00:00")
    review = titled(journal, "Design review")
    assert review.id in [m.id for m in meetings.waiting_for_reflection(journal)]
    assert before is None  # the meeting alone is not contact
    entry = meetings.we_met(journal, review.id)
    assert journal.person(people["ana"].id).last_contact_at == datetime(2026, 11, 23, 16, 0)
    assert entry.title == "Design review" and entry.place == "Room 4.12"
    assert review.id not in [m.id for m in meetings.waiting_for_reflection(journal)]
    assert titled(journal, "Design review").reflected


def test_writing_an_entry_that_day_clears_the_prompt(journal, clock):
    people = set_up(journal)
    clock.set("2026-11-24T15:00:00")
    lunch = titled(journal, "Lunch with Kwame")
    assert lunch.id in [m.id for m in meetings.waiting_for_reflection(journal)]
    write(journal, people["kwame"], datetime(2026, 11, 24, 14, 0), "Good lunch.")
    assert lunch.id not in [m.id for m in meetings.waiting_for_reflection(journal)]
    assert lunch.id in meetings.reflected_ids(journal, [lunch.id])


def test_the_editor_draft_has_people_time_place_and_title(journal):
    people = set_up(journal)
    draft = meetings.entry_draft(journal, titled(journal, "Lunch with Kwame").id)
    assert (draft.title, draft.place, draft.occurred_at, draft.people) == (
        "Lunch with Kwame",
        "Dishoom, King's Cross",
        datetime(2026, 11, 24, 12, 30),
        [people["kwame"].id],
    )


def test_dismissed_is_not_contact_and_not_asked_again(journal, clock):
    people = set_up(journal)
    clock.set("2026-11-24T15:00:00")
    lunch = titled(journal, "Lunch with Kwame")
    meetings.dismiss(journal, lunch.id)
    assert meetings.waiting_for_reflection(journal) == [] or lunch.id not in [
        m.id for m in meetings.waiting_for_reflection(journal)
    ]
    assert journal.person(people["kwame"].id).last_contact_at is None


def test_brief_goes_out_fifteen_minutes_before_once(journal, clock):
    set_up(journal)
    clock.set("2026-11-24T12:10:00")
    assert [p for p in prompts.due(journal) if p.kind == "brief"] == []
    clock.set("2026-11-24T12:15:00")
    briefs = [p for p in prompts.due(journal) if p.kind == "brief"]
    assert [p.title for p in briefs] == ["Lunch with Kwame at 12:30"]
    clock.set("2026-11-24T12:20:00")
    assert [p for p in prompts.due(journal) if p.kind == "brief"] == []  # never twice


def test_brief_lead_time_is_a_setting(journal, clock):
    set_up(journal)
    settings = meetings.load_settings(journal)
    settings.brief_minutes = 60
    meetings.save_settings(journal, settings)
    clock.set("2026-11-24T11:31:00")
    assert [p.title for p in prompts.due(journal) if p.kind == "brief"] == [
        "Lunch with Kwame at 12:30"
    ]


def test_nothing_in_quiet_hours(journal, clock):
    set_up(journal)
    quiet = JournalSettings(quiet_start="12:00", quiet_end="16:00")
    journal.save_settings(quiet)
    clock.set("2026-11-24T12:15:00")
    assert prompts.due(journal) == []
    clock.set("2026-11-24T14:00:00")
    assert prompts.due(journal) == []  # the lunch ended at 13:30, still quiet
    clock.set("2026-11-24T16:00:00")
    # Only the lunch: yesterday's meetings wait in Today's list, not in a notification.
    assert [p.title for p in prompts.due(journal)] == ["How was lunch with Kwame?"]


def test_reflection_prompt_once_and_at_most_a_few_a_day(journal, clock):
    set_up(journal)
    settings = meetings.load_settings(journal)
    settings.prompts_per_day = 1
    meetings.save_settings(journal, settings)
    clock.set("2026-11-24T13:45:00")
    first = [p.title for p in prompts.due(journal) if p.kind == "reflect"]
    assert len(first) == 1
    clock.set("2026-11-24T14:45:00")
    assert [p for p in prompts.due(journal) if p.kind == "reflect"] == []


def test_next_look_is_the_next_brief_or_meeting_end(journal, clock):
    set_up(journal)
    clock.set("2026-11-24T11:00:00")
    assert prompts.next_look(journal) == datetime(2026, 11, 24, 12, 0)
    clock.set("2026-11-24T12:40:00")
    assert prompts.next_look(journal) == datetime(2026, 11, 24, 13, 30)


def test_sources_are_added_and_removed_with_clear_words(journal, tmp_path):
    with pytest.raises(InvalidInput, match="There is no file or folder at"):
        meetings.add_source(journal, tmp_path / "missing.ics")
    kept = meetings.add_source(journal, INVITATIONS)
    assert meetings.load_settings(journal).sources == [kept]
    meetings.remove_source(journal, kept)
    assert meetings.load_settings(journal).sources == []
    with pytest.raises(NotFound, match="is not one of the calendars"):
        meetings.remove_source(journal, kept)


def test_what_and_prompt_words():
    person = meetings.MeetingPerson("1", "Kwame Mensah")
    base = dict(
        id="m",
        start=datetime(2026, 11, 24, 9, 5),
        end=datetime(2026, 11, 24, 10),
        all_day=False,
        location="",
        attendees=(),
        present=True,
        resolution=None,
        entry_id=None,
        briefed=False,
        prompted=False,
    )
    named = meetings.Meeting(title="Lunch with Kwame", people=(person,), **base)
    other = meetings.Meeting(title="OKR planning", people=(person,), **base)
    bare = meetings.Meeting(title="", people=(person,), **base)
    assert (
        prompts.brief_text(named).title == "Lunch with Kwame at 09:05"
    )  # times as the app writes them everywhere
    assert prompts.reflect_text(named).title == "How was lunch with Kwame?"
    assert prompts.reflect_text(other).title == "How was OKR planning with Kwame?"
    assert prompts.brief_text(bare).title == "Meeting with Kwame at 09:05"


def test_count_only_notifications_name_nobody(journal, clock):
    set_up(journal)
    quiet = journal.settings()
    quiet.notification_text = "count"
    journal.save_settings(quiet)
    clock.set("2026-11-24T12:15:00")
    [brief] = prompts.due(journal)
    assert (brief.title, brief.body) == ("A meeting soon", "Open Rapport for the brief.")
    assert "Kwame" not in brief.title + brief.body


def test_a_name_question_is_answered_by_the_attendee_name(journal):
    people = set_up(journal)
    assert meetings.answer_name(journal, "li wei", same=True) == "Li Wei"
    assert people["li"].id in [p.id for p in titled(journal, "Design review").people]
    with pytest.raises(NotFound, match="No meeting has an attendee called 'Nobody'"):
        meetings.answer_name(journal, "Nobody", same=True)


def test_a_file_caught_half_written_hides_no_meeting(journal, tmp_path):
    path = tmp_path / "cal.ics"
    shutil.copy(INVITATIONS, path)
    set_up(journal, path)
    calendar_reader = reader(path)
    meetings.sync(journal, calendar_reader)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 3])  # a sync client mid-write
    result = meetings.sync(journal, calendar_reader)
    assert result.problems and result.problems[0].startswith("cal.ics ")
    assert titled(journal, "Lunch with Kwame")  # still there
    path.write_bytes(whole)
    assert meetings.sync(journal, calendar_reader).problems == ()


_LATE = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Rapport tests//EN
BEGIN:VEVENT
UID:late-drinks@rapport.test
DTSTART:20261124T233000Z
DTEND:20261125T003000Z
SUMMARY:Late drinks
ORGANIZER:mailto:me@example.org
ATTENDEE;CN=Kwame Mensah:mailto:kwame.mensah@example.org
ATTENDEE;CN=Sam Rivera:mailto:me@example.org
END:VEVENT
END:VCALENDAR
"""


@pytest.mark.parametrize(
    "written_at",
    [
        datetime(2026, 11, 25, 0, 45),  # right after, as the editor dates a new entry
        datetime(2026, 11, 25, 9, 0),  # the next morning
        datetime(2026, 11, 24, 23, 30),  # at its start, as the prompt's editor does
    ],
)
def test_a_meeting_across_midnight_is_cleared_by_the_entry_written_after_it(
    journal, clock, tmp_path, written_at
):
    """23:30 to 00:30 (London is UTC in November): an entry with Kwame on either of the
    meeting's days is its reflection, as one on the day of a daytime meeting is."""
    path = tmp_path / "late.ics"
    path.write_text(_LATE, encoding="utf-8")
    people = set_up(journal, path)
    clock.set("2026-11-25T08:05:00")  # the first moment after quiet hours (21:00 to 08:00)
    late = titled(journal, "Late drinks")
    assert (late.start, late.end) == (datetime(2026, 11, 24, 23, 30), datetime(2026, 11, 25, 0, 30))
    assert [p.title for p in prompts.due(journal) if p.kind == "reflect"] == [
        "How was late drinks with Kwame?"
    ]
    clock.set("2026-11-25T09:05:00")
    write(journal, people["kwame"], written_at, "Good to catch up late.")
    assert late.id not in [m.id for m in meetings.waiting_for_reflection(journal)]
    assert late.id in meetings.reflected_ids(journal, [late.id])
    assert [p for p in prompts.due(journal) if p.kind == "reflect"] == []


def test_an_entry_the_day_after_a_daytime_meeting_does_not_clear_it(journal, clock):
    people = set_up(journal)
    clock.set("2026-11-25T09:00:00")
    lunch = titled(journal, "Lunch with Kwame")
    write(journal, people["kwame"], datetime(2026, 11, 25, 8, 0), "About something else.")
    assert lunch.id in [m.id for m in meetings.waiting_for_reflection(journal)]
