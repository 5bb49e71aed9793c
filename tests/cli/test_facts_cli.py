"""The command line can do what the app does: act on a check-in, list and change facts,
keep promises, edit a person's fields, log with names resolved like `show`."""

from __future__ import annotations

import io
import json
import sys
from datetime import date

import pytest

import journal.core.journal as journal_module
from journal.cli import main
from journal.core import engine
from journal.core.clock import FixedClock
from journal.core.journal import Journal
from journal.core.model import Circle, Facet, FacetKind, FollowUp, Person
from journal.core.paths import JournalPaths
from tests.conftest import TEST_PASSPHRASE
from tests.support.people import add


@pytest.fixture
def root(journal, monkeypatch, clock):
    """A closed journal with a few people; the CLI opens it on the tests' fixed clock."""
    monkeypatch.setattr(journal_module, "SYSTEM_CLOCK", clock)
    add(journal, "Maya Okonkwo", last=70, id="maya")
    add(journal, "Sam Okafor", last=10, facets=[Facet(FacetKind.WORKING_ON, "the bike shop")])
    add(journal, "Ana Lima", last=5)
    add(journal, "Ana Souza", last=5)
    sam = journal.find_people("Sam Okafor")[0]
    journal.add_follow_up(FollowUp("introduce him to my accountant", person_id=sam.id))
    path = journal.paths.root
    journal.close()
    return path


def run(monkeypatch, capsys, root, *args):
    monkeypatch.setattr(sys, "stdin", io.StringIO(TEST_PASSPHRASE + "\n"))
    code = main([*args, "--data-dir", str(root), "--passphrase-stdin"])
    out, err = capsys.readouterr()
    return code, out, err


def reopen(root) -> Journal:
    return Journal.open(JournalPaths(root), TEST_PASSPHRASE, clock=FixedClock("2026-11-24T09:00"))


def test_log_with_a_first_name_finds_the_one_person_and_does_not_add_a_second(
    root, monkeypatch, capsys
):
    code, out, _ = run(monkeypatch, capsys, root, "log", "--with", "Maya", "Coffee")
    assert code == 0 and "Added" not in out and "Maya Okonkwo" in out
    with reopen(root) as j:
        assert [p.name for p in j.people() if p.name.startswith("Maya")] == ["Maya Okonkwo"]
        assert j.person("maya").last_contact_at is not None


def test_log_with_an_ambiguous_name_lists_the_candidates(root, monkeypatch, capsys):
    code, _, err = run(monkeypatch, capsys, root, "log", "--with", "Ana", "Lunch")
    assert code == 2 and "Ana Lima" in err and "Ana Souza" in err


def test_log_new_adds_a_person_on_purpose_and_a_near_name_is_refused(root, monkeypatch, capsys):
    code, _, err = run(monkeypatch, capsys, root, "log", "--with", "Okonk", "Hi")
    assert code == 2 and "Did you mean: Maya Okonkwo" in err and "--new" in err
    code, out, _ = run(monkeypatch, capsys, root, "log", "--new", "Maya", "Met another Maya")
    assert code == 0 and "Added Maya to the journal." in out


def test_log_when_with_an_offset_is_converted_to_local_time(root, monkeypatch, capsys):
    monkeypatch.setenv("TZ", "UTC")
    import time

    time.tzset()
    try:
        code, out, _ = run(
            monkeypatch, capsys, root, "log", "--with", "Maya", "--when",
            "2026-11-20T14:30+02:00", "Call",
        )  # fmt: skip
    finally:
        monkeypatch.undo()
        time.tzset()
    assert code == 0 and "20 Nov 2026, 12:30" in out


def test_act_done_on_todays_suggestion_and_mute(root, monkeypatch, capsys):
    with reopen(root) as j:
        assert [s.person_name for s in engine.today(j)] == ["Maya Okonkwo"]
    code, out, _ = run(monkeypatch, capsys, root, "act", "Maya", "done")
    assert code == 0 and "Marked Maya Okonkwo done" in out
    with reopen(root) as j:
        assert engine.today(j) == []
    code, out, _ = run(monkeypatch, capsys, root, "act", "Sam Okafor", "mute")
    assert code == 0 and "Muted Sam Okafor" in out
    with reopen(root) as j:
        assert engine.next_check_in(j, j.find_people("Sam Okafor")[0].id)[0] is None


def test_act_snooze_until_a_date(root, monkeypatch, capsys):
    code, out, _ = run(monkeypatch, capsys, root, "act", "Maya", "snooze", "--until", "2026-12-01")
    assert code == 0 and "until 1 Dec 2026" in out
    with reopen(root) as j:
        assert engine.today(j) == []
        assert engine.today(j, date(2026, 12, 1))[0].person_name == "Maya Okonkwo"


def test_facts_list_add_and_finish(root, monkeypatch, capsys):
    code, out, _ = run(
        monkeypatch, capsys, root, "fact", "Sam", "--add", "life_event", "moved to Porto"
    )
    assert code == 0 and "Life events — moved to Porto" in out
    code, out, _ = run(monkeypatch, capsys, root, "facts", "Sam", "--json")
    known = json.loads(out)["facts"]
    shop = next(f for f in known if f["text"] == "the bike shop")
    assert shop["status"] == "ongoing"
    code, out, _ = run(monkeypatch, capsys, root, "fact", "Sam", "--status", shop["id"][:8], "done")
    assert code == 0 and "Marked “the bike shop” done." in out
    code, out, _ = run(monkeypatch, capsys, root, "facts", "Sam")
    assert "the bike shop (done 24 Nov 2026" in out
    code, _, err = run(monkeypatch, capsys, root, "fact", "Sam", "--status", "zzz", "done")
    assert code == 2 and "journal facts NAME" in err
    code, _, err = run(monkeypatch, capsys, root, "fact", "Sam", "--status", shop["id"], "over")
    assert code != 0 and "ongoing, done or cancelled" in err and "Traceback" not in err


def test_followups_list_and_keep_records_a_give(root, monkeypatch, capsys):
    code, out, _ = run(monkeypatch, capsys, root, "followups", "--json")
    [item] = json.loads(out)
    assert item["person_name"] == "Sam Okafor"
    code, out, _ = run(monkeypatch, capsys, root, "followup", item["id"][:8], "--done")
    assert code == 0 and "something you gave Sam" in out
    code, out, _ = run(monkeypatch, capsys, root, "followups", "Sam")
    assert "No open follow-ups" in out
    with reopen(root) as j:
        assert j.balance(item["person_id"]).given == 1


def test_edit_sets_pronouns_death_circle_and_refuses_nonsense(root, monkeypatch, capsys):
    code, out, _ = run(
        monkeypatch, capsys, root, "edit", "Maya", "--set", "pronouns=she",
        "--set", "deceased=2026-11-01", "--set", "circle=close",
    )  # fmt: skip
    assert code == 0 and "no check-in suggestions" in out
    with reopen(root) as j:
        maya = j.person("maya")
        assert (maya.pronouns, maya.deceased_on, maya.circle) == (
            "she",
            date(2026, 11, 1),
            Circle.CLOSE,
        )
        assert engine.today(j) == []
    code, _, err = run(monkeypatch, capsys, root, "edit", "Maya", "--set", "circle=bestie")
    assert code != 0 and "not a circle" in err
    code, _, err = run(monkeypatch, capsys, root, "edit", "Maya", "--set", "colour=blue")
    assert code != 0 and "not a field" in err


def test_show_json_carries_facts_promises_and_next_check_in(root, monkeypatch, capsys):
    _code, out, _ = run(monkeypatch, capsys, root, "show", "Sam", "--json")
    data = json.loads(out)
    assert data["facets"][0]["status"] == "ongoing"
    assert data["open_follow_ups"][0]["text"] == "introduce him to my accountant"
    assert data["links"] == [] and "next_check_in" in data
    _code, out, _ = run(monkeypatch, capsys, root, "show", "Sam")
    assert "Promised: [" in out and "Working on: the bike shop" in out


def test_an_imported_person_shows_as_not_yet_placed(journal, monkeypatch, capsys, clock):
    monkeypatch.setattr(journal_module, "SYSTEM_CLOCK", clock)
    journal.add_person(Person(name="Lin Imported", circle=Circle.ACQUAINTANCE, placed=False))
    path = journal.paths.root
    journal.close()
    _code, out, _ = run(monkeypatch, capsys, path, "show", "Lin Imported")
    assert "imported, not yet placed" in out
