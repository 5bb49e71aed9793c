"""Doing what you said you would: promised follow-ups, and suggested check-ins acted on.

Judged over the last 90 days, so an old lapse does not follow the user around forever.
Only follow-ups with a due date count for "on time": a promise without a date cannot
be late.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from journal.core.insights.findings import Finding, percent, plural
from journal.core.insights.snapshot import RECENT_DAYS, FollowUpRow


@dataclass(frozen=True)
class CheckIns:
    """Check-ins the reminder engine suggested, and how many were logged."""

    suggested: int  # people suggested at least once in the window
    logged: int  # of them, people you were in touch with since
    people: tuple[str, ...]  # suggested
    logged_people: tuple[str, ...]

    @property
    def share(self) -> float | None:
        return self.logged / self.suggested if self.suggested else None


@dataclass(frozen=True)
class FollowThrough:
    due: int
    on_time: int
    late: int
    open: tuple[FollowUpRow, ...]  # due in the window and not done
    #: None when the reminder engine has no history to offer.
    check_ins: CheckIns | None
    findings: tuple[Finding, ...]

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.due if self.due else None


def check_ins(
    log: Sequence[tuple[date, str, str]], last_contact: dict[str, date | None]
) -> CheckIns | None:
    """Suggested vs logged, per person: someone counts as logged once the suggestion was
    marked done or an entry with them is dated on or after the first day they were
    suggested in the window. ``log`` is (day, person id, event), oldest first; people no
    longer in the journal are left out. None when the engine suggested nothing."""
    first: dict[str, date] = {}
    done: set[str] = set()
    for day, pid, event in log:
        if pid not in last_contact:
            continue
        if event in ("suggested", "shown"):
            first.setdefault(pid, day)
        elif event == "done":
            done.add(pid)
    if not first:
        return None
    logged = tuple(
        pid for pid, day in first.items() if pid in done or (last_contact[pid] or date.min) >= day
    )
    return CheckIns(len(first), len(logged), tuple(first), logged)


def to_people(people: int, promises: int) -> str:
    """ " to 20 people" when the promises went to fewer people than there are promises:
    the count the finding's people button shows, said in its sentence (when the two are
    equal, the number of promises already is that count; one person's button says
    "Open", not a count)."""
    if people <= 1 or people == promises:
        return ""
    return f" to {plural(people, 'person', 'people')}"


def follow_through(rows: Sequence[FollowUpRow], check_ins: CheckIns | None = None) -> FollowThrough:
    on_time = [r for r in rows if r.done_on is not None and r.done_on <= r.due_on]
    late = [r for r in rows if r.done_on is not None and r.done_on > r.due_on]
    still_open = tuple(r for r in rows if r.done_on is None)
    findings = []
    how = (
        f"follow-ups due in the last {RECENT_DAYS} days: {len(on_time)} done by the due "
        f"date, {len(late)} done later, {len(still_open)} still open"
    )
    people = tuple(dict.fromkeys(r.person_id for r in rows if r.person_id))
    if not rows:
        text = (
            f"No follow-ups fell due in the last {RECENT_DAYS} days. When you promise "
            "something, give it a date and Rapport will remind you."
        )
    elif not still_open and not late:
        kept = "the one promise" if len(rows) == 1 else f"all {plural(len(rows), 'promise')}"
        text = f"You kept {kept}{to_people(len(people), len(rows))} due in the last {RECENT_DAYS} days, on time."
    else:
        text = (
            f"Of {plural(len(rows), 'follow-up')}{to_people(len(people), len(rows))} due in the last "
            f"{RECENT_DAYS} days, "
            f"{len(on_time)} ({percent(len(on_time) / len(rows))}) were done on time"
        )
        text += (
            f"; {len(still_open)} still open — a late follow-up still beats none."
            if still_open
            else "."
        )
    findings.append(Finding("follow_through.follow_ups", text, people, how))
    if check_ins is not None and check_ins.suggested:
        findings.append(
            Finding(
                "follow_through.check_ins",
                f"Rapport suggested check-ins with {plural(check_ins.suggested, 'person', 'people')}"
                f" in the last {RECENT_DAYS} days, and you were in touch with {check_ins.logged} "
                f"of them since ({percent(check_ins.share or 0)}).",
                check_ins.people,
                "per person: logged when the suggestion was marked done or an entry with them "
                "is dated on or after the first day they were suggested",
            )
        )
    return FollowThrough(len(rows), len(on_time), len(late), still_open, check_ins, tuple(findings))
