"""Who could help with this? What a user sees in each answer, on a real journal."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.core import ask as ask_core
from journal.core.ask import ask
from journal.core.model import Circle, Facet, FacetKind, Person
from tests.support import ask_network


def _names(journal, question, limit=5):
    return [a.name for a in ask(journal, question, limit=limit)]


def test_an_answer_says_which_facts_matched_and_how_close_you_are(journal):
    ask_network.build(journal)
    first = ask(journal, "a translator for Japanese contracts")[0]
    assert first.name == "Yuki Tanaka"
    assert "translator at freelance" in first.why
    assert "can help: Japanese–English legal translation" in first.why
    assert first.closeness == "Close; last in touch 20 days ago"


def test_typos_accents_and_word_forms_are_forgiven(journal):
    ask_network.build(journal)
    assert _names(journal, "tranlsator")[0] in {"Yuki Tanaka", "Mira Kowalski"}
    assert _names(journal, "someone in montreal")[0] == "Élodie Tremblay"
    assert _names(journal, "hiring a salesperson")[0] == "Priya Sharma"
    assert _names(journal, "interpreters")[0] == "Yuki Tanaka"


def test_what_you_wrote_counts_and_is_quoted_with_its_date(journal):
    ask_network.build(journal)
    answer = ask(journal, "heat-wave models")[0]
    assert answer.name == "Noor Rahman"
    assert any(w.startswith("you wrote on 20 Oct: “Noor explained") for w in answer.why)


def test_helping_someone_before_makes_them_easier_to_ask(journal):
    ask_network.build(journal)
    yuki = ask(journal, "translator")[0]
    assert yuki.reciprocity == "You have helped Yuki 2 times: asking is easier."
    tomas = ask(journal, "employment law")[0]
    assert tomas.name == "Tomás García"
    assert "offer something when you ask" in tomas.reciprocity


def test_a_distant_match_comes_with_someone_close_who_could_introduce_you(journal):
    ids = ask_network.build(journal)
    mira = next(a for a in ask(journal, "localisation of a game") if a.name == "Mira Kowalski")
    assert mira.introducer is not None
    assert mira.introducer.person_id == ids["Kofi Mensah"]
    assert mira.introducer.sentence.startswith("Kofi could introduce you:")
    # A close tie needs no introduction.
    assert ask(journal, "statistics")[0].introducer is None


def test_the_deceased_and_the_archived_are_never_suggested(journal):
    ids = ask_network.build(journal)
    hana = journal.person(ids["Hana Kim"])
    hana.deceased_on = date(2026, 10, 1)
    journal.save_person(hana)
    journal.set_archived(ids["Samuel Osei"])
    assert "Hana Kim" not in _names(journal, "a paediatrician")
    assert "Samuel Osei" not in _names(journal, "an accountant for taxes")


def test_a_change_is_seen_by_the_next_question(journal):
    ask_network.build(journal)
    assert _names(journal, "sommelier") == []
    journal.add_person(
        Person(
            name="Zed Amari",
            circle=Circle.NETWORK,
            facets=[Facet(kind=FacetKind.CAN_HELP_WITH, text="choosing wine as a sommelier")],
        )
    )
    assert _names(journal, "sommelier") == ["Zed Amari"]


def test_an_answered_ask_is_a_receive_in_the_ledger(journal):
    ids = ask_network.build(journal)
    before = journal.balance(ids["Mei Chen"])
    ask_core.record_answered(journal, ids["Mei Chen"], "statistics help for a survey")
    after = journal.balance(ids["Mei Chen"])
    assert (after.given, after.received) == (before.given, before.received + 1)
    assert journal.ledger_for(ids["Mei Chen"])[-1].description == (
        "Helped with: statistics help for a survey"
    )
    mei = ask(journal, "statistics")[0]
    assert mei.reciprocity == (
        "Mei has helped you more than you have helped them: offer something when you ask."
    )


def test_a_question_of_only_filler_words_finds_no_one(journal):
    ask_network.build(journal)
    assert ask(journal, "who could help me with this?") == []
    assert ask(journal, "") == []


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(question=st.text(max_size=80), limit=st.integers(min_value=1, max_value=8))
def test_any_question_gives_a_bounded_list_each_with_a_reason(journal, question, limit):
    if not journal.query_people():
        ask_network.build(journal)
    answers = ask(journal, question, limit=limit)
    assert len(answers) <= limit
    assert len({a.person_id for a in answers}) == len(answers)
    for answer in answers:
        assert answer.why and all(w.strip() for w in answer.why)
    scores = [a.score for a in answers]
    assert scores == sorted(scores, reverse=True)


def test_answers_after_changes_are_those_of_the_journal_reopened(make_journal, clock, tmp_path):
    """Changes between questions are taken in person by person, not by reading the
    whole journal again: whatever was changed, the answers must be those a freshly
    opened journal gives."""
    from journal.core.journal import Journal
    from journal.core.model import Entry
    from journal.core.paths import JournalPaths
    from tests.conftest import TEST_PASSPHRASE

    journal = make_journal()
    ids = ask_network.build(journal)
    questions = (
        "sommelier",
        "a translator for Japanese contracts",
        "employment law",
        "statistics",
        "localisation of a game",
        "someone in montreal",
    )
    for question in questions:
        ask(journal, question)
    journal.add_person(
        Person(
            name="Zed Amari",
            circle=Circle.NETWORK,
            facets=[Facet(kind=FacetKind.CAN_HELP_WITH, text="choosing wine as a sommelier")],
        )
    )
    yuki = journal.person(ids["Yuki Tanaka"])
    yuki.role = "sommelier"
    yuki.facets = [f for f in yuki.facets if "translation" not in f.text.lower()]
    journal.save_person(yuki)
    journal.set_archived(ids["Tomás García"])
    journal.delete_person(ids["Élodie Tremblay"])
    journal.add_entry(
        Entry(occurred_at=clock.now(), body="Coffee, talked about wine.", people=[ids["Mei Chen"]])
    )

    def answers(j):
        return {
            q: [(a.name, a.why, a.closeness, a.reciprocity, a.introducer) for a in ask(j, q)]
            for q in questions
        }

    seen = answers(journal)
    assert [name for name, *_ in seen["sommelier"]] == ["Yuki Tanaka", "Zed Amari"]
    assert "Tomás García" not in [name for name, *_ in seen["employment law"]]
    assert "Élodie Tremblay" not in [name for name, *_ in seen["someone in montreal"]]
    mei = next(a for a in seen["statistics"] if a[0] == "Mei Chen")
    assert mei[2].endswith("last in touch today")
    journal.close()
    reopened = Journal.open(JournalPaths(tmp_path / "journal"), TEST_PASSPHRASE, clock=clock)
    try:
        assert answers(reopened) == seen
    finally:
        reopened.close()


def test_what_was_just_written_is_found_by_the_next_question(journal, clock):
    from journal.core.model import Entry

    ids = ask_network.build(journal)
    assert _names(journal, "kayaking") == []
    entry = journal.add_entry(
        Entry(
            occurred_at=clock.now(),
            body="Mei has been kayaking every weekend.",
            people=[ids["Mei Chen"]],
        )
    )
    first = ask(journal, "kayaking")[0]
    assert first.name == "Mei Chen"
    assert first.why == ("you wrote on 24 Nov: “Mei has been kayaking every weekend.”",)
    entry.body = "Mei has been sailing every weekend."
    journal.save_entry(entry)
    assert _names(journal, "kayaking") == []


def test_what_another_process_wrote_is_seen_by_the_next_question(journal, clock):
    """``journal`` in a terminal, or a second Rapport, adds someone: the open journal's
    next question finds them, without waiting for the window to notice."""
    from journal.core.journal import Journal
    from tests.conftest import TEST_PASSPHRASE

    ask_network.build(journal)
    assert _names(journal, "sommelier") == []
    other = Journal.open(journal.paths, TEST_PASSPHRASE, clock=clock)
    try:
        other.add_person(
            Person(
                name="Zed Amari",
                circle=Circle.NETWORK,
                facets=[Facet(kind=FacetKind.CAN_HELP_WITH, text="choosing wine as a sommelier")],
            )
        )
    finally:
        other.close()
    assert _names(journal, "sommelier") == ["Zed Amari"]


def test_words_stem_as_snowballs_english_stemmer_does():
    """The English stemmer is loaded on its own (not snowballstemmer's 34 languages);
    a question and a record must still meet on the same stems."""
    import snowballstemmer

    from journal.core import ask_words

    english = snowballstemmer.stemmer("english")
    words = ["translators", "interpreting", "fundraising", "generously", "happiness",
             "organisational", "ponies", "dying", "agreed", "knightly", "news", "sky"]  # fmt: skip
    assert [ask_words.stem(w) for w in words] == [english.stemWord(w) for w in words]
