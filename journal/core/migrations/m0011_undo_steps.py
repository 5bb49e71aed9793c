"""Schema 11: one persistent undo log for every operation (see ``core/operations``).

Each row is one step a user can undo with Ctrl+Z, newest last: its label ("Moved Ana
to the trash"), when it was done, what it changed (kinds and ids, for the views) and
the rows it changed, each as it was before and after the step. It lives inside the
encrypted journal (never in a temporary file), is bounded (``operations.KEEP_STEPS``
steps, ``operations.KEEP_DAYS`` days) and is this computer's own: it is not synced,
not exported and not put in the trash.
"""

SQL = """
CREATE TABLE undo_steps (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    at TEXT NOT NULL,
    change TEXT NOT NULL,
    rows TEXT NOT NULL
);
"""
