"""Doing what you said you would: promised follow-ups, and suggested check-ins acted on.

Judged over the last 90 days, so an old lapse does not follow the user around forever.
Only follow-ups with a due date count for "on time": a promise without a date cannot
be late.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from journal.core.insights.findings import Finding, percent, plural
from journal.core.insights.snapshot import RECENT_DAYS, FollowUpRow


@dataclass(frozen=True)
class CheckIns:
    """Check-ins the reminder engine suggested, and how many were logged."""

    suggested: int
    logged: int
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


def follow_through(rows: Sequence[FollowUpRow], check_ins: CheckIns | None = None
                   ) -> FollowThrough:
    on_time = [r for r in rows if r.done_on is not None and r.done_on <= r.due_on]
    late = [r for r in rows if r.done_on is not None and r.done_on > r.due_on]
    still_open = tuple(r for r in rows if r.done_on is None)
    findings = []
    how = (f"follow-ups due in the last {RECENT_DAYS} days: {len(on_time)} done by the due "
           f"date, {len(late)} done later, {len(still_open)} still open")
    people = tuple(dict.fromkeys(r.person_id for r in rows if r.person_id))
    if not rows:
        text = (f"No follow-ups fell due in the last {RECENT_DAYS} days. When you promise "
                "something, give it a date and Rapport will remind you.")
    elif not still_open and not late:
        kept = ("the one promise" if len(rows) == 1
                else f"all {plural(len(rows), 'promise')}")
        text = f"You kept {kept} due in the last {RECENT_DAYS} days, on time."
    else:
        text = (f"Of {plural(len(rows), 'follow-up')} due in the last {RECENT_DAYS} days, "
                f"{len(on_time)} ({percent(len(on_time) / len(rows))}) were done on time")
        text += (f"; {len(still_open)} still open — a late follow-up still beats none."
                 if still_open else ".")
    findings.append(Finding("follow_through.follow_ups", text, people, how))
    if check_ins is not None and check_ins.suggested:
        findings.append(Finding(
            "follow_through.check_ins",
            f"Rapport suggested {plural(check_ins.suggested, 'check-in')} in the last "
            f"{RECENT_DAYS} days and you logged {check_ins.logged} "
            f"({percent(check_ins.share or 0)}).",
            check_ins.people,
            "a suggestion counts as logged when an entry with that person follows it"))
    return FollowThrough(len(rows), len(on_time), len(late), still_open, check_ins,
                         tuple(findings))
