"""A new user's first week at the command line, on a fixed clock, and every sentence it
prints read for what a reader trips on (issue 14's "week of simulated life"): dates in
one format, plurals that agree, lists said as a sentence, one spelling, no brackets in
brackets. The properties are written out here, independently of the code under test."""

from __future__ import annotations

import re

import pytest

import journal.core.journal as journal_module
from journal.core.clock import FixedClock

MONTHS_LONG = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
MONTHS_SHORT = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"

VCARDS = """BEGIN:VCARD
VERSION:3.0
FN:Ana da Silva
N:da Silva;Ana;;;
EMAIL:ana@example.org
ORG:Civic Legal Aid
BDAY:--07-22
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Ben Okafor
EMAIL:ben@example.com
END:VCARD
BEGIN:VCARD
VERSION:3.0
EMAIL:nobody@example.com
END:VCARD
"""


@pytest.fixture
def week(cli, journal, monkeypatch, tmp_path) -> dict[str, str]:
    """What each command printed over the week, keyed by a name for the step."""
    clock = FixedClock("2026-12-07T09:00:00")
    monkeypatch.setattr(journal_module, "SYSTEM_CLOCK", clock)
    root = journal.paths.root
    journal.close()
    seen: dict[str, str] = {}

    def run(step: str, *argv: str) -> str:
        result = cli(*argv, "--data-dir", str(root))
        assert result.code == 0, (step, result.err)
        seen[step] = result.out
        return result.out

    run("insights empty", "insights")
    run("people empty", "people")
    clock.set("2026-12-07T18:30:00")
    run(
        "log",
        "log",
        "--new",
        "Ben Okafor",
        "--new",
        "Chen Wei",
        "Dinner with Ben and Chen. Ben is moving to Lisbon in March. I promised to send "
        "Ben the contact of my friend in Lisbon by Friday.",
    )
    for number, pid in enumerate(re.findall(r"\[([0-9a-f]{8})\]", seen["log"])):
        run(f"accept {number}", "proposal", pid, "accept")
    run("followups", "followups")
    clock.set("2026-12-08T09:00:00")
    run("today", "today")
    run("edit", "edit", "Chen", "--set", "organisation=Brightlayer", "--set", "circle=close")
    run("fact", "fact", "Chen", "--add", "family", "Daughter Mia starts school")
    run("facts", "facts", "Chen")
    run("show", "show", "Chen")
    run("show ben", "show", "Ben")
    run("brief", "brief", "Ben")
    cards = tmp_path / "cards.vcf"
    cards.write_text(VCARDS, encoding="utf-8")
    run("import dry", "import", str(cards), "--dry-run")
    run("import", "import", str(cards))
    clock.set("2027-06-20T09:00:00")  # months later: spans read in months
    run("insights", "insights")
    run("search", "search", "lisbon")
    out = tmp_path / "journal.md"
    run("export md", "export", "--format", "md", str(out))
    seen["markdown"] = out.read_text(encoding="utf-8")
    return seen


def _lines(week: dict[str, str]) -> list[tuple[str, str]]:
    return [(step, line) for step, text in week.items() for line in text.splitlines()]


def test_dates_read_one_way_on_every_screen(week):
    for step, line in _lines(week):
        assert not re.search(rf"\b0\d ({MONTHS_SHORT})\b", line), (step, line)
        # A long month only in a heading that names the weekday ("Tuesday 8 December").
        assert not re.search(rf"(?<!day )\b\d{{1,2}} ({MONTHS_LONG})\b", line), (step, line)
        assert not re.search(r"\b\d{4}-\d{2}(-\d{2})?\b", line), (step, line)


def test_counts_agree_with_their_nouns(week):
    bad = r"\b1 (people|entries|days|months|years|ties|details|follow-ups|times|promises)\b"
    for step, line in _lines(week):
        assert not re.search(bad, line), (step, line)
        assert "every 1 day" not in line and "1 of your 1 " not in line, (step, line)
        assert not re.search(r"\b0 people in touch in all\b", line), (step, line)
        assert not re.search(r"\bn = 0\b", line), ("workings of nothing", step, line)
        assert not re.search(r"\b0 of 1 [a-z ]+\(0%\) have\b", line), (step, line)


def test_sentences_read_as_a_person_writes_them(week):
    for step, line in _lines(week):
        assert "e-mail" not in line, ("one spelling: email", step, line)
        assert not re.search(r"\([^()]*\([^()]*\)[^()]*\)", line), ("brackets in brackets", line)
        assert ") (" not in line, ("two bracketed asides in a row", step, line)
        assert "Met: on " not in line, (step, line)
        assert "added; " not in line, ("'added' under 'Added:'", step, line)
    assert "with Ben Okafor and Chen Wei." in week["log"], "a list of names as a sentence"
    assert "Ben Okafor and Chen Wei" in week["search"]


def test_a_new_journal_says_what_to_do_rather_than_pages_of_zeros(week):
    text = week["insights empty"]
    assert "journal log" in text
    assert len(text.splitlines()) < 10
    assert "Shannon" not in text and "0 of 280" not in text


def test_a_promise_on_todays_card_is_not_dated_twice(week):
    ben = week["today"].split("Ben Okafor", 1)[1].split("Why:", 1)[0]
    dates = re.findall(rf"\b\d{{1,2}} ({MONTHS_SHORT})\b", ben)
    assert len(dates) <= 1, ben


def test_insights_say_a_gap_one_way_and_months_in_words(week):
    text = week["insights"]
    assert "Contact over time" in text
    months = [line for line in text.splitlines() if re.match(rf"\s+({MONTHS_SHORT}) \d{{4}}", line)]
    assert months and "Jan 2025" not in text, "from the first month with an entry"


def test_a_fact_keeps_the_date_its_proposal_gave(week):
    """The proposal said "Is moving to Lisbon (1 Mar 2027)"; once accepted, the fact
    listed under Ben lost the date."""
    proposed = re.search(r"Is moving to Lisbon \(([^)]*)\)", week["log"]).group(1)
    assert proposed in week["show ben"]
