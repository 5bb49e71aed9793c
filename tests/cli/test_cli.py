"""The `journal` command, run as a real process the way a terminal user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PASS = "cli test passphrase"


def journal_cmd(
    data_dir: Path, *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        # No keychain in these tests: the developer's real one is never touched.
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "journal", "--data-dir", str(data_dir), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


@pytest.fixture
def data_dir(tmp_path) -> Path:
    result = journal_cmd(tmp_path / "j", "init", "--passphrase-stdin", stdin=PASS + "\n")
    assert result.returncode == 0, result.stderr
    return tmp_path / "j"


def test_init_says_where_and_that_no_keychain_was_found(data_dir, tmp_path):
    result = journal_cmd(tmp_path / "k", "init", "--passphrase-stdin", stdin=PASS + "\n")
    assert f"Created a journal in {tmp_path / 'k'}" in result.stdout
    assert "asked for the passphrase" in result.stdout


def test_init_refuses_to_replace_a_journal(data_dir):
    before = (data_dir / "journal.db").read_bytes()
    result = journal_cmd(data_dir, "init", "--passphrase-stdin", stdin="other\n")
    assert result.returncode == 8
    assert "already exists" in result.stderr
    assert (data_dir / "journal.db").read_bytes() == before


def test_log_creates_people_and_people_lists_them(data_dir):
    result = journal_cmd(
        data_dir,
        "log",
        "--passphrase-stdin",
        "--with",
        "Ana Lima",
        "--with",
        "Kofi Mensah",
        "--when",
        "2026-10-03T14:30",
        "Coffee at Verde; the bakery launches in March",
        stdin=PASS + "\n",
    )
    assert result.returncode == 0, result.stderr
    assert "Added Ana Lima" in result.stdout and "Added Kofi Mensah" in result.stdout
    assert "3 Oct 2026, 14:30" in result.stdout

    again = journal_cmd(
        data_dir,
        "log",
        "--passphrase-stdin",
        "--with",
        "ana lima",
        "--kind",
        "call",
        "Quick call",
        stdin=PASS + "\n",
    )
    assert "Added" not in again.stdout  # matched the existing Ana, case-insensitively

    listing = journal_cmd(data_dir, "people", "--json", "--passphrase-stdin", stdin=PASS + "\n")
    people = json.loads(listing.stdout)
    assert sorted(p["name"] for p in people) == ["Ana Lima", "Kofi Mensah"]
    kofi = next(p for p in people if p["name"] == "Kofi Mensah")
    assert kofi["last_contact_at"] == "2026-10-03T14:30:00"


def test_show_prints_one_person_and_suggests_near_names(data_dir):
    journal_cmd(
        data_dir, "log", "--passphrase-stdin", "--with", "Ana Lima", "Hello", stdin=PASS + "\n"
    )
    shown = journal_cmd(
        data_dir, "show", "Ana Lima", "--json", "--passphrase-stdin", stdin=PASS + "\n"
    )
    assert json.loads(shown.stdout)["name"] == "Ana Lima"
    first = journal_cmd(data_dir, "show", "Ana", "--passphrase-stdin", stdin=PASS + "\n")
    assert first.returncode == 0 and first.stdout.startswith("Ana Lima")
    missing = journal_cmd(data_dir, "show", "Lima", "--passphrase-stdin", stdin=PASS + "\n")
    assert missing.returncode == 2
    assert "Did you mean: Ana Lima?" in missing.stderr


def test_wrong_passphrase_has_its_own_exit_code_and_one_sentence(data_dir):
    result = journal_cmd(data_dir, "people", "--passphrase-stdin", stdin="wrong\n")
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_not_a_journal_and_newer_version_exit_codes(data_dir, tmp_path):
    (data_dir / "journal.db").write_bytes(os.urandom(8192))
    result = journal_cmd(data_dir, "people", "--passphrase-stdin", stdin=PASS + "\n")
    assert result.returncode == 4 and "not a Rapport journal" in result.stderr
    missing = journal_cmd(tmp_path / "none", "people", "--passphrase-stdin", stdin=PASS + "\n")
    assert missing.returncode == 11 and "journal init" in missing.stderr


def test_no_passphrase_and_no_terminal_is_a_clear_usage_error(data_dir):
    result = journal_cmd(data_dir, "people", stdin="")
    assert result.returncode == 2
    assert "--passphrase-stdin" in result.stderr


def test_bad_arguments_exit_2(data_dir):
    result = journal_cmd(data_dir, "log", "--kind", "party", "text")
    assert result.returncode == 2
    bad_date = journal_cmd(
        data_dir, "log", "--passphrase-stdin", "--when", "yesterday-ish", "x", stdin=PASS + "\n"
    )
    assert bad_date.returncode == 2 and "--when" in bad_date.stderr


def test_version_and_self_check(tmp_path):
    from journal import __version__

    version = journal_cmd(tmp_path, "--version")
    assert version.stdout.strip() == f"Rapport {__version__}"
    check = journal_cmd(tmp_path, "--self-check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "self-check passed" in check.stdout
    assert "keyring backend:" in check.stdout


def test_demo_creates_a_sample_journal_without_gui(tmp_path):
    result = journal_cmd(
        tmp_path / "demo", "demo", "--no-gui", "--people", "30", "--entries", "200"
    )
    assert result.returncode == 0, result.stderr
    assert "30 people and 200 entries" in result.stdout
    listing = journal_cmd(tmp_path / "demo", "people", "--passphrase-stdin", stdin="rapport demo\n")
    assert len(listing.stdout.strip().splitlines()) >= 20  # archived/dormant still listed
