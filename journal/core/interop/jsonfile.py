"""The full-fidelity JSON export, and restoring it into an empty journal.

Every table of the journal is written, row by row, with every column: people, channels,
tags, facets, entries, follow-ups, the ledger, settings, drafts, the trash, and whatever
tables later migrations add (reminder state, snoozes...). Tables are discovered from the
schema rather than listed here, so a new table is exported and restored without anyone
remembering to touch this module. The full-text index is left out (virtual tables, their
shadow tables, and the tables named ``*_fts*``, the convention the trash follows too):
the journal's own triggers rebuild it from the rows as they go back in.

The file says which export format and which journal schema it was made with; a journal
restores exports of its own schema or an older one (missing columns take their
defaults), and refuses one from a newer Rapport rather than drop what it cannot hold.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from journal import __version__
from journal.core.interop.errors import ImportCancelled, ImportFailed
from journal.core.interop.jsoncheck import Checker, clean_line
from journal.core.interop.plan import ImportReport, ReportLine
from journal.core.store import Connection, DatabaseError
from journal.core.wording import plural

if TYPE_CHECKING:
    from journal.core.journal import Journal

FORMAT = "rapport-journal-export"
FORMAT_VERSION = 1
_CHUNK = 2000

Progress = Callable[[int, int], None]


def data_tables(conn: Connection) -> list[str]:
    """The journal's own tables in restore order (parents before the rows pointing at them)."""
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    virtual = {r["name"] for r in rows if (r["sql"] or "").upper().startswith("CREATE VIRTUAL")}
    shadow = _shadow_tables(conn)
    names = sorted(
        r["name"]
        for r in rows
        if r["name"] not in virtual
        and r["name"] not in shadow
        and not any(r["name"].startswith(f"{v}_") for v in virtual)
        and "_fts" not in r["name"]  # search index tables (as trash.py), rebuilt by triggers
        and not r["name"].startswith("sync_")  # this computer's sync bookkeeping
        and r["name"] != "undo_steps"  # this computer's undo log (core/operations.py)
    )
    return _parents_first(conn, names)


def _shadow_tables(conn: Connection) -> set[str]:
    try:
        return {r["name"] for r in conn.execute("PRAGMA table_list") if r["type"] == "shadow"}
    except DatabaseError:  # SQLite before 3.37
        return set()


def _parents_first(conn: Connection, names: list[str]) -> list[str]:
    """Foreign-key parents first; and a table that an insert trigger writes to after the
    table whose inserts fire it (unless keys need it before), so that restored rows are
    not changed by triggers meant for new entries (e.g. a new entry clearing a snooze)."""
    needs = {
        name: {
            fk["table"]
            for fk in conn.execute(f'PRAGMA foreign_key_list("{name}")')
            if fk["table"] != name and fk["table"] in names
        }
        for name in names
    }
    ancestors = {name: _ancestors(name, needs) for name in names}
    for source, target in _insert_trigger_writes(conn):
        if (
            source in needs
            and target in needs
            and source != target
            and target not in ancestors[source]
        ):
            needs[target].add(source)
    ordered: list[str] = []
    remaining = list(names)
    while remaining:
        ready = [n for n in remaining if needs[n] <= set(ordered)] or remaining[:1]
        for name in ready:
            ordered.append(name)
            remaining.remove(name)
    return ordered


def _ancestors(name: str, needs: dict[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    stack = [name]
    while stack:
        for parent in needs.get(stack.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return seen


_TRIGGER_ON = re.compile(r"\b(?:BEFORE|AFTER)\s+INSERT\s+ON\s+\"?(\w+)", re.I)
_TRIGGER_WRITES = re.compile(
    r"\b(?:UPDATE|INSERT\s+(?:OR\s+\w+\s+)?INTO|DELETE\s+FROM)\s+"
    r"\"?(\w+)",
    re.I,
)


def _insert_trigger_writes(conn: Connection) -> list[tuple[str, str]]:
    """(table whose inserts fire a trigger, table the trigger writes to)."""
    pairs = []
    for row in conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'"):
        sql = row["sql"] or ""
        source = _TRIGGER_ON.search(sql)
        body = sql.upper().split("BEGIN", 1)[-1]
        if source:
            pairs += [
                (source.group(1), m.group(1))
                for m in _TRIGGER_WRITES.finditer(sql[len(sql) - len(body) :])
            ]
    return pairs


def _columns(conn: Connection, table: str) -> list[str]:
    return [r["name"] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def _order_by(conn: Connection, table: str) -> str:
    """Insertion (rowid) order where there is one, so that rows restored in this order
    tie-break the same way in every query; else the primary key."""
    try:
        conn.execute(f'SELECT rowid FROM "{table}" LIMIT 0')
        return "rowid"
    except DatabaseError:
        pass
    keys = sorted(
        (r["pk"], r["name"]) for r in conn.execute(f'PRAGMA table_info("{table}")') if r["pk"]
    )
    if keys:
        return ", ".join(f'"{name}"' for _, name in keys)
    return ", ".join(f'"{c}"' for c in _columns(conn, table))


def _plain(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        return {"$base64": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _unplain(value: Any) -> Any:
    """A cell of an export as SQLite stores it; anything else means a damaged export
    (ImportFailed, so the restore is rolled back and says so, never a traceback)."""
    if isinstance(value, dict) and set(value) == {"$base64"}:
        try:
            return base64.b64decode(value["$base64"], validate=True)
        except (binascii.Error, TypeError, ValueError):
            raise _damaged_value() from None
    if value is None or isinstance(value, str | bool | float):
        return value
    if isinstance(value, int) and -(2**63) <= value < 2**63:
        return value
    raise _damaged_value()


def _damaged_value() -> ImportFailed:
    return ImportFailed(
        "This Rapport export is damaged (a value in it is neither text, a "
        "number nor empty); nothing was imported."
    )


def dump_journal(journal: Journal) -> dict[str, Any]:
    """Everything in the journal as plain data (see the module docstring)."""
    with journal.store.reading() as conn:
        schema = conn.execute("PRAGMA user_version").fetchone()[0]
        tables: dict[str, list[dict[str, Any]]] = {}
        for table in data_tables(conn):
            columns = _columns(conn, table)
            select = ", ".join(f'"{c}"' for c in columns)
            tables[table] = [
                {c: _plain(v) for c, v in zip(columns, row, strict=True)}
                for row in conn.execute(
                    f'SELECT {select} FROM "{table}" ORDER BY {_order_by(conn, table)}'
                )
            ]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": schema,
        "app_version": __version__,
        "exported_at": journal.clock.utcnow().isoformat(timespec="seconds"),
        "tables": tables,
    }


def export_json_text(journal: Journal) -> str:
    """The export as text, one row per line: diffable, and fast to write for 100k rows."""
    data = dump_journal(journal)
    tables = data.pop("tables")
    head = json.dumps(data, ensure_ascii=False, indent=1)[:-2]
    parts = [head, ',\n "tables": {']
    for t, (table, rows) in enumerate(tables.items()):
        parts.append(f"{',' if t else ''}\n  {json.dumps(table)}: [")
        parts.append(",".join("\n   " + json.dumps(row, ensure_ascii=False) for row in rows))
        parts.append("\n  ]" if rows else "]")
    parts.append("\n }\n}\n")
    return "".join(parts)


def load_export(text: str) -> dict[str, Any]:
    """The parsed export, or ImportFailed saying why it is not one."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ImportFailed(
            f"This is not a valid JSON file (line {getattr(exc, 'lineno', '?')}"
            "); nothing was imported."
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFailed("This JSON file is not a Rapport journal export; nothing was imported.")
    if not isinstance(data.get("format_version"), int) or data["format_version"] > FORMAT_VERSION:
        raise ImportFailed("This export was made by a newer Rapport; update Rapport to import it.")
    if not isinstance(data.get("schema_version", 0), int):
        raise ImportFailed(
            "This Rapport export is damaged (its schema version is not a "
            "number); nothing was imported."
        )
    tables = data.get("tables")
    if not isinstance(tables, dict) or not all(
        isinstance(rows, list) and all(isinstance(r, dict) for r in rows)
        for rows in tables.values()
    ):
        raise ImportFailed(
            "This Rapport export is damaged (its tables are not lists of "
            "rows); nothing was imported."
        )
    return data


_NOUNS = (
    ("people", "person", "people"),
    ("facets", "detail", "details"),
    ("entries", "entry", "entries"),
    ("follow_ups", "follow-up", "follow-ups"),
    ("ledger", "thing given or received", "things given or received"),
)


def describe(data: dict[str, Any]) -> str:
    """What an export holds, as a person would count it: '2 people, 1 entry'."""
    tables = data.get("tables", {})
    parts = [plural(len(tables[t]), one, many) for t, one, many in _NOUNS if tables.get(t)]
    return ", ".join(parts) or "no people or entries"


def _read_recent_entries(journal: Journal, conn: Connection) -> None:
    """An export made before Rapport read entries has no proposals: read the recent
    entries (the last ``RECENT_DAYS``) as if just saved, so what they say waits for
    review; older news is history, not worth a review."""
    from journal.core.proposals import RECENT_DAYS, recent_entries

    journal.read_entries_later(recent_entries(conn, journal.clock.today(), RECENT_DAYS))


def restore_journal(
    journal: Journal,
    data: dict[str, Any],
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ImportReport:
    """Put an export back into an empty journal, all of it or nothing."""
    tables: dict[str, list[dict[str, Any]]] = data["tables"]
    total = sum(len(rows) for rows in tables.values())
    done = 0
    report = ImportReport("json")
    with journal.transaction() as conn:
        schema = conn.execute("PRAGMA user_version").fetchone()[0]
        if int(data.get("schema_version", 0)) > schema:
            raise ImportFailed(
                f"This export was made by a newer Rapport (schema {data['schema_version']}, "
                f"this journal has {schema}); update Rapport to import it."
            )
        if conn.execute(
            "SELECT EXISTS (SELECT 1 FROM people) OR EXISTS (SELECT 1 FROM entries)"
        ).fetchone()[0]:
            raise ImportFailed(
                "A JSON export restores a whole journal, so it only goes into an empty one. "
                "Create a new journal and import it there (to add people to this journal, "
                "export them as vCard instead)."
            )
        order = data_tables(conn)
        unknown = sorted(set(tables) - set(order))
        if unknown:
            raise ImportFailed(
                f"This export has tables this journal does not know "
                f"({', '.join(unknown)}); update Rapport to import it."
            )
        for table in reversed(order):
            if table in tables:
                conn.execute(f'DELETE FROM "{table}"')
        checker = Checker(conn, journal.clock.utcnow().isoformat(timespec="seconds"))
        for table in order:
            rows = tables.get(table, [])
            if not rows:
                continue
            known = set(_columns(conn, table))
            columns = list(dict.fromkeys(c for row in rows for c in row))
            extra = [c for c in columns if c not in known]
            if extra:
                raise ImportFailed(
                    f"The export's {table} has columns this journal does not "
                    f"know ({', '.join(extra)}); update Rapport to import it."
                )
            sql = (
                f'INSERT INTO "{table}" ({", ".join(chr(34) + c + chr(34) for c in columns)})'
                f" VALUES ({', '.join('?' * len(columns))})"
            )
            kept = checker.rows(table, rows)
            for start in range(0, len(kept), _CHUNK):
                if cancel is not None and cancel.is_set():
                    raise ImportCancelled()
                chunk = kept[start : start + _CHUNK]
                _insert(conn, sql, table, columns, chunk, checker)
                done += len(chunk)
                if progress:
                    progress(done, total)
            done += len(rows) - len(kept)
        journal.record_change("person", [])
        journal.record_change("entry", [])
        if "proposals" not in tables:
            _read_recent_entries(journal, conn)
    gone = checker.refused_ids("people")
    for row in tables.get("people", []):
        if row.get("id") not in gone:
            report.added.append(ReportLine(_text(row.get("name")), "", row.get("id")))
    _report_checks(report, checker)
    report.warnings.append(f"Restored {describe(data)}, with settings and reminders.")
    return report


def _insert(
    conn: Connection,
    sql: str,
    table: str,
    columns: list[str],
    chunk: list[tuple[str, dict[str, Any]]],
    checker: Checker,
) -> None:
    """Insert a chunk at once; if SQLite refuses a row (a rule of the schema the checks
    do not know), insert the chunk row by row and refuse just the rows it rejects."""
    values = [[_unplain(row.get(c)) for c in columns] for _, row in chunk]
    conn.execute("SAVEPOINT restore_chunk")
    try:
        conn.executemany(sql, values)
    except DatabaseError:
        conn.execute("ROLLBACK TO restore_chunk")
        for (label, row), one in zip(chunk, values, strict=True):
            try:
                conn.execute(sql, one)
            except DatabaseError as exc:
                checker.refuse(table, row, label, _rule_broken(str(exc)))
    finally:
        conn.execute("RELEASE restore_chunk")


def _rule_broken(message: str) -> str:
    """SQLite's reason as a person reads it (never the SQL)."""
    if "UNIQUE" in message or "PRIMARY KEY" in message:
        return "it repeats another record of the file"
    if "FOREIGN KEY" in message:
        return "it belongs to a record that is not in the file"
    if "NOT NULL" in message:
        return "a value it needs is missing"
    return "a value in it is not allowed in a journal"


def _text(value: Any) -> str:
    """A name for the report: text only, without control characters."""
    return clean_line(value) if isinstance(value, str) else ""


def _report_checks(report: ImportReport, checker: Checker) -> None:
    for refusal in checker.refusals:
        if refusal.field:
            report.warnings.append(refusal.sentence())
        else:
            report.skipped.append(ReportLine(refusal.record, f"not imported: {refusal.why}"))
    if checker.dependents:
        report.warnings.append(checker.dependents_sentence())
    report.warnings += checker.notes


def preview_restore(journal: Journal, data: dict[str, Any]) -> ImportReport:
    """What ``restore_journal`` would report (``--dry-run``): every value checked, so
    each record or field that would be refused is named, and nothing written."""
    report = ImportReport("json", dry_run=True)
    tables: dict[str, list[dict[str, Any]]] = data["tables"]
    with journal.store.reading() as conn:
        checker = Checker(conn, journal.clock.utcnow().isoformat(timespec="seconds"))
        for table in data_tables(conn):
            if tables.get(table) and set(c for r in tables[table] for c in r) <= set(
                _columns(conn, table)
            ):
                checker.rows(table, tables[table])
    gone = checker.refused_ids("people")
    for row in tables.get("people", []):
        if row.get("id") not in gone:
            report.added.append(ReportLine(_text(row.get("name")), ""))
    _report_checks(report, checker)
    report.warnings.append(f"Would restore {describe(data)}, with settings and reminders.")
    return report
