"""Markdown, vCard and iCalendar exports, and how every export is written (atomically,
owner-only, with the warning that it leaves the encrypted store)."""

from __future__ import annotations

import errno
import os
import stat
from datetime import date, datetime

import pytest
from icalendar import Calendar

from journal.core.errors import JournalError
from journal.core.interop.errors import ExportFailed
from journal.core.interop.exporting import EXPORT_WARNING, export_journal
from journal.core.interop.importing import import_file
from journal.core.model import (
    Birthday,
    Channel,
    ChannelKind,
    Circle,
    Direction,
    Entry,
    EntryKind,
    Facet,
    FacetKind,
    FollowUp,
    LedgerItem,
    LedgerKind,
    Person,
)
from journal.core.wording import birthday_text


@pytest.fixture
def small(journal):
    ana = journal.add_person(
        Person(
            name="Ana Lima",
            preferred_name="Aninha",
            organisation="Crumb & Co.",
            role="founder",
            location="Lisbon",
            circle=Circle.CLOSE,
            birthday=Birthday(3, 10, 1985),
            tags=["bakers", "lisbon"],
            notes="Prefers calls to e-mail.",
            channels=[
                Channel(ChannelKind.EMAIL, "ana@crumb.example", "work"),
                Channel(ChannelKind.PHONE, "+351 912 000 111", "mobile"),
            ],
            facets=[
                Facet(FacetKind.WORKING_ON, "the bakery launch", ask_again_on=date(2026, 12, 1)),
                Facet(FacetKind.HOBBY, "trail running", shared=True),
                Facet(FacetKind.FAMILY, "Daughter Inês starts school"),
            ],
        )
    )
    kofi = journal.add_person(Person(name="Kofi Mensah", birthday=Birthday(2, 29)))
    journal.add_person(Person(name="Old Friend", birthday=Birthday(1, 5), archived=True))
    journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 10, 3, 14, 30),
            kind=EntryKind.MEETING,
            title="Coffee at Verde",
            body="# Not a heading\nShe is launching the bakery in March.",
            place="Verde Café",
            people=[ana.id, kofi.id],
            follow_ups=[
                FollowUp("Send the supplier intro", due_on=date(2026, 10, 10), person_id=ana.id)
            ],
            ledger=[
                LedgerItem(
                    ana.id,
                    Direction.GIVEN,
                    LedgerKind.INTRODUCTION,
                    "to the flour supplier",
                    date(2026, 10, 3),
                )
            ],
        )
    )
    journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 11, 1, 9, 0),
            kind=EntryKind.REFLECTION,
            body="Thinking about who I have not seen this year.",
        )
    )
    return journal


def private(path):
    return stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_markdown_one_file_reads_like_the_journal(small, tmp_path):
    result = export_journal(small, "md", tmp_path / "journal.md")
    assert result.warning == EXPORT_WARNING
    text = (tmp_path / "journal.md").read_text()
    assert private(tmp_path / "journal.md")
    assert "## Ana Lima (Aninha)" in text
    assert "founder at Crumb & Co. · Lisbon" in text
    assert f"- Birthday: {birthday_text(3, 10, 1985)}" in text, "the app's one date format"
    assert "- Email (work): ana@crumb.example" in text
    assert "### Working on\n\n- the bakery launch (ask again 1 Dec 2026)" in text
    assert "- trail running (shared)" in text
    assert "- Daughter Inês starts school (private)" in text
    assert "- [ ] Send the supplier intro (due 10 Oct 2026)" in text
    assert "Gave introduction: to the flour supplier" in text
    assert "## 3 Oct 2026, 14:30 — Coffee at Verde" in text
    assert "With Aninha, Kofi Mensah at Verde Café (meeting)" in text
    assert "\\# Not a heading" not in text.split("# Journal")[0]
    assert text.index("Coffee at Verde") < text.index("Thinking about who")
    assert "## Old Friend" in text and "(archived)" in text


def test_markdown_escapes_only_what_markdown_would_misread(journal, tmp_path):
    """A phone number is not a list ("+351 ..." needs no backslash, at the start of a line
    or inside one); a detail that would read as a list, a heading or a numbered list is
    escaped on the character Markdown would take for one."""
    journal.add_person(
        Person(
            name="Rita Sousa",
            location="+351 Lisbon",
            channels=[Channel(ChannelKind.PHONE, "+351 912 000 111", "mobile")],
            facets=[
                Facet(FacetKind.HOBBY, "+351 is her Lisbon number, not a hobby"),
                Facet(FacetKind.WORKING_ON, "+ a second shop"),
                Facet(FacetKind.BACKGROUND, "1. grew up in Porto"),
                Facet(FacetKind.FAMILY, "# of kids: two"),
                Facet(FacetKind.CAN_HELP_WITH, "#design"),
            ],
        )
    )
    export_journal(journal, "md", tmp_path / "journal.md")
    text = (tmp_path / "journal.md").read_text()
    assert "- Phone (mobile): +351 912 000 111" in text
    assert "\\+351" not in text
    assert "\n+351 Lisbon\n" in text
    assert "- +351 is her Lisbon number, not a hobby" in text
    assert "- \\+ a second shop" in text
    assert "- 1\\. grew up in Porto" in text, "a backslash before a digit would be shown"
    assert "- \\# of kids: two" in text
    assert "- #design" in text


def test_markdown_folder_has_a_file_per_person(small, tmp_path):
    out = tmp_path / "journal-export"
    result = export_journal(small, "md", out, per_person=True)
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*.md"))
    assert result.files == len(files) == 5
    assert "index.md" in files and "journal.md" in files
    ana_file = next(out.glob("people/ana-lima-*.md"))
    text = ana_file.read_text()
    assert text.startswith("# Ana Lima (Aninha)")
    assert "## Journal" in text and "Coffee at Verde" in text
    assert "Thinking about who" not in text  # no one was in that entry
    assert "Thinking about who" in (out / "journal.md").read_text()
    assert f"]({ana_file.relative_to(out)})" in (out / "index.md").read_text()
    assert all(private(p) for p in out.rglob("*.md"))
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o700


def test_markdown_folder_never_writes_into_a_folder_with_files(small, tmp_path):
    out = tmp_path / "existing"
    out.mkdir()
    (out / "mine.txt").write_text("keep me")
    with pytest.raises(ExportFailed, match="not an empty folder"):
        export_journal(small, "md", out, per_person=True)
    assert [p.name for p in out.iterdir()] == ["mine.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing", "journal"]  # no temp


def test_vcard_export_reimports_with_the_same_contact_details(small, tmp_path, make_journal):
    export_journal(small, "vcf", tmp_path / "people.vcf")
    assert private(tmp_path / "people.vcf")
    other = make_journal("other")
    import_file(other, tmp_path / "people.vcf")
    (ana,) = other.find_people("Ana Lima")
    original = small.find_people("Ana Lima")[0]
    for attr in ("name", "preferred_name", "organisation", "role", "birthday", "tags", "notes"):
        assert getattr(ana, attr) == getattr(original, attr), attr
    assert {(c.kind, c.value, c.label) for c in ana.channels} == {
        (c.kind, c.value, c.label) for c in original.channels
    }
    assert other.find_people("Kofi Mensah")[0].birthday == Birthday(2, 29)
    # The personal side stays in the journal.
    text = (tmp_path / "people.vcf").read_text()
    assert "Inês" not in text and "trail running" not in text


def test_icalendar_has_yearly_birthdays(small, tmp_path):
    export_journal(small, "ics", tmp_path / "rapport.ics")
    calendar = Calendar.from_ical((tmp_path / "rapport.ics").read_bytes())
    events = {
        str(e["SUMMARY"]): e
        for e in calendar.walk("VEVENT")
        if "Birthday" in str(e["CATEGORIES"].to_ical())
    }
    assert set(events) == {"Aninha's birthday", "Kofi Mensah's birthday"}  # not archived
    ana = events["Aninha's birthday"]
    assert ana.decoded("DTSTART") == date(1985, 3, 10)
    assert ana["RRULE"]["FREQ"] == ["YEARLY"]
    kofi = events["Kofi Mensah's birthday"]
    # 29 Feb without a year: the next last day of February from 24 Nov 2026.
    assert kofi.decoded("DTSTART") == date(2027, 2, 28)
    assert kofi["RRULE"]["BYMONTHDAY"] == [-1] and kofi["RRULE"]["BYMONTH"] == [2]
    assert str(ana["UID"]).startswith("birthday-") and str(ana["TRANSP"]) == "TRANSPARENT"
    assert private(tmp_path / "rapport.ics")


def test_an_export_replaces_the_old_file_whole(small, tmp_path):
    out = tmp_path / "journal.json"
    out.write_text("an older export")
    export_journal(small, "json", out, force=True)
    assert out.read_text().startswith("{")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal", "journal.json"]


def test_an_export_to_a_missing_folder_fails_clearly(small, tmp_path):
    with pytest.raises(ExportFailed, match="does not exist"):
        export_journal(small, "json", tmp_path / "nowhere" / "journal.json")
    with pytest.raises(ExportFailed, match="is a folder"):
        export_journal(small, "vcf", tmp_path)


@pytest.mark.parametrize(
    "error, expected",
    [
        (errno.EACCES, "could not be written"),
        (errno.ENOSPC, "The disk is full, so the export was not written"),
    ],
)
def test_a_failed_write_is_reported_and_leaves_no_file(
    small, tmp_path, monkeypatch, error, expected
):
    import tempfile

    real_mkstemp = tempfile.mkstemp

    def failing_mkstemp(*args, **kwargs):
        fd, name = real_mkstemp(*args, **kwargs)
        os.close(fd)
        os.unlink(name)
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(tempfile, "mkstemp", failing_mkstemp)
    out = tmp_path / "exports"
    out.mkdir()
    with pytest.raises(JournalError, match=expected):
        export_journal(small, "md", out / "journal.md")
    assert list(out.iterdir()) == []


def test_icalendar_has_the_engines_upcoming_check_ins(small, tmp_path):
    from journal.core import engine

    planned = engine.upcoming(small, days=30)
    assert planned, "the sample should have something due"
    export_journal(small, "ics", tmp_path / "rapport.ics", days=30)
    calendar = Calendar.from_ical((tmp_path / "rapport.ics").read_bytes())
    check_ins = [e for e in calendar.walk("VEVENT") if "Check-in" in str(e["CATEGORIES"].to_ical())]
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in check_ins] == [
        (s.action, s.due_on) for s in planned
    ]
    first = check_ins[0]
    assert planned[0].reason in str(first["DESCRIPTION"])
    assert any("supplier intro" in str(e["SUMMARY"]) + str(e["DESCRIPTION"]) for e in check_ins)
    again = Calendar.from_ical(
        (export_journal(small, "ics", tmp_path / "again.ics", days=30).path).read_bytes()
    )
    assert [str(e["UID"]) for e in again.walk("VEVENT")] == [
        str(e["UID"]) for e in calendar.walk("VEVENT")
    ]  # the same events, not new ones


def test_every_sample_person_survives_a_vcard_round_trip(make_journal, tmp_path):
    from journal.core import sample

    source = make_journal("source")
    sample.populate(source, sample.SampleSpec(people=80, entries=0, seed=5))
    export_journal(source, "vcf", tmp_path / "all.vcf")
    target = make_journal("target")
    report = import_file(target, tmp_path / "all.vcf")
    assert report.skipped == []

    def contact(p):
        return (
            p.name,
            p.preferred_name,
            p.organisation,
            p.role,
            p.birthday,
            sorted(p.tags),
            p.notes,
            sorted((c.kind.value, c.value, c.label) for c in p.channels),
        )

    originals: dict[str, list] = {}
    for person in source.people():
        originals.setdefault(person.name, []).append(contact(person))
    unique = [p for p in target.people() if len(originals[p.name]) == 1]
    assert len(unique) > 60
    for person in unique:
        assert contact(person) == originals[person.name][0]
    # Namesakes (the sample repeats names) may be merged on import, and that is said.
    assert len(target.people()) + len(report.merged) + len(report.skipped) == len(source.people())
