"""vCard, Google, LinkedIn and generic CSV files with odd dates and text: each value is
read or left out with a sentence, and afterwards every read command and every export
works (the same promise as for a JSON export, tests/core/test_import_json_values.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal.core.interop.importing import import_file
from tests.conftest import TEST_PASSPHRASE
from tests.support.commands import assert_every_read_command_works

VCARDS = """BEGIN:VCARD\r
VERSION:4.0\r
FN:No Year\r
BDAY:--07-22\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:With Time\r
BDAY:1990-07-22T10:00:00Z\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:April Thirty-One\r
BDAY:19900431\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:Zero Date\r
BDAY:0000-00-00\r
ANNIVERSARY:99999-01-01\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:4.0\r
FN:Text Date\r
BDAY;VALUE=text:circa 1990\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:Bell\x07 Escape\x1b[2J\r
NOTE:line one\\nline two\x1b]0;title\x07\r
ORG:Crumb\u202e & Co.\r
END:VCARD\r
"""

GOOGLE = (
    "Name,Given Name,Family Name,Birthday,E-mail 1 - Value,Notes\n"
    "Ana Lima,Ana,Lima,--07-22,ana@example.org,\n"
    "Bo Chen,Bo,Chen,1990-02-30,bo@example.org,\n"
    "Cy Doe,Cy,Doe,99999-01-01,cy@example.org,\x1b[2J\n"
)
LINKEDIN = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Dee,Eve,https://x.example/dee,,Tide,Chef,31 Apr 2023\n"
    "Fay,Gil,https://x.example/fay,,Tide,Chef,03 Oct 99999\n"
    "Hal,Ivo,https://x.example/hal,,Tide,Chef,not a date\n"
)
CSV = "Full Name,Birthday,Met\nJo Kay,31/04/1990,2024-13-01\nLu Mo,12-31,2024-02-29\n"


@pytest.mark.parametrize(
    "name,content,encoding",
    [
        ("cards.vcf", VCARDS, "utf-8"),
        ("cards-utf16.vcf", VCARDS, "utf-16"),
        ("google.csv", GOOGLE, "utf-8"),
        ("linkedin.csv", LINKEDIN, "latin-1"),
        ("people.csv", CSV, "cp1252"),
    ],
)
def test_odd_dates_and_text_import_and_then_everything_reads(
    name, content, encoding, make_journal, tmp_path: Path, monkeypatch, capsys
):
    path = tmp_path / name
    path.write_bytes(content.encode(encoding))
    journal = make_journal()
    report = import_file(
        journal,
        path,
        mapping={"Full Name": "name", "Birthday": "birthday", "Met": "met_on"}
        if name == "people.csv"
        else None,
    )
    told = "\n".join(report.lines())
    assert "\x1b" not in told and "\x07" not in told
    people = journal.people()
    assert people, told
    for person in people:
        for text in (person.name, person.notes, person.organisation):
            assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
        if person.birthday and person.birthday.year:
            assert 1800 <= person.birthday.year <= 2026
    if name.startswith("cards"):
        by_name = {p.name: p for p in people}
        assert by_name["No Year"].birthday.iso() == "--07-22"
        assert by_name["With Time"].birthday.iso() == "1990-07-22"
        assert by_name["April Thirty-One"].birthday is None
        assert "not a date Rapport can read" in told
    root = journal.paths.root
    shown = people[0].name
    journal.close()
    assert_every_read_command_works(
        monkeypatch, capsys, root, TEST_PASSPHRASE, shown, tmp_path / "out", name
    )
