"""`journal today` and the self-check, run as real processes on a sample journal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from journal.core import engine
from journal.core.journal import Journal
from journal.core.paths import JournalPaths
from journal.core.sample import DEMO_PASSPHRASE


def journal_cmd(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    return subprocess.run(
        [sys.executable, "-m", "journal", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        timeout=180,
    )


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "journal"
    result = journal_cmd(
        "demo", "--no-gui", "--data-dir", str(root), "--people", "60", "--entries", "400"
    )
    assert result.returncode == 0, result.stderr
    return root


def today_cmd(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return journal_cmd(
        "today", "--data-dir", str(root), "--passphrase-stdin", *args, stdin=DEMO_PASSPHRASE + "\n"
    )


def test_journal_today_prints_each_check_in_with_its_reason(sample_dir):
    day = date.today() + timedelta(days=9)
    result = today_cmd(sample_dir, "--date", day.isoformat())
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"Check-ins for {day:%A} {day.day} {day:%B %Y}"
    numbered = [line for line in lines if line[:1].isdigit()]
    assert len(numbered) >= 1
    assert result.stdout.count("Why: ") == len(numbered)


def test_journal_today_json_is_the_engine_s_list(sample_dir):
    day = date.today() + timedelta(days=3)
    result = today_cmd(sample_dir, "--date", day.isoformat(), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["date"] == day.isoformat()
    assert sum(s["capped"] for s in data["suggestions"]) <= 3
    with Journal.open(JournalPaths(sample_dir), DEMO_PASSPHRASE) as journal:
        expected = [s.to_json() for s in engine.today(journal, day)]
    assert data["suggestions"] == expected


def test_journal_today_for_today_is_logged_as_shown(sample_dir):
    result = today_cmd(sample_dir)
    assert result.returncode == 0, result.stderr
    with Journal.open(JournalPaths(sample_dir), DEMO_PASSPHRASE) as journal:
        shown = {
            r.suggestion_id for r in engine.history(journal, date.today()) if r.event == "shown"
        }
        assert shown == {s.id for s in engine.today(journal)}


def test_a_bad_date_says_what_to_type(sample_dir):
    result = today_cmd(sample_dir, "--date", "next tuesday")
    assert result.returncode == 2
    assert "is not a date like 2026-11-24" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_self_check_runs_the_engine():
    result = journal_cmd("--self-check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok   reminder engine runs" in result.stdout
