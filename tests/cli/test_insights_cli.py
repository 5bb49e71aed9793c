"""`journal insights`: the same findings as the core, as text or JSON."""

from __future__ import annotations

import io
import json
import sys

import pytest

from journal.cli import main
from journal.core.insights import compute_insights
from journal.core.model import Circle
from tests.conftest import TEST_PASSPHRASE
from tests.support.network import add


@pytest.fixture
def closed_journal(journal, monkeypatch):
    add(journal, "Ana", field="Software", org="Acme", days_ago=10)
    add(journal, "Ben", field="Health", org="Clinic", days_ago=10)
    add(journal, "Ines", circle=Circle.INNER, days_ago=60)
    add(journal, "Xena", field="Education", days_ago=400)
    expected = compute_insights(journal)
    root = journal.paths.root
    journal.close()
    return root, expected


def run(monkeypatch, capsys, *args):
    monkeypatch.setattr(sys, "stdin", io.StringIO(TEST_PASSPHRASE + "\n"))
    code = main(["insights", *args, "--passphrase-stdin"])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_shows_every_finding_with_names(closed_journal, monkeypatch, capsys):
    root, expected = closed_journal
    code, out, _ = run(monkeypatch, capsys, "--data-dir", str(root), "--date", "2026-11-24")
    assert code == 0
    flat = " ".join(out.split())
    assert out.startswith("Insights on 24 Nov 2026")
    for finding in expected.findings():
        assert " ".join(finding.text.split()) in flat, finding.key
    assert "Ines (inner): 60 days, 4.3× the cadence" in out
    assert "Xena works in Education, a field none of your active ties are in" in flat
    assert "Networking Quotient (estimate, after Dulworth)" in out


def test_json_has_the_ids_behind_each_finding(closed_journal, monkeypatch, capsys):
    root, expected = closed_journal
    code, out, _ = run(
        monkeypatch, capsys, "--data-dir", str(root), "--json", "--date", "2026-11-24"
    )
    assert code == 0
    data = json.loads(out)
    assert data["today"] == "2026-11-24"
    risk = next(f for f in data["findings"] if f["key"] == "ties.at_risk")
    assert [data["names"][pid] for pid in risk["people"]] == ["Ines"]
    assert data["quotient"]["total"] == expected.quotient.total


def test_date_moves_the_day(closed_journal, monkeypatch, capsys):
    root, _ = closed_journal
    # A year later nobody is in touch any more.
    _, out, _ = run(monkeypatch, capsys, "--data-dir", str(root), "--json", "--date", "2027-11-24")
    assert json.loads(out)["active"] == []


def test_bad_date_is_explained(closed_journal, monkeypatch, capsys):
    root, _ = closed_journal
    code, out, err = run(monkeypatch, capsys, "--data-dir", str(root), "--date", "next week")
    assert code == 2
    assert "is not a date like 2026-11-24" in err
    assert out == ""


def test_a_gap_reads_the_same_in_the_sentence_and_the_at_risk_list(journal, monkeypatch, capsys):
    """Insights said "Kofi (6 months)" in a sentence and "195 days" in the list under
    it: the same gap is written one way on a screen."""
    from journal.core.wording import duration

    add(journal, "Kofi", circle=Circle.INNER, days_ago=195)
    root = journal.paths.root
    journal.close()
    code, out, _ = run(monkeypatch, capsys, "--data-dir", str(root), "--date", "2026-11-24")
    assert code == 0
    gap = duration(195)
    assert "195 days" not in out
    assert f"Kofi ({gap})" in out, "the sentence"
    assert f"Kofi (inner): {gap}," in out, "the at-risk list"
