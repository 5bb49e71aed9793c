"""Every value of a JSON export checked before it reaches the journal.

A JSON export is restored row by row into the journal's tables, and SQLite checks
little: a date of "not a date", a birthday of 31 April, a met-on day in the year 99999
or a number where a name belongs would go in, and every later read (people, search,
Today, Insights, every export) would meet it. So each row is checked against the
journal's own schema (column types, NOT NULL, defaults, ``CHECK (x IN (...))`` lists,
foreign keys) and against what Rapport knows of the columns (dates, date-times,
birthdays, cadences, text lengths). A bad value in an optional field is left out
(empty, or the column's default) and reported; a record that cannot stand without it
(an entry with no date, a person with no name) is refused and reported, and so is
every record that belongs to a refused one. Each refusal is a sentence: which record,
which field, why. Control characters are taken out of text and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from journal.core.interop.records import CONTROLS, LINE_CONTROLS, LONG_TEXT, SHORT_TEXT
from journal.core.model import Birthday
from journal.core.store import Connection

_SHORT_COLUMNS = {
    "name", "preferred_name", "organisation", "role", "field", "location", "met_how",
    "pronouns", "tag", "label", "title", "place", "kind", "direction", "status", "state",
    "a_word", "b_word", "key", "suggestion_id", "event", "facet_kind", "new_status",
}  # fmt: skip
_DATE_COLUMNS = {"day", "since", "until", "occurred_on"}
_STAMP_COLUMNS = {"created_at", "updated_at", "dismissed_at", "deleted_at", "at"}
_RECORD_NOUNS = {
    "people": "person",
    "entries": "entry",
    "facets": "detail",
    "follow_ups": "follow-up",
    "ledger": "thing given or received",
    "channels": "contact detail",
    "person_tags": "tag",
    "person_links": "link",
    "entry_people": "person named in an entry",
    "person_network_kinds": "network kind",
}
_FIELD_NAMES = {
    "met_on": "the day you met",
    "occurred_at": "the date",
    "occurred_on": "the date",
    "last_contact_at": "the last contact",
    "deceased_on": "the date of death",
    "cadence_days": "the check-in cadence",
    "due_on": "the due date",
    "done_on": "the day it was done",
    "event_date": "the date of the event",
    "ask_again_on": "the day to ask again",
    "noted_on": "the day it was noted",
}
_CONTROLS = CONTROLS
_LINE_CONTROLS = LINE_CONTROLS
_CHECK_FILLED = re.compile(
    r"CHECK\s*\(\s*length\s*\(\s*trim\s*\(\s*\"?(\w+)\"?\s*\)\s*\)\s*>\s*0", re.I
)
_CHECK_IN = re.compile(r"CHECK\s*\(\s*\"?(\w+)\"?\s+IN\s*\(([^)]*)\)\s*\)", re.I)


@dataclass(frozen=True)
class Refusal:
    """One record or field of the file left out, as a person reads it."""

    record: str  # "person 3 (Ana Lima)"
    field: str  # "" when the whole record was refused
    why: str

    def sentence(self) -> str:
        if self.field:
            return f"{self.record}: {self.field} {self.why}; imported without it."
        return f"{self.record} was not imported: {self.why}."


@dataclass
class _Column:
    name: str
    type: str
    notnull: bool
    default: Any
    has_default: bool
    choices: frozenset[str] | None
    filled: bool = False  # must hold more than blanks


class _Refused(Exception):
    def __init__(self, why: str) -> None:
        self.why = why


class _Dependent(Exception):
    """The record belongs to one that was refused."""


_PLURALS = {
    "people": "people",
    "entries": "entries",
    "facets": "details",
    "follow_ups": "follow-ups",
    "ledger": "things given or received",
    "channels": "contact details",
    "person_tags": "tags",
    "person_links": "links",
    "entry_people": "people named in entries",
    "person_network_kinds": "network kinds",
}


def _plural(table: str, n: int) -> str:
    if n == 1:
        return _RECORD_NOUNS.get(table, f"row of {table}")
    return _PLURALS.get(table, f"rows of {table}")


def _default(text: str | None) -> tuple[bool, Any]:
    if text is None:
        return False, None
    if text.startswith("'") and text.endswith("'"):
        return True, text[1:-1].replace("''", "'")
    try:
        return True, int(text)
    except ValueError:
        try:
            return True, float(text)
        except ValueError:
            return False, None


def _schema(conn: Connection, table: str) -> dict[str, _Column]:
    sql = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()[0]
    choices = {
        m.group(1): frozenset(v.strip().strip("'") for v in m.group(2).split(","))
        for m in _CHECK_IN.finditer(sql or "")
    }
    filled = {m.group(1) for m in _CHECK_FILLED.finditer(sql or "")}
    columns = {}
    for r in conn.execute(f'PRAGMA table_info("{table}")'):
        has, value = _default(r["dflt_value"])
        columns[r["name"]] = _Column(
            r["name"],
            (r["type"] or "").upper(),
            bool(r["notnull"]),
            value,
            has,
            choices.get(r["name"]),
            r["name"] in filled,
        )
    return columns


def record_label(table: str, index: int, row: dict[str, Any]) -> str:
    noun = _RECORD_NOUNS.get(table)
    where = f"{noun} {index + 1}" if noun else f"row {index + 1} of {table}"
    name = row.get("name") if table == "people" else row.get("title") or row.get("text")
    if isinstance(name, str) and name.strip():
        shown = _LINE_CONTROLS.sub("", name).strip()[:40]
        if shown:
            where += f" ({shown})"
    return where[:1].upper() + where[1:]


def _field(column: str) -> str:
    if column.startswith("birthday"):
        return "the birthday"
    return _FIELD_NAMES.get(column, f"the {column.replace('_', ' ')}")


def _shown(value: Any) -> str:
    text = _LINE_CONTROLS.sub("", str(value))
    return repr(text[:30] + ("…" if len(text) > 30 else ""))


def _is_date_column(name: str) -> bool:
    return name in _DATE_COLUMNS or name.endswith(("_on", "_date", "_until"))


def _is_time_column(name: str) -> bool:
    return name.endswith("_at") or name in _STAMP_COLUMNS


def _check_date(value: str) -> None:
    try:
        date.fromisoformat(value)
    except ValueError:
        raise _Refused(f"{_shown(value)} is not a date like 2026-11-24") from None


def _check_time(value: str) -> None:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise _Refused(f"{_shown(value)} is not a date and time like 2026-11-24T09:30:00") from None


def _value(column: _Column, value: Any, notes: list[str]) -> Any:
    """The value to store, cleaned; _Refused saying why it cannot be."""
    if value is None:
        return None
    if isinstance(value, dict) and set(value) == {"$base64"}:
        return value  # binary cells (none in today's schema) are checked by _unplain
    if isinstance(value, list | dict):
        raise _Refused("is a list or a group of values, not one value")
    kind = column.type
    if "INT" in kind:
        if isinstance(value, bool):
            value = int(value)
        if not isinstance(value, int) or not -(2**63) <= value < 2**63:
            raise _Refused(f"{_shown(value)} is not a whole number")
        return value
    if "REAL" in kind or "FLOA" in kind or "DOUB" in kind:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _Refused(f"{_shown(value)} is not a number")
        return value
    if not isinstance(value, str):
        raise _Refused(f"{_shown(value)} is a number where text belongs")
    short = column.name in _SHORT_COLUMNS
    limit = SHORT_TEXT if short else LONG_TEXT
    if len(value) > limit:
        raise _Refused(f"is {len(value):,} characters long (at most {limit:,})")
    cleaned = (_LINE_CONTROLS if short else _CONTROLS).sub("", value)
    if cleaned != value:
        notes.append(f"control characters were taken out of {_field(column.name)}")
    if column.filled and not cleaned.strip():
        raise _Refused("is empty")
    if column.choices is not None and cleaned not in column.choices:
        raise _Refused(f"{_shown(cleaned)} is not one of: {', '.join(sorted(column.choices))}")
    if _is_date_column(column.name):
        _check_date(cleaned)
    elif _is_time_column(column.name):
        _check_time(cleaned)
    return cleaned


def _check_person(row: dict[str, Any]) -> list[tuple[str, str]]:
    """Problems that need several fields: the birthday and the cadence."""
    bad = []
    month, day, year = (row.get(f"birthday_{p}") for p in ("month", "day", "year"))
    if month is not None or day is not None or year is not None:
        try:
            if month is None or day is None:
                raise ValueError
            Birthday(month, day, year or None)
            if year is not None and not 1 <= year <= 9999:
                raise ValueError
        except (ValueError, TypeError, OverflowError):
            bad.append(("birthday", f"{_birthday_text(year, month, day)} is not a day that exists"))
    cadence = row.get("cadence_days")
    if cadence is not None and not (isinstance(cadence, int) and 1 <= cadence <= 36_500):
        bad.append(("cadence_days", f"{_shown(cadence)} is not a number of days (1 to 36500)"))
    return bad


class Checker:
    """Checks the rows of an export table by table, parents first, remembering which
    records were refused so that what belongs to them is refused too."""

    def __init__(self, conn: Connection, now: str) -> None:
        self.conn = conn
        self.now = now
        self.refusals: list[Refusal] = []
        self.notes: list[str] = []
        self._gone: dict[str, set[Any]] = {}
        #: Records left out because what they belong to was (counted, not listed).
        self.dependents: dict[str, int] = {}

    def rows(self, table: str, rows: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
        """(label, cleaned row) for each row that may go in; the rest are refused."""
        columns = _schema(self.conn, table)
        keys = [
            (fk["from"], fk["table"], (fk["on_delete"] or "").upper())
            for fk in self.conn.execute(f'PRAGMA foreign_key_list("{table}")')
        ]
        kept = []
        for index, row in enumerate(rows):
            label = record_label(table, index, row)
            try:
                kept.append((label, self._row(table, row, columns, keys, label)))
            except _Dependent:
                self.dependents[table] = self.dependents.get(table, 0) + 1
                if "id" in row:
                    self._gone.setdefault(table, set()).add(row["id"])
            except _Refused as exc:
                self.refuse(table, row, label, exc.why)
        return kept

    def dependents_sentence(self) -> str:
        """'Left out with them: 6 details, 2 contact details.' ('' when none)."""
        parts = [f"{n} {_plural(table, n)}" for table, n in sorted(self.dependents.items()) if n]
        if not parts:
            return ""
        return (
            "Left out with the records above, because they belong to them: "
            + ", ".join(parts)
            + "."
        )

    def refused_ids(self, table: str) -> set[Any]:
        return self._gone.get(table, set())

    def refuse(self, table: str, row: dict[str, Any], label: str, why: str) -> None:
        self.refusals.append(Refusal(label, "", why))
        if "id" in row:
            self._gone.setdefault(table, set()).add(row["id"])

    def _row(
        self,
        table: str,
        row: dict[str, Any],
        columns: dict[str, _Column],
        keys: list[tuple[str, str, str]],
        label: str,
    ) -> dict[str, Any]:
        clean: dict[str, Any] = {}
        for name, value in row.items():
            column = columns.get(name)
            if column is None:
                clean[name] = value  # unknown columns are refused whole by the caller
                continue
            cleaned: list[str] = []
            try:
                clean[name] = _value(column, value, cleaned)
                self.notes += [f"{label}: {n}." for n in cleaned]
            except _Refused as exc:
                clean[name] = self._leave_out(column, exc.why, label)
        if table == "people":
            for field, why in _check_person(clean):
                if field == "birthday":
                    for part in ("birthday_month", "birthday_day", "birthday_year"):
                        clean[part] = None
                else:
                    clean[field] = None
                self.refusals.append(Refusal(label, _field(field), why))
        for name, column in columns.items():
            if column.notnull and not column.has_default and name in clean and clean[name] is None:
                if name in _STAMP_COLUMNS:
                    clean[name] = self.now
                else:
                    raise _Refused(f"it has no {_field(name).removeprefix('the ')}")
        for name, parent, on_delete in keys:
            if clean.get(name) is not None and clean[name] in self._gone.get(parent, ()):
                if on_delete == "SET NULL":
                    clean[name] = None
                else:
                    raise _Dependent()
        return clean

    def _leave_out(self, column: _Column, why: str, label: str) -> Any:
        """The value a refused field takes, or _Refused when the record needs it."""
        if not column.notnull:
            self.refusals.append(Refusal(label, _field(column.name), why))
            return None
        if column.has_default:
            self.refusals.append(Refusal(label, _field(column.name), why))
            return column.default
        if column.name in _STAMP_COLUMNS:
            return self.now  # when it was made or changed: the time of the import instead
        raise _Refused(f"{_field(column.name)} {why}")


def clean_line(text: str) -> str:
    """One-line text without control or bidirectional-override characters."""
    return _LINE_CONTROLS.sub("", text)


def _birthday_text(year: Any, month: Any, day: Any) -> str:
    """'31 April 1990', or the parts as they were when they are not numbers."""
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]  # fmt: skip
    shown_month = (
        months[month - 1]
        if isinstance(month, int) and not isinstance(month, bool) and 1 <= month <= 12
        else f"month {_shown(month)}"
    )
    text = (
        f"day {_shown(day)} of {shown_month}"
        if not isinstance(day, int)
        else f"{day} {shown_month}"
    )
    return text + (f" {_shown(year).strip(chr(39))}" if year is not None else "")
