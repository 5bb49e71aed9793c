"""Imports, fuzzed: whatever a vCard, CSV or JSON file holds, importing it gives a report
or a clear error (a JournalError, never a traceback), and it is all or nothing: a refused,
failed or cancelled import leaves every row of the journal as it was, and the journal
passes its integrity checks after each.

Files go through ``import_file`` from disk, as the CLI and the GUI read them (decoding,
format detection, planning, applying). vCards and CSVs are built from the fields real
address books write, mixed with damage; JSON starts from a real export of the sample
journal and is mutated (rows, columns and values replaced by any JSON at all).
"""

from __future__ import annotations

import csv
import io
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.core import sample
from journal.core.errors import JournalError
from journal.core.interop import jsonfile
from journal.core.interop.errors import ImportCancelled
from journal.core.interop.importing import import_file
from journal.core.journal import Journal
from journal.core.keys import KdfParams
from journal.core.paths import JournalPaths
from tests.reliability.harness import PASSPHRASE, Tally, integrity_problems
from tests.reliability.worker import FAST_KDF_N

FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def tally(summary: Callable[[str], str]) -> Iterator[Tally]:
    """Counts this test's examples and states its summary line once they have all run."""
    counts = Tally()
    yield counts
    if counts.counts:
        summary(
            "imports fuzzed: "
            + "; ".join(counts.parts("imported"))
            + "; every refusal a sentence, every refused or cancelled import left the "
            "journal unchanged, integrity always ok"
        )


def _rows(journal: Journal) -> dict[str, Any]:
    data = jsonfile.dump_journal(journal)
    data.pop("exported_at", None)
    return data


def _import(journal: Journal, path: Path, kind: str, tally: Tally, **kwargs: Any) -> None:
    """Import; on any refusal the journal must be exactly as it was."""
    before = _rows(journal)
    try:
        import_file(journal, path, **kwargs)
    except JournalError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        assert _rows(journal) == before, f"{kind}: a refused import changed the journal"
        tally.add(kind, refused=True)
    else:
        tally.add(kind, refused=False)
    assert not integrity_problems(journal)


# -- vCard ------------------------------------------------------------------------------

NAMES = [
    "FN",
    "N",
    "NICKNAME",
    "ORG",
    "TITLE",
    "EMAIL",
    "TEL",
    "ADR",
    "URL",
    "BDAY",
    "NOTE",
    "CATEGORIES",
    "PHOTO",
    "RELATED",
    "X-ABRELATEDNAMES",
    "ANNIVERSARY",
    "BEGIN",
    "END",
    "VERSION",
    "item1.EMAIL",
    "X-SOCIALPROFILE",
]
PARAMS = [
    "",
    ";TYPE=home",
    ";PREF=1",
    ";ENCODING=QUOTED-PRINTABLE",
    ";CHARSET=UTF-8",
    ";ENCODING=b",
    ";VALUE=date",
    ";CHARSET=bogus",
]
text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30)
vline = st.one_of(
    st.builds(
        lambda n, p, v: f"{n}{p}:{v}",
        st.sampled_from(NAMES),
        st.sampled_from(PARAMS),
        st.one_of(
            text,
            st.sampled_from(["--0229", "19800322", "2024-02-30", "=C3=", ";;;;", "a\\,b", "VCARD"]),
        ),
    ),
    text,
    st.just(" folded on"),
)
vcard = st.lists(st.lists(vline, max_size=10), min_size=1, max_size=4).map(
    lambda cards: "".join(
        "BEGIN:VCARD\r\nVERSION:3.0\r\n" + "\r\n".join(c) + "\r\nEND:VCARD\r\n" for c in cards
    )
)
encodings = st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1252"])


@FUZZ
@given(content=vcard, encoding=encodings, cut=st.integers(0, 400))
def test_fuzzed_vcards_import_whole_or_not_at_all(journal, tmp_path, tally, content, encoding, cut):
    path = tmp_path / "contacts.vcf"
    data = content.encode(encoding, errors="replace")
    path.write_bytes(data[:-cut] if cut and cut < len(data) else data)  # maybe cut short
    _import(journal, path, "vCard", tally)


# -- CSV --------------------------------------------------------------------------------

HEADERS = [
    "First Name",
    "Last Name",
    "Name",
    "E-mail 1 - Value",
    "Phone 1 - Value",
    "Labels",
    "Birthday",
    "Notes",
    "Connected On",
    "Company",
    "Position",
    "Email Address",
    "URL",
]
cell = st.one_of(
    text,
    st.sampled_from(["", "03 Oct 2023", "--07-21", "31/02/2020", "a@b.c", '"', "\n", ";", ","]),
)


@FUZZ
@given(
    header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=7, unique=True),
    rows=st.lists(st.lists(cell, max_size=8), max_size=8),
    delimiter=st.sampled_from([",", ";", "\t"]),
    preamble=st.sampled_from(["", 'Notes:\n"When exporting your connection data..."\n\n']),
    encoding=encodings,
)
def test_fuzzed_csv_imports_whole_or_not_at_all(
    journal, tmp_path, tally, header, rows, delimiter, preamble, encoding
):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    path = tmp_path / "contacts.csv"
    path.write_bytes((preamble + buffer.getvalue()).encode(encoding, errors="replace"))
    _import(journal, path, "CSV", tally)


# -- JSON -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A real full-fidelity export of a small sample journal."""
    paths = JournalPaths(tmp_path_factory.mktemp("export") / "journal")
    with Journal.create(paths, PASSPHRASE, kdf=KdfParams.fresh(n=FAST_KDF_N)) as journal:
        sample.populate(journal, sample.SampleSpec(people=6, entries=12))
        return json.loads(jsonfile.export_json_text(journal))


@pytest.fixture
def empty(tmp_path: Path) -> Journal:
    """A JSON export restores into an empty journal; one per test, emptied between cases
    by the all-or-nothing promise itself (a failed restore leaves it empty)."""
    journal = Journal.create(
        JournalPaths(tmp_path / "empty"), PASSPHRASE, kdf=KdfParams.fresh(n=FAST_KDF_N)
    )
    yield journal
    journal.close()


any_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=6,
)


@st.composite
def mutated_export(draw: st.DrawFn, base: dict[str, Any]) -> str:
    data = json.loads(json.dumps(base))
    tables = data["tables"]
    for _ in range(draw(st.integers(1, 4))):
        table = draw(st.sampled_from(sorted(tables)))
        rows = tables[table]
        how = draw(
            st.sampled_from(
                [
                    "value",
                    "drop column",
                    "drop row",
                    "duplicate row",
                    "new column",
                    "top level",
                    "not a list",
                ]
            )
        )
        if how == "top level":
            data[draw(st.sampled_from(["format_version", "schema_version", "tables"]))] = draw(
                any_json
            )
            break
        if how == "not a list":
            tables[table] = draw(any_json)
            break
        if not rows:
            continue
        row = rows[draw(st.integers(0, len(rows) - 1))]
        column = draw(st.sampled_from(sorted(row)))
        if how == "value":
            row[column] = draw(any_json)
        elif how == "drop column":
            del row[column]
        elif how == "drop row":
            rows.remove(row)
        elif how == "duplicate row":
            rows.append(dict(row))
        else:
            row[draw(text)] = draw(any_json)
    return json.dumps(data)


@FUZZ
@given(data=st.data())
def test_fuzzed_json_exports_restore_whole_or_not_at_all(empty, tmp_path, export, tally, data):
    path = tmp_path / "journal.json"
    path.write_text(data.draw(mutated_export(export)), encoding="utf-8")
    before = _rows(empty)
    try:
        import_file(empty, path, "json")
    except JournalError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        assert _rows(empty) == before, "a refused restore changed the journal"
        tally.add("JSON", refused=True)
    else:
        tally.add("JSON", refused=False)
        assert not integrity_problems(empty)
        with empty.transaction() as conn:  # empty it again for the next example
            for table in reversed(jsonfile.data_tables(conn)):
                conn.execute(f'DELETE FROM "{table}"')


# -- JSON with hostile values: then every read works ------------------------------------

#: Values a careless tool or an attacker writes where Rapport expects dates, kinds and names.
hostile_value = st.one_of(
    st.sampled_from(
        [
            "not a date",
            "2026-04-31",
            "2026-02-30",
            "2026-13-01",
            "99999-01-01",
            "99999-01-01T10:00:00",
            "",
            " ",
            "0000-00-00",
            "2026-11-24T25:61:00",
            "\x1b[2J\r\u202e",
            "best friends",
            "x" * 5000,
            -1,
            0,
            13,
            31,
            2**63 - 1,
            -(2**63),
            1e308,
            True,
        ]
    ),
    any_json,
)
#: The columns whose values the readers parse (dates, kinds, numbers, names).
HOSTILE_COLUMNS = {
    "people": [
        "name", "met_on", "circle", "cadence_days", "birthday_month", "birthday_day",
        "birthday_year", "last_contact_at", "deceased_on", "archived", "preferred_name",
        "notes", "created_at",
    ],
    "entries": ["occurred_at", "kind", "title", "body", "created_at"],
    "facets": ["kind", "text", "event_date", "ask_again_on", "noted_on", "status", "confirmed_on"],
    "follow_ups": ["text", "due_on", "done_on"],
    "ledger": ["direction", "kind", "occurred_on"],
    "channels": ["kind", "value"],
    "person_network_kinds": ["kind"],
    "reminder_state": ["snooze_until", "skip_until", "done_on", "learned_cadence_days"],
}  # fmt: skip


@st.composite
def hostile_export(draw: st.DrawFn, base: dict[str, Any]) -> str:
    data = json.loads(json.dumps(base))
    tables = data["tables"]
    for _ in range(draw(st.integers(1, 6))):
        table = draw(st.sampled_from(sorted(t for t in HOSTILE_COLUMNS if tables.get(t))))
        rows = tables[table]
        row = rows[draw(st.integers(0, len(rows) - 1))]
        row[draw(st.sampled_from(HOSTILE_COLUMNS[table]))] = draw(hostile_value)
    return json.dumps(data)


def _every_read_works(journal: Journal, out: Path) -> None:
    """What people, show, search, today, insights and every export read (core calls,
    as the CLI and the app make them)."""
    from datetime import date

    from journal.core import engine, search
    from journal.core.insights import compute_insights
    from journal.core.interop.exporting import export_journal

    people = journal.people()
    for person in people[:3]:
        journal.person(person.id)
    summaries = journal.query_entries()
    journal.entries([e.id for e in summaries])
    search.search(journal, "a")
    engine.today(journal, date(2026, 11, 24))
    compute_insights(journal, date(2026, 11, 24))
    for fmt, name in (("json", "all.json"), ("md", "all.md"), ("vcf", "all.vcf"), ("ics", "a.ics")):
        target = out / name
        target.unlink(missing_ok=True)
        export_journal(journal, fmt, target)


@FUZZ
@given(data=st.data())
def test_hostile_json_values_never_break_a_later_read(empty, tmp_path, export, tally, data):
    """Whatever values a JSON export holds, what it imports can be read: listed, shown,
    searched, planned (Today), counted (Insights) and exported in every format."""
    path = tmp_path / "journal.json"
    path.write_text(data.draw(hostile_export(export)), encoding="utf-8")
    try:
        report = import_file(empty, path, "json")
    except JournalError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        tally.add("JSON hostile values", refused=True)
        return
    tally.add("JSON hostile values", refused=False)
    assert not any("\x1b" in line or "\r" in line for line in report.lines())
    _every_read_works(empty, tmp_path)
    assert not integrity_problems(empty)
    with empty.transaction() as conn:  # empty it again for the next example
        for table in reversed(jsonfile.data_tables(conn)):
            conn.execute(f'DELETE FROM "{table}"')


# -- cancelled half-way -------------------------------------------------------------------


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(at=st.integers(1, 6))
def test_an_import_cancelled_half_way_leaves_nothing(journal, tmp_path, tally, at):
    cards = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i} Fuzz\r\n"
        f"EMAIL:p{i}@example.org\r\nEND:VCARD\r\n"
        for i in range(700)
    )
    path = tmp_path / "many.vcf"
    path.write_text(cards, encoding="utf-8")
    cancel = threading.Event()
    steps = []

    def progress(done: int, total: int) -> None:
        steps.append(done)
        if len(steps) == at:
            cancel.set()

    before = _rows(journal)
    with pytest.raises(ImportCancelled):
        import_file(journal, path, progress=progress, cancel=cancel)
    assert len(steps) >= at and _rows(journal) == before and not integrity_problems(journal)
    tally.add("cancelled", refused=True)
