"""`journal search`, `journal backup` and `journal restore` as a terminal user runs them."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_cli import PASS, journal_cmd


@pytest.fixture
def data_dir(tmp_path):
    result = journal_cmd(tmp_path / "j", "init", "--passphrase-stdin", stdin=PASS + "\n")
    assert result.returncode == 0, result.stderr
    for people, text in (
        (["José García"], "Talked about the bakery launch"),
        (["Ana Lima"], "Climbing plans for the spring"),
    ):
        args = [arg for name in people for arg in ("--with", name)]
        logged = journal_cmd(
            tmp_path / "j",
            "log",
            "--passphrase-stdin",
            *args,
            "--when",
            "2026-10-03T14:30",
            text,
            stdin=PASS + "\n",
        )
        assert logged.returncode == 0, logged.stderr
    return tmp_path / "j"


def search(data_dir, *args):
    return journal_cmd(data_dir, "search", "--passphrase-stdin", *args, stdin=PASS + "\n")


def test_search_prints_people_and_entries_with_the_match_marked(data_dir):
    result = search(data_dir, "jose")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("person  [José] García")
    result = search(data_dir, "bakery")
    assert "Talked about the [bakery] launch" in result.stdout


def test_search_json_and_filters(data_dir):
    result = search(data_dir, "l", "--json")
    hits = json.loads(result.stdout)
    assert (hits[0]["kind"], hits[0]["title"]) == ("person", "Ana Lima")
    entry = next(h for h in hits if h["kind"] == "entry")
    assert entry["snippet"][slice(*entry["snippet_highlights"][0])].lower().startswith("l")
    only = json.loads(
        search(data_dir, "l", "--json", "--only", "entries", "--person", "José García").stdout
    )
    assert [h["snippet"] for h in only] == ["Talked about the bakery launch"]
    dated = json.loads(search(data_dir, "climbing", "--json", "--since", "2026-10-04").stdout)
    assert dated == []


def test_search_nothing_found_and_bad_options(data_dir):
    result = search(data_dir, "zzzz")
    assert result.returncode == 1 and "Nothing found" in result.stderr
    bad = search(data_dir, "x", "--since", "yesterday-ish")
    assert bad.returncode == 2 and "not a date" in bad.stderr
    nobody = search(data_dir, "x", "--person", "Nobody")
    assert nobody.returncode == 2 and "No one called" in nobody.stderr


def test_backup_then_restore_asks_and_keeps_the_old_journal(data_dir, tmp_path):
    made = journal_cmd(data_dir, "backup", "--passphrase-stdin", str(tmp_path), stdin=PASS + "\n")
    assert made.returncode == 0, made.stderr
    path = next(tmp_path.glob("*.rapport-backup"))
    assert str(path) in made.stdout
    journal_cmd(data_dir, "log", "--passphrase-stdin", "--with", "Kofi", "Later", stdin=PASS + "\n")

    refused = journal_cmd(data_dir, "restore", "--passphrase-stdin", str(path), stdin=PASS + "\n")
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert "Kofi" in search(data_dir, "kofi").stdout

    restored = journal_cmd(
        data_dir, "restore", "--passphrase-stdin", "--yes", str(path), stdin=PASS + "\n"
    )
    assert restored.returncode == 0, restored.stderr
    assert "2 people and 2 entries" in restored.stdout
    assert "replaced" in restored.stdout
    assert search(data_dir, "kofi").returncode == 1
    assert (data_dir / "replaced").is_dir()

    wrong = journal_cmd(
        data_dir, "restore", "--passphrase-stdin", "--yes", str(path), stdin="wrong\n"
    )
    assert wrong.returncode == 3 and "does not open this backup" in wrong.stderr


def test_backup_list(data_dir):
    journal_cmd(data_dir, "backup", "--passphrase-stdin", stdin=PASS + "\n")
    listed = journal_cmd(data_dir, "backup", "--list")
    assert listed.returncode == 0 and "(by hand)" in listed.stdout
