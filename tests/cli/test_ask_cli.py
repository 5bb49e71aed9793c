"""`journal ask` and `journal introductions`, as typed in a terminal."""

from __future__ import annotations

import io
import json
import sys

import pytest

from journal.cli import main
from tests.conftest import TEST_PASSPHRASE
from tests.support import ask_network


@pytest.fixture
def root(journal):
    ask_network.build(journal)
    root = journal.paths.root
    journal.close()
    return root


def run(monkeypatch, capsys, *args):
    monkeypatch.setattr(sys, "stdin", io.StringIO(TEST_PASSPHRASE + "\n"))
    code = main([*args, "--passphrase-stdin"])
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_prints_people_with_why_and_who_could_introduce(root, monkeypatch, capsys):
    code, out, _ = run(
        monkeypatch,
        capsys,
        "ask",
        "localisation of a game",
        "--data-dir",
        str(root),
        "--limit",
        "3",
    )
    assert code == 0
    assert out.startswith("Who could help with “localisation of a game”:")
    flat = " ".join(out.split())
    assert "1. Mira Kowalski" in out
    assert "Why: head of localisation at Acme Games" in flat
    assert "Kofi could introduce you: Kofi Mensah is Mira Kowalski's colleague." in flat


def test_ask_json_carries_the_same_answers(root, monkeypatch, capsys):
    code, out, _ = run(
        monkeypatch, capsys, "ask", "an accountant", "--json", "--data-dir", str(root)
    )
    assert code == 0
    data = json.loads(out)
    assert data["question"] == "an accountant"
    assert data["answers"][0]["name"] == "Samuel Osei"
    assert data["answers"][0]["why"][0] == "accountant at Ledgerline"


def test_nothing_found_says_what_to_try(root, monkeypatch, capsys):
    code, out, _ = run(
        monkeypatch, capsys, "ask", "quantum chromodynamics", "--data-dir", str(root)
    )
    assert code == 0
    assert "No one in your journal matches “quantum chromodynamics” yet." in out


def test_answered_by_records_a_receive(root, monkeypatch, capsys):
    code, out, _ = run(
        monkeypatch, capsys, "ask", "statistics help", "--answered-by", "Mei Chen",
        "--data-dir", str(root),
    )  # fmt: skip
    assert code == 0
    assert (
        out.strip() == "Noted: Mei Chen helped with “statistics help” (in the ledger as received)."
    )
    code, out, _ = run(monkeypatch, capsys, "ask", "statistics", "--json", "--data-dir", str(root))
    first = json.loads(out)["answers"][0]
    assert first["name"] == "Mei Chen"
    assert first["reciprocity"].startswith("Mei has helped you more than you have helped them")


def test_introductions_made_and_refused(root, monkeypatch, capsys):
    code, out, _ = run(
        monkeypatch, capsys, "introductions", "--made", "Ana Lima", "Lucas Moreau",
        "--data-dir", str(root),
    )  # fmt: skip
    assert code == 0
    assert out.strip() == "Noted: you introduced Ana Lima and Lucas Moreau (a give to both)."
    code, out, _ = run(
        monkeypatch, capsys, "introductions", "--never", "Ana Lima", "Ana Lima",
        "--data-dir", str(root),
    )  # fmt: skip
    assert code != 0
