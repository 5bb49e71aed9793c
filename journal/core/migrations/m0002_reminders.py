"""Schema 2: the reminder engine's memory.

``reminder_state`` holds what the user told the engine about each person (snoozed until,
skipped until and how many times in a row, muted, last marked done, a longer cadence on
offer) and the cadence it learned from their rhythm. ``suggestion_log`` records what was
suggested or shown on which day and what the user did with it, for "check-ins suggested
vs logged" in the insights. Both reference people with ON DELETE CASCADE, so the trash
carries them away and brings them back with the person.

Logging any entry with someone clears their snooze and skip (and the run of skips):
a trigger on ``entry_people`` does it in the same transaction as the entry, whatever the
entry's date, so no caller can forget.
"""

SQL = """
CREATE TABLE reminder_state (
    person_id TEXT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    snooze_until TEXT,
    skip_until TEXT,
    skip_streak INTEGER NOT NULL DEFAULT 0 CHECK (skip_streak >= 0),
    muted INTEGER NOT NULL DEFAULT 0,
    done_on TEXT,
    offer_cadence_days INTEGER CHECK (offer_cadence_days IS NULL OR offer_cadence_days > 0),
    learned_cadence_days INTEGER,
    learned_from TEXT,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE suggestion_log (
    id INTEGER PRIMARY KEY,
    day TEXT NOT NULL,
    suggestion_id TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    event TEXT NOT NULL CHECK (event IN ('suggested', 'shown', 'done', 'snoozed', 'skipped',
                                         'muted', 'unmuted', 'cadence_changed',
                                         'cadence_kept')),
    capped INTEGER NOT NULL DEFAULT 1,
    until TEXT,
    detail TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL
);
CREATE INDEX suggestion_log_day ON suggestion_log (day, event);
CREATE INDEX suggestion_log_person ON suggestion_log (person_id, day);
CREATE UNIQUE INDEX suggestion_log_once ON suggestion_log (suggestion_id, event)
    WHERE event IN ('suggested', 'shown');

-- The engine's dated hooks, found without scanning every facet.
CREATE INDEX facets_ask_again ON facets (ask_again_on) WHERE ask_again_on IS NOT NULL;
CREATE INDEX facets_event_date ON facets (event_date) WHERE event_date IS NOT NULL;
CREATE INDEX people_birthday ON people (birthday_month, birthday_day)
    WHERE birthday_month IS NOT NULL;

CREATE TRIGGER entry_people_clears_reminder AFTER INSERT ON entry_people BEGIN
    UPDATE reminder_state
    SET snooze_until = NULL, skip_until = NULL, skip_streak = 0, offer_cadence_days = NULL
    WHERE person_id = NEW.person_id
      AND (snooze_until IS NOT NULL OR skip_until IS NOT NULL OR skip_streak != 0
           OR offer_cadence_days IS NOT NULL);
END;
"""
