"""A JSON export with hostile values: each is checked before it reaches the journal.

The refused record or field is named in a sentence (which record, which field, why),
the rest is imported, and afterwards every read command and every export works. Before,
"not a date" or 31 April went in, the import said it succeeded, and people, search,
insights and every export ended in a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from journal.core import sample
from journal.core.interop import jsonfile
from journal.core.interop.importing import import_file
from tests.conftest import TEST_PASSPHRASE
from tests.support.commands import assert_every_read_command_works


@pytest.fixture
def export(make_journal) -> dict[str, Any]:
    source = make_journal("source")
    sample.populate(source, sample.SampleSpec(people=6, entries=20))
    return json.loads(jsonfile.export_json_text(source))


def _first(data: dict[str, Any], table: str) -> dict[str, Any]:
    return data["tables"][table][0]


def _person(data: dict[str, Any], **values: Any) -> None:
    _first(data, "people").update(values)


Change = Callable[[dict[str, Any]], None]

#: (what, change, a sentence the report must hold, whether that record is refused whole)
CASES: list[tuple[str, Change, str]] = [
    (
        "entry dated 'not a date'",
        lambda d: _first(d, "entries").update(occurred_at="not a date"),
        "Entry 1",
    ),
    (
        "birthday 31 April",
        lambda d: _person(d, birthday_month=4, birthday_day=31, birthday_year=1990),
        "the birthday",
    ),
    (
        "birthday 30 February",
        lambda d: _person(d, birthday_month=2, birthday_day=30, birthday_year=None),
        "the birthday",
    ),
    ("birthday month 13", lambda d: _person(d, birthday_month=13, birthday_day=1), "the birthday"),
    ("met in the year 99999", lambda d: _person(d, met_on="99999-01-01"), "the day you met"),
    ("unknown circle", lambda d: _person(d, circle="best friends"), "the circle"),
    ("unknown entry kind", lambda d: _first(d, "entries").update(kind="seance"), "Entry 1"),
    (
        "unknown direction",
        lambda d: _first(d, "ledger").update(direction="sideways"),
        "the direction",
    ),
    ("number where a name belongs", lambda d: _person(d, name=12345), "Person 1"),
    ("list where text belongs", lambda d: _person(d, notes=["a", "b"]), "the notes"),
    ("object where a value belongs", lambda d: _person(d, met_on={"y": 1}), "the day you met"),
    ("an absurdly long name", lambda d: _person(d, organisation="x" * 100_000), "characters long"),
    ("cadence as text", lambda d: _person(d, cadence_days="weekly"), "the check-in cadence"),
    ("last contact not a date", lambda d: _person(d, last_contact_at="soon"), "the last contact"),
    (
        "follow-up due 2021-02-30",
        lambda d: _first(d, "follow_ups").update(due_on="2021-02-30"),
        "the due date",
    ),
    (
        "control characters in a name",
        lambda d: _person(d, name="Ana\x1b[2J\rLima\u202e"),
        "control characters were taken out",
    ),
]


@pytest.mark.parametrize("what,change,said", CASES, ids=[c[0] for c in CASES])
def test_a_hostile_value_is_refused_with_a_sentence_and_the_rest_imports(
    what, change, said, export, make_journal, tmp_path, monkeypatch, capsys
):
    change(export)
    path = tmp_path / "journal.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    target = make_journal("target")

    preview = import_file(target, path, dry_run=True)
    report = import_file(target, path)

    told = "\n".join(report.lines())
    assert said in told, f"{what}: the report does not say so:\n{told}"
    assert said in "\n".join(preview.lines()), f"{what}: the dry run does not say so"
    assert "\x1b" not in told and "\r" not in told
    # Everything else went in: all six people but the one refused (a name that is a number).
    assert target.counts()["people"] == (5 if "name belongs" in what else 6)
    root = target.paths.root
    name = target.people()[0].name
    target.close()
    assert_every_read_command_works(
        monkeypatch, capsys, root, TEST_PASSPHRASE, name, tmp_path / "out", what
    )


def test_a_refused_person_takes_what_belongs_to_them_along(export, make_journal, tmp_path):
    person = _first(export, "people")
    person["name"] = ""  # no name: the journal cannot hold them
    theirs = [f for f in export["tables"]["facets"] if f["person_id"] == person["id"]]
    path = tmp_path / "journal.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    target = make_journal("target")
    report = import_file(target, path)
    assert [line.name for line in report.skipped] == ["Person 1"]
    assert report.skipped[0].detail == "not imported: the name is empty"
    left = next(w for w in report.warnings if w.startswith("Left out with the records above"))
    assert f"{len(theirs)} details" in left
    assert target.counts()["people"] == 5
    with target.store.reading() as conn:
        assert conn.execute("SELECT count(*) FROM facets").fetchone()[0] == len(
            export["tables"]["facets"]
        ) - len(theirs)


def test_a_file_that_is_not_an_export_is_refused_in_one_sentence(make_journal, tmp_path: Path):
    path = tmp_path / "journal.json"
    path.write_text(json.dumps({"people": [{"name": "Ana"}]}), encoding="utf-8")
    target = make_journal("target")
    with pytest.raises(Exception, match="not a Rapport journal export; nothing was imported"):
        import_file(target, path)
