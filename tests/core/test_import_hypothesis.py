"""Whatever bytes a file holds, the importer answers with a report or a clear error:
never a traceback, never a half-written journal."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.core.errors import JournalError
from journal.core.interop import csvfile, vcard
from journal.core.interop.errors import ImportFailed
from journal.core.interop.importing import detect_format, parse_text
from journal.core.interop.plan import apply_import, plan_import
from journal.core.interop.textfile import decode
from tests.core.interop_support import snapshot

NAMES = [
    "BEGIN",
    "END",
    "VERSION",
    "FN",
    "N",
    "NICKNAME",
    "ORG",
    "TITLE",
    "ROLE",
    "EMAIL",
    "TEL",
    "ADR",
    "LABEL",
    "URL",
    "BDAY",
    "ANNIVERSARY",
    "NOTE",
    "CATEGORIES",
    "PHOTO",
    "IMPP",
    "RELATED",
    "KIND",
    "X-ABLabel",
    "item1.X-ABLabel",
    "item1.EMAIL",
    "X-ABRELATEDNAMES",
    "X-ABDATE",
    "AGENT",
    "X-AIM",
    "PROFILE",
    "X-SOCIALPROFILE",
]
PARAMS = [
    "",
    ";TYPE=home",
    ";TYPE=work,voice",
    ";PREF",
    ";CELL",
    ";ENCODING=QUOTED-PRINTABLE",
    ";CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE",
    ";CHARSET=latin-9",
    ";CHARSET=bogus",
    ";ENCODING=b",
    ";ENCODING=BASE64",
    ";VALUE=uri",
    ";VALUE=text",
    ';TYPE="a,b"',
    ";X-APPLE-OMIT-YEAR=1604",
    ";LABEL=x^ny",
]
value_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
VALUES = st.one_of(
    value_text,
    st.sampled_from(
        [
            "VCARD",
            "vcard",
            "--0229",
            "--1301",
            "19800322",
            "2024-02-30",
            "1604-09-30",
            "=C3=91=",
            "=FF=FE",
            "a\\,b\\;c\\n",
            ";;;;;;;;",
            "tel:+1;ext=2",
            "xmpp:",
            "http\\://x",
            "_$!<Spouse>!$_",
            "group",
            "=",
            "\\",
        ]
    ),
)
line = st.builds(
    lambda n, p, v: f"{n}{p}:{v}", st.sampled_from(NAMES), st.sampled_from(PARAMS), VALUES
)
raw_line = st.one_of(line, value_text, st.just(""), st.just(" folded"), st.just("=20soft"))
card = st.lists(raw_line, max_size=15).map(
    lambda lines: "BEGIN:VCARD\r\nVERSION:3.0\r\n" + "\r\n".join(lines) + "\r\nEND:VCARD\r\n"
)
vcard_text = st.lists(st.one_of(card, raw_line), min_size=1, max_size=5).map("\r\n".join)
newlines = st.sampled_from(["\r\n", "\n", "\r", "\r\r\n"])


@settings(max_examples=300, deadline=None)
@given(text=vcard_text, newline=newlines)
def test_vcard_text_never_crashes_the_reader(text, newline):
    try:
        parsed = vcard.parse_vcards(text.replace("\r\n", newline))
    except ImportFailed as exc:
        assert str(exc)
        return
    for incoming in parsed.people:
        assert incoming.person.name.strip()
        assert "\n" not in incoming.person.name


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=600))
def test_any_bytes_give_a_report_or_a_clear_error(data):
    try:
        decoded = decode(b"BEGIN:VCARD\r\n" + data if data[:1] == b"F" else data)
        fmt = detect_format(__import__("pathlib").Path("contacts.txt"), decoded.text)
        if fmt == "json":
            return
        parse_text(decoded, fmt)
    except JournalError as exc:
        assert str(exc) and "Traceback" not in str(exc)


cell = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "",
            " ::: ",
            "* myContacts ::: Friends",
            "03 Oct 2023",
            "--07-21",
            "31/02/2020",
            "a@b.c",
            "+351 912 000 111",
            '"',
            "\n",
            ";",
            ",",
        ]
    ),
)
HEADERS = [
    "First Name",
    "Last Name",
    "Name",
    "E-mail 1 - Value",
    "E-mail 1 - Label",
    "Phone 1 - Value",
    "Labels",
    "Birthday",
    "Notes",
    "Connected On",
    "Company",
    "URL",
    "Address 1 - Formatted",
    "Relation 1 - Value",
    "Event 1 - Value",
    "Hobby",
    "Tags",
]


@settings(max_examples=200, deadline=None)
@given(
    header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8, unique=True),
    rows=st.lists(st.lists(cell, max_size=9), max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
    preamble=st.sampled_from(["", 'Notes:\n"some text"\n\n']),
)
def test_csv_text_never_crashes_any_reader(header, rows, delimiter, preamble):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    text = preamble + buffer.getvalue()
    for read in (
        csvfile.parse_google_csv,
        csvfile.parse_linkedin_csv,
        lambda t: csvfile.parse_csv(t, csvfile.guess_mapping(csvfile.csv_headers(t))),
    ):
        try:
            parsed = read(text)
        except ImportFailed as exc:
            assert str(exc)
            continue
        for incoming in parsed.people:
            assert incoming.person.name.strip()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.lists(card, min_size=1, max_size=4).map("".join))
def test_whatever_is_read_can_be_written_in_one_go(journal, text):
    """Whatever the reader accepts, the journal stores: no constraint fails halfway."""
    before = snapshot(journal)
    try:
        parsed = vcard.parse_vcards(text)
    except ImportFailed:
        return
    plan = plan_import(journal, parsed)
    report = apply_import(journal, plan)
    assert len(report.added) + len(report.merged) + len(report.skipped) == len(plan.items) + len(
        plan.unreadable
    )
    after = snapshot(journal)
    assert len(after["tables"]["people"]) == len(before["tables"]["people"]) + len(report.added)


def test_printable_garbage_is_not_a_vcard():
    with pytest.raises(ImportFailed, match="no vCards"):
        vcard.parse_vcards(string.printable * 3)
