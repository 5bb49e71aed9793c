"""`journal link`, `journal links`, `journal merge`, as a terminal user runs them."""

from __future__ import annotations

import json

from journal.core.journal import Journal
from journal.core.model import Person
from journal.core.paths import JournalPaths
from tests.cli.test_cli import PASS, data_dir, journal_cmd

__all__ = ["data_dir"]


def run(data_dir, *args):
    return journal_cmd(data_dir, *args, "--passphrase-stdin", stdin=PASS + "\n")


def test_link_shows_on_both_people(data_dir):
    run(data_dir, "log", "--with", "Ana Lima", "--with", "Leo Lima", "Birthday party")
    linked = run(data_dir, "link", "Leo Lima", "--as", "son", "Ana Lima")
    assert linked.returncode == 0, linked.stderr
    assert linked.stdout.strip() == "Leo Lima is Ana Lima's son."

    shown = run(data_dir, "show", "Leo Lima")
    assert "Ana Lima is Leo Lima's parent." in shown.stdout
    listed = json.loads(run(data_dir, "links", "Ana Lima", "--json").stdout)
    assert [(item["relation"], item["other"], item["mention_ok"]) for item in listed] == [
        ("son", "Leo Lima", False)
    ]

    bad = run(data_dir, "link", "Leo Lima", "--as", "nemesis", "Ana Lima")
    assert bad.returncode == 2 and "Use one of:" in bad.stderr

    removed = run(data_dir, "unlink", "Ana Lima", "Leo Lima")
    assert removed.returncode == 0 and "Moved 1 link to the trash" in removed.stdout
    assert "No links yet" in run(data_dir, "links", "Ana Lima").stdout


def test_merge_two_people_with_the_same_name_and_undo(data_dir):
    run(data_dir, "log", "--with", "Kofi Mensah", "First coffee")
    second = run(data_dir, "log", "--with", "Kofi M.", "Call about the grant")
    assert second.returncode == 0
    refused = run(data_dir, "merge", "Kofi Mensah", "Kofi M.")
    assert refused.returncode == 2
    assert "add --yes" in refused.stderr
    assert "1. Kofi" in refused.stdout and "2. Kofi" in refused.stdout  # the plan is shown
    assert "1 entry" in refused.stdout and "1 entries" not in refused.stdout
    assert "0 follow-ups" in refused.stdout and "0 gives and receives" in refused.stdout

    merged = run(data_dir, "merge", "Kofi Mensah", "Kofi M.", "--take", "name=1", "--yes")
    assert merged.returncode == 0, merged.stderr
    assert "Merged 2 records into Kofi Mensah" in merged.stdout
    people = json.loads(run(data_dir, "people", "--json").stdout)
    assert [p["name"] for p in people] == ["Kofi Mensah"]

    undone = run(data_dir, "merge", "--undo")
    assert undone.returncode == 0 and "Undone: Merged" in undone.stdout
    people = json.loads(run(data_dir, "people", "--json").stdout)
    assert sorted(p["name"] for p in people) == ["Kofi M.", "Kofi Mensah"]


def test_merge_needs_two_people(data_dir):
    run(data_dir, "log", "--with", "Mei Chen", "Lunch")
    alone = run(data_dir, "merge", "Mei Chen", "--yes")
    assert alone.returncode == 2 and "nothing to merge" in alone.stderr


def test_merge_everyone_with_one_name(data_dir):
    """Duplicates often share a name exactly (an import next to a typed record)."""
    run(data_dir, "log", "--with", "Ana Lima", "Coffee")
    with Journal.open(JournalPaths(data_dir), PASS) as journal:
        journal.add_person(Person("Ana Lima", organisation="Crumb & Co. Bakery"))
    merged = run(data_dir, "merge", "Ana Lima", "--yes")
    assert merged.returncode == 0, merged.stderr
    assert "Organisation: Crumb & Co. Bakery" in merged.stdout
    people = json.loads(run(data_dir, "people", "--json").stdout)
    assert [(p["name"], p["organisation"]) for p in people] == [("Ana Lima", "Crumb & Co. Bakery")]


def test_bulk_changes_many_people_and_undoes(data_dir):
    with Journal.open(JournalPaths(data_dir), PASS) as journal:
        journal.add_people(
            [Person(f"Person {i:02d}", tags=["conference"]) for i in range(12)]
            + [Person("Mei Chen")]
        )
    refused = run(data_dir, "bulk", "--tag", "conference", "--set-circle", "close")
    assert refused.returncode == 2 and "add --yes" in refused.stderr
    assert "This changes 12 people: Person 00" in refused.stdout

    done = run(data_dir, "bulk", "--tag", "conference", "--set-circle", "close", "--yes")
    assert done.returncode == 0, done.stderr
    assert "Moved 12 people to Close. To undo: journal bulk --undo" in done.stdout
    people = json.loads(run(data_dir, "people", "--json").stdout)
    assert sorted({p["circle"] for p in people if p["name"] != "Mei Chen"}) == ["close"]

    tagged = run(data_dir, "bulk", "Mei Chen", "--add-tag", "mentor")
    assert tagged.returncode == 0  # one person: no question
    undone = run(data_dir, "bulk", "--undo")
    assert "Undone: Tagged 1 person mentor." in undone.stdout
    # One bulk change further back each time, like Edit ▸ Undo (the same undo log).
    undone = run(data_dir, "bulk", "--undo")
    assert "Undone: Moved 12 people to Close." in undone.stdout
    people = json.loads(run(data_dir, "people", "--json").stdout)
    assert "close" not in {p["circle"] for p in people}
    nothing = run(data_dir, "bulk", "--undo")
    assert nothing.returncode == 12  # nothing left to undo
    assert "There is no bulk change to undo." in nothing.stderr

    nothing = run(data_dir, "bulk", "--tag", "conference")
    assert nothing.returncode == 2 and "Say what to change" in nothing.stderr


def test_undo_takes_back_the_latest_change_one_step_at_a_time(data_dir):
    """`journal undo` reads the app's undo log: what the command line did, then further."""
    run(data_dir, "log", "--with", "Ana Lima", "Coffee at the market")
    run(data_dir, "log", "--with", "Leo Lima", "Birthday party")
    linked = run(data_dir, "link", "Leo Lima", "--as", "son", "Ana Lima")
    assert linked.returncode == 0, linked.stderr
    edited = run(data_dir, "edit", "Ana Lima", "--set", "organisation=Crumb & Co.")
    assert edited.returncode == 0, edited.stderr

    undone = run(data_dir, "undo")
    assert undone.returncode == 0, undone.stderr
    assert undone.stdout.strip() == "Undone: Edited Ana Lima."
    shown = json.loads(run(data_dir, "people", "--json").stdout)
    assert {p["name"]: p["organisation"] for p in shown}["Ana Lima"] in ("", None)

    assert run(data_dir, "undo").stdout.strip() == "Undone: Added a link."
    assert "No links yet" in run(data_dir, "links", "Ana Lima").stdout
    assert run(data_dir, "undo").stdout.strip() == "Undone: Added an entry."
    assert run(data_dir, "undo").stdout.strip() == "Undone: Added an entry."
    assert json.loads(run(data_dir, "people", "--json").stdout) == []

    nothing = run(data_dir, "undo")
    assert nothing.returncode == 12
    assert "There is nothing to undo." in nothing.stderr
