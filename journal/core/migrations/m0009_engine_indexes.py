"""Schema 9: indexes that let Today read only index pages on a large journal.

Under SQLCipher's memory security every table row SQLite reads costs a few
microseconds, so the engine's day-to-day queries are answered from indexes alone:

- ``facets_ask_again`` and ``facets_event_day`` also hold ``status``: the threads to
  ask about again and the life events near their anniversary skip finished or
  cancelled facts without reading each facet (700 rows a day at 10k people).
- ``people_ties`` also holds ``deceased_on``: the week's reconnection reads its
  thousand dormant ties without reading each person.
- ``people_last_contact`` also holds circle, archived and cadence: "was a dormant tie
  logged this week?" reads the week's contacts from the index.
- ``follow_ups_due`` also holds ``done_on``: promises due in a window are read from
  the index (the planner preferred ``follow_ups_open`` and read every promise's row).
- ``follow_ups_person`` also holds what the promises due of the day's few people
  are checked by (done, due, id): read from the index, not from each promise's row.
- ``people_unmet``: people added without a first-meeting date, by when they were
  added, so "met for the first time this week" reads the few added lately instead of
  everyone in touch this week.
"""

SQL = """
DROP INDEX IF EXISTS facets_ask_again;
CREATE INDEX facets_ask_again ON facets (
    ask_again_on, kind, mention_ok, status, person_id, CAST(julianday(ask_again_on) AS INTEGER))
    WHERE ask_again_on IS NOT NULL;
DROP INDEX IF EXISTS facets_event_day;
CREATE INDEX facets_event_day ON facets (
    substr(event_date, 6, 5), event_date, kind, mention_ok, status, person_id)
    WHERE event_date IS NOT NULL;
DROP INDEX IF EXISTS people_ties;
CREATE INDEX people_ties ON people (
    circle, archived, deceased_on,
    coalesce(substr(last_contact_at, 1, 10), met_on, substr(created_at, 1, 10)),
    field, cadence_days, id);
DROP INDEX IF EXISTS people_last_contact;
CREATE INDEX people_last_contact ON people (last_contact_at, circle, archived, cadence_days);
CREATE INDEX people_unmet ON people (created_at) WHERE met_on IS NULL;
DROP INDEX IF EXISTS follow_ups_person;
CREATE INDEX follow_ups_person ON follow_ups (person_id, done_on, due_on, id);
DROP INDEX IF EXISTS follow_ups_due;
CREATE INDEX follow_ups_due ON follow_ups (due_on, person_id, done_on)
    WHERE done_on IS NULL AND person_id IS NOT NULL;
"""
