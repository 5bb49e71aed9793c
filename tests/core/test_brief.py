"""The brief before a meeting: what a person would want to re-read on the way there."""

from __future__ import annotations

from datetime import date, datetime

from journal.core import brief
from journal.core.model import Direction, FollowUp, LedgerItem, LedgerKind
from tests.support.meetings import set_up, titled, write


def test_brief_says_who_they_are_and_what_is_open(journal):
    people = set_up(journal)
    kwame = people["kwame"]
    write(journal, kwame, datetime(2026, 10, 2, 12), "Talked about Leeds. He may move in spring.")
    write(journal, kwame, datetime(2026, 11, 1, 18), "Grant went in on Friday! Celebrated.")
    journal.add_follow_up(FollowUp("Send him the reading list", date(2026, 11, 30), kwame.id))
    journal.add_ledger_item(
        LedgerItem(
            kwame.id,
            Direction.RECEIVED,
            LedgerKind.INTRODUCTION,
            "Introduced me to Li",
            date(2026, 9, 1),
        )
    )
    b = brief.person_brief(journal, kwame.id)
    assert (b.name, b.circle, b.organisation) == ("Kwame Mensah", "Close", "Leeds Trust")
    assert b.met == "Met at Ada's launch party, March 2024"
    assert b.last_in_touch == date(2026, 11, 1)
    assert [t.text for t in b.working_on] == ["The grant application"]
    assert [r.key_line for r in b.recent] == ["Grant went in on Friday!", "Talked about Leeds."]
    assert b.my_promises == ("Send him the reading list (by 30 Nov)",)
    assert b.from_them == ("Introduced me to Li",)
    assert b.could_offer == ("An introduction to Ana",)
    assert b.in_common == ("Cycling",)
    assert b.suggestion


def test_family_only_when_fine_to_mention(journal):
    people = set_up(journal)
    b = brief.person_brief(journal, people["kwame"].id)
    assert b.family == ("Daughter Abena starts school",)
    text = brief.format_brief(b, date(2026, 11, 24))
    assert "father" not in text


def test_the_brief_says_how_many_private_details_it_leaves_out(journal):
    """Kept back without a word, a private detail looks like nothing is known: the brief
    says how many there are and where to read them."""
    from journal.core.model import Facet, FacetKind

    people = set_up(journal)
    kwame = people["kwame"]
    b = brief.person_brief(journal, kwame.id)
    assert b.private == 1  # "His father is ill"
    text = brief.format_brief(b, date(2026, 11, 24))
    assert "  1 private detail not shown (see Kwame Mensah's page)" in text.splitlines()
    assert "father" not in text

    journal.add_facet(kwame.id, Facet(FacetKind.LIFE_EVENT, "The divorce", mention_ok=False))
    journal.add_facet(kwame.id, Facet(FacetKind.BACKGROUND, "Grew up in Kumasi"))
    text = brief.format_brief(brief.person_brief(journal, kwame.id), date(2026, 11, 24))
    assert "2 private details not shown (see Kwame Mensah's page)" in text
    assert "divorce" not in text

    # Nothing kept back: nothing said.
    ana = brief.person_brief(journal, people["ana"].id)
    assert ana.private == 0
    assert "private" not in brief.format_brief(ana, date(2026, 11, 24))


def test_one_brief_for_each_person_in_the_meeting(journal):
    people = set_up(journal)
    from journal.core.calendar import meetings

    meetings.confirm_name(journal, "Li Wei", people["li"].id, same=True)
    review = titled(journal, "Design review")
    assert [b.name for b in brief.meeting_briefs(journal, review.id)] == ["Ana Lima", "Li Wei"]


def test_plain_text_has_the_sections_that_have_something(journal):
    people = set_up(journal)
    text = brief.format_brief(brief.person_brief(journal, people["ana"].id), date(2026, 11, 24))
    assert text.splitlines()[0] == "Ana Lima"
    assert "No contact written down yet" in text
    assert "You promised" not in text  # nothing promised: no empty heading


def test_key_line_is_the_first_sentence_cut_at_a_word():
    assert brief.key_line("Lunch", "\n- Good news. More later.") == "Good news."
    assert brief.key_line("Lunch", "") == "Lunch"
    long = "word " * 60
    line = brief.key_line("", long)
    assert line.endswith("…") and len(line) <= brief.KEY_LINE_CHARS + 1
