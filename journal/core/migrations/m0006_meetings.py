"""Schema 6: meetings read from the user's calendar files, and what came of them.

Only what a brief and a reflection need is kept (inside the encrypted journal, like
everything): the event's uid and recurrence id, when, title, place, and its attendees
(address, name, and the person each turned out to be). The calendar files themselves
are never copied. ``resolution`` is what the user made of a meeting that happened:
an entry written, "We met" (an entry without words), or dismissed; until then a meeting
does not count as being in touch.
"""

SQL = """
CREATE TABLE meetings (
    id TEXT PRIMARY KEY,
    uid TEXT NOT NULL,
    recurrence_id TEXT NOT NULL DEFAULT '',
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    all_day INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL DEFAULT '',
    location TEXT NOT NULL DEFAULT '',
    -- Still in the calendar at the last read (0: cancelled, declined or deleted since).
    present INTEGER NOT NULL DEFAULT 1,
    briefed_at TEXT,
    prompted_at TEXT,
    resolution TEXT CHECK (resolution IS NULL OR resolution IN ('reflected', 'met',
                                                                'dismissed')),
    resolved_at TEXT,
    entry_id TEXT REFERENCES entries (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (uid, recurrence_id)
);
CREATE INDEX meetings_start ON meetings (starts_at);
CREATE INDEX meetings_end ON meetings (ends_at, resolution);

CREATE TABLE meeting_attendees (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    -- The person this attendee is (matched by address, or by name once confirmed).
    person_id TEXT REFERENCES people (id) ON DELETE SET NULL,
    -- A person with this attendee's name, waiting for the user to confirm it is them.
    candidate_id TEXT REFERENCES people (id) ON DELETE SET NULL,
    PRIMARY KEY (meeting_id, position)
) WITHOUT ROWID;
CREATE INDEX meeting_attendees_person ON meeting_attendees (person_id);

-- The user's answers to "Is Kwame Mensah in this meeting the Kwame Mensah you know?",
-- remembered so that it is asked once per name.
CREATE TABLE attendee_names (
    name TEXT PRIMARY KEY COLLATE NOCASE,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    same INTEGER NOT NULL,
    decided_at TEXT NOT NULL
) WITHOUT ROWID;
"""
