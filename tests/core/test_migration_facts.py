"""Schema 5 on a journal that already holds an address-book import: the imported people
never in touch wait unplaced; people typed in or ever met stay placed; facts are dated."""

from __future__ import annotations

import sqlite3

from journal.core import migrations


def test_schema_5_unplaces_an_old_import_and_dates_facts():
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.row_factory = sqlite3.Row
    steps = migrations.all_migrations()
    for step in steps[:4]:
        step.run(conn)
    batch = "2025-01-10T10:00:00Z"

    def person(pid: str, created: str, circle: str = "acquaintance") -> None:
        conn.execute(
            "INSERT INTO people (id, name, circle, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            (pid, f"Name {pid}", circle, created, created),
        )

    for i in range(12):
        person(f"imp{i}", batch)
    person("typed", "2025-02-01T09:00:00Z")
    conn.execute(
        "INSERT INTO entries (id, occurred_at, kind, created_at, updated_at) "
        "VALUES ('e1', '2025-03-01T12:00:00', 'meeting', ?, ?)",
        (batch, batch),
    )
    conn.execute("INSERT INTO entry_people (entry_id, person_id) VALUES ('e1', 'imp0')")
    conn.execute(
        "INSERT INTO facets (id, person_id, kind, text, created_at, updated_at) "
        "VALUES ('f1', 'typed', 'working_on', 'a novel', '2025-02-02T09:00:00Z', ?)",
        (batch,),
    )
    steps[4].run(conn)
    placed = {r["id"]: r["placed"] for r in conn.execute("SELECT id, placed FROM people")}
    assert placed["imp0"] == 1, "met once: placed"
    assert placed["typed"] == 1, "typed in by hand: placed"
    assert all(placed[f"imp{i}"] == 0 for i in range(1, 12))
    row = conn.execute("SELECT status, confirmed_on FROM facets WHERE id = 'f1'").fetchone()
    assert (row["status"], row["confirmed_on"]) == ("ongoing", "2025-02-02")
    # A contact logged later, or a circle given, places them.
    conn.execute("INSERT INTO entry_people (entry_id, person_id) VALUES ('e1', 'imp1')")
    conn.execute("UPDATE people SET circle = 'close' WHERE id = 'imp2'")
    conn.execute("UPDATE people SET name = 'Renamed' WHERE id = 'imp3'")
    placed = {r["id"]: r["placed"] for r in conn.execute("SELECT id, placed FROM people")}
    assert (placed["imp1"], placed["imp2"], placed["imp3"]) == (1, 1, 0)
