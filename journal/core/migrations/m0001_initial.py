"""Schema 1: people and the personal side of each connection, entries, follow-ups,
the reciprocity ledger, settings, drafts and the trash."""

SQL = """
CREATE TABLE people (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    preferred_name TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    field TEXT NOT NULL DEFAULT '',
    location TEXT NOT NULL DEFAULT '',
    met_how TEXT NOT NULL DEFAULT '',
    met_on TEXT,
    circle TEXT NOT NULL DEFAULT 'network'
        CHECK (circle IN ('inner', 'close', 'network', 'acquaintance', 'dormant')),
    cadence_days INTEGER CHECK (cadence_days IS NULL OR cadence_days > 0),
    birthday_month INTEGER CHECK (birthday_month IS NULL OR birthday_month BETWEEN 1 AND 12),
    birthday_day INTEGER CHECK (birthday_day IS NULL OR birthday_day BETWEEN 1 AND 31),
    birthday_year INTEGER,
    notes TEXT NOT NULL DEFAULT '',
    archived INTEGER NOT NULL DEFAULT 0,
    last_contact_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX people_name ON people (name COLLATE NOCASE);
CREATE INDEX people_circle ON people (circle, archived);
CREATE INDEX people_organisation ON people (organisation COLLATE NOCASE);

CREATE TABLE person_network_kinds (
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('operational', 'personal', 'strategic')),
    PRIMARY KEY (person_id, kind)
) WITHOUT ROWID;
CREATE INDEX person_network_kinds_kind ON person_network_kinds (kind, person_id);

CREATE TABLE person_tags (
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    tag TEXT NOT NULL CHECK (length(trim(tag)) > 0),
    PRIMARY KEY (person_id, tag)
) WITHOUT ROWID;
CREATE INDEX person_tags_tag ON person_tags (tag, person_id);

CREATE TABLE channels (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    kind TEXT NOT NULL
        CHECK (kind IN ('email', 'phone', 'address', 'url', 'social', 'other')),
    value TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX channels_person ON channels (person_id, position);
CREATE INDEX channels_value ON channels (kind, value COLLATE NOCASE);

CREATE TABLE entries (
    id TEXT PRIMARY KEY,
    occurred_at TEXT NOT NULL,
    kind TEXT NOT NULL
        CHECK (kind IN ('meeting', 'call', 'message', 'event', 'reflection')),
    title TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX entries_occurred ON entries (occurred_at);

CREATE TABLE entry_people (
    entry_id TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (entry_id, person_id)
) WITHOUT ROWID;
CREATE INDEX entry_people_person ON entry_people (person_id, entry_id);

CREATE TABLE facets (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('hobby', 'background', 'family', 'life_event',
                                       'working_on', 'can_help_with', 'could_offer')),
    text TEXT NOT NULL CHECK (length(trim(text)) > 0),
    detail TEXT NOT NULL DEFAULT '',
    shared INTEGER NOT NULL DEFAULT 0,
    mention_ok INTEGER NOT NULL DEFAULT 1,
    ask_again_on TEXT,
    event_date TEXT,
    noted_on TEXT,
    source_entry_id TEXT REFERENCES entries (id) ON DELETE SET NULL,
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX facets_person ON facets (person_id, kind, position);
CREATE INDEX facets_source ON facets (source_entry_id);

CREATE TABLE follow_ups (
    id TEXT PRIMARY KEY,
    text TEXT NOT NULL CHECK (length(trim(text)) > 0),
    due_on TEXT,
    person_id TEXT REFERENCES people (id) ON DELETE CASCADE,
    entry_id TEXT REFERENCES entries (id) ON DELETE CASCADE,
    done_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX follow_ups_open ON follow_ups (done_on, due_on);
CREATE INDEX follow_ups_person ON follow_ups (person_id);
CREATE INDEX follow_ups_entry ON follow_ups (entry_id);

CREATE TABLE ledger (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    direction TEXT NOT NULL CHECK (direction IN ('given', 'received')),
    kind TEXT NOT NULL CHECK (kind IN ('introduction', 'advice', 'favour', 'gift', 'other')),
    description TEXT NOT NULL DEFAULT '',
    occurred_on TEXT NOT NULL,
    entry_id TEXT REFERENCES entries (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX ledger_person ON ledger (person_id, occurred_on);
CREATE INDEX ledger_entry ON ledger (entry_id);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE drafts (
    id TEXT PRIMARY KEY,
    payload TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE trash (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    payload TEXT NOT NULL,
    deleted_at TEXT NOT NULL
);
CREATE INDEX trash_deleted ON trash (deleted_at);

-- Last contact is derived from entries and kept in step by triggers, so that "who is
-- due" never has to scan 100k entries.
CREATE TRIGGER entry_people_last_contact_insert AFTER INSERT ON entry_people BEGIN
    UPDATE people SET last_contact_at = max(
        coalesce(last_contact_at, ''),
        (SELECT occurred_at FROM entries WHERE id = NEW.entry_id))
    WHERE id = NEW.person_id;
END;
CREATE TRIGGER entry_people_last_contact_delete AFTER DELETE ON entry_people BEGIN
    UPDATE people SET last_contact_at = (
        SELECT MAX(e.occurred_at) FROM entry_people ep JOIN entries e ON e.id = ep.entry_id
        WHERE ep.person_id = OLD.person_id)
    WHERE id = OLD.person_id;
END;
CREATE TRIGGER entries_last_contact_update AFTER UPDATE OF occurred_at ON entries BEGIN
    UPDATE people SET last_contact_at = (
        SELECT MAX(e.occurred_at) FROM entry_people ep JOIN entries e ON e.id = ep.entry_id
        WHERE ep.person_id = people.id)
    WHERE id IN (SELECT person_id FROM entry_people WHERE entry_id = NEW.id);
END;
"""
