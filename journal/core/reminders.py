"""The reminder engine's rows: per-person state, the suggestion log, and the few indexed
queries that find who could be due without loading every person.

The engine (``engine.py``) decides; this module only reads and writes. Scheduling rows
carry just what the rules need (dates, circle, cadence inputs, field and organisation);
facets, promises and the ledger are read for the handful of people actually suggested.
Each kind of candidate is found from its own index (promises by due date, threads by
"ask again on", birthdays by month and day), ranked in SQL and cut to the few a capped
day can use, so ``today`` stays fast on a 10,000-person journal.

Note: this SQLCipher build's ``lower()``/``upper()`` are ICU-backed and slow (several
microseconds a call), so case-folding is done in Python on the few distinct values.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from journal.core.dates import date_from_db
from journal.core.dbtypes import Row
from journal.core.model import Circle
from journal.core.settings import JournalSettings
from journal.core.store import Connection, DatabaseError
from journal.core.stored import stored_date, stored_text

#: Columns every scheduling row carries (``people p LEFT JOIN reminder_state s``).
PERSON_COLUMNS = (
    "p.id, p.name, p.preferred_name, p.organisation, p.field, p.circle, p.cadence_days, "
    "p.birthday_month, p.birthday_day, p.birthday_year, p.met_on, p.archived, "
    "p.placed, p.deceased_on, p.pronouns, p.last_contact_at, p.created_at, s.done_on, s.snooze_until, s.skip_until, "
    "s.skip_streak, s.muted, s.offer_cadence_days, s.learned_cadence_days"
)
_FROM = "FROM people p LEFT JOIN reminder_state s ON s.person_id = p.id"

# Under SQLCipher's memory security every allocation SQLite makes is locked and wiped, so
# text handling in SQL (substr, comparisons of computed text, julianday()) costs
# microseconds per row. Ranking therefore works on integers that ``people_schedule``
# stores precomputed (the expressions below must match migration 2's index verbatim):
# the circle as a number and the baseline as a day number.

#: The baseline a cadence counts from: the last contact, else the day met, else the day
#: added (``people_due`` orders by it); a later "done" moves it on. Mirrored by
#: ``engine._baseline``.
RAW_BASE = "coalesce(substr(p.last_contact_at, 1, 10), p.met_on, substr(p.created_at, 1, 10))"
RAW_DAY = f"CAST(julianday({RAW_BASE}) AS INTEGER)"
CIRCLE_CODE = (
    "CASE p.circle WHEN 'inner' THEN 0 WHEN 'close' THEN 1 WHEN 'network' THEN 2 "
    "WHEN 'acquaintance' THEN 3 ELSE 4 END"
)
CIRCLE_CODES = {
    Circle.INNER: 0,
    Circle.CLOSE: 1,
    Circle.NETWORK: 2,
    Circle.ACQUAINTANCE: 3,
    Circle.DORMANT: 4,
}
BASE_DAY = (
    f"CASE WHEN s.done_on IS NULL THEN {RAW_DAY} "
    f"ELSE max({RAW_DAY}, CAST(julianday(s.done_on) AS INTEGER)) END"
)
#: ``day_number(d)`` equals SQLite's ``CAST(julianday(d) AS INTEGER)``.
_JULIAN_OFFSET = 1721424


def day_number(day: date) -> int:
    return day.toordinal() + _JULIAN_OFFSET


def learned_bounds(default: int) -> tuple[int, int]:
    """A learned cadence stays within half and twice the circle's cadence."""
    return max(1, round(default / 2)), default * 2


def cadence_sql(settings: JournalSettings) -> str:
    """The effective cadence as SQL (NULL: none). Mirrored by ``engine._cadence``.

    Built from integers in the settings, never from user text.
    """
    cases = []
    for circle in (Circle.INNER, Circle.CLOSE, Circle.NETWORK, Circle.ACQUAINTANCE):
        days = settings.cadence_days.get(circle)
        value = str(int(days)) if days else "NULL"
        if days and settings.learn_cadence:
            low, high = learned_bounds(int(days))
            value = f"coalesce(min(max(s.learned_cadence_days, {low}), {high}), {value})"
        cases.append(f"WHEN {CIRCLE_CODES[circle]} THEN {value}")
    return (
        f"CASE WHEN {CIRCLE_CODE} = 4 THEN NULL "
        # A stored cadence that is not a positive whole number is ignored.
        "WHEN typeof(p.cadence_days) = 'integer' AND p.cadence_days > 0 THEN p.cadence_days "
        f"ELSE CASE {CIRCLE_CODE} {' '.join(cases)} END END"
    )


def hidden_sql(day_param: str | None) -> str:
    """Muted, snoozed or skipped on the day bound to ``day_param`` (None: only muted).
    Most people have no state row, so that is checked first."""
    if day_param is None:
        return "(s.person_id IS NOT NULL AND s.muted = 1)"
    return (
        f"(s.person_id IS NOT NULL AND (s.muted = 1 "
        f"OR coalesce(s.snooze_until > :{day_param}, 0) "
        f"OR coalesce(s.skip_until > :{day_param}, 0)))"
    )


@dataclass(frozen=True)
class Ranking:
    """How candidates are ordered before a pool is cut (the same key as
    ``engine._cut_key``): circle weight x min(days / cadence, saturation), then longer
    out of touch, then id."""

    weights: dict[Circle, float]
    saturation: float
    eligible_from: float
    due_days: Callable[[str, int, int], int]

    def score_sql(self) -> str:
        """The score ``top`` computes, for ranking many rows in SQL (learned cadences)."""
        weight = " ".join(f"WHEN {CIRCLE_CODES[c]} THEN {w!r}" for c, w in self.weights.items())
        return (
            f"(CASE code {weight} ELSE 1.0 END) * "
            f"coalesce(min(days * 1.0 / cadence, {self.saturation!r}), 0.0)"
        )

    def cadence_due_sql(self) -> str:
        low = f"((cadence * {round(self.eligible_from * 100)} + 99) / 100)"
        return (
            f"cadence IS NOT NULL AND CASE WHEN days >= cadence THEN 1 WHEN days < {low} "
            "THEN 0 ELSE days >= rapport_due_days(id, base_day, cadence) END"
        )

    def top(self, rows: Iterable[Any], on_day: int, limit: int | None) -> list[str]:
        """Ids from ``ranked`` rows, best first, without repeats, cut to ``limit``."""
        weights = {CIRCLE_CODES[c]: w for c, w in self.weights.items()}
        best: dict[str, tuple[float, int, str]] = {}
        for pid, code, cadence, base_day, _hook in rows:
            days = on_day - base_day
            ratio = min(days * 1.0 / cadence, self.saturation) if cadence else 0.0
            best[pid] = (-(weights.get(code, 1.0) * ratio), -days, pid)
        ordered = sorted(best.values())
        return [key[2] for key in (ordered if limit is None else ordered[:limit])]


def ensure_functions(conn: Connection, ranking: Ranking) -> None:
    """Register the engine's spread function once per connection: registering again
    would expire every prepared statement and make each query parse anew."""
    try:
        conn.execute("SELECT rapport_due_days('', 0, 1)").fetchone()
    except DatabaseError:
        conn.create_function("rapport_due_days", 3, ranking.due_days, deterministic=True)


def no_cadence_sql(settings: JournalSettings) -> str:
    """People without a cadence: dormant, or in a circle set to never (no override)."""
    never = [
        c.value
        for c in (Circle.INNER, Circle.CLOSE, Circle.NETWORK, Circle.ACQUAINTANCE)
        if not settings.cadence_days.get(c)
    ]
    if not never:
        return "p.circle = 'dormant'"
    listed = ", ".join(f"'{c}'" for c in never)
    return f"(p.circle = 'dormant' OR (p.cadence_days IS NULL AND p.circle IN ({listed})))"


def ranked_ids(
    conn: Connection,
    settings: JournalSettings,
    ranking: Ranking,
    *,
    on: date,
    hide_on: date | None,
    driver: str | None = None,
    exact: str | None = None,
    params: dict[str, Any] | None = None,
    limit: int | None = None,
) -> list[str]:
    """Ids of people (not archived, not dormant, not hidden on ``hide_on``, not in touch
    since ``on``), best first by the engine's ranking.

    ``driver`` is a query of ``person_id`` (repeats allowed; optionally ``hook_day``) to
    start from, such as a hook table's index range; ``exact`` a condition on the computed
    row (id, code, cadence, base_day, days, hook_day); ``limit`` keeps the best few, which
    is all a capped day can use. Only ``people_schedule`` is read, never whole rows.

    With a ``limit`` the rows are ranked in SQL and only the best come back: under memory
    security every row handed to Python costs about a microsecond per column, more than
    SQLite's bounded sorter (a LIMIT written into the SQL; a bound one would make SQLite
    prepare the statement anew each time, ~0.8 ms). A person with several hooks comes
    back once per hook, so when repeats leave fewer than ``limit`` people the cut is read
    again, longer. Python re-ranks the few it keeps (``Ranking.top``, the same key).
    Without a limit every row is needed anyway and nothing is sorted in SQL.
    """
    sql = _ranked_sql(settings, driver, exact, hide_on is not None)
    on_day = day_number(on)
    values: dict[str, Any] = {"on_day": on_day, **(params or {})}
    if hide_on:
        values["hide"] = hide_on.isoformat()
    if limit is None:
        return ranking.top(_execute_ranked(conn, ranking, sql, values), on_day, None)
    return _ranked_cut(conn, ranking, sql, values, on_day, limit)


def ranked_rows(
    conn: Connection,
    settings: JournalSettings,
    ranking: Ranking,
    *,
    on: date,
    hide_on: date | None,
    driver: str,
    exact: str | None = None,
    params: dict[str, Any] | None = None,
) -> list[Any]:
    """The rows ``ranked_ids`` ranks without a limit, (id, code, cadence, base_day,
    hook_day), unordered: for a caller that splits one driver's rows into several cuts
    (``Ranking.top`` each) rather than reading them in several statements."""
    sql = _ranked_sql(settings, driver, exact, hide_on is not None)
    values: dict[str, Any] = {"on_day": day_number(on), **(params or {})}
    if hide_on:
        values["hide"] = hide_on.isoformat()
    return list(_execute_ranked(conn, ranking, sql, values).fetchall())


def _ranked_sql(
    settings: JournalSettings, driver: str | None, exact: str | None, hide: bool
) -> str:
    """The ranking query of ``ranked_ids`` (see there)."""
    if driver:
        source = (
            f"({driver}) d CROSS JOIN people p ON p.id = d.person_id "
            "LEFT JOIN reminder_state s ON s.person_id = p.id"
        )
        hook = "d.hook_day" if "hook_day" in driver else "NULL"
    else:
        source, hook = _FROM.removeprefix("FROM "), "NULL"
    return f"""
        SELECT id, code, cadence, base_day, hook_day FROM (
            SELECT *, :on_day - base_day AS days FROM (
                SELECT p.id AS id, {CIRCLE_CODE} AS code, {cadence_sql(settings)} AS cadence,
                       {BASE_DAY} AS base_day, {hook} AS hook_day
                FROM {source}
                WHERE p.archived = 0 AND p.placed = 1 AND p.deceased_on IS NULL
                  AND {CIRCLE_CODE} != 4 AND NOT {hidden_sql("hide" if hide else None)}
            ) WHERE base_day < :on_day
        ) {f"WHERE {exact}" if exact else ""}
    """


def _ranked_cut(
    conn: Connection, ranking: Ranking, sql: str, values: dict[str, Any], on_day: int, limit: int
) -> list[str]:
    """The best ``limit`` of a ranking query, ranked in SQL (see ``ranked_ids``)."""
    order = (
        f"SELECT * FROM ({sql}) r ORDER BY "
        f"{ranking.score_sql().replace('days', '(:on_day - base_day)')} DESC, base_day, id"
    )
    # A person with several promises or threads comes back once for each: read a few
    # times the cut at once rather than twice.
    rows_wanted = max(1, 4 * int(limit))
    while True:
        rows = _execute_ranked(conn, ranking, f"{order} LIMIT {rows_wanted}", values).fetchall()
        best = ranking.top(rows, on_day, limit)
        if len(best) >= limit or len(rows) < rows_wanted:
            return best
        rows_wanted *= 4  # repeats of one person took places: read a longer cut


def _execute_ranked(conn: Connection, ranking: Ranking, sql: str, values: dict[str, Any]) -> Any:
    """Run a ranking query, registering the engine's SQL function the first time a
    connection needs it (asking first would cost a statement on every query;
    registering again would expire every prepared statement)."""
    try:
        return conn.execute(sql, values)
    except DatabaseError as exc:
        if "rapport_due_days" not in str(exc):
            raise
        ensure_functions(conn, ranking)
        return conn.execute(sql, values)


def circle_by_base(
    conn: Connection,
    circle: Circle,
    cutoff: date,
    after: tuple[str, str] | None,
    page: int,
    *,
    light: bool = False,
) -> list[Any]:
    """A circle's people on its own cadence, longest out of touch first (``people_due``),
    whose baseline is on or before ``cutoff``; ``after`` (base, id) continues a page.

    ``light`` rows carry only what says whether the cadence makes them due (id, raw_base,
    done_on, muted, snooze_until, skip_until): a whole row costs tens of microseconds to
    decode under memory security, and most of a page does not make the day's cut."""
    columns = "p.id, s.done_on, s.muted, s.snooze_until, s.skip_until" if light else PERSON_COLUMNS
    sql = (
        f"SELECT {columns}, {RAW_BASE} AS raw_base {_FROM} "
        f"WHERE p.circle = :circle AND p.archived = 0 AND p.cadence_days IS NULL "
        f"AND {RAW_BASE} <= :cutoff AND p.placed = 1 AND p.deceased_on IS NULL"
    )
    params: dict[str, Any] = {"circle": circle.value, "cutoff": cutoff.isoformat()}
    if after:
        sql += f" AND ({RAW_BASE}, p.id) > (:after_base, :after_id)"
        params.update(after_base=after[0], after_id=after[1])
    # The page size is written into the SQL, not bound: SQLite reads a bound LIMIT while
    # planning, so every execution would prepare the statement anew (~0.8 ms each under
    # memory security, twenty times the query itself).
    return conn.execute(sql + f" ORDER BY {RAW_BASE}, p.id LIMIT {int(page)}", params).fetchall()


#: Drivers for ``ranked_ids``: the people a kind of reason can apply to, from an index.
OWN_CADENCE = "SELECT id AS person_id FROM people WHERE cadence_days IS NOT NULL"
MARKED_DONE = "SELECT person_id FROM reminder_state WHERE done_on IS NOT NULL"
OWN_OR_DONE = f"{OWN_CADENCE} UNION ALL {MARKED_DONE}"
PROMISES_DUE = (
    "SELECT person_id FROM follow_ups INDEXED BY follow_ups_due WHERE done_on IS NULL "
    "AND person_id IS NOT NULL AND due_on BETWEEN :promise_first AND :promise_last"
)
#: A thread counts if its "ask again on" came after the last contact (the day number is
#: stored in ``facets_ask_again``).
THREADS_DUE = (
    "SELECT person_id, CAST(julianday(ask_again_on) AS INTEGER) AS hook_day "
    "FROM facets WHERE ask_again_on BETWEEN :thread_first AND :thread_last "
    "AND kind = 'working_on' AND mention_ok = 1 AND status = 'ongoing'"
)
THREAD_EXACT = "hook_day > base_day"
IDS = "SELECT value AS person_id FROM json_each(:ids)"
LIFE_EVENTS_DUE = (
    "SELECT person_id FROM facets WHERE substr(event_date, 6, 5) "
    "IN (SELECT value FROM json_each(:month_days)) AND event_date IS NOT NULL "
    "AND kind = 'life_event' AND mention_ok = 1 AND status != 'cancelled'"
)


def birthdays_driver(days: Sequence[tuple[int, int, int]]) -> str:
    """People with a birthday on one of ``days`` ((month, day, day number)), each with that
    day's number as ``hook_day``."""
    values = ", ".join(f"({int(m)}, {int(d)}, {int(n)})" for m, d, n in days) or "(0, 0, 0)"
    return (
        f"SELECT b.id AS person_id, w.column3 AS hook_day FROM (VALUES {values}) w "
        "CROSS JOIN people b ON b.birthday_month = w.column1 "
        "AND b.birthday_day = w.column2"
    )


def ahead_of(conn: Connection, day: date, person_id: str | None = None) -> list[Any]:
    """People (not archived) whose last contact or "done" is dated after ``day``: typed
    while the computer's clock ran ahead, or planned ahead. Each row also carries
    ``contact_by``, their latest contact on or before ``day``. Usually none: two index
    probes (``people_last_contact``, the small ``reminder_state``) say so at once."""
    params = {"next": (day + timedelta(days=1)).isoformat(), "day": day.isoformat()}
    ids = [
        r[0]
        for r in conn.execute(
            "SELECT id FROM people WHERE last_contact_at >= :next UNION ALL "
            "SELECT person_id FROM reminder_state WHERE done_on > :day",
            params,
        )
    ]
    if person_id is not None:
        ids = [pid for pid in ids if pid == person_id]
    if not ids:
        return []
    return conn.execute(
        f"SELECT {PERSON_COLUMNS}, (SELECT max(e.occurred_at) FROM entry_people ep "
        "JOIN entries e ON e.id = ep.entry_id WHERE ep.person_id = p.id "
        "AND e.occurred_at < :next) AS contact_by "
        "FROM json_each(:ids) j JOIN people p ON p.id = j.value "
        "LEFT JOIN reminder_state s ON s.person_id = p.id WHERE p.archived = 0 "
        "AND p.deceased_on IS NULL",
        {**params, "ids": json.dumps(list(dict.fromkeys(ids)))},
    ).fetchall()


def person_rows(conn: Connection, ids: Iterable[str]) -> list[Any]:
    ids = list(dict.fromkeys(ids))
    if not ids:
        return []
    return conn.execute(
        f"SELECT {PERSON_COLUMNS} FROM json_each(?) j JOIN people p ON p.id = j.value "
        "LEFT JOIN reminder_state s ON s.person_id = p.id",
        (json.dumps(ids),),
    ).fetchall()


def person_row(conn: Connection, person_id: str) -> Any | None:
    return conn.execute(f"SELECT {PERSON_COLUMNS} {_FROM} WHERE p.id = ?", (person_id,)).fetchone()


# -- dated hooks --------------------------------------------------------------------------


@dataclass(frozen=True)
class DatedHook:
    """A date that makes a check-in timely: a promise due, a thread to ask about again,
    a life event's anniversary."""

    kind: str  # follow_up | thread | life_event
    person_id: str
    on: date
    source_id: str


def _ids_json(ids: Iterable[str]) -> str:
    return json.dumps(list(dict.fromkeys(ids)))


def hooks_for(
    conn: Connection, ids: Iterable[str], *, promises: tuple[date, date], threads: tuple[date, date]
) -> list[DatedHook]:
    """The dated hooks of these people: open promises due and threads to ask about in the
    given windows, and every life event fine to mention.

    One statement for the three kinds: each statement that reads a list of ids through
    ``json_each`` costs tens of microseconds before its first row under memory security,
    more than the few rows a day's pool has."""
    rows = conn.execute(
        "WITH j AS (SELECT value FROM json_each(:ids)) "
        # The unary + keeps the planner on follow_ups_person for the few people asked
        # about, instead of every open promise in the window.
        "SELECT 'follow_up', f.person_id, f.due_on, f.id FROM j JOIN follow_ups f "
        "ON f.person_id = j.value WHERE +f.done_on IS NULL "
        "AND +f.due_on BETWEEN :promise_first AND :promise_last "
        "UNION ALL SELECT 'thread', f.person_id, f.ask_again_on, f.id FROM j JOIN facets f "
        "ON f.person_id = j.value AND f.kind = 'working_on' WHERE f.mention_ok = 1 "
        "AND f.status = 'ongoing' AND f.ask_again_on BETWEEN :thread_first AND :thread_last "
        "UNION ALL SELECT 'life_event', f.person_id, f.event_date, f.id FROM j JOIN facets f "
        "ON f.person_id = j.value AND f.kind = 'life_event' WHERE f.mention_ok = 1 "
        "AND f.status != 'cancelled' AND f.event_date IS NOT NULL",
        {
            "ids": _ids_json(ids),
            "promise_first": promises[0].isoformat(),
            "promise_last": promises[1].isoformat(),
            "thread_first": threads[0].isoformat(),
            "thread_last": threads[1].isoformat(),
        },
    ).fetchall()
    hooks = [
        DatedHook(kind, pid, day, source)
        for kind, pid, on, source in rows
        if (day := stored_date(on)) is not None
    ]
    return sorted(hooks, key=lambda h: (h.person_id, h.kind, h.on, h.source_id))


def recently_met(
    conn: Connection, since: date, until: date, person_id: str | None = None
) -> dict[str, date]:
    """People whose first meeting may fall in [since, until]: met_on there, or no met_on,
    added to the journal since ``since`` and their first entry there (someone imported
    long ago and logged for the first time today is not a new acquaintance). Returns
    person id -> first day."""
    out: dict[str, date] = {}
    only = " AND p.id = :pid" if person_id else ""
    params = {
        "since": since.isoformat(),
        "until": until.isoformat(),
        "pid": person_id,
        "end": (until + timedelta(days=1)).isoformat(),
    }
    for r in conn.execute(
        f"SELECT p.id, p.met_on FROM people p WHERE p.archived = 0 AND p.met_on BETWEEN :since "
        f"AND :until AND p.placed = 1 AND p.deceased_on IS NULL{only}",
        params,
    ):
        if (met := stored_date(r[1])) is not None:
            out[r[0]] = met
    # From those added lately (people_unmet), not from everyone in touch this week.
    for r in conn.execute(
        "SELECT p.id, (SELECT min(e.occurred_at) FROM entry_people ep "
        "JOIN entries e ON e.id = ep.entry_id WHERE ep.person_id = p.id) AS first "
        "FROM people p INDEXED BY people_unmet WHERE p.archived = 0 AND p.met_on IS NULL "
        "AND p.created_at >= :since "
        "AND p.deceased_on IS NULL "
        f"AND p.last_contact_at >= :since AND p.last_contact_at < :end{only}",
        params,
    ):
        first = date_from_db(r[1])
        if first and since <= first <= until:
            out[r[0]] = first
    return out


def first_entries(conn: Connection, firsts: dict[str, date]) -> dict[str, tuple[str, str]]:
    """The first-meeting entry (kind, id) for each person, when there is one that day."""
    out: dict[str, tuple[str, str]] = {}
    for pid, day in firsts.items():
        rows = conn.execute(
            "SELECT e.occurred_at, e.id, e.kind FROM entry_people ep JOIN entries e "
            "ON e.id = ep.entry_id WHERE ep.person_id = ? AND e.occurred_at >= ? "
            "AND e.occurred_at < ?",
            (pid, day.isoformat(), (day + timedelta(days=1)).isoformat()),
        ).fetchall()
        if rows:
            first = min(tuple(r) for r in rows)
            out[pid] = (first[2], first[1])
    return out


# -- reconnecting with dormant ties --------------------------------------------------------


def reconnect_pool(conn: Connection, settings: JournalSettings, last_base: date) -> list[Any]:
    """People without a cadence, not archived or muted, whose baseline (before any
    "done", which the engine applies) is ``last_base`` or earlier: light rows (id, field,
    raw_base, done_on, snooze, skip) for the engine to rank, read from ``people_ties``."""
    return conn.execute(
        f"SELECT p.id, p.field, {RAW_BASE} AS raw_base, s.done_on, s.snooze_until, "
        f"s.skip_until {_FROM} WHERE {no_cadence_sql(settings)} AND p.archived = 0 "
        f"AND p.deceased_on IS NULL AND {RAW_BASE} <= ? AND NOT {hidden_sql(None)}",
        (last_base.isoformat(),),
    ).fetchall()


def unplaced_pool(conn: Connection, last_base: date) -> list[Any]:
    """People imported and not yet placed (``people_unplaced``), out of touch since
    ``last_base`` or earlier: they wait for the weekly reconnection, never fall due."""
    return conn.execute(
        f"SELECT p.id, p.field, {RAW_BASE} AS raw_base, s.done_on, s.snooze_until, "
        f"s.skip_until FROM people p INDEXED BY people_unplaced "
        "LEFT JOIN reminder_state s ON s.person_id = p.id WHERE p.placed = 0 "
        f"AND p.archived = 0 AND p.deceased_on IS NULL AND {RAW_BASE} <= ? "
        f"AND NOT {hidden_sql(None)}",
        (last_base.isoformat(),),
    ).fetchall()


def having_kinds(conn: Connection, ids: Iterable[str], kinds: Iterable[str]) -> dict[str, set[str]]:
    """Which of ``kinds`` each of these people has (only those with any)."""
    out: dict[str, set[str]] = {}
    kinds = list(kinds)
    if not kinds:
        return out
    for r in conn.execute(
        "SELECT k.person_id, k.kind FROM person_network_kinds k WHERE k.kind IN "
        "(SELECT value FROM json_each(?)) AND k.person_id IN (SELECT value FROM json_each(?))",
        (json.dumps(kinds), _ids_json(ids)),
    ):
        out.setdefault(r[0], set()).add(r[1])
    return out


def has_helped(conn: Connection, person_id: str) -> bool:
    """Whether they ever helped: a ledger "received", or something they can help with."""
    return (
        conn.execute(
            "SELECT EXISTS (SELECT 1 FROM ledger WHERE person_id = :id AND direction = 'received') "
            "OR EXISTS (SELECT 1 FROM facets WHERE person_id = :id AND kind = 'can_help_with')",
            {"id": person_id},
        ).fetchone()[0]
        == 1
    ) is True


def active_fields(conn: Connection, fields: Iterable[str], since: date) -> set[str]:
    """Which of ``fields`` (compared without case) someone in touch since ``since`` has."""
    wanted = list(dict.fromkeys(fields))
    if not wanted:
        return set()
    # One statement probing people_field once per value (a statement each cost more).
    return {
        r[0]
        for r in conn.execute(
            "SELECT j.value FROM json_each(?) j WHERE EXISTS (SELECT 1 FROM people "
            "WHERE field = j.value COLLATE NOCASE AND last_contact_at >= ? "
            "AND archived = 0 AND circle != 'dormant')",
            (json.dumps(wanted), since.isoformat()),
        )
    }


def active_kinds(conn: Connection, since: date) -> set[str]:
    """Network kinds present among people in touch since ``since``."""
    return {
        r[0]
        for r in conn.execute(
            "SELECT w.column1 FROM (VALUES ('operational'), ('personal'), ('strategic')) w "
            "WHERE EXISTS (SELECT 1 FROM person_network_kinds k JOIN people p "
            "ON p.id = k.person_id WHERE k.kind = w.column1 AND p.last_contact_at >= ? "
            "AND p.archived = 0 AND p.circle != 'dormant')",
            (since.isoformat(),),
        )
    }


def reconnect_settled(conn: Connection, settings: JournalSettings, first: date, last: date) -> bool:
    """Whether the week [first, last] already had its reconnection: a reconnect suggestion
    acted on, or a person without a cadence logged or marked done in it."""
    acted = conn.execute(
        "SELECT 1 FROM suggestion_log WHERE kind = 'reconnect' AND day BETWEEN ? AND ? "
        "AND event IN ('done', 'skipped', 'snoozed', 'muted') LIMIT 1",
        (first.isoformat(), last.isoformat()),
    ).fetchone()
    if acted:
        return True
    end = (last + timedelta(days=1)).isoformat()
    # Two index probes (the week's contacts by people_last_contact, which holds the
    # circle; the small reminder_state first, then each person by id) rather than one
    # OR, which walks every dormant person.
    return (
        conn.execute(
            "SELECT 1 FROM people p INDEXED BY people_last_contact WHERE p.last_contact_at "
            f">= :first AND p.last_contact_at < :end AND {no_cadence_sql(settings)} "
            "AND p.archived = 0 UNION ALL SELECT 1 FROM reminder_state s CROSS JOIN people p "
            "ON p.id = s.person_id WHERE s.done_on BETWEEN :first AND :last "
            f"AND {no_cadence_sql(settings)} AND p.archived = 0 LIMIT 1",
            {"first": first.isoformat(), "last": last.isoformat(), "end": end},
        ).fetchone()
        is not None
    )


# -- what phrasing needs for the few people suggested -------------------------------------


def facets_of(conn: Connection, ids: Iterable[str]) -> list[Any]:
    rows = conn.execute(
        "SELECT f.* FROM json_each(?) j JOIN facets f ON f.person_id = j.value", (_ids_json(ids),)
    ).fetchall()
    return sorted(rows, key=lambda r: (r["person_id"], r["position"], r["created_at"], r["id"]))


def open_promises(conn: Connection, ids: Iterable[str]) -> list[Any]:
    """Open follow-ups with the day they were promised (their entry's day, else when typed)."""
    rows = conn.execute(
        "SELECT f.id, f.person_id, f.text, f.due_on, "
        "coalesce(substr(e.occurred_at, 1, 10), substr(f.created_at, 1, 10)) AS promised_on "
        "FROM json_each(?) j JOIN follow_ups f ON f.person_id = j.value "
        "LEFT JOIN entries e ON e.id = f.entry_id WHERE +f.done_on IS NULL",
        (_ids_json(ids),),
    ).fetchall()
    return sorted(
        rows,
        key=lambda r: (
            r["person_id"],
            r["due_on"] is None,
            r["due_on"] or "",
            r["promised_on"] or "",
            r["id"],
        ),
    )


def latest_entries(conn: Connection, ids: Iterable[str]) -> dict[str, tuple[date, str, str]]:
    """Each person's latest entry: (day, title and body, entry id), for the hook of last
    resort ("last time you talked about ..."). One statement for all of them."""
    out: dict[str, tuple[date, str, str]] = {}
    wanted = _ids_json(ids)
    if wanted == "[]":
        return out
    for row in conn.execute(
        "SELECT j.value AS person_id, e.id, e.occurred_at, e.title, e.body FROM json_each(?) j "
        "JOIN entries e ON e.id = (SELECT e2.id FROM entry_people ep JOIN entries e2 "
        "ON e2.id = ep.entry_id WHERE ep.person_id = j.value "
        "ORDER BY e2.occurred_at DESC, e2.id DESC LIMIT 1)",
        (wanted,),
    ).fetchall():
        text = ". ".join(stored_text(t) for t in (row["title"], row["body"]) if t)
        on = stored_date(row["occurred_at"])
        if on is not None:  # an entry whose date is unreadable is no hook
            out[row["person_id"]] = (on, stored_text(text), row["id"])
    return out


def last_hooks(conn: Connection, ids: Iterable[str], before: date) -> dict[str, str]:
    """The fact each person's latest suggestion (before ``before``) was built on. One
    statement for all of them."""
    wanted = _ids_json(ids)
    if wanted == "[]":
        return {}
    return {
        pid: detail
        for pid, detail in conn.execute(
            "SELECT j.value, (SELECT detail FROM suggestion_log WHERE person_id = j.value "
            "AND day < ? AND event IN ('shown', 'suggested') AND detail != '' "
            "ORDER BY day DESC, at DESC LIMIT 1) FROM json_each(?) j",
            (before.isoformat(), wanted),
        ).fetchall()
        if detail is not None
    }


def ledger_since(conn: Connection, ids: Iterable[str], since: date) -> list[Any]:
    rows = conn.execute(
        "SELECT l.* FROM json_each(?) j JOIN ledger l ON l.person_id = j.value "
        "WHERE l.occurred_on >= ?",
        (_ids_json(ids), since.isoformat()),
    ).fetchall()
    return sorted(rows, key=lambda r: (r["person_id"], r["occurred_on"], r["id"]))


def contact_days(conn: Connection, ids: Iterable[str]) -> dict[str, list[date]]:
    """Distinct days in touch per person, oldest first (for learned cadences)."""
    ids = list(dict.fromkeys(ids))
    days: dict[str, set[str]] = {}
    rows: Iterable[Row]
    if len(ids) > 300:  # many (first learning): one pass over entries in table order
        wanted = set(ids)
        rows = conn.execute(
            "SELECT ep.person_id, e.occurred_at FROM entries e "
            "CROSS JOIN entry_people ep ON ep.entry_id = e.id"
        )
        rows = (r for r in rows if r[0] in wanted)
    else:
        rows = conn.execute(
            "SELECT ep.person_id, e.occurred_at FROM json_each(?) j "
            "JOIN entry_people ep ON ep.person_id = j.value JOIN entries e ON e.id = ep.entry_id",
            (_ids_json(ids),),
        )
    for pid, occurred in rows:
        days.setdefault(pid, set()).add(stored_text(occurred)[:10])
    return {
        pid: [day for d in sorted(found) if (day := stored_date(d)) is not None]
        for pid, found in days.items()
    }


def shown_days(conn: Connection, first: date, last: date) -> dict[str, list[date]]:
    """Person id -> the days in [first, last] a suggestion for them was made or shown."""
    out: dict[str, set[str]] = {}
    for pid, day in conn.execute(
        "SELECT person_id, day FROM suggestion_log WHERE day BETWEEN ? AND ? "
        "AND event IN ('shown', 'suggested')",
        (first.isoformat(), last.isoformat()),
    ):
        out.setdefault(pid, set()).add(day)
    return {
        pid: [day for d in sorted(days) if (day := stored_date(d)) is not None]
        for pid, days in out.items()
    }


# -- state --------------------------------------------------------------------------------


def stale_learned(conn: Connection) -> list[tuple[str, str | None]]:
    """People whose learned cadence predates their last contact: (id, last_contact_at)."""
    return [
        (r[0], r[1])
        for r in conn.execute(
            "SELECT p.id, p.last_contact_at FROM people p LEFT JOIN reminder_state s "
            "ON s.person_id = p.id WHERE p.archived = 0 AND p.circle != 'dormant' "
            "AND p.cadence_days IS NULL AND s.learned_from IS NOT p.last_contact_at"
        )
    ]


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


def store_learned(
    conn: Connection, rows: Sequence[tuple[str, int | None, str | None]], now: str
) -> None:
    ensure_state(conn, [r[0] for r in rows], now)
    conn.executemany(
        "UPDATE reminder_state SET learned_cadence_days = ?, learned_from = ?, updated_at = ? "
        "WHERE person_id = ?",
        [(days, basis, now, pid) for pid, days, basis in rows],
    )


def log_event(
    conn: Connection,
    *,
    day: date,
    suggestion_id: str,
    person_id: str,
    kind: str,
    event: str,
    capped: bool,
    at: str,
    until: date | None = None,
    detail: str = "",
) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO suggestion_log (day, suggestion_id, person_id, kind, event, "
        "capped, until, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            day.isoformat(),
            suggestion_id,
            person_id,
            kind,
            event,
            int(capped),
            until.isoformat() if until else None,
            detail,
            at,
        ),
    )


#: Events the log holds at most once per suggestion (``suggestion_log_once``).
LOGGED_ONCE = frozenset({"suggested", "shown"})


def logged_once(conn: Connection, suggestion_ids: Iterable[str], event: str) -> set[str]:
    """Which of these suggestions already have ``event`` (one of ``LOGGED_ONCE``) in the
    log, read from ``suggestion_log_once``."""
    return {
        r[0]
        for r in conn.execute(
            "SELECT suggestion_id FROM suggestion_log WHERE event = ? "
            "AND event IN ('suggested', 'shown') "
            "AND suggestion_id IN (SELECT value FROM json_each(?))",
            (event, _ids_json(suggestion_ids)),
        )
    }


def log_rows(conn: Connection, since: date, until: date | None = None) -> list[Any]:
    sql = (
        "SELECT l.*, CASE WHEN p.preferred_name != '' THEN p.preferred_name ELSE p.name END "
        "AS person_name FROM suggestion_log l JOIN people p ON p.id = l.person_id "
        "WHERE l.day >= ?"
    )
    params: list[Any] = [since.isoformat()]
    if until:
        sql += " AND l.day <= ?"
        params.append(until.isoformat())
    return conn.execute(sql + " ORDER BY l.day, l.at, l.id", params).fetchall()
