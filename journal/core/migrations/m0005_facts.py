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

-- What was read in an entry, waiting for the user. kind: new_fact (facet_kind + text),
-- fact_status (facet_id + new_status), promise (text, due_on: something the user said
-- they would do), promise_kept (follow_up_id), life_event (text, event_date).
CREATE TABLE proposals (
    id TEXT PRIMARY KEY,
    entry_id TEXT REFERENCES entries (id) ON DELETE CASCADE,
    person_id TEXT REFERENCES people (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('new_fact', 'fact_status', 'promise',
                                       'promise_kept', 'life_event')),
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


def apply(conn: Any) -> None:
    """Date every existing fact as confirmed when it was noted (or created): a fact
    nobody has confirmed since is asked about as "what came of ...", not as news."""
    conn.execute("UPDATE facets SET confirmed_on = coalesce(noted_on, substr(created_at, 1, 10))")
