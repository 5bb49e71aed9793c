"""Who might be the same person, and why; merging details without losing any."""

from __future__ import annotations

from journal.core.duplicates import (
    Strength,
    find_matches,
    merge_details,
    name_tokens,
    names_close,
    phone_key,
    phones_match,
    preview_merge,
    suggest_duplicates,
)
from journal.core.model import Birthday, Channel, ChannelKind, Facet, FacetKind, Person


def test_find_matches_gives_the_reason_strongest_first(journal):
    ana = journal.add_person(
        Person(
            name="Ana Lima",
            organisation="Crumb & Co.",
            channels=[Channel(ChannelKind.EMAIL, "ana@crumb.example")],
        )
    )
    namesake = journal.add_person(Person(name="Ana Lima"))
    candidate = Person(
        name="Ana  LIMA",
        organisation="Crumb and Co",
        channels=[Channel(ChannelKind.EMAIL, " Ana@Crumb.Example ")],
    )
    matches = find_matches(journal, candidate)
    assert [(m.person_id, m.reason, m.strength) for m in matches] == [
        (ana.id, "same email address, ana@crumb.example", Strength.STRONG),
        (namesake.id, "same name, and no organisation to tell them apart", Strength.WEAK),
    ]


def test_accents_titles_and_word_order_do_not_hide_a_match(journal):
    jose = journal.add_person(Person(name="José Müller", organisation="Café Crème SARL"))
    (match,) = find_matches(journal, Person(name="Dr. Muller Jose", organisation="cafe creme"))
    assert match.person_id == jose.id and match.strength == Strength.LIKELY


def test_different_people_at_one_organisation_do_not_match(journal):
    journal.add_person(Person(name="Ana Lima", organisation="Northwind Labs"))
    assert find_matches(journal, Person(name="Kofi Mensah", organisation="Northwind Labs")) == []
    assert find_matches(journal, Person(name="Ana Lima", organisation="Brightlayer")) == []


def test_suggest_duplicates_lists_pairs_already_in_the_journal(journal):
    a = journal.add_person(Person(name="Mei Chen", organisation="Data Commons"))
    b = journal.add_person(Person(name="Mei  Chen", organisation="Data Commons Ltd"))
    c = journal.add_person(
        Person(name="Jonas Berg", channels=[Channel(ChannelKind.PHONE, "+47 912 34 567")])
    )
    d = journal.add_person(
        Person(name="J. Berg", channels=[Channel(ChannelKind.PHONE, "912 34 567")])
    )
    journal.add_person(Person(name="Signe Nielsen"))
    pairs = suggest_duplicates(journal)
    assert {(frozenset((p.first_id, p.second_id)), p.reason) for p in pairs} == {
        (frozenset((c.id, d.id)), "same phone number"),
        (frozenset((a.id, b.id)), "similar name at the same organisation (Data Commons Ltd)"),
    } or {(frozenset((p.first_id, p.second_id)), p.reason) for p in pairs} == {
        (frozenset((c.id, d.id)), "same phone number"),
        (frozenset((a.id, b.id)), "similar name at the same organisation (Data Commons)"),
    }
    assert pairs[0].strength == Strength.STRONG


def test_phone_numbers_meet_across_country_codes_but_not_short_numbers():
    assert phones_match(phone_key("+1 (905) 555-1234"), phone_key("905.555.1234"))
    assert phones_match(phone_key("+351 912 345 678"), phone_key("0912 345 678"))
    assert phones_match(phone_key("0044 20 7946 0000"), phone_key("+44 20 7946 0000"))
    assert not phones_match(phone_key("+49 1234 56789"), phone_key("+1 234 567 89"))
    assert phone_key("123456") is None
    assert phone_key("+1 905 555 1234 ext. 102") == "+19055551234"
    assert not phones_match(phone_key("+44 20 7946 0000"), phone_key("+1 20 7946 0000"))


def test_close_names():
    assert names_close(name_tokens("John Doe"), name_tokens("John Richter Doe"))
    assert names_close(name_tokens("J. Doe"), name_tokens("John Doe"))
    assert names_close(name_tokens("Jon Doe"), name_tokens("John Doe"))
    assert not names_close(name_tokens("John Doe"), name_tokens("Jane Roe"))
    assert not names_close(name_tokens("Ana"), name_tokens("Anna Karenina Lima"))


def test_merge_details_keeps_what_the_user_wrote():
    mine = Person(
        name="Ana Lima",
        role="founder",
        notes="Met at the fair.",
        birthday=Birthday(3, 10),
        tags=["bakers"],
        channels=[Channel(ChannelKind.PHONE, "+351 912 000 111", "mobile")],
        facets=[Facet(FacetKind.HOBBY, "trail running")],
    )
    theirs = Person(
        name="Ana M. Lima",
        role="CEO",
        organisation="Crumb & Co.",
        notes="met at the fair.",
        birthday=Birthday(3, 10, 1985),
        tags=["Bakers", "Lisbon"],
        channels=[
            Channel(ChannelKind.PHONE, "0912 000 111"),
            Channel(ChannelKind.EMAIL, "ana@crumb.example", "work"),
        ],
        facets=[Facet(FacetKind.HOBBY, "Trail running"), Facet(FacetKind.FAMILY, "Spouse: Rui")],
    )
    added = merge_details(mine, theirs)
    assert added == ["organisation", "birth year", "1 email address", "tag Lisbon", "1 detail"]
    assert (mine.name, mine.role, mine.notes) == ("Ana Lima", "founder", "Met at the fair.")
    assert mine.birthday == Birthday(3, 10, 1985)
    assert mine.tags == ["bakers", "Lisbon"]
    assert [c.value for c in mine.channels] == ["+351 912 000 111", "ana@crumb.example"]
    assert [f.text for f in mine.facets] == ["trail running", "Spouse: Rui"]
    assert merge_details(mine, theirs) == []  # a second time brings nothing


def test_preview_merge_says_what_would_be_added_and_changes_nobody():
    mine = Person(name="Mei Chen", channels=[Channel(ChannelKind.EMAIL, "mei@example.com")])
    theirs = Person(
        name="Mei Chen",
        role="Lab lead",
        tags=["research"],
        channels=[Channel(ChannelKind.PHONE, "+44 7700 900123")],
        facets=[Facet(FacetKind.HOBBY, "birding")],
    )
    assert preview_merge(mine, theirs) == ["role", "1 phone number", "tag research", "1 detail"]
    assert (mine.role, mine.tags, len(mine.channels), mine.facets) == ("", [], 1, [])
    assert theirs.facets[0].person_id is None
