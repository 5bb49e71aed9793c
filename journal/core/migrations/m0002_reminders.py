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

-- So that "who is due today" reads a few index entries, not 10,000 people: the most
-- overdue of each circle come first in people_due (the expression is the baseline the
-- engine counts from, reminders.RAW_BASE); people_schedule answers the ranking columns
-- (the circle as a number and that baseline as a day number, computed once per write
-- rather than per query: see reminders.py on memory security)
-- for a hook's people without touching their rows; the rest find dated hooks.
CREATE INDEX people_due ON people (
    circle, coalesce(substr(last_contact_at, 1, 10), met_on, substr(created_at, 1, 10)), id)
    WHERE archived = 0 AND cadence_days IS NULL;
CREATE INDEX people_schedule ON people (
    id, archived,
    CASE circle WHEN 'inner' THEN 0 WHEN 'close' THEN 1 WHEN 'network' THEN 2
                WHEN 'acquaintance' THEN 3 ELSE 4 END,
    cadence_days,
    CAST(julianday(coalesce(substr(last_contact_at, 1, 10), met_on, substr(created_at, 1, 10)))
         AS INTEGER));
CREATE INDEX people_cadence ON people (cadence_days) WHERE cadence_days IS NOT NULL;
CREATE INDEX people_birthday ON people (birthday_month, birthday_day)
    WHERE birthday_month IS NOT NULL;
CREATE INDEX people_met ON people (met_on) WHERE met_on IS NOT NULL;
CREATE INDEX people_last_contact ON people (last_contact_at);
CREATE INDEX people_field ON people (field COLLATE NOCASE, last_contact_at);
CREATE INDEX people_ties ON people (
    circle, archived,
    coalesce(substr(last_contact_at, 1, 10), met_on, substr(created_at, 1, 10)),
    field, cadence_days, id);
CREATE INDEX facets_ask_again ON facets (
    ask_again_on, kind, mention_ok, person_id, CAST(julianday(ask_again_on) AS INTEGER))
    WHERE ask_again_on IS NOT NULL;
CREATE INDEX follow_ups_due ON follow_ups (due_on, person_id)
    WHERE done_on IS NULL AND person_id IS NOT NULL;
CREATE INDEX facets_event_day ON facets (
    substr(event_date, 6, 5), event_date, kind, mention_ok, person_id)
    WHERE event_date IS NOT NULL;

CREATE TRIGGER entry_people_clears_reminder AFTER INSERT ON entry_people BEGIN
    UPDATE reminder_state
    SET snooze_until = NULL, skip_until = NULL, skip_streak = 0, offer_cadence_days = NULL
    WHERE person_id = NEW.person_id
      AND (snooze_until IS NOT NULL OR skip_until IS NOT NULL OR skip_streak != 0
           OR offer_cadence_days IS NOT NULL);
END;
"""
