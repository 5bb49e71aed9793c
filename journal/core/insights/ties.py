"""Ties by strength, the close ones slipping away, and the weak ones worth reviving.

Strong ties (inner, close) are the ones Dunbar says fade about 15% a year unmet; weak
ties (network, acquaintance, dormant) are the ones Granovetter and Levin et al. say
carry new information, dormant ones included. So the two lists here point opposite
ways: keep the close ties warm, and revive weak ties that reach fields the active
network lacks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from journal.core.insights import measures
from journal.core.insights.findings import Finding, names, plural
from journal.core.insights.snapshot import TieState, TieStatus, category_key
from journal.core.model import Circle
from journal.core.wording import ago, duration

#: At risk: a close tie more than this many cadences overdue.
AT_RISK_RATIO = 2.0
#: Moderately weak ties helped most in LinkedIn's experiments (Rajkumar et al. 2022), so
#: network ties come before acquaintances, and those before ties marked dormant.
_WEAK_ORDER = {Circle.NETWORK: 0, Circle.ACQUAINTANCE: 1, Circle.DORMANT: 2}


@dataclass(frozen=True)
class StatusCounts:
    active: tuple[str, ...]
    drifting: tuple[str, ...]
    dormant: tuple[str, ...]

    @property
    def total(self) -> int:
        return len(self.active) + len(self.drifting) + len(self.dormant)


@dataclass(frozen=True)
class AtRisk:
    person_id: str
    name: str
    circle: Circle
    days: int
    ratio: float
    #: Estimated closeness left, 0.85 ** years since contact.
    closeness: float
    last_contact: date | None


@dataclass(frozen=True)
class Reconnect:
    """A dormant weak tie in a field the active network lacks: a "reconnect with" idea."""

    person_id: str
    name: str
    field: str
    circle: Circle
    days: int
    last_contact: date | None
    offer: str
    working_on: str
    reason: str


@dataclass(frozen=True)
class Ties:
    strong: StatusCounts
    weak: StatusCounts
    at_risk: tuple[AtRisk, ...]
    reconnect: tuple[Reconnect, ...]
    #: Fields recorded somewhere in the journal but in no active tie.
    missing_fields: tuple[str, ...]
    findings: tuple[Finding, ...]


def _counts(ties: Sequence[TieState]) -> StatusCounts:
    def ids(status: TieStatus) -> tuple[str, ...]:
        return tuple(t.facts.id for t in ties if t.status is status)

    return StatusCounts(ids(TieStatus.ACTIVE), ids(TieStatus.DRIFTING), ids(TieStatus.DORMANT))


def at_risk(ties: Sequence[TieState]) -> list[AtRisk]:
    """Inner and close ties more than twice overdue, inner circle first, longest gap first."""
    out = [
        AtRisk(
            t.facts.id,
            t.facts.name,
            t.facts.circle,
            t.days,
            t.ratio,
            measures.closeness(t.days),
            t.facts.last_contact,
        )
        for t in ties
        if t.facts.strong and t.ratio > AT_RISK_RATIO
    ]
    out.sort(key=lambda a: (a.circle is not Circle.INNER, -a.days, a.name.casefold()))
    return out


def reconnect_candidates(ties: Sequence[TieState], today: date) -> list[Reconnect]:
    """Dormant weak ties whose field no active tie shares, best first, fields interleaved.

    Best first: someone you have history with (the reconnections Walter, Levin &
    Murnighan found most useful), moderately weak before weaker, with something to
    offer (give first), then the most recently in touch (the warmest). Fields take
    turns, so the top of the list is not five people from one field.
    """
    active_fields = {
        category_key(t.facts.field)
        for t in ties
        if t.status is TieStatus.ACTIVE and t.facts.field.strip()
    }
    pool = [
        t
        for t in ties
        if not t.facts.strong
        and t.status is TieStatus.DORMANT
        # Someone imported and never placed is not a tie to revive: the user has not
        # said they know them (the weekly reconnection may still offer one).
        and t.facts.placed
        and t.facts.field.strip()
        and category_key(t.facts.field) not in active_fields
    ]
    pool.sort(
        key=lambda t: (
            t.facts.last_contact is None,
            _WEAK_ORDER.get(t.facts.circle, 3),
            not t.facts.has_offer,
            t.days,
            t.facts.name.casefold(),
            t.facts.id,
        )
    )
    by_field: dict[str, list[TieState]] = {}
    for tie in pool:
        by_field.setdefault(category_key(tie.facts.field), []).append(tie)
    ordered: list[TieState] = []
    queues = list(by_field.values())
    while queues:
        for queue in queues:
            ordered.append(queue.pop(0))
        queues = [q for q in queues if q]
    return [_reconnect(t, today) for t in ordered]


def _reconnect(tie: TieState, today: date) -> Reconnect:
    f = tie.facts
    when = f"last in touch {ago(tie.days)}" if f.last_contact else "no contact logged yet"
    reason = (
        f"{f.name} works in {' '.join(f.field.split())}, a field none of your active "
        f"ties are in ({when})."
    )
    if f.offer:
        reason += f" You noted you could offer {f.offer}."
    elif f.working_on:
        reason += f" Last you heard, they were working on {f.working_on}."
    return Reconnect(
        f.id,
        f.name,
        " ".join(f.field.split()),
        f.circle,
        tie.days,
        f.last_contact,
        f.offer,
        f.working_on,
        reason,
    )


def ties(states: Sequence[TieState], today: date) -> Ties:
    strong = _counts([t for t in states if t.facts.strong])
    weak = _counts([t for t in states if not t.facts.strong])
    risky = at_risk(states)
    candidates = reconnect_candidates(states, today)
    active_fields = {
        category_key(t.facts.field)
        for t in states
        if t.status is TieStatus.ACTIVE and t.facts.field.strip()
    }
    missing: dict[str, str] = {}
    for t in states:
        key = category_key(t.facts.field)
        if key and key not in active_fields:
            missing.setdefault(key, " ".join(t.facts.field.split()))
    findings = [_strength_finding(strong, weak)]
    if risky:
        findings.append(_risk_finding(risky))
    dormant_weak = [
        t for t in states if not t.facts.strong and t.status is TieStatus.DORMANT and t.facts.placed
    ]
    unplaced_bridges = [
        t
        for t in states
        if not t.facts.placed
        and not t.facts.strong
        and t.status is TieStatus.DORMANT
        and category_key(t.facts.field) in missing
    ]
    if not candidates and dormant_weak and active_fields and not unplaced_bridges:
        findings.append(
            Finding(
                "ties.reconnect",
                "Your active network already reaches every field recorded in your journal, so "
                "no dormant tie stands out as a bridge. Any of them may still have news for you.",
                (),
                "no dormant weak tie is in a field missing from the active network",
            )
        )
    if candidates:
        fields = list(dict.fromkeys(c.field for c in candidates))
        findings.append(
            Finding(
                "ties.reconnect",
                f"{plural(len(candidates), 'dormant weak tie')} "
                f"{'reaches' if len(candidates) == 1 else 'reach'} "
                f"{'a field' if len(fields) == 1 else 'fields'} your active network lacks "
                f"({names(fields)}). Dormant ties give advice as useful as current ones, and "
                "more novel (Levin, Walter & Murnighan); people are gladder to hear from you "
                "than you expect.",
                tuple(c.person_id for c in candidates),
                "weak ties (network, acquaintance, dormant) more than twice their cadence "
                "out of touch, in a field no active tie is in",
            )
        )
    if unplaced_bridges and not candidates:
        fields = list(dict.fromkeys(" ".join(t.facts.field.split()) for t in unplaced_bridges))
        findings.append(
            Finding(
                "ties.unplaced",
                f"{plural(len(unplaced_bridges), 'person')} you imported and have not placed "
                f"yet {'works' if len(unplaced_bridges) == 1 else 'work'} in "
                f"{'a field' if len(fields) == 1 else 'fields'} your active network lacks "
                f"({names(fields)}). If you know them, give them a circle on their page or "
                "log a contact, and they count as ties worth reviving.",
                tuple(t.facts.id for t in unplaced_bridges),
                "imported people (no circle chosen, no contact logged) in a field no "
                "active tie is in",
            )
        )
    return Ties(
        strong,
        weak,
        tuple(risky),
        tuple(candidates),
        tuple(sorted(missing.values(), key=str.casefold)),
        tuple(findings),
    )


def _strength_finding(strong: StatusCounts, weak: StatusCounts) -> Finding:
    total = strong.total + weak.total
    if total == 0:
        return Finding("ties.strength", "No one in the journal yet.", ())
    parts = []
    if strong.total:
        parts.append(
            f"{plural(strong.total, 'close tie')} (inner and close circles), "
            f"{len(strong.active)} in touch within their rhythm"
        )
    if weak.total:
        parts.append(
            f"{plural(weak.total, 'wider tie')} (network, acquaintance, dormant), "
            f"{len(weak.active)} in touch and {len(weak.dormant)} dormant"
        )
    text = "You keep " + "; and ".join(parts)
    in_touch = strong.active + weak.active
    if strong.total and weak.total and in_touch:
        # The people behind this are everyone in touch: say their sum, so the count on
        # the button ("63 people") is one the sentence gives.
        text += f": {plural(len(in_touch), 'person', 'people')} in touch in all"
    text += "."
    return Finding(
        "ties.strength",
        text,
        in_touch,
        "dormant: more than twice the cadence since the last contact, or marked "
        "dormant and out of touch for a year",
    )


def _risk_finding(risky: Sequence[AtRisk]) -> Finding:
    count = len(risky)
    who = names([f"{a.name} ({duration(a.days)})" for a in risky])
    verb = "is" if count == 1 else "are"
    return Finding(
        "ties.at_risk",
        f"{who} {verb} more than twice past your usual rhythm. Closeness fades about 15% a "
        "year without contact (Dunbar), and the call after a long gap tends to be a long, "
        "good one: a call says more than a message.",
        tuple(a.person_id for a in risky),
        "inner or close circle, days since contact / cadence > 2; estimated closeness "
        "0.85^(years since contact)",
    )
