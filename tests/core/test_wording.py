"""How Rapport writes counts, dates, excerpts and sorted names, and where a reader sees
them: the CLI, the exports, the entry lists."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from journal.core.entries import EntryQuery
from journal.core.interop.exporting import export_journal
from journal.core.interop.vcard_export import person_to_vcard
from journal.core.model import Birthday, Entry, EntryKind, Person
from journal.core.wording import (
    ELLIPSIS,
    ago,
    birthday_text,
    duration,
    every,
    excerpt,
    format_date,
    parse_when,
    plural,
    sort_key,
)

SUNDAY = date(2026, 12, 6)


def test_plurals_read_as_english():
    assert plural(1, "entry") == "1 entry"
    assert plural(2, "entry") == "2 entries"
    assert plural(1, "person") == "1 person"
    assert plural(1204, "person") == "1,204 people"
    assert plural(1, "active tie") == "1 active tie"
    assert plural(0, "day") == "0 days"
    assert plural(2.5, "field") == "2.5 fields"


def test_one_date_format_without_leading_zeros():
    assert format_date(date(2026, 12, 6)) == "6 Dec 2026"
    assert format_date(datetime(2026, 12, 6, 14, 5), year=False) == "6 Dec"
    assert birthday_text(7, 22) == "22 Jul"
    assert birthday_text(3, 10, 1985) == "10 Mar 1985"


def test_excerpts_end_at_a_word_with_an_ellipsis():
    text = "The move went well and she hinted she might leave her job in the spring"
    cut = excerpt(text, 40)
    assert cut == "The move went well and she hinted she…"
    assert excerpt("short and whole", 40) == "short and whole"
    # A database prefix whose last word may be partial loses that word.
    assert excerpt("she hinted she might le", 240, more=True) == "she hinted she might…"


@given(st.text(alphabet="abcdé ,.\n", max_size=300), st.integers(min_value=5, max_value=200))
def test_an_excerpt_is_never_longer_than_asked_and_only_keeps_whole_words(text, limit):
    cut = excerpt(text, limit)
    flat = " ".join(text.split())
    assert len(cut) <= max(limit, len(flat) if len(flat) <= limit else limit)
    if cut.endswith(ELLIPSIS) and len(flat) > limit:
        kept = cut[:-1]
        assert flat.startswith(kept)
        following = flat[len(kept) : len(kept) + 1]
        # The cut falls at a word boundary, unless the only boundary would drop most of
        # the excerpt (one very long word): then that word is cut.
        at_boundary = following in ("", " ", ",", ".", ";", ":", "-")
        assert at_boundary or kept.rfind(" ") <= len(kept) // 3 + 1


def test_names_sort_as_a_reader_expects():
    names = ["Maya Okonkwo", "Mária Horváth", "zoë", "Łukasz Nowak", "Ana Lima", "Émile"]
    assert sorted(names, key=sort_key) == [
        "Ana Lima",
        "Émile",
        "Łukasz Nowak",
        "Mária Horváth",
        "Maya Okonkwo",
        "zoë",
    ]


def test_days_typed_in_words():
    assert parse_when("next Friday", SUNDAY) == date(2026, 12, 11)
    assert parse_when("in two weeks", SUNDAY) == date(2026, 12, 20)
    assert parse_when("15 Jan", SUNDAY) == date(2027, 1, 15), "the next 15 January"
    assert parse_when("tomorrow", SUNDAY) == date(2026, 12, 7)
    assert parse_when("2027-03-01", SUNDAY) == date(2027, 3, 1)
    assert parse_when("", SUNDAY) is None
    assert parse_when("when pigs fly", SUNDAY) is None


@given(st.text(max_size=40))
def test_any_typed_text_is_a_date_or_none_never_an_error(text):
    result = parse_when(text, SUNDAY)
    assert result is None or isinstance(result, date)


def test_vcard_keeps_a_family_name_with_its_particle():
    card = person_to_vcard(Person(name="Ana da Silva")).serialize()
    assert "N:da Silva;Ana;;;" in card
    assert (
        "N:van der Rohe;Ludwig;;;"
        in person_to_vcard(Person(name="Ludwig van der Rohe")).serialize()
    )
    assert "N:Mensah;Kofi;;;" in person_to_vcard(Person(name="Kofi Mensah")).serialize()


def test_markdown_lists_people_in_alphabetical_order(journal, tmp_path):
    for name in ("Maya Okonkwo", "Mária Horváth", "Ana Lima"):
        journal.add_person(Person(name=name))
    export_journal(journal, "md", tmp_path / "journal.md")
    text = (tmp_path / "journal.md").read_text()
    assert (
        text.index("## Ana Lima") < text.index("## Mária Horváth") < text.index("## Maya Okonkwo")
    )
    assert "3 people, 0 entries." in text


def test_entry_lists_cut_excerpts_at_a_word(journal):
    ana = journal.add_person(Person(name="Ana"))
    body = ("We talked about the flat. " * 9) + "She hinted she might leave the bakery soon."
    journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 11, 20, 10),
            kind=EntryKind.MEETING,
            body=body,
            people=[ana.id],
        )
    )
    [summary] = journal.query_entries(EntryQuery(person_id=ana.id))
    assert summary.snippet.endswith(ELLIPSIS)
    assert body.startswith(summary.snippet[:-1])
    assert body[len(summary.snippet) - 1] == " ", "cut between words"


def test_ics_check_ins_say_when_last_in_touch(journal, tmp_path):
    ana = journal.add_person(Person(name="Ana Lima", birthday=Birthday(7, 22)))
    journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 8, 1, 10),
            kind=EntryKind.MEETING,
            body="coffee",
            people=[ana.id],
        )
    )
    export_journal(journal, "ics", tmp_path / "r.ics", days=120)
    calendar = Calendar.from_ical((tmp_path / "r.ics").read_bytes())
    descriptions = [str(e.get("DESCRIPTION", "")) for e in calendar.walk("VEVENT")]
    assert descriptions
    for text in descriptions:
        assert not any(line.strip() == "- Last in touch" for line in text.splitlines())
        assert "--07-22" not in text


_UNITS = ("day", "month", "year")


def _unit(text: str) -> int:
    return next(i for i, u in enumerate(_UNITS) if u in text)


@given(st.integers(min_value=0, max_value=40_000), st.integers(min_value=0, max_value=40_000))
def test_a_span_is_said_by_one_rule_longer_never_in_a_smaller_unit(a, b):
    """One rule for every screen: a longer span never reads in a smaller unit than a
    shorter one, so "6 months" never sits beside "195 days" for a longer gap."""
    short, long = sorted((a, b))
    assert _unit(duration(short)) <= _unit(duration(long))
    for text in (duration(short), duration(long), every(max(short, 1))):
        assert not text.startswith(("1 days", "1 months")) and " 1 days" not in text
        assert "about 1 " not in text and "every 1 day" not in text


def test_spans_read_as_a_person_would_say_them():
    assert duration(1) == "1 day"
    assert duration(55) == "55 days"
    assert duration(195) == "about 6 months"
    assert duration(400) == "about 13 months"
    assert duration(800) == "about two years"
    assert ago(0) == "today" and ago(1) == "yesterday"
    assert ago(195) == f"{duration(195)} ago"
    assert every(1) == "every day" and every(30) == "every 30 days"


def test_counts_in_merge_previews_and_export_descriptions_agree():
    """The last hand-rolled plurals (merge preview, a JSON export's description) go
    through wording: one of a thing is never "1 details", two never "2 detail"."""
    from journal.core.duplicates import preview_merge
    from journal.core.interop.jsonfile import describe
    from journal.core.model import Channel, ChannelKind, Facet, FacetKind

    def other(n: int) -> Person:
        return Person(
            name="Ana Lima",
            tags=[f"tag{i}" for i in range(n)],
            facets=[Facet(FacetKind.HOBBY, f"hobby {i}") for i in range(n)],
            channels=[Channel(ChannelKind.EMAIL, f"a{i}@example.org") for i in range(n)],
        )

    one = " · ".join(preview_merge(Person(name="Ana"), other(1)))
    two = " · ".join(preview_merge(Person(name="Ana"), other(2)))
    assert "1 detail" in one and "1 details" not in one and "tag tag0" in one
    assert "1 email address" in one
    assert "2 details" in two and "tags tag0, tag1" in two and "2 email addresses" in two
    tables = {"people": [{}], "entries": [{}, {}], "facets": [{}]}
    assert describe({"tables": tables}) == "1 person, 1 detail, 2 entries"


def test_mid_sentence_lowers_only_an_opening_article_or_possessive():
    from journal.core.wording import mid_sentence

    assert mid_sentence("The grant application") == "the grant application"
    assert mid_sentence("A new mobile app") == "a new mobile app"
    assert mid_sentence("Penguin's book deal") == "Penguin's book deal"
    assert mid_sentence("THE REPORT") == "THE REPORT"
    assert mid_sentence("opening a café") == "opening a café"
