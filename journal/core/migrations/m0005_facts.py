"""Schema 5: facts with a life, and what the user's reflections propose.

A detail about someone (what they are working on, a life event, what they could use) is
only worth asking about while it is true, so each facet gains a status and the date it
was last confirmed. People gain optional pronouns, a date of death (no check-ins, no
birthday wishes, their page stays) and whether they have been "placed": people imported
from an address book with no contact recorded wait unplaced instead of crowding Today.
Proposals are what Rapport read in an entry (a new fact, news about a fact it holds, a
promise made or kept, a life event), kept for the user to accept, edit or dismiss:
nothing read from a reflection is applied silently.
"""

from typing import Any

SQL = """
ALTER TABLE facets ADD COLUMN status TEXT NOT NULL DEFAULT 'ongoing'
    CHECK (status IN ('ongoing', 'done', 'cancelled'));
ALTER TABLE facets ADD COLUMN confirmed_on TEXT;
ALTER TABLE facets ADD COLUMN status_changed_on TEXT;

ALTER TABLE people ADD COLUMN pronouns TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN deceased_on TEXT;
ALTER TABLE people ADD COLUMN placed INTEGER NOT NULL DEFAULT 1;

-- A kept promise is a give: the ledger row it made, so reopening the promise takes it back.
ALTER TABLE ledger ADD COLUMN follow_up_id TEXT REFERENCES follow_ups (id) ON DELETE SET NULL;
CREATE INDEX ledger_follow_up ON ledger (follow_up_id);

-- The engine's ranking reads people_schedule without touching rows: it now also leaves
-- out the dead and the imported-not-yet-placed, so both columns join the index.
DROP INDEX people_schedule;
CREATE INDEX people_schedule ON people (
    id, archived, placed, deceased_on,
    CASE circle WHEN 'inner' THEN 0 WHEN 'close' THEN 1 WHEN 'network' THEN 2
                WHEN 'acquaintance' THEN 3 ELSE 4 END,
    cadence_days,
    CAST(julianday(coalesce(substr(last_contact_at, 1, 10), met_on, substr(created_at, 1, 10)))
         AS INTEGER));
-- Imported people waiting to be placed: the weekly reconnection may offer one of them.
CREATE INDEX people_unplaced ON people (id) WHERE placed = 0;

-- Someone imported and not yet placed is placed the moment a contact is logged with them
-- or the user gives them a circle, whichever way that happens (editor, CLI, import).
CREATE TRIGGER entry_people_placed AFTER INSERT ON entry_people BEGIN
    UPDATE people SET placed = 1 WHERE id = NEW.person_id AND placed = 0;
END;
CREATE TRIGGER entry_people_placed_repoint AFTER UPDATE OF person_id ON entry_people BEGIN
    UPDATE people SET placed = 1 WHERE id = NEW.person_id AND placed = 0;
END;
CREATE TRIGGER people_placed_by_circle AFTER UPDATE OF circle ON people
WHEN NEW.circle != OLD.circle AND NEW.placed = 0 BEGIN
    UPDATE people SET placed = 1 WHERE id = NEW.id;
END;

-- What was read in an entry, waiting for the user. kind: new_fact (facet_kind + text),
-- fact_status (facet_id + new_status), promise (text, due_on: something the user said
-- they would do), promise_kept (follow_up_id), life_event (text, event_date), deceased
-- (event_date: the person in the entry died; accepting marks them deceased).
CREATE TABLE proposals (
    id TEXT PRIMARY KEY,
    entry_id TEXT REFERENCES entries (id) ON DELETE CASCADE,
    person_id TEXT REFERENCES people (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('new_fact', 'fact_status', 'promise',
                                       'promise_kept', 'life_event', 'deceased')),
    facet_kind TEXT,
    facet_id TEXT REFERENCES facets (id) ON DELETE CASCADE,
    follow_up_id TEXT REFERENCES follow_ups (id) ON DELETE CASCADE,
    new_status TEXT CHECK (new_status IS NULL OR new_status IN ('ongoing', 'done',
                                                                'cancelled')),
    text TEXT NOT NULL DEFAULT '',
    due_on TEXT,
    event_date TEXT,
    sentence TEXT NOT NULL DEFAULT '',
    confidence REAL NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'accepted', 'dismissed')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX proposals_entry ON proposals (entry_id);
CREATE INDEX proposals_pending ON proposals (state, person_id);
"""


#: An address-book import adds people by the hundred in the same second; a person typed in
#: by hand never arrives with this many others.
IMPORT_BATCH_MIN = 10


def apply(conn: Any) -> None:
    """Date every existing fact as confirmed when it was noted (or created): a fact
    nobody has confirmed since is asked about as "what came of ...", not as news.

    People who came from an address-book import (added in a batch, still in the circle
    the import gave them) and were never in touch wait as "imported, not yet placed"
    instead of falling due all at once."""
    conn.execute("UPDATE facets SET confirmed_on = coalesce(noted_on, substr(created_at, 1, 10))")
    conn.execute(
        "UPDATE people SET placed = 0 WHERE circle = 'acquaintance' AND last_contact_at IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM entry_people ep WHERE ep.person_id = people.id) "
        "AND created_at IN (SELECT created_at FROM people GROUP BY created_at "
        "HAVING count(*) >= ?)",
        (IMPORT_BATCH_MIN,),
    )
