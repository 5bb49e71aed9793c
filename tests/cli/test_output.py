"""What the command line prints: nothing from the journal can drive the terminal, a closed
pipe is not a traceback, and a busy journal exits with the documented code."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.cli.terminal import escape
from journal.core import store
from journal.core.journal import Journal
from journal.core.model import Entry, Facet, FacetKind, Person
from journal.core.paths import JournalPaths
from tests.conftest import TEST_PASSPHRASE

#: What must never reach a terminal raw, written out independently of the code under test.
BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def unsafe(line: str) -> list[str]:
    return [
        c for c in line if c in BIDI or (unicodedata.category(c) in ("Cc", "Cs") and c not in "\t")
    ]


HOSTILE = "\x1b[2J\x1b]0;owned\x07\r\x01\x08\x7f\x85\x9b\u202e\u2066\u2069\u200f\u061c"
hostile_text = st.text(
    alphabet=st.sampled_from(list(HOSTILE) + list("Ana Lima kofi"))
    | st.characters(blacklist_categories=("Cs",)),
    min_size=1,
    max_size=16,
).filter(lambda s: s.strip() and "\x00" not in s)  # NUL: the store's own refusal


def add_hostile(root: Path, name: str, note: str) -> None:
    journal = Journal.open(JournalPaths(root), TEST_PASSPHRASE)
    try:
        person = journal.add_person(
            Person(name=name, organisation=note, facets=[Facet(FacetKind.HOBBY, note)])
        )
        journal.add_entry(
            Entry(occurred_at=datetime(2026, 11, 1, 12), body=f"zebra {note}", people=[person.id])
        )
    finally:
        journal.close()


def test_escape_makes_each_character_visible_and_keeps_json_valid():
    text = "Ana\x1b[31m\r\u202egpj.exe\x07"
    assert escape(text) == "Ana\\u001b[31m\\u000d\\u202egpj.exe\\u0007"
    assert json.loads(f'"{escape(text)}"') == text
    assert escape("line\n\ttab é 中") == "line\n\ttab é 中"


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=hostile_text, note=hostile_text)
def test_no_printed_line_holds_a_control_or_bidi_character(cli, closed, tmp_path, name, note):
    add_hostile(closed, name, note)
    card = tmp_path / "card.vcf"
    card.write_text(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}x\r\nORG:{note}\r\nEND:VCARD\r\n")
    runs = [
        ("people",),
        ("show", name),
        ("show", name + "?"),  # not found: the error and "Did you mean" quote it
        ("links", name),
        ("search", "zebra"),
        ("search", name),
        ("today", "--date", "2026-11-24"),
        ("insights", "--date", "2026-11-24"),
        ("log", "--with", name, "--when", "2026-11-02T10:00", note),
        ("import", str(card), "--dry-run"),
        ("link", name, "--as", "friend", note),
        ("merge", name, "--dry-run"),
    ]
    for argv in runs:
        result = cli("--data-dir", str(closed), *argv)
        assert "Traceback" not in result.err
        for line in (result.out + result.err).splitlines():
            assert not unsafe(line), (argv, line)
    # --json stays JSON, and decodes to the very text stored.
    listed = json.loads(cli("--data-dir", str(closed), "people", "--json").out)
    assert name.strip() in {p["name"] for p in listed}


def test_a_carriage_return_in_a_name_cannot_rewrite_the_line(cli, closed):
    add_hostile(closed, "Mallory\rAna Lima (trusted)", "x")
    result = cli("--data-dir", str(closed), "people")
    assert "Mallory\\u000dAna Lima (trusted)" in result.out


# -- closed pipes ------------------------------------------------------------------------


def test_a_closed_pipe_ends_quietly(closed):
    journal = Journal.open(JournalPaths(closed), TEST_PASSPHRASE)
    for i in range(50):
        journal.add_person(Person(name=f"Person {i:02d}"))
    journal.close()
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `| head` that has already exited
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "journal",
                "--data-dir",
                str(closed),
                "people",
                "--passphrase-stdin",
            ],
            input=(TEST_PASSPHRASE + "\n").encode(),
            stdout=write_end,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert result.stderr == b""
    assert result.returncode == 141


def test_a_closed_pipe_in_process_is_not_a_traceback(cli, closed, monkeypatch):
    class Closed:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

    from journal.cli import main

    monkeypatch.setattr(sys, "stdin", io.StringIO(TEST_PASSPHRASE + "\n"))
    monkeypatch.setattr(sys, "stdout", Closed())
    assert main(["--data-dir", str(closed), "people", "--passphrase-stdin"]) == 141


# -- busy --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["log", "--with", "Ana Lima", "waiting"],
        ["link", "Ana Lima", "--as", "friend", "Kofi Mensah"],
        ["bulk", "Ana Lima", "--add-tag", "friends"],
        ["import", "CARD"],
        ["today"],  # only logs what it showed; still prints the day
    ],
)
def test_a_command_behind_a_long_write_exits_with_the_busy_code(
    cli, journal, monkeypatch, tmp_path, argv
):
    """Another process holds the write lock (a long import): a write says so, exit 7."""
    journal.log(["Ana Lima", "Kofi Mensah"], "Coffee")
    closed = journal.paths.root
    journal.close()
    card = tmp_path / "card.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lena Park\r\nEND:VCARD\r\n")
    argv = [str(card) if a == "CARD" else a for a in argv]
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 300)
    holder = Journal.open(JournalPaths(closed), TEST_PASSPHRASE)
    try:
        with holder.transaction() as conn:
            conn.execute("UPDATE people SET name = name")  # take the write lock
            result = cli("--data-dir", str(closed), *argv)
    finally:
        holder.close()
    if argv == ["today"]:
        assert result.code == 0 and result.out.startswith("Check-ins for")
        return
    assert result.code == 7, result.err
    assert "busy in another Rapport process" in result.err
    assert re.fullmatch(r"journal: [^\n]+\n", result.err)


def test_a_newline_in_a_name_cannot_print_a_made_up_record(cli, closed):
    forged = "Mallory\nAna Lima — Acme  [inner]  last in touch: 23 Nov 2026"
    add_hostile(closed, forged, "zebra")
    listed = cli("--data-dir", str(closed), "people")
    assert listed.out.count("\n") == 1  # one person, one line
    assert "Mallory\\u000aAna Lima" in listed.out
    shown = cli("--data-dir", str(closed), "show", "Mallory")
    assert shown.out.splitlines()[0] == forged.replace("\n", "\\u000a")
    found = cli("--data-dir", str(closed), "search", "Mallory", "--only", "people")
    assert not any(line.startswith("Ana Lima") for line in found.out.splitlines()), found.out


def test_a_journal_another_program_altered_is_a_sentence_not_a_traceback(cli, journal):
    """A table removed by another tool: the command says so in words, exits 4, and the
    journal's other records are untouched."""
    journal.add_person(Person("Ana Lima"))
    with journal.transaction() as conn:
        conn.execute("DROP TABLE follow_ups")
    root = journal.paths.root
    journal.close()

    run = cli("--data-dir", str(root), "followups")

    assert run.code == 4
    assert "Traceback" not in run.err
    assert "could not be read" in run.err and "follow_ups" in run.err
    assert "journal restore" in run.err
    assert "Ana Lima" in cli("--data-dir", str(root), "people").out
