"""Capture after a meeting: the guided prompts' answers land on the right people."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.core import capture
from journal.core.capture import Answers, Attendee, Capture
from journal.core.errors import InvalidInput, NotFound
from journal.core.model import Direction, FacetKind, LedgerKind, Person

WHEN = datetime(2026, 11, 24, 8, 30)


def test_answers_become_facets_follow_ups_and_ledger_on_the_right_people(journal):
    ana = journal.add_person(Person(name="Ana Lima"))
    result = capture.save(
        journal,
        Capture(
            occurred_at=WHEN,
            body="Coffee at Verde.",
            attendees=[
                Attendee(
                    "Ana Lima",
                    ana.id,
                    Answers(
                        working_on="the bakery launch",
                        could_offer="an intro to my supplier",
                        follow_up="send the supplier's number",
                        follow_up_due=date(2026, 12, 1),
                        gave="feedback on her menu",
                    ),
                ),
                Attendee(
                    "Kofi Mensah",
                    None,
                    Answers(in_common="we both climb", received="an intro to a recruiter"),
                ),
            ],
        ),
    )
    kofi = journal.find_people("Kofi Mensah")[0]
    assert [p.name for p in result.created] == ["Kofi Mensah"]
    assert kofi.met_on == date(2026, 11, 24)

    ana_facets = {(f.kind, f.text) for f in journal.person(ana.id).facets}
    assert ana_facets == {
        (FacetKind.WORKING_ON, "the bakery launch"),
        (FacetKind.COULD_OFFER, "an intro to my supplier"),
    }
    [common] = journal.person(kofi.id).facets
    assert (common.kind, common.text, common.shared) == (FacetKind.HOBBY, "we both climb", True)
    assert common.source_entry_id == result.entry.id
    assert common.noted_on == date(2026, 11, 24)

    [follow] = journal.open_follow_ups(ana.id)
    assert (follow.text, follow.due_on) == ("send the supplier's number", date(2026, 12, 1))
    assert journal.open_follow_ups(kofi.id) == []

    assert journal.balance(ana.id).given == 1 and journal.balance(ana.id).received == 0
    [received] = journal.ledger_for(kofi.id)
    assert (received.direction, received.kind) == (Direction.RECEIVED, LedgerKind.INTRODUCTION)

    entry = journal.entry(result.entry.id)
    assert entry.people == [ana.id, kofi.id]
    assert journal.person(ana.id).last_contact_at == WHEN


def test_repeated_answers_do_not_duplicate_and_in_common_marks_existing_shared(journal):
    from journal.core.model import Facet

    ana = journal.add_person(
        Person(
            name="Ana",
            facets=[
                Facet(FacetKind.WORKING_ON, "The bakery launch"),
                Facet(FacetKind.HOBBY, "climbing"),
            ],
        )
    )
    capture.save(
        journal,
        Capture(
            occurred_at=WHEN,
            attendees=[
                Attendee(
                    "Ana", ana.id, Answers(working_on="the bakery launch.", in_common="Climbing")
                )
            ],
        ),
    )
    facets = journal.person(ana.id).facets
    assert len(facets) == 2
    assert next(f for f in facets if f.kind is FacetKind.HOBBY).shared is True


def test_nothing_is_saved_when_part_of_the_capture_is_invalid(journal):
    with pytest.raises(InvalidInput):
        capture.save(
            journal, Capture(occurred_at=WHEN, attendees=[Attendee("New Person"), Attendee("   ")])
        )
    assert journal.counts()["people"] == 0
    assert journal.counts()["entries"] == 0


def test_an_empty_capture_is_refused_with_a_sentence(journal):
    with pytest.raises(InvalidInput, match="Write something"):
        capture.save(journal, Capture(occurred_at=WHEN))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("an intro to my supplier", LedgerKind.INTRODUCTION),
        ("Introduced her to Marta", LedgerKind.INTRODUCTION),
        ("feedback on the pitch deck", LedgerKind.ADVICE),
        ("a book on gardening", LedgerKind.GIFT),
        ("helped me move house", LedgerKind.FAVOUR),
        ("coffee", LedgerKind.OTHER),
    ],
)
def test_ledger_kind_is_guessed_from_the_words(text, kind):
    assert capture.guess_ledger_kind(text) is kind


def test_a_draft_round_trips_everything_typed():
    original = Capture(
        occurred_at=datetime(2026, 11, 24, 8, 30),
        body="Long talk",
        title="Coffee",
        place="Verde",
        attendees=[
            Attendee(
                "Ana",
                "id-1",
                Answers(working_on="bakery", follow_up="call", follow_up_due=date(2026, 12, 1)),
            ),
            Attendee("New Person", None, Answers(in_common="chess")),
        ],
    )
    restored, entry_id = capture.from_draft(capture.to_draft(original, entry_id="e1"))
    assert restored == original
    assert entry_id == "e1"


def test_a_damaged_draft_keeps_what_it_can():
    restored, _ = capture.from_draft(
        {
            "occurred_at": "garbage",
            "kind": "nonsense",
            "body": "kept",
            "attendees": [{"name": "Ana", "answers": {"follow_up_due": "x"}}],
        }
    )
    assert restored.body == "kept"
    assert restored.attendees[0].name == "Ana"
    assert restored.attendees[0].answers.follow_up_due is None


text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(body=text, title=text, answer=text, name=text)
def test_drafts_round_trip_any_text(body, title, answer, name):
    original = Capture(
        occurred_at=datetime(2026, 1, 2, 3, 4),
        body=body,
        title=title,
        attendees=[Attendee(name, None, Answers(working_on=answer, gave=answer))],
    )
    stored = json.loads(json.dumps(capture.to_draft(original)))
    assert capture.from_draft(stored)[0] == original


def test_a_failed_save_leaves_the_capture_as_it_was_so_it_can_be_retried(journal):
    new = Attendee("Kofi Mensah")
    gone = journal.add_person(Person(name="Ana Lima"))
    journal.delete_person(gone.id)
    broken = Capture(occurred_at=WHEN, attendees=[new, Attendee("Ana Lima", gone.id)])
    with pytest.raises(NotFound, match="Ana Lima is no longer in the journal"):
        capture.save(journal, broken)
    assert new.person_id is None
    broken.attendees.pop()
    capture.save(journal, broken)
    assert [p.name for p in journal.people()] == ["Kofi Mensah"]
