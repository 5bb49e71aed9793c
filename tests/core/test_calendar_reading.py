"""Reading real calendar files: the clients' own exports, placed in local time."""

from __future__ import annotations

import os
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.core.calendar.reading import CalendarReader, calendar_files, events_in

FIXTURES = Path(__file__).parent.parent / "fixtures" / "calendars"
LONDON = ZoneInfo("Europe/London")
ME = ("me@example.org",)


def read(name: str, start: datetime, end: datetime, zone: ZoneInfo = LONDON, own=ME):
    return CalendarReader([FIXTURES / name], own_emails=own, zone=zone).events(start, end)


def test_google_export_places_a_berlin_series_in_london_time():
    events = read("google_calendar_berlin.ics", datetime(2019, 2, 18), datetime(2019, 2, 20))
    plenum = [e for e in events if e.title == "machBar Plenum"]
    # 17:00 in Berlin (CET) is 16:00 in London (GMT).
    assert [(e.start, e.end) for e in plenum] == [
        (datetime(2019, 2, 19, 16, 0), datetime(2019, 2, 19, 18, 0))
    ]


def test_google_export_follows_a_moved_occurrence_by_recurrence_id():
    events = read("google_calendar_berlin.ics", datetime(2019, 2, 10), datetime(2019, 2, 28))
    repair = [e for e in events if e.title.startswith("mB-onTour")]
    # The 16 February occurrence was moved to the 24th, to another place.
    assert [e.start.date() for e in repair] == [date(2019, 2, 24)]
    assert repair[0].location.startswith("Treffpunkt Freizeit, Am Neuen Garten 64")


def test_google_attendee_without_cn_is_kept_by_address_and_shared_calendars_dropped():
    events = read("google_calendar_berlin.ics", datetime(2019, 3, 9), datetime(2019, 3, 10))
    hackademy = next(e for e in events if e.title == "Open Health HACKademy")
    # Its only attendee is a shared Google calendar (…@group.calendar.google.com).
    assert hackademy.attendees == ()


def test_outlook_windows_zone_and_allday_series_with_exdate():
    events = read("outlook_exchange_2010.ics", datetime(2024, 7, 1), datetime(2024, 10, 5))
    single = next(e for e in events if e.title == "outlook event with alarm")
    # "GMT Standard Time" is London: 18:30 there is 18:30 here, in summer time too.
    assert (single.start, single.end, single.all_day) == (
        datetime(2024, 10, 4, 18, 30),
        datetime(2024, 10, 4, 19, 0),
        False,
    )
    series = sorted({e.start.date() for e in events if e.title == "test123"})
    # Fortnightly from 1 July, but the 15 July occurrence was deleted (EXDATE).
    assert series == [date(2024, 7, 1), date(2024, 7, 29)]
    assert all(e.all_day for e in events if e.title == "test123")


def test_the_same_outlook_meeting_is_earlier_seen_from_new_york():
    events = read(
        "outlook_exchange_2010.ics",
        datetime(2024, 10, 4),
        datetime(2024, 10, 5),
        zone=ZoneInfo("America/New_York"),
    )
    single = next(e for e in events if e.title == "outlook event with alarm")
    assert single.start == datetime(2024, 10, 4, 13, 30)


def test_thunderbird_moved_and_edited_occurrences():
    events = read("thunderbird_moved_occurrences.ics", datetime(2025, 4, 23), datetime(2025, 4, 28))
    assert [(e.start.day, e.start.hour, e.location) for e in events] == [
        (23, 9, ""),
        (24, 11, ""),  # moved from 9:00 to 11:00
        (25, 9, "new place"),  # same time, somewhere else
        (26, 9, ""),
        (27, 9, ""),
    ]
    assert len({e.key for e in events}) == 5


def test_apple_allday_event_is_a_whole_day():
    events = read("apple_calendar_allday.ics", datetime(2012, 7, 16), datetime(2012, 7, 17))
    assert [(e.title, e.all_day, e.start, e.end) for e in events] == [
        ("Start Vorbereitung", True, datetime(2012, 7, 16), datetime(2012, 7, 17))
    ]


def test_confluence_allday_series_with_folded_cn_and_exdates():
    events = read("confluence_allday_exdates.ics", datetime(2019, 2, 14), datetime(2019, 3, 22))
    assert [e.start.date() for e in events] == [
        date(2019, 2, 14),
        date(2019, 3, 21),  # 21 Feb, 28 Feb, 7 and 14 March were deleted
    ]
    assert events[0].attendees[0].name == "Fred Bloggs"  # CN folded over two lines
    assert events[0].attendees[0].email == "person@domain.com"


def test_cancelled_events_and_declined_invitations_are_left_out():
    events = read(
        "invitations_made_for_rapport.ics", datetime(2026, 11, 24), datetime(2026, 11, 26)
    )
    titles = [e.title for e in events]
    assert "Coffee with Ana" not in titles  # STATUS:CANCELLED
    assert "Board call" not in titles  # the user's PARTSTAT=DECLINED
    assert titles == ["Lunch with Kwame", "Kwame's conference"]


def test_a_declined_invitation_is_kept_when_the_user_address_is_unknown():
    events = read(
        "invitations_made_for_rapport.ics",
        datetime(2026, 11, 24),
        datetime(2026, 11, 25),
        own=(),
    )
    assert "Board call" in [e.title for e in events]


def test_attendees_with_and_without_cn_addresses_lowercased_rooms_dropped():
    events = read(
        "invitations_made_for_rapport.ics", datetime(2026, 11, 23, 15), datetime(2026, 11, 23, 18)
    )
    review = next(e for e in events if e.title == "Design review")
    assert [(a.email, a.name) for a in review.attendees] == [
        ("ana@example.org", ""),
        ("li.wei@elsewhere.example", "Li Wei"),
        ("jo.baker@elsewhere.example", "Jo Baker"),
        ("me@example.org", ""),
    ]
    lunch = read(
        "invitations_made_for_rapport.ics", datetime(2026, 11, 24), datetime(2026, 11, 25)
    )[0]
    assert lunch.attendees[0].email == "kwame.mensah@example.org"  # was KWAME.MENSAH@Example.org


def test_weekly_series_with_exdate_and_a_moved_occurrence():
    events = read("invitations_made_for_rapport.ics", datetime(2026, 11, 1), datetime(2026, 12, 1))
    ones = [(e.start, e.location) for e in events if e.title.startswith("1:1 with Ana")]
    assert ones == [
        (datetime(2026, 11, 2, 9, 0), ""),
        (datetime(2026, 11, 9, 9, 0), ""),
        # 16 November deleted; 23 November moved to 15:00 Berlin, 14:00 London.
        (datetime(2026, 11, 23, 14, 0), "Café Nero"),
        (datetime(2026, 11, 30, 9, 0), ""),
    ]


def test_a_folder_is_read_recursively_like_a_vdir(tmp_path):
    vdir = tmp_path / "vdir" / "work"
    vdir.mkdir(parents=True)
    shutil.copy(FIXTURES / "apple_calendar_allday.ics", vdir / "a.ics")
    shutil.copy(FIXTURES / "thunderbird_moved_occurrences.ics", vdir / "b.ICS")
    (vdir / "notes.txt").write_text("not a calendar")
    assert [p.name for p in calendar_files(tmp_path / "vdir")] == ["a.ics", "b.ICS"]


def test_a_file_is_parsed_again_only_when_it_changes(tmp_path):
    path = tmp_path / "cal.ics"
    shutil.copy(FIXTURES / "apple_calendar_allday.ics", path)
    reader = CalendarReader([path], zone=LONDON)
    window = (datetime(2012, 7, 1), datetime(2012, 8, 1))
    assert [e.title for e in reader.events(*window)] == ["Start Vorbereitung"]
    first = reader._cache[path].calendar
    reader.events(*window)
    assert reader._cache[path].calendar is first  # unchanged: not read again
    path.write_text(path.read_text().replace("Start Vorbereitung", "Kick-off"))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert [e.title for e in reader.events(*window)] == ["Kick-off"]


def test_a_broken_file_is_reported_by_name_and_spoils_no_other(tmp_path):
    (tmp_path / "broken.ics").write_text("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:nonsense\n")
    shutil.copy(FIXTURES / "apple_calendar_allday.ics", tmp_path / "good.ics")
    reader = CalendarReader([tmp_path], zone=LONDON)
    events = reader.events(datetime(2012, 7, 1), datetime(2012, 8, 1))
    assert [e.title for e in events] == ["Start Vorbereitung"]
    problems = list(reader.problems.values())
    assert len(problems) == 1 and problems[0].startswith("broken.ics ")
    assert "nonsense" not in problems[0]


@settings(max_examples=40, deadline=None)
@given(
    day=st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)),
    hour=st.integers(0, 23),
    minutes=st.integers(1, 600),
)
def test_any_event_lands_inside_any_window_that_contains_it(day, hour, minutes):
    import icalendar

    start = datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo("Asia/Tokyo"))
    cal = icalendar.Calendar()
    event = icalendar.Event()
    event.add("uid", "x")
    event.add("summary", "Tea")
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=minutes))
    cal.add_component(event)
    parsed = icalendar.Calendar.from_ical(cal.to_ical())
    local = start.astimezone(LONDON).replace(tzinfo=None)
    found = events_in(
        parsed,
        local - timedelta(hours=1),
        local + timedelta(hours=1),
        zone=LONDON,
    )
    assert [(e.start, e.title) for e in found] == [(local, "Tea")]


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.ics")))
def test_every_fixture_reads_without_a_problem(name):
    reader = CalendarReader([FIXTURES / name], zone=LONDON)
    reader.events(datetime(2010, 1, 1), datetime(2030, 1, 1))
    assert reader.problems == {}
