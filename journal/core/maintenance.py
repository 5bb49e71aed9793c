"""The journal's daily upkeep: the page check, the automatic encrypted backup, and a
tidy search index.

Both are cheap to skip and safe to repeat, but neither should run more than once a day:
the day of the last run is kept inside the journal (``LAST_RUN_KEY``), so the app may
call ``run_daily`` at every unlock and from its midnight wake-up and only the first call
of a day does anything. A step that fails (a full disk, a read-only backups folder)
does not stop the other, never raises, and comes back as one sentence for the user in
the report: the app shows it once, and tries again the next day.
"""

from __future__ import annotations

import errno
import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from journal.core import backup, search
from journal.core.errors import DiskFull, JournalError, NotAJournal

if TYPE_CHECKING:
    from journal.core.journal import Journal

log = logging.getLogger(__name__)

#: The journal setting holding the ISO day of the last run.
LAST_RUN_KEY = "maintenance.last_day"
#: How many merge steps the index tidy may take in one run (each a short transaction).
TIDY_STEPS = 200


@dataclass(frozen=True)
class MaintenanceReport:
    """What the day's upkeep did. ``ran`` is False when it had already run that day."""

    day: date
    ran: bool
    #: The automatic backup made today, or None (not due, turned off, or failed).
    backup: Path | None = None
    #: Merge steps the search index took (0 when it was already tidy).
    index_steps: int = 0
    #: What went wrong, in sentences for the user (empty when all went well).
    problems: tuple[str, ...] = ()
    #: The page check found the file damaged: writes are stopped, nothing else ran.
    damaged: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def last_run(journal: Journal) -> date | None:
    """The day the upkeep last ran on this journal, if ever."""
    value = journal.get_setting(LAST_RUN_KEY)
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def run_daily(journal: Journal, *, now: datetime | None = None) -> MaintenanceReport:
    """Make the automatic backup if today has none yet, and tidy the search index; at
    most once per calendar day. Never raises for a failed step: see ``problems``."""
    now = now or journal.clock.now()
    today = now.date()
    if last_run(journal) == today:
        return MaintenanceReport(today, ran=False)
    # Every page of the file, once a day and before the backup, on a connection of its
    # own (opening no longer waits for it). Damage stops writes, and the day's backup,
    # which would otherwise push a good older one out.
    try:
        journal.check_pages()
    except NotAJournal as exc:
        log.error("the daily page check found damage")
        return MaintenanceReport(today, ran=True, problems=(str(exc),), damaged=True)
    except (JournalError, OSError) as exc:  # busy, say: the backup checks again anyway
        log.warning("the daily page check could not run: %s", type(exc).__name__)
    problems: list[str] = []
    made = None
    settings = journal.settings()
    if settings.auto_backup:
        try:
            made = backup.auto_backup_if_due(
                journal, keep=settings.backups_kept, interval=_since_start_of(journal, today)
            )
        except (JournalError, OSError) as exc:
            log.warning("automatic backup failed: %s", type(exc).__name__)
            problems.append(_backup_problem(journal, exc))
    steps = 0
    try:
        search.fit_day_blocks(journal)  # nothing to do unless a day outgrew its block
        steps = search.tidy_index(journal, max_steps=TIDY_STEPS)
    except (JournalError, OSError) as exc:
        log.warning("search index upkeep failed: %s", type(exc).__name__)
        problems.append(
            "Rapport could not tidy its search index today "
            f"({_reason(exc)}); search still works, and it will try again "
            "tomorrow."
        )
    try:
        journal.put_setting(LAST_RUN_KEY, today.isoformat())
    except (JournalError, OSError) as exc:  # a full disk: the day is tried again later
        log.warning("could not record the upkeep's day: %s", type(exc).__name__)
    return MaintenanceReport(
        today, ran=True, backup=made, index_steps=steps, problems=tuple(problems)
    )


def _since_start_of(journal: Journal, day: date) -> timedelta:
    """The backup's "due" interval that makes it daily by the calendar: due when the
    newest automatic backup is from before the start of ``day``."""
    elapsed: timedelta = journal.clock.now() - datetime.combine(day, time(0, 0))
    return max(elapsed, timedelta(0))


def _backup_problem(journal: Journal, exc: BaseException) -> str:
    folder = journal.paths.backups
    if _disk_full(exc):
        return (
            f"Today's automatic backup was not made: the disk is full. Your journal "
            f"is safe. Free some space (older backups are in {folder}); Rapport "
            "will try again tomorrow, or use Settings → Backups → Back up now."
        )
    return (
        f"Today's automatic backup was not made ({_reason(exc)}). Your journal is "
        "safe; Rapport will try again tomorrow, or use Settings → Backups → Back up "
        "now."
    )


def _disk_full(exc: BaseException) -> bool:
    return isinstance(exc, DiskFull) or (
        isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)
    )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, JournalError):
        return str(exc).rstrip(".")
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return type(exc).__name__
