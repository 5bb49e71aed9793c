"""Links between people: both sides see them, in words; stories, hooks and the graph."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from journal.core import links
from journal.core.errors import InvalidInput
from journal.core.journal import Journal
from journal.core.links import LinkKind
from journal.core.model import Circle, Entry, Facet, FacetKind, Person


@pytest.fixture
def family(journal: Journal) -> dict[str, Person]:
    people = {
        n.split()[0].lower(): journal.add_person(Person(n))
        for n in ("Ana Lima", "Leo Lima", "Kofi Mensah", "Mei Chen", "Jonas Berg")
    }
    return people


def sentences(journal: Journal, person: Person) -> list[str]:
    return [v.sentence for v in links.links_for(journal, person.id)]


def test_a_link_shows_on_both_people_with_its_inverse(journal, family):
    ana, leo = family["ana"], family["leo"]
    links.add_link(journal, leo.id, "son", ana.id)

    assert sentences(journal, ana) == ["Leo Lima is Ana Lima's son."]
    assert sentences(journal, leo) == ["Ana Lima is Leo Lima's parent."]
    [on_ana] = links.links_for(journal, ana.id)
    [on_leo] = links.links_for(journal, leo.id)
    assert (on_ana.other_id, on_ana.relation) == (leo.id, "son")
    assert (on_leo.other_id, on_leo.relation) == (ana.id, "parent")


@pytest.mark.parametrize(
    ("role", "on_first", "on_second"),
    [
        ("manager", "Mei Chen reports to Ana Lima.", "Ana Lima is Mei Chen's manager."),
        ("report", "Mei Chen is Ana Lima's manager.", "Ana Lima reports to Mei Chen."),
        ("mentor", "Mei Chen is Ana Lima's mentee.", "Ana Lima is Mei Chen's mentor."),
        ("mentee", "Mei Chen is Ana Lima's mentor.", "Ana Lima is Mei Chen's mentee."),
        ("colleague", "Mei Chen is Ana Lima's colleague.", "Ana Lima is Mei Chen's colleague."),
        ("wife", "Mei Chen is Ana Lima's partner.", "Ana Lima is Mei Chen's wife."),
        (
            "knows",
            "Ana Lima and Mei Chen know each other.",
            "Mei Chen and Ana Lima know each other.",
        ),
    ],
)
def test_every_kind_reads_right_from_each_side(journal, family, role, on_first, on_second):
    ana, mei = family["ana"], family["mei"]
    links.add_link(journal, ana.id, role, mei.id)
    assert sentences(journal, ana) == [on_first]
    assert sentences(journal, mei) == [on_second]


def test_introductions_tell_how_you_met(journal, family):
    ana, kofi = family["ana"], family["kofi"]
    entry = journal.add_entry(
        Entry(
            occurred_at=datetime(2023, 5, 12, 18),
            people=[ana.id],
            body="Ana's party; she introduced me to Kofi",
        )
    )
    links.add_link(journal, kofi.id, "introduced-by", ana.id, entry_id=entry.id)

    assert links.introduction_story(journal, kofi.id) == (
        "You met Kofi Mensah through Ana Lima in 2023."
    )
    assert links.introduction_story(journal, ana.id) is None
    [made] = links.introductions_made(journal, ana.id)
    assert made.other_id == kofi.id
    assert made.sentence == "Ana Lima introduced you to Kofi Mensah in 2023."
    assert made.link.since == date(2023, 5, 12)  # taken from the entry
    assert made.link.entry_id == entry.id


def test_adding_the_same_link_twice_keeps_one(journal, family):
    ana, mei = family["ana"], family["mei"]
    links.add_link(journal, ana.id, "friend", mei.id)
    links.add_link(journal, mei.id, "friend", ana.id, note="climbing buddies")
    [view] = links.links_for(journal, ana.id)
    assert view.link.note == "climbing buddies"
    assert len(links.links_for(journal, mei.id)) == 1


def test_a_directional_link_cannot_point_both_ways(journal, family):
    ana, leo = family["ana"], family["leo"]
    links.add_link(journal, ana.id, "parent", leo.id)
    with pytest.raises(InvalidInput, match="already Leo Lima's parent"):
        links.add_link(journal, leo.id, "parent", ana.id)
    assert sentences(journal, leo) == ["Ana Lima is Leo Lima's parent."]


def test_bad_links_are_refused_with_a_reason(journal, family):
    ana = family["ana"]
    with pytest.raises(InvalidInput, match="themselves"):
        links.add_link(journal, ana.id, "friend", ana.id)
    with pytest.raises(InvalidInput, match="colleague"):  # the message lists what works
        links.add_link(journal, ana.id, "nemesis", family["mei"].id)


def test_removing_a_link_goes_to_the_trash_and_comes_back(journal, family):
    ana, mei = family["ana"], family["mei"]
    link = links.add_link(journal, ana.id, "colleague", mei.id)
    trash_id = links.remove_link(journal, link.id)
    assert sentences(journal, ana) == []
    journal.restore(trash_id)
    assert sentences(journal, mei) == ["Ana Lima is Mei Chen's colleague."]


def test_deleting_a_person_takes_their_links_and_restore_brings_them_back(journal, family):
    ana, leo, mei = family["ana"], family["leo"], family["mei"]
    links.add_link(journal, leo.id, "son", ana.id)
    links.add_link(journal, mei.id, "friend", ana.id)
    trash_id = journal.delete_person(ana.id)
    assert sentences(journal, leo) == [] and sentences(journal, mei) == []
    journal.restore(trash_id)
    assert sentences(journal, leo) == ["Ana Lima is Leo Lima's parent."]
    assert sentences(journal, mei) == ["Ana Lima is Mei Chen's friend."]


def test_family_hooks_follow_the_fine_to_mention_rule(journal, family):
    ana, leo, jonas = family["ana"], family["leo"], family["jonas"]
    journal.add_facet(
        leo.id,
        Facet(
            FacetKind.WORKING_ON,
            "first term at Riverside School",
            detail="how Leo's first term went",
        ),
    )
    journal.add_facet(leo.id, Facet(FacetKind.FAMILY, "a girlfriend"))  # private by default
    link = links.add_link(journal, leo.id, "son", ana.id)
    links.add_link(journal, jonas.id, "colleague", ana.id)

    assert link.mention_ok is False  # family links are private by default
    assert links.mentionable_family(journal, ana.id) == []

    link.mention_ok = True
    links.save_link(journal, link)
    [hook] = links.mentionable_family(journal, ana.id)
    assert (hook.relative_id, hook.relative_name, hook.relation) == (leo.id, "Leo Lima", "son")
    assert hook.questions == ("how Leo's first term went",)
    assert [f.text for f in hook.topics] == ["first term at Riverside School"]
    # Seen from Leo's side, Ana is his parent; colleagues are never family hooks.
    assert [h.relation for h in links.mentionable_family(journal, leo.id)] == ["parent"]
    assert links.mentionable_family(journal, jonas.id) == []


def test_link_graph_is_who_knows_whom_without_archived_people(journal, family):
    ana, leo, kofi, mei = family["ana"], family["leo"], family["kofi"], family["mei"]
    assert links.link_graph(journal).is_empty
    links.add_link(journal, leo.id, "son", ana.id)
    links.add_link(journal, kofi.id, "introduced-by", ana.id)
    links.add_link(journal, kofi.id, "colleague", mei.id)
    links.add_link(journal, kofi.id, "friend", mei.id)
    journal.set_archived(leo.id)

    graph = links.link_graph(journal)
    assert graph.neighbours[ana.id] == {kofi.id}
    assert graph.neighbours[kofi.id] == {ana.id, mei.id}
    assert graph.linked(mei.id, kofi.id) and not graph.linked(ana.id, mei.id)
    assert {(kind) for _a, _b, kind in graph.edges} == {
        LinkKind.INTRODUCED,
        LinkKind.COLLEAGUE,
        LinkKind.FRIEND,
    }
    assert leo.id in links.link_graph(journal, include_archived=True).neighbours


# -- the reminder engine uses a link as a hook, under the fine-to-mention rule ------------------


def _ana_due_with_son(journal, *, link_ok: bool, topic_ok: bool = True):
    from journal.core import engine

    ana = journal.add_person(Person("Ana Lima", circle=Circle.CLOSE))
    leo = journal.add_person(Person("Leo Lima", circle=Circle.DORMANT))
    journal.add_facet(
        leo.id,
        Facet(
            FacetKind.WORKING_ON,
            "first term at Riverside School",
            detail="how Leo's first term went",
            mention_ok=topic_ok,
        ),
    )
    journal.add_entry(Entry(occurred_at=datetime(2026, 9, 1, 10), people=[ana.id], body="Coffee"))
    links.add_link(journal, leo.id, "son", ana.id, mention_ok=link_ok)
    [suggestion] = [s for s in engine.today(journal) if s.person_id == ana.id]
    return suggestion


def test_the_engine_asks_after_a_relative_when_fine_to_mention(journal):
    suggestion = _ana_due_with_son(journal, link_ok=True)
    assert suggestion.action == "Ask Ana how Leo's first term went (Leo is their son)."
    assert {f.kind for f in suggestion.facts} >= {"family", "working_on"}


def test_the_engine_keeps_a_private_family_link_out_of_its_words(journal):
    suggestion = _ana_due_with_son(journal, link_ok=False)
    assert "Leo" not in suggestion.action and "son" not in suggestion.action
    assert all("Leo" not in f.text for f in suggestion.facts)


def test_a_relatives_private_thread_is_not_brought_up(journal):
    suggestion = _ana_due_with_son(journal, link_ok=True, topic_ok=False)
    assert "first term" not in suggestion.action
    assert "Leo" in suggestion.action  # the link itself is fine to mention
