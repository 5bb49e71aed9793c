"""A journal made by an older version opens, and is migrated safely, in a newer one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from journal.core import migrations
from journal.core.journal import Journal
from journal.core.model import Circle, FacetKind
from journal.core.paths import JournalPaths

FIXTURE = Path(__file__).parents[1] / "fixtures" / "journal-schema1"
PASSPHRASE = "schema one passphrase"


@pytest.fixture
def schema1(tmp_path) -> JournalPaths:
    root = tmp_path / "old"
    shutil.copytree(FIXTURE, root)
    return JournalPaths(root)


def test_migrations_are_numbered_without_gaps():
    versions = [m.version for m in migrations.all_migrations()]
    assert versions == list(range(1, len(versions) + 1))


def test_a_schema_1_journal_opens_with_everything_in_it(schema1):
    with Journal.open(schema1, PASSPHRASE) as journal:
        version = journal.store.query("PRAGMA user_version")[0][0]
        assert version == migrations.latest_version()
        ana = journal.find_people("Ana Lima")[0]
        assert ana.circle is Circle.CLOSE and ana.preferred_name == "Ana"
        assert {f.kind for f in ana.facets} >= {FacetKind.HOBBY, FacetKind.WORKING_ON}
        assert [c.value for c in ana.channels] == ["ana@example.org"]
        entry = journal.query_entries()[0]
        assert entry.title == "Coffee with Ana"
        assert [f.text for f in journal.open_follow_ups(ana.id)] == [
            "Send Ana the sourdough article"
        ]
        assert journal.balance(ana.id).given == 1


def test_migrating_keeps_an_encrypted_copy_of_the_old_journal(schema1):
    if migrations.latest_version() == 1:
        pytest.skip("only one schema version exists: nothing to migrate yet")
    with Journal.open(schema1, PASSPHRASE):
        pass
    copies = list(schema1.backups.glob("before-schema-2-*"))
    assert len(copies) == 1
    # "Ana Lima", not "Ana": three bytes turn up by chance in ~1% of 170 KB of ciphertext.
    assert b"Ana Lima" not in copies[0].read_bytes()
    assert copies[0].stat().st_mode & 0o777 == 0o600


def test_a_failing_migration_leaves_the_previous_version_intact(tmp_path, make_journal):
    journal = make_journal()
    conn = journal.store.conn
    version = conn.execute("PRAGMA user_version").fetchone()[0]

    class Broken:
        SQL = "CREATE TABLE half_done (x);\nINSERT INTO no_such_table VALUES (1);"

    step = migrations.Migration(version + 1, "m9999_broken", Broken)  # type: ignore[arg-type]
    with pytest.raises(Exception, match="no_such_table"):
        step.run(conn)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == version
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in tables


def test_split_statements_keeps_triggers_whole():
    script = """
    CREATE TABLE a (x);
    -- a comment
    CREATE TRIGGER t AFTER INSERT ON a BEGIN
        INSERT INTO a VALUES (1);
        SELECT 1;
    END;
    """
    statements = migrations.split_statements(script)
    assert len(statements) == 2
    assert statements[1].rstrip().endswith("END;")


def test_a_migrated_journal_answers_stale_learned_cadences_from_the_new_index(schema1):
    """m0013: with learned cadences on, every fresh Today asks this; a journal migrated
    from an old version must get the index too, or each Today reads every person's row."""
    from journal.core import reminders

    with Journal.open(schema1, PASSPHRASE) as journal:
        conn = journal.store.conn
        plan = " ".join(
            str(row[3])
            for row in conn.execute(
                "EXPLAIN QUERY PLAN SELECT p.id, p.last_contact_at FROM people p "
                "LEFT JOIN reminder_state s ON s.person_id = p.id WHERE p.archived = 0 "
                "AND p.circle != 'dormant' AND p.cadence_days IS NULL "
                "AND s.learned_from IS NOT p.last_contact_at"
            )
        )
        assert "people_learn_stale" in plan
        everyone = {
            (r[0], r[1])
            for r in conn.execute(
                "SELECT p.id, p.last_contact_at FROM people p NOT INDEXED "
                "LEFT JOIN reminder_state s ON s.person_id = p.id WHERE p.archived = 0 "
                "AND p.circle != 'dormant' AND p.cadence_days IS NULL "
                "AND s.learned_from IS NOT p.last_contact_at"
            )
        }
        assert everyone and set(reminders.stale_learned(conn)) == everyone
