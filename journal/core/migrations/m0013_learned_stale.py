"""Schema 13: an index that answers "whose learned cadence is stale?" from index pages.

With learned cadences on, every Today worked out afresh asks which people were in
touch since their cadence was learned (``reminders.stale_learned``). Without this it
reads the row of each of 9,000 people (13 ms of CPU under SQLCipher's memory security
on the 10k journal); from this partial index, which holds exactly the people the
question is about and the two columns it compares, 2.7 ms.
"""

SQL = """
CREATE INDEX people_learn_stale ON people (id, last_contact_at)
    WHERE archived = 0 AND circle != 'dormant' AND cadence_days IS NULL;
"""
