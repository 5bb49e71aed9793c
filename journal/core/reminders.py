"""The reminder engine's rows: per-person state, the suggestion log, and the few indexed
queries that find who could be due without loading every person.

The engine (``engine.py``) decides; this module only reads and writes. Scheduling rows
carry just what the rules need (dates, circle, cadence inputs, field and organisation);
facets, promises and the ledger are read for the handful of people actually suggested.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from journal.core.dates import date_from_db
from journal.core.model import Circle
from journal.core.settings import JournalSettings
from journal.core.store import Connection

_IDS = "(SELECT value FROM json_each(?))"

#: Columns every scheduling row carries (``people p LEFT JOIN reminder_state s``).
PERSON_COLUMNS = (
    "p.id, p.name, p.preferred_name, p.organisation, p.field, p.circle, p.cadence_days, "
    "p.birthday_month, p.birthday_day, p.birthday_year, p.met_on, p.archived, "
    "substr(p.last_contact_at, 1, 10) AS last_day, substr(p.created_at, 1, 10) AS added_day, "
    "s.done_on, s.snooze_until, s.skip_until, coalesce(s.skip_streak, 0) AS skip_streak, "
    "coalesce(s.muted, 0) AS muted, s.offer_cadence_days, s.learned_cadence_days"
)
_FROM = "FROM people p LEFT JOIN reminder_state s ON s.person_id = p.id"

#: The baseline day a cadence counts from: the last contact, else the day met, else the
#: day added; a later "done" moves it on. Mirrored by ``engine._baseline``.
BASE_SQL = (
    "max(coalesce(substr(p.last_contact_at, 1, 10), p.met_on, substr(p.created_at, 1, 10)), "
    "coalesce(s.done_on, ''))"
)


def learned_bounds(default: int) -> tuple[int, int]:
    """A learned cadence stays within half and twice the circle's cadence."""
    return max(1, round(default / 2)), default * 2


def cadence_sql(settings: JournalSettings) -> str:
    """The effective cadence as SQL (NULL: none). Mirrored by ``engine._cadence``.

    Built from integers in the settings, never from user text.
    """
    defaults, learned = [], []
    for circle in (Circle.INNER, Circle.CLOSE, Circle.NETWORK, Circle.ACQUAINTANCE):
        days = settings.cadence_days.get(circle)
        value = str(int(days)) if days else "NULL"
        defaults.append(f"WHEN '{circle.value}' THEN {value}")
        if days and settings.learn_cadence:
            low, high = learned_bounds(int(days))
            learned.append(f"WHEN '{circle.value}' THEN "
                           f"coalesce(min(max(s.learned_cadence_days, {low}), {high}), {value})")
        else:
            learned.append(f"WHEN '{circle.value}' THEN {value}")
    return (
        "CASE WHEN p.circle = 'dormant' THEN NULL "
        "WHEN p.cadence_days IS NOT NULL THEN p.cadence_days "
        f"ELSE CASE p.circle {' '.join(learned)} END END"
    )


def hidden_sql(day_param: str) -> str:
    """Muted, snoozed or skipped on the day bound to ``day_param``."""
    return (f"(coalesce(s.muted, 0) = 1 OR coalesce(s.snooze_until, '') > :{day_param} "
            f"OR coalesce(s.skip_until, '') > :{day_param})")


def cadence_candidates(conn: Connection, settings: JournalSettings, on: date, *,
                       weights: dict[Circle, float], saturation: float,
                       due_days: Callable[[str, str, int], int], eligible_from: float,
                       hide_on: date | None, limit: int | None) -> list[Any]:
    """People whose cadence makes them due on ``on``, best first (score, gap, id).

    ``due_days`` is the engine's spread (called only for people inside the early window);
    ``hide_on`` drops people muted, snoozed or skipped on that day; ``limit`` keeps the
    best few, which is all a capped day can use.
    """
    conn.create_function("rapport_due_days", 3, due_days, deterministic=True)
    weight = " ".join(f"WHEN '{c.value}' THEN {w!r}" for c, w in weights.items())
    hidden = f"AND NOT {hidden_sql('hide')}" if hide_on else "AND coalesce(s.muted, 0) = 0"
    low = f"CAST((cadence * {round(eligible_from * 100)} + 99) / 100 AS INTEGER)"
    sql = f"""
        SELECT * FROM (
            SELECT *, CAST(julianday(:on) - julianday(base) AS INTEGER) AS days FROM (
                SELECT {PERSON_COLUMNS}, {cadence_sql(settings)} AS cadence,
                       {BASE_SQL} AS base
                {_FROM}
                WHERE p.archived = 0 AND p.circle != 'dormant' {hidden}
            ) WHERE cadence IS NOT NULL AND base < :on
        ) WHERE CASE WHEN days >= cadence THEN 1 WHEN days < {low} THEN 0
                     ELSE days >= rapport_due_days(id, base, cadence) END
        ORDER BY (CASE circle {weight} ELSE 1.0 END) * min(days * 1.0 / cadence, {saturation!r})
                 DESC, days DESC, id
    """
    params: dict[str, Any] = {"on": on.isoformat()}
    if hide_on:
        params["hide"] = hide_on.isoformat()
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return conn.execute(sql, params).fetchall()


def person_rows(conn: Connection, ids: Iterable[str]) -> list[Any]:
    ids = list(dict.fromkeys(ids))
    if not ids:
        return []
    return conn.execute(f"SELECT {PERSON_COLUMNS} {_FROM} WHERE p.id IN {_IDS}",
                        (json.dumps(ids),)).fetchall()


def person_row(conn: Connection, person_id: str) -> Any | None:
    return conn.execute(f"SELECT {PERSON_COLUMNS} {_FROM} WHERE p.id = ?",
                        (person_id,)).fetchone()


# -- dated hooks --------------------------------------------------------------------------


@dataclass(frozen=True)
class DatedHook:
    """A date that makes a check-in timely: a promise due, a thread to ask about again,
    a life event's anniversary."""

    kind: str  # follow_up | thread | life_event
    person_id: str
    on: date
    source_id: str


def open_promises_due(conn: Connection, first: date, last: date,
                      person_id: str | None = None) -> list[DatedHook]:
    sql = ("SELECT id, person_id, due_on FROM follow_ups WHERE done_on IS NULL "
           "AND due_on BETWEEN ? AND ? AND person_id IS NOT NULL")
    params: list[Any] = [first.isoformat(), last.isoformat()]
    if person_id:
        sql += " AND person_id = ?"
        params.append(person_id)
    return [DatedHook("follow_up", r["person_id"], date.fromisoformat(r["due_on"]), r["id"])
            for r in conn.execute(sql, params)]


def threads_due(conn: Connection, first: date, last: date,
                person_id: str | None = None) -> list[DatedHook]:
    sql = ("SELECT id, person_id, ask_again_on FROM facets WHERE ask_again_on BETWEEN ? AND ? "
           "AND kind = 'working_on' AND mention_ok = 1")
    params: list[Any] = [first.isoformat(), last.isoformat()]
    if person_id:
        sql += " AND person_id = ?"
        params.append(person_id)
    return [DatedHook("thread", r["person_id"], date.fromisoformat(r["ask_again_on"]), r["id"])
            for r in conn.execute(sql, params)]


def life_events(conn: Connection, month_days: Sequence[str] | None,
                person_id: str | None = None) -> list[DatedHook]:
    """Life events fine to mention, with a date; ``month_days`` ("MM-DD") narrows them."""
    sql = ("SELECT id, person_id, event_date FROM facets WHERE event_date IS NOT NULL "
           "AND kind = 'life_event' AND mention_ok = 1")
    params: list[Any] = []
    if month_days is not None:
        sql += f" AND substr(event_date, 6, 5) IN {_IDS}"
        params.append(json.dumps(list(month_days)))
    if person_id:
        sql += " AND person_id = ?"
        params.append(person_id)
    return [DatedHook("life_event", r["person_id"], date.fromisoformat(r["event_date"]), r["id"])
            for r in conn.execute(sql, params)]


def birthday_ids(conn: Connection, month_days: Sequence[tuple[int, int]]) -> list[str]:
    if not month_days:
        return []
    values = ", ".join("(?, ?)" for _ in month_days)
    params = [n for pair in month_days for n in pair]
    return [r[0] for r in conn.execute(
        f"SELECT id FROM people WHERE archived = 0 AND birthday_month IS NOT NULL "
        f"AND (birthday_month, birthday_day) IN (VALUES {values})", params)]


def recently_met(conn: Connection, since: date, until: date) -> dict[str, date]:
    """People whose first meeting may fall in [since, until]: met_on there, or no met_on
    and first entry there. Returns person id -> first day."""
    out: dict[str, date] = {}
    for r in conn.execute(
        "SELECT id, met_on FROM people WHERE archived = 0 AND met_on BETWEEN ? AND ?",
        (since.isoformat(), until.isoformat()),
    ):
        out[r["id"]] = date.fromisoformat(r["met_on"])
    for r in conn.execute(
        "SELECT p.id, (SELECT min(e.occurred_at) FROM entry_people ep "
        "JOIN entries e ON e.id = ep.entry_id WHERE ep.person_id = p.id) AS first "
        "FROM people p WHERE p.archived = 0 AND p.met_on IS NULL "
        "AND p.last_contact_at >= ? AND p.last_contact_at < ?",
        (since.isoformat(), (until + timedelta(days=1)).isoformat()),
    ):
        first = date_from_db(r["first"])
        if first and since <= first <= until:
            out[r["id"]] = first
    return out


def first_entry_kinds(conn: Connection, firsts: dict[str, date]) -> dict[str, tuple[str, str]]:
    """The first-meeting entry (kind, id) for each person, when there is one that day."""
    out: dict[str, tuple[str, str]] = {}
    for pid, day in firsts.items():
        row = conn.execute(
            "SELECT e.id, e.kind FROM entry_people ep JOIN entries e ON e.id = ep.entry_id "
            "WHERE ep.person_id = ? AND e.occurred_at >= ? AND e.occurred_at < ? "
            "ORDER BY e.occurred_at, e.id LIMIT 1",
            (pid, day.isoformat(), (day + timedelta(days=1)).isoformat()),
        ).fetchone()
        if row:
            out[pid] = (row["kind"], row["id"])
    return out


# -- reconnecting with dormant ties --------------------------------------------------------


def reconnect_candidates(conn: Connection, settings: JournalSettings, last_base: date
                         ) -> list[Any]:
    """People without a cadence (dormant, or a circle set to never) out of touch since
    ``last_base`` or before, with their network kinds and whether they have helped."""
    return conn.execute(
        f"""SELECT * FROM (
                SELECT {PERSON_COLUMNS}, {cadence_sql(settings)} AS cadence,
                       {BASE_SQL} AS base,
                       (SELECT group_concat(kind) FROM person_network_kinds k
                        WHERE k.person_id = p.id) AS kinds,
                       EXISTS (SELECT 1 FROM ledger l WHERE l.person_id = p.id
                               AND l.direction = 'received')
                       OR EXISTS (SELECT 1 FROM facets f WHERE f.person_id = p.id
                                  AND f.kind = 'can_help_with') AS helpful
                {_FROM} WHERE p.archived = 0 AND coalesce(s.muted, 0) = 0
            ) WHERE cadence IS NULL AND base <= ?""",
        (last_base.isoformat(),),
    ).fetchall()


def active_network(conn: Connection, since: date) -> tuple[set[str], set[str]]:
    """Fields and network kinds of the people in touch since ``since`` (not dormant)."""
    fields = {
        r[0] for r in conn.execute(
            "SELECT DISTINCT lower(trim(field)) FROM people WHERE archived = 0 "
            "AND circle != 'dormant' AND field != '' AND last_contact_at >= ?",
            (since.isoformat(),))
    }
    kinds = {
        r[0] for r in conn.execute(
            "SELECT DISTINCT k.kind FROM person_network_kinds k JOIN people p "
            "ON p.id = k.person_id WHERE p.archived = 0 AND p.circle != 'dormant' "
            "AND p.last_contact_at >= ?", (since.isoformat(),))
    }
    return fields, kinds


def reconnect_settled(conn: Connection, settings: JournalSettings, first: date, last: date
                      ) -> bool:
    """Whether the week [first, last] already had its reconnection: a reconnect suggestion
    acted on, or a person without a cadence logged or marked done in it."""
    acted = conn.execute(
        "SELECT 1 FROM suggestion_log WHERE kind = 'reconnect' AND day BETWEEN ? AND ? "
        "AND event IN ('done', 'skipped', 'snoozed', 'muted') LIMIT 1",
        (first.isoformat(), last.isoformat()),
    ).fetchone()
    if acted:
        return True
    return conn.execute(
        f"SELECT 1 FROM (SELECT {cadence_sql(settings)} AS cadence, {BASE_SQL} AS base "
        f"{_FROM} WHERE p.archived = 0 AND (p.last_contact_at >= :first OR s.done_on >= :first)"
        ") WHERE cadence IS NULL AND base BETWEEN :first AND :last LIMIT 1",
        {"first": first.isoformat(), "last": last.isoformat()},
    ).fetchone() is not None


# -- what phrasing needs for the few people suggested -------------------------------------


def open_promises(conn: Connection, ids: Sequence[str]) -> list[Any]:
    """Open follow-ups with the day they were promised (their entry's day, else when typed)."""
    if not ids:
        return []
    return conn.execute(
        "SELECT f.id, f.person_id, f.text, f.due_on, "
        "coalesce(substr(e.occurred_at, 1, 10), substr(f.created_at, 1, 10)) AS promised_on "
        "FROM follow_ups f LEFT JOIN entries e ON e.id = f.entry_id "
        f"WHERE f.done_on IS NULL AND f.person_id IN {_IDS} "
        "ORDER BY f.person_id, f.due_on IS NULL, f.due_on, promised_on, f.id",
        (json.dumps(list(ids)),),
    ).fetchall()


def ledger_since(conn: Connection, ids: Sequence[str], since: date) -> list[Any]:
    if not ids:
        return []
    return conn.execute(
        f"SELECT * FROM ledger WHERE person_id IN {_IDS} AND occurred_on >= ? "
        "ORDER BY person_id, occurred_on, id",
        (json.dumps(list(ids)), since.isoformat()),
    ).fetchall()


def contact_days(conn: Connection, ids: Sequence[str]) -> dict[str, list[date]]:
    """Distinct days in touch per person, oldest first (for learned cadences)."""
    out: dict[str, list[date]] = {}
    if not ids:
        return out
    for r in conn.execute(
        "SELECT DISTINCT ep.person_id, substr(e.occurred_at, 1, 10) AS day "
        "FROM entry_people ep JOIN entries e ON e.id = ep.entry_id "
        f"WHERE ep.person_id IN {_IDS} ORDER BY ep.person_id, day",
        (json.dumps(list(ids)),),
    ):
        out.setdefault(r["person_id"], []).append(date.fromisoformat(r["day"]))
    return out


# -- state --------------------------------------------------------------------------------


def stale_learned(conn: Connection) -> list[tuple[str, str | None]]:
    """People whose learned cadence predates their last contact: (id, last_contact_at)."""
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT p.id, p.last_contact_at FROM people p LEFT JOIN reminder_state s "
        "ON s.person_id = p.id WHERE p.archived = 0 AND p.circle != 'dormant' "
        "AND p.cadence_days IS NULL AND s.learned_from IS NOT p.last_contact_at"
    )]


def ensure_state(conn: Connection, person_ids: Iterable[str], now: str) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO reminder_state (person_id, updated_at) VALUES (?, ?)",
        [(pid, now) for pid in person_ids],
    )


def update_state(conn: Connection, person_id: str, now: str, **values: Any) -> None:
    ensure_state(conn, [person_id], now)
    assignments = ", ".join(f"{column} = :{column}" for column in values)
    conn.execute(
        f"UPDATE reminder_state SET {assignments}, updated_at = :now WHERE person_id = :pid",
        {**values, "now": now, "pid": person_id},
    )


def store_learned(conn: Connection, rows: Sequence[tuple[str, int | None, str | None]],
                  now: str) -> None:
    ensure_state(conn, [r[0] for r in rows], now)
    conn.executemany(
        "UPDATE reminder_state SET learned_cadence_days = ?, learned_from = ?, updated_at = ? "
        "WHERE person_id = ?",
        [(days, basis, now, pid) for pid, days, basis in rows],
    )


def log_event(conn: Connection, *, day: date, suggestion_id: str, person_id: str, kind: str,
              event: str, capped: bool, at: str, until: date | None = None,
              detail: str = "") -> None:
    conn.execute(
        "INSERT OR IGNORE INTO suggestion_log (day, suggestion_id, person_id, kind, event, "
        "capped, until, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (day.isoformat(), suggestion_id, person_id, kind, event, int(capped),
         until.isoformat() if until else None, detail, at),
    )


def log_rows(conn: Connection, since: date, until: date | None = None) -> list[Any]:
    sql = ("SELECT l.*, CASE WHEN p.preferred_name != '' THEN p.preferred_name ELSE p.name END "
           "AS person_name FROM suggestion_log l JOIN people p ON p.id = l.person_id "
           "WHERE l.day >= ?")
    params: list[Any] = [since.isoformat()]
    if until:
        sql += " AND l.day <= ?"
        params.append(until.isoformat())
    return conn.execute(sql + " ORDER BY l.day, l.at, l.id", params).fetchall()
