"""The reader on its own: who a sentence is about, what it says, and what it never does."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from journal.core.reading import HeldFact, OpenPromise, PersonRef, read_entry

ANA = PersonRef("ana", "Ana Ribeiro", pronouns="she/her")
MAYA = PersonRef("maya", "Maya Okonkwo", pronouns="she/her")
BEN = PersonRef("ben", "Ben Carter", pronouns="he/him")
SAM = PersonRef("sam", "Sam Okafor", pronouns="they/them")
TUESDAY = date(2026, 3, 10)


def kinds(found):
    return sorted((d.kind, d.person_id) for d in found)


def test_a_pronoun_goes_to_the_one_person_it_can_stand_for():
    found = read_entry("Lunch with Ana and Ben. He got a new job at Monzo.", TUESDAY, [ANA, BEN])
    assert kinds(found) == [("life_event", "ben")]


def test_two_people_a_pronoun_could_stand_for_propose_nothing_rather_than_guess():
    text = "Drinks with Ana and Maya. She got engaged!"
    assert read_entry(text, TUESDAY, [ANA, MAYA]) == []
    named = "Drinks with Ana and Maya. Maya got engaged! She is over the moon."
    assert kinds(read_entry(named, TUESDAY, [ANA, MAYA])) == [("life_event", "maya")]


def test_several_people_in_one_entry_each_get_their_own_news():
    facts = [
        HeldFact("deal", "ana", "working_on", "book deal with Penguin"),
        HeldFact("phd", "ben", "working_on", "starting a PhD in October"),
    ]
    text = "Ana's book deal fell through, but Ben's PhD is on: he starts in October."
    found = {
        (d.person_id, d.facet_id, d.new_status)
        for d in read_entry(text, TUESDAY, [ANA, BEN], facts)
    }
    assert found == {("ana", "deal", "cancelled"), ("ben", "phd", "ongoing")}


def test_negation_after_all_cancels_and_a_hedge_changes_nothing():
    facts = [HeldFact("phd", "ben", "working_on", "starting a PhD in October")]
    [off] = read_entry("Ben's not starting the PhD after all.", TUESDAY, [BEN], facts)
    assert (off.facet_id, off.new_status) == ("phd", "cancelled")
    assert read_entry("Ben might drop the PhD.", TUESDAY, [BEN], facts) == []


def test_someone_elses_news_is_not_theirs():
    assert read_entry("My sister had a baby on Friday.", TUESDAY, [ANA]) == []
    # Her brother's wedding is not Ana's life event: it is a family fact of hers.
    [family] = read_entry("Ana's brother is getting married.", TUESDAY, [ANA])
    assert (family.kind, family.facet_kind, family.text) == (
        "new_fact",
        "family",
        "Brother is getting married",
    )
    [loss] = read_entry("Ana's dad passed away on Sunday.", TUESDAY, [ANA])
    assert (loss.kind, loss.detail, loss.event_date) == (
        "life_event",
        "bereavement",
        date(2026, 3, 8),
    )


def test_dates_are_read_from_the_entrys_day_never_the_wall_clock():
    text = "I said I'd send her the deck next Friday."
    [a] = read_entry(text, date(2026, 3, 10), [ANA])
    [b] = read_entry(text, date(2031, 7, 1), [ANA])
    assert a.due_on == date(2026, 3, 13)
    assert b.due_on == date(2031, 7, 4)
    [plan] = read_entry("Ben starts a PhD in October.", date(2026, 11, 2), [BEN])
    assert plan.event_date == date(2027, 10, 1), "the coming October"


def test_a_kept_promise_is_matched_to_the_open_follow_up():
    promises = [
        OpenPromise("intro", "ana", "send Ana the supplier intro"),
        OpenPromise("book", "ana", "lend Ana my copy of Middlemarch"),
    ]
    [kept] = read_entry("Finally lent Ana my Middlemarch.", TUESDAY, [ANA], promises=promises)
    assert (kept.kind, kept.follow_up_id) == ("promise_kept", "book")
    assert read_entry("Still haven't sent Ana the intro.", TUESDAY, [ANA], promises=promises) == []


def test_a_promise_names_the_person_instead_of_a_pronoun():
    [p] = read_entry("I told them I'd introduce them to Joana.", TUESDAY, [SAM])
    assert p.text == "Introduce Sam to Joana"


def test_reading_twice_gives_the_same_proposals():
    text = "Ana is renovating a farmhouse. I'll call her tomorrow. She got engaged!"
    assert read_entry(text, TUESDAY, [ANA]) == read_entry(text, TUESDAY, [ANA])


words = st.sampled_from(
    [
        "Ana",
        "Ben",
        "she",
        "he",
        "her",
        "him",
        "they",
        "I",
        "said",
        "I'd",
        "will",
        "not",
        "after",
        "all",
        "might",
        "got",
        "married",
        "new",
        "job",
        "moved",
        "to",
        "fell",
        "through",
        "finished",
        "the",
        "book",
        "deal",
        "PhD",
        "next",
        "Friday",
        "in",
        "October",
        ".",
        ",",
        "!",
        "?",
        "-",
        "sent",
        "intro",
        "promised",
        "is",
        "renovating",
        "into",
        "bouldering",
        "knows",
        "a",
        "lot",
        "about",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(words | st.text(max_size=12), max_size=40).map(" ".join))
def test_any_text_reads_without_error_and_proposes_only_about_people_in_it(text):
    facts = [HeldFact("deal", "ana", "working_on", "book deal with Penguin")]
    promises = [OpenPromise("intro", "ben", "send Ben the intro")]
    for found in read_entry(text, TUESDAY, [ANA, BEN], facts, promises):
        assert found.person_id in ("ana", "ben")
        assert " ".join(found.sentence.split()) in " ".join(text.split())
        assert found.kind != "fact_status" or found.facet_id == "deal"
        assert found.kind != "promise_kept" or found.follow_up_id == "intro"
        assert 0 < found.confidence <= 1


@settings(max_examples=60, deadline=None)
@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    st.integers(min_value=1, max_value=10),
)
def test_in_n_weeks_is_n_weeks_after_the_entrys_day(day, n):
    [promise] = read_entry(f"I'll call her in {n} weeks.", day, [ANA])
    assert (promise.due_on - day).days == 7 * n


@settings(max_examples=60, deadline=None)
@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    st.sampled_from(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]),
)
def test_a_weekday_promise_falls_due_within_the_coming_week(day, weekday):
    [promise] = read_entry(f"I'll send her the deck by {weekday}.", day, [ANA])
    assert 0 <= (promise.due_on - day).days <= 7
    assert f"{promise.due_on:%A}" == weekday


def test_a_relatives_milestone_is_a_family_fact_of_theirs():
    """ "Chen's daughter Mia starts school": kept on Chen's page as family, so a check-in
    can ask after Mia; hedged, denied or asked, it is nothing yet."""
    chen = PersonRef("chen", "Chen Zhang", pronouns="he/him")
    [fact] = read_entry("Chen's daughter Mia starts school on Monday.", TUESDAY, [chen])
    assert (fact.kind, fact.person_id, fact.facet_kind) == ("new_fact", "chen", "family")
    assert (fact.text, fact.event_date) == ("Daughter Mia starts school", date(2026, 3, 16))
    [son] = read_entry("Lunch with Chen. His son Leo started university.", TUESDAY, [chen])
    assert son.text == "Son Leo started university"
    for text in (
        "Chen's daughter Mia might start school in September.",
        "Chen's daughter is not starting school this year.",
        "Is Chen's daughter starting school soon?",
        "Chen's wife is pregnant.",
        "Chen's daughter had a fever.",
    ):
        assert read_entry(text, TUESDAY, [chen]) == [], text
