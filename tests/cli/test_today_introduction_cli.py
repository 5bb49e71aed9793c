"""`journal today` carries the week's "Who should meet?", and `journal introductions`
answers it (made, not these two, not this week)."""

from __future__ import annotations

import json
import sys
from datetime import date

import pytest

from journal.core.model import Circle, Facet, FacetKind, Person


@pytest.fixture
def pair(journal):
    """Kwame is opening a café; Leila can help set one up. Returns the closed journal's root."""
    journal.add_person(
        Person(
            name="Kwame Asante",
            circle=Circle.NETWORK,
            facets=[Facet(FacetKind.WORKING_ON, "opening a café", noted_on=date(2026, 11, 1))],
        )
    )
    journal.add_person(
        Person(
            name="Leila Aziz",
            circle=Circle.NETWORK,
            facets=[Facet(FacetKind.CAN_HELP_WITH, "setting up a café")],
        )
    )
    root = journal.paths.root
    journal.close()
    return root


def test_today_prints_the_week_s_introduction_and_how_to_answer_it(cli, pair):
    result = cli("today", "--date", "2026-11-24", "--data-dir", str(pair))
    assert result.code == 0, result.err
    block = result.out.split("Who should meet? (this week)\n", 1)[1]
    flat = " ".join(block.split())
    assert flat.startswith("Introduce Kwame to Leila: Kwame is working on opening a café")
    assert "Done: journal introductions --made 'Kwame Asante' 'Leila Aziz'" in flat
    assert "Not these two: journal introductions --never 'Kwame Asante' 'Leila Aziz'" in flat
    assert "Not this week: journal introductions --dismiss" in flat


def test_the_check_ins_are_on_screen_before_the_week_s_matching_starts(cli, pair, monkeypatch):
    """The week's first `journal today` matches every need against every offer (a
    moment on a big journal): the check-ins the user came for are printed first."""
    from journal.core import introductions

    printed_by_then: list[str] = []
    matching = introductions.candidates

    def watched(*args: object, **kwargs: object) -> list[introductions.Introduction]:
        printed_by_then.append(sys.stdout.getvalue())  # pytest's capture of stdout
        return matching(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(introductions, "candidates", watched)
    result = cli("today", "--date", "2026-11-24", "--data-dir", str(pair))
    assert result.code == 0, result.err
    assert len(printed_by_then) == 1
    assert printed_by_then[0].startswith("Check-ins for Tuesday 24 November 2026")
    assert "Who should meet?" not in printed_by_then[0]
    assert "Introduce Kwame to Leila" in result.out


def test_today_json_has_the_introduction_or_null(cli, pair):
    result = cli("today", "--date", "2026-11-24", "--json", "--data-dir", str(pair))
    data = json.loads(result.out)
    assert data["introduction"]["need_person"] == "Kwame Asante"
    assert data["introduction"]["offer_person"] == "Leila Aziz"
    assert data["introduction"]["sentence"].startswith("Introduce Kwame to Leila")
    cli("introductions", "--dismiss", "--data-dir", str(pair))
    data = json.loads(cli("today", "--json", "--data-dir", str(pair)).out)
    assert data["introduction"] is None


def test_made_from_the_command_line_settles_the_week(cli, pair):
    made = cli("introductions", "--made", "Kwame Asante", "Leila Aziz", "--data-dir", str(pair))
    assert made.code == 0
    assert made.out.strip() == "Noted: you introduced Kwame Asante and Leila Aziz (a give to both)."
    out = cli("today", "--data-dir", str(pair)).out
    assert "Who should meet?" not in out


def test_dismiss_with_nothing_suggested_says_so(cli, pair):
    assert cli("introductions", "--dismiss", "--data-dir", str(pair)).out.startswith("Put away")
    again = cli("introductions", "--dismiss", "--data-dir", str(pair))
    assert again.code == 0
    assert again.out.strip() == "No introduction is suggested this week."
