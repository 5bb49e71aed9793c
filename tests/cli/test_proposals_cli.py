"""`journal log` says what it noticed; `proposals` and `proposal` review it from the CLI."""

from __future__ import annotations

import io
import json
import sys

import pytest

from journal.cli import main
from journal.core.model import FollowUp, Person
from tests.conftest import TEST_PASSPHRASE

WHEN = "2026-11-24T09:00"  # a Tuesday


@pytest.fixture
def root(journal):
    ana = journal.add_person(Person(name="Ana Ribeiro", pronouns="she/her"))
    journal.add_follow_up(FollowUp(text="send Ana the supplier intro", person_id=ana.id))
    path = journal.paths.root
    journal.close()
    return path


def run(monkeypatch, capsys, root, *args):
    monkeypatch.setattr(sys, "stdin", io.StringIO(TEST_PASSPHRASE + "\n"))
    code = main([*args, "--data-dir", str(root), "--passphrase-stdin"])
    out, err = capsys.readouterr()
    return code, out, err


TEXT = (
    "Coffee with Ana. She is renovating a farmhouse in Alentejo. "
    "Sent Ana the supplier intro. I said I'd put her in touch with my old landlord by Friday."
)


def test_log_prints_what_it_noticed_numbered_and_keeps_it_for_review(monkeypatch, capsys, root):
    code, out, err = run(
        monkeypatch, capsys, root, "log", "--with", "Ana Ribeiro", "--when", WHEN, TEXT
    )
    assert code == 0, err
    lines = out.splitlines()
    start = lines.index("Noticed:")
    assert lines[start + 1].startswith(
        "  1. Ana Ribeiro, working on: Renovating a farmhouse in Alentejo  ["
    )
    assert lines[start + 2] == "     from: “She is renovating a farmhouse in Alentejo.”"
    assert "  2. Promise to Ana Ribeiro kept: send Ana the supplier intro" in out
    assert (
        "  3. You promised Ana Ribeiro: Put Ana in touch with my old landlord "
        "(by 27 Nov 2026)" in out
    )
    assert "`journal proposal ID accept` (or dismiss) with the ID in brackets" in out

    code, out, _ = run(monkeypatch, capsys, root, "proposals", "--json")
    listed = json.loads(out)
    assert [p["kind"] for p in listed] == ["new_fact", "promise_kept", "promise"]
    assert listed[2]["due_on"] == "2026-11-27"
    assert listed[0]["sentence"] == "She is renovating a farmhouse in Alentejo."


def test_accept_detected_applies_it_and_says_what_changed(monkeypatch, capsys, root):
    code, out, err = run(
        monkeypatch,
        capsys,
        root,
        "log",
        "--with",
        "Ana Ribeiro",
        "--when",
        WHEN,
        "--accept-detected",
        TEXT,
    )
    assert code == 0, err
    assert "Noticed and applied:" in out
    assert "  1. Added to Ana Ribeiro: Renovating a farmhouse in Alentejo" in out
    assert "  2. Kept (recorded as a give to Ana Ribeiro): send Ana the supplier intro" in out
    assert (
        "  3. Follow-up for Ana Ribeiro: Put Ana in touch with my old landlord, "
        "due 27 Nov 2026" in out
    )
    _, out, _ = run(monkeypatch, capsys, root, "proposals")
    assert out.strip() == "Nothing waits for review."


def test_one_proposal_is_accepted_in_the_users_words_or_dismissed(monkeypatch, capsys, root):
    run(monkeypatch, capsys, root, "log", "--with", "Ana Ribeiro", "--when", WHEN, TEXT)
    _, out, _ = run(monkeypatch, capsys, root, "proposals", "--json")
    first, second, _third = json.loads(out)
    code, out, err = run(
        monkeypatch, capsys, root, "proposal", first["id"][:8], "accept", "--text", "Farmhouse"
    )
    assert code == 0, err
    assert out.strip() == "Added to Ana Ribeiro: Farmhouse"
    code, out, _ = run(monkeypatch, capsys, root, "proposal", second["id"][:8], "dismiss")
    assert out.startswith("Dismissed: Promise to Ana Ribeiro kept")
    code, _, err = run(monkeypatch, capsys, root, "proposal", second["id"][:8], "accept")
    assert code != 0
    assert "already dismissed" in err
    code, _, err = run(monkeypatch, capsys, root, "proposal", "zzzzzzzz", "accept")
    assert code != 0
    assert "`journal proposals` lists the ones waiting" in err
    assert "Traceback" not in err
