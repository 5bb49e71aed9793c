"""Planning an import stays linear however many cards share one name, and keeps the same
decisions it took when every card was compared with every earlier one.

A file of 20,000 cards named "Ana Lima" used to compare each card with all the earlier
ones and keep every match (quadratic: 4,000 cards took 28 s and 1 GB, 20,000 grew past
14 GB). The assertions here are structural (comparisons and matches kept per card), never
a time; the figures are in tests/benchmarks/bench_import_same_name.py.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from journal.core.duplicates import MATCH_LIMIT, DuplicateIndex, MergeKeys, merge_details
from journal.core.interop.plan import Action, plan_import
from journal.core.interop.records import ParsedFile, ParsedPerson
from journal.core.model import Channel, ChannelKind, Person

CARDS = 20_000


def _same_name_file(organisation: str = "", cards: int = CARDS) -> ParsedFile:
    people = [
        ParsedPerson(
            Person(
                name="Ana Lima",
                organisation=organisation,
                channels=[Channel(ChannelKind.EMAIL, f"ana{i}@example.org")],
            ),
            f"card {i + 1}",
        )
        for i in range(cards)
    ]
    return ParsedFile("vcard", people)


def test_twenty_thousand_namesakes_plan_with_linear_comparisons(journal):
    journal.add_person(Person(name="Ana Lima"))
    index = DuplicateIndex.from_journal(journal, limit=MATCH_LIMIT)
    plan = plan_import(journal, _same_name_file(), index=index)
    # Each is a new person (two Ana Limas are often two people), with the journal's Ana
    # Lima offered first, as before.
    assert plan.count(Action.ADD) == CARDS
    assert all(item.matches[0].person_id != item.incoming.person.id for item in plan.items)
    assert {item.matches[0].name for item in plan.items} == {"Ana Lima"}
    assert index.comparisons <= (MATCH_LIMIT + 1) * CARDS
    assert max(len(item.matches) for item in plan.items) == MATCH_LIMIT


def test_twenty_thousand_namesakes_at_one_organisation_merge_linearly(journal):
    index = DuplicateIndex.from_journal(journal, limit=MATCH_LIMIT)
    plan = plan_import(journal, _same_name_file("Crumb & Co."), index=index)
    assert plan.items[0].action == Action.ADD
    assert all(item.action == Action.MERGE for item in plan.items[1:])
    # Each card brings its own address to the person it merges into.
    assert all(item.merge_adds == ["1 email address"] for item in plan.items[1:])
    # The name is compared once per block and name, and each block keeps a few ids.
    assert index.comparisons <= 2 * (MATCH_LIMIT + 1) * CARDS


_NAMES = st.sampled_from(["Ana Lima", "ana lima", "Lima Ana", "Ana Limma", "Bo Chen", "A. Lima"])
_ORGS = st.sampled_from(["", "", "Crumb & Co.", "Crumb Inc", "Tide"])
_EMAILS = st.lists(st.sampled_from(["a@x.org", "b@x.org", "A@X.org"]), max_size=2)
_PHONES = st.lists(st.sampled_from(["+351 912 345 678", "0912 345 678", "912345679"]), max_size=2)


@st.composite
def _people(draw: st.DrawFn) -> list[Person]:
    people = []
    for i in range(draw(st.integers(1, 30))):
        channels = [Channel(ChannelKind.EMAIL, e) for e in draw(_EMAILS)]
        channels += [Channel(ChannelKind.PHONE, p) for p in draw(_PHONES)]
        people.append(
            Person(name=draw(_NAMES), organisation=draw(_ORGS), channels=channels, id=f"p{i:03d}")
        )
    return people


@settings(max_examples=150, deadline=None)
@given(existing=_people(), incoming=_people(), limit=st.integers(1, 4))
def test_a_limited_index_finds_the_same_best_matches_as_a_full_one(
    existing: list[Person], incoming: list[Person], limit: int
) -> None:
    """The import's bounded index returns the first ``limit`` matches of the full one,
    with the same reasons and order, so every merge, skip and add is decided the same."""
    for person in incoming:
        person.id = "new-" + person.id
    full = DuplicateIndex.from_people(existing)
    limited = DuplicateIndex.from_people(existing, limit=limit)
    for person in incoming:
        assert limited.matches(person) == full.matches(person)[:limit]
        full.add(person, pending=True)
        limited.add(person, pending=True)


_CHANNELS = st.lists(
    st.tuples(
        st.sampled_from([ChannelKind.EMAIL, ChannelKind.PHONE, ChannelKind.URL]),
        st.sampled_from(["a@x.org", "A@x.org", "+351 912 345 678", "912345678", "0912 345 678",
                         "12", "https://x.org", "b@x.org"]),
    ),
    max_size=3,
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    records=st.lists(
        st.tuples(_CHANNELS, st.lists(st.sampled_from(["a", "A", "b"]), max_size=2)),
        min_size=1,
        max_size=8,
    )
)
def test_folding_many_records_with_kept_keys_adds_what_folding_each_afresh_adds(records):
    """The import keeps a person's merge keys between the cards folded into them; what
    each card adds, and the person at the end, are as when the keys are rebuilt each time."""

    def person(channels, tags) -> Person:
        return Person(name="Ana", channels=[Channel(k, v) for k, v in channels], tags=list(tags))

    fresh, kept = Person(name="Ana"), Person(name="Ana")
    keys = MergeKeys.of(kept)
    for channels, tags in records:
        assert merge_details(kept, person(channels, tags), keys=keys) == merge_details(
            fresh, person(channels, tags)
        )
    assert [(c.kind, c.value) for c in kept.channels] == [(c.kind, c.value) for c in fresh.channels]
    assert kept.tags == fresh.tags
