"""Schema 4: typed links between people, duplicate pairs dismissed for good, and an
entry's people kept right when one is re-pointed to another (merging people): last
contact on both sides, and the search index (schema 3 indexes an entry under the names
of its people, but only refreshes that on insert and delete)."""

from typing import Any

from journal.core.migrations.m0003_search import _refresh_entry

SQL = """
-- One row per relationship. Directional kinds read "a is b's <kind>" (a is Leo's parent,
-- a is Kofi's introducer, a is Mei's manager, a is Jonas's mentor); symmetric kinds
-- (partner, sibling, friend, colleague, knows) store either order and the code treats
-- (a, b) and (b, a) as the same link. a_word/b_word keep the user's own word for each
-- side ("son", "wife") when it says more than the kind.
CREATE TABLE person_links (
    id TEXT PRIMARY KEY,
    a_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    b_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('partner', 'parent', 'sibling', 'friend',
                                       'colleague', 'manager', 'mentor', 'introduced',
                                       'knows')),
    a_word TEXT NOT NULL DEFAULT '',
    b_word TEXT NOT NULL DEFAULT '',
    since TEXT,
    entry_id TEXT REFERENCES entries (id) ON DELETE SET NULL,
    note TEXT NOT NULL DEFAULT '',
    mention_ok INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (a_id != b_id)
);
CREATE UNIQUE INDEX person_links_pair ON person_links (a_id, b_id, kind);
CREATE INDEX person_links_b ON person_links (b_id, kind);
CREATE INDEX person_links_entry ON person_links (entry_id);

-- "These two are not the same person": never suggested as duplicates again.
CREATE TABLE duplicate_dismissals (
    a_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    b_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    dismissed_at TEXT NOT NULL,
    PRIMARY KEY (a_id, b_id),
    CHECK (a_id != b_id)
) WITHOUT ROWID;
CREATE INDEX duplicate_dismissals_b ON duplicate_dismissals (b_id, a_id);

-- Schema 1 keeps last contact on insert and delete; a merge moves entries from one
-- person to another by UPDATE, so both sides are kept then too: the new side can only
-- move forward, and the old side is recomputed only if it lost its latest entry (so
-- moving a thousand entries stays linear).
CREATE TRIGGER entry_people_last_contact_repoint AFTER UPDATE OF person_id ON entry_people
WHEN OLD.person_id IS NOT NEW.person_id
BEGIN
    UPDATE people SET last_contact_at = max(
        coalesce(last_contact_at, ''),
        (SELECT occurred_at FROM entries WHERE id = NEW.entry_id))
    WHERE id = NEW.person_id;
    UPDATE people SET last_contact_at = (
        SELECT MAX(e.occurred_at) FROM entry_people ep JOIN entries e ON e.id = ep.entry_id
        WHERE ep.person_id = OLD.person_id)
    WHERE id = OLD.person_id
      AND last_contact_at IS (SELECT occurred_at FROM entries WHERE id = OLD.entry_id);
END;
"""


def apply(conn: Any) -> None:
    conn.execute(f"""
CREATE TRIGGER entry_people_fts_repoint AFTER UPDATE OF person_id ON entry_people
WHEN OLD.person_id IS NOT NEW.person_id
BEGIN
    {_refresh_entry("NEW.entry_id")}
END""")
