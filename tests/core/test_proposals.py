"""Proposals read from saved entries: stored pending, replaced on edit, applied on accept."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from journal.core import capture, facts
from journal.core.capture import Attendee, Capture
from journal.core.errors import InvalidInput
from journal.core.model import Entry, FacetKind, FactStatus, FollowUp, Person
from journal.core.proposals import (
    accept_proposal,
    describe,
    dismiss_proposal,
    pending_proposals,
)

WHEN = datetime(2026, 11, 24, 8, 30)  # a Tuesday


@pytest.fixture
def ana(journal):
    person = journal.add_person(Person(name="Ana Ribeiro", pronouns="she/her"))
    return person


def _entry(journal, people, body, when=WHEN):
    return journal.add_entry(Entry(occurred_at=when, body=body, people=[p.id for p in people]))


def test_saving_an_entry_keeps_what_it_proposes_pending_with_its_sentence(journal, ana):
    entry = _entry(journal, [ana], "Coffee with Ana. She is renovating a farmhouse in Alentejo.")
    [p] = pending_proposals(journal, entry_id=entry.id)
    assert (p.kind, p.person_id, p.facet_kind) == ("new_fact", ana.id, "working_on")
    assert p.text == "Renovating a farmhouse in Alentejo"
    assert p.sentence == "She is renovating a farmhouse in Alentejo."
    assert describe(p) == "Ana Ribeiro, working on: Renovating a farmhouse in Alentejo"
    assert facts.facts_of(journal, ana.id) == []  # nothing applied silently
    assert pending_proposals(journal, person_id=ana.id) == [p]


def test_resaving_an_edited_entry_replaces_its_pending_proposals(journal, ana):
    entry = _entry(journal, [ana], "She is renovating a farmhouse in Alentejo.")
    journal.save_entry(entry)
    assert len(pending_proposals(journal, entry_id=entry.id)) == 1
    entry.body = "She is writing a cookbook. I said I'd send her my dal recipe by Friday."
    journal.save_entry(entry)
    found = {(p.kind, p.text, p.due_on) for p in pending_proposals(journal, entry_id=entry.id)}
    assert found == {
        ("new_fact", "Writing a cookbook", None),
        ("promise", "Send Ana my dal recipe", date(2026, 11, 27)),
    }


def test_what_was_accepted_or_dismissed_is_not_proposed_again(journal, ana):
    entry = _entry(journal, [ana], "She is writing a cookbook. Ana got engaged!")
    by_kind = {p.kind: p for p in pending_proposals(journal, entry_id=entry.id)}
    accept_proposal(journal, by_kind["new_fact"].id)
    dismiss_proposal(journal, by_kind["life_event"].id)
    journal.save_entry(entry)
    journal.save_entry(entry)
    assert pending_proposals(journal, entry_id=entry.id) == []


def test_accepting_a_new_fact_adds_it_with_the_users_wording_noted_on_the_entrys_day(journal, ana):
    entry = _entry(journal, [ana], "Ana starts a PhD in October.", when=datetime(2026, 3, 10, 9))
    [p] = pending_proposals(journal, entry_id=entry.id)
    accept_proposal(journal, p.id, edited_text="PhD in marine biology")
    [fact] = facts.facts_of(journal, ana.id)
    assert (fact.kind, fact.text, fact.status) == (
        FacetKind.WORKING_ON,
        "PhD in marine biology",
        FactStatus.ONGOING,
    )
    assert fact.noted_on == date(2026, 3, 10)
    assert fact.ask_again_on == date(2026, 10, 1)
    assert fact.source_entry_id == entry.id


def test_news_about_a_held_fact_changes_its_status_when_accepted(journal, ana):
    deal = facts.add_fact(
        journal, ana.id, "working_on", "book deal with Penguin", on=date(2026, 1, 5)
    )
    entry = _entry(journal, [ana], "Her book deal fell through, sadly.")
    [p] = pending_proposals(journal, entry_id=entry.id)
    assert (p.kind, p.facet_id, p.new_status) == ("fact_status", deal, "cancelled")
    assert describe(p) == "Ana Ribeiro: “book deal with Penguin” was cancelled"
    accept_proposal(journal, p.id)
    fact = facts.fact(journal, deal)
    assert fact.status is FactStatus.CANCELLED
    assert fact.status_changed_on == date(2026, 11, 24)


def test_a_promise_becomes_a_follow_up_with_its_due_date(journal, ana):
    entry = _entry(journal, [ana], "I said I'd put her in touch with my old landlord by Friday.")
    [p] = pending_proposals(journal, entry_id=entry.id)
    accept_proposal(journal, p.id)
    [follow_up] = journal.open_follow_ups(ana.id)
    assert follow_up.text == "Put Ana in touch with my old landlord"
    assert follow_up.due_on == date(2026, 11, 27)
    assert follow_up.entry_id == entry.id


def test_a_kept_promise_closes_the_follow_up_and_records_a_give(journal, ana):
    promise = journal.add_follow_up(FollowUp(text="send Ana the supplier intro", person_id=ana.id))
    entry = _entry(journal, [ana], "Finally sent Ana the supplier intro.")
    [p] = pending_proposals(journal, entry_id=entry.id)
    assert (p.kind, p.follow_up_id) == ("promise_kept", promise.id)
    accept_proposal(journal, p.id)
    assert journal.open_follow_ups(ana.id) == []
    assert journal.balance(ana.id).given == 1


def test_a_life_event_becomes_a_dated_life_event_fact(journal, ana):
    entry = _entry(journal, [ana], "Ana had a baby girl on Saturday!")
    [p] = pending_proposals(journal, entry_id=entry.id)
    accept_proposal(journal, p.id)
    [fact] = facts.facts_of(journal, ana.id)
    assert fact.kind is FacetKind.LIFE_EVENT
    assert fact.event_date == date(2026, 11, 21)
    assert fact.mention_ok is False  # private by default, as on the person page


def test_a_proposal_is_reviewed_once(journal, ana):
    entry = _entry(journal, [ana], "Ana got engaged!")
    [p] = pending_proposals(journal, entry_id=entry.id)
    dismiss_proposal(journal, p.id)
    with pytest.raises(InvalidInput, match="already dismissed"):
        accept_proposal(journal, p.id)
    entry = _entry(journal, [ana], "She is learning to sail.")
    [q] = pending_proposals(journal, entry_id=entry.id)
    with pytest.raises(InvalidInput, match="Type what to keep"):
        accept_proposal(journal, q.id, edited_text="   ")
    assert pending_proposals(journal, entry_id=entry.id) == [q]


def test_quick_capture_and_the_guided_capture_are_read_too(journal, ana):
    entry, _ = journal.log(["Ana Ribeiro"], "She is training for a triathlon.", when=WHEN)
    assert [p.kind for p in pending_proposals(journal, entry_id=entry.id)] == ["new_fact"]
    saved = capture.save(
        journal,
        Capture(
            occurred_at=WHEN,
            body="Ben is moving to Glasgow in the summer.",
            attendees=[Attendee("Ben Carter")],
        ),
    )
    [p] = pending_proposals(journal, entry_id=saved.entry.id)
    assert (p.kind, p.person_name) == ("life_event", "Ben Carter")


def test_a_guided_answer_is_not_proposed_again_from_the_text(journal, ana):
    saved = capture.save(
        journal,
        Capture(
            occurred_at=WHEN,
            body="She is renovating a farmhouse in Alentejo.",
            attendees=[
                Attendee(
                    "Ana Ribeiro",
                    ana.id,
                    capture.Answers(working_on="Renovating a farmhouse in Alentejo"),
                )
            ],
        ),
    )
    assert pending_proposals(journal, entry_id=saved.entry.id) == []


def test_deleting_the_entry_takes_its_pending_proposals_with_it(journal, ana):
    entry = _entry(journal, [ana], "Ana got engaged!")
    journal.delete_entry(entry.id)
    assert pending_proposals(journal) == []


def test_an_entry_nobody_is_in_proposes_nothing(journal):
    entry = journal.add_entry(Entry(occurred_at=WHEN, body="I will call the bank tomorrow."))
    assert pending_proposals(journal, entry_id=entry.id) == []


def test_restoring_an_export_from_before_reading_reads_its_recent_entries(
    journal, ana, make_journal
):
    from journal.core.interop import jsonfile

    recent = _entry(journal, [ana], "Ana got engaged!", when=datetime(2026, 11, 20, 18))
    _entry(journal, [ana], "Ana is learning to sail.", when=datetime(2025, 6, 1, 18))
    data = jsonfile.dump_journal(journal)
    del data["tables"]["proposals"]  # as an export made before schema 5
    restored = make_journal("restored")
    jsonfile.restore_journal(restored, data)
    assert [(p.entry_id, p.kind) for p in pending_proposals(restored)] == [
        (recent.id, "life_event")
    ], "only the last two months are read: older news is history"


def test_restoring_an_export_with_proposals_keeps_them_as_they_were(journal, ana, make_journal):
    from journal.core.interop import jsonfile

    entry = _entry(journal, [ana], "Ana got engaged! She is learning to sail.")
    first, second = pending_proposals(journal, entry_id=entry.id)
    dismiss_proposal(journal, first.id)
    restored = make_journal("restored")
    jsonfile.restore_journal(restored, jsonfile.dump_journal(journal))
    assert [p.id for p in pending_proposals(restored)] == [second.id]


def test_news_that_a_finished_thing_is_still_going_on_reopens_it(journal, ana):
    shop = facts.add_fact(
        journal, ana.id, "working_on", "opening a ceramics shop", on=date(2026, 1, 5)
    )
    facts.set_fact_status(journal, shop, "done", on=date(2026, 2, 1))
    entry = _entry(journal, [ana], "Ana's ceramics shop is still not open, builders everywhere.")
    [p] = pending_proposals(journal, entry_id=entry.id)
    assert (p.facet_id, p.new_status) == (shop, "ongoing")
    accept_proposal(journal, p.id)
    fact = facts.fact(journal, shop)
    assert (fact.status, fact.confirmed_on) == (FactStatus.ONGOING, date(2026, 11, 24))


def test_a_reader_failure_leaves_the_save_alone_and_logs_no_text(journal, ana, monkeypatch, caplog):
    import journal.core.proposals as proposals_module

    def broken(*_args, **_kwargs):
        raise ValueError("Ana confided her secret")

    monkeypatch.setattr(proposals_module, "read_entry", broken)
    entry = _entry(journal, [ana], "Ana confided her secret.")
    assert journal.entry(entry.id).body == "Ana confided her secret."
    assert pending_proposals(journal) == []
    assert "could not read an entry for proposals (ValueError)" in caplog.text
    assert "secret" not in caplog.text


# -- a death read in an entry -------------------------------------------------------------


def test_a_person_who_died_is_proposed_as_deceased_not_as_a_life_event(journal):
    from journal.core import engine
    from journal.core.model import Circle

    tom = journal.add_person(
        Person(name="Tom Weiss", pronouns="he/him", circle=Circle.INNER, met_on=date(2024, 1, 5))
    )
    entry = _entry(journal, [tom], "Tom passed away on Sunday. The funeral is next week.")
    [p] = pending_proposals(journal, entry_id=entry.id)
    assert (p.kind, p.person_id, p.event_date) == ("deceased", tom.id, date(2026, 11, 22))
    assert describe(p) == (
        "Mark Tom Weiss as deceased on 22 Nov 2026 (no more check-ins; their page and entries stay)"
    )
    assert not p.preticked  # the user ticks this one themselves
    assert journal.person(tom.id).deceased_on is None  # nothing applied silently
    accept_proposal(journal, p.id)
    assert journal.person(tom.id).deceased_on == date(2026, 11, 22)
    assert facts.facts_of(journal, tom.id) == []  # not a "bereavement" of his
    assert all(s.person_id != tom.id for s in engine.today(journal, date(2027, 3, 1)))
    # Written about again, nothing more is proposed: he is already marked.
    later = _entry(journal, [tom], "Tom died a year ago today.", when=datetime(2027, 11, 22, 9))
    assert [q.kind for q in pending_proposals(journal, entry_id=later.id)] == []


def test_a_relative_s_death_stays_their_bereavement(journal, ana):
    entry = _entry(journal, [ana], "Ana's father passed away on Sunday. Sent flowers.")
    [p] = pending_proposals(journal, entry_id=entry.id)
    assert p.kind == "life_event"
    assert journal.person(ana.id).deceased_on is None
