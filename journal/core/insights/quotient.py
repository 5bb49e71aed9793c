"""A Networking Quotient estimate, after Michael Dulworth ("The Connect Effect", 2008).

Dulworth's self-assessment scores seven items from 0 to 4 and multiplies the sum by 10
(0 to 280). Rapport cannot ask the questions, so it estimates each item from what the
journal records, and shows the figure, the rule and the people behind every score, and
which item has the most room. Thresholds are Dunbar's layers for counts and even steps
for shares; they are guesses to tune, written here so anyone can check them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from journal.core import wording
from journal.core.insights.diversity import KIND_LABELS, Diversity, _about
from journal.core.insights.findings import Finding, percent, plural
from journal.core.insights.reciprocity import Reciprocity
from journal.core.insights.snapshot import TieState, TieStatus

BANDS = ((70, "poor"), (140, "needs work"), (210, "good"), (280, "excellent"))
#: Among items with equal room, the one suggested first: acting on reciprocity or
#: strength improves relationships you already have; size comes last, because a small
#: circle kept well is a good network.
PREFERENCE = ("reciprocity", "strength", "building", "quality", "recruiting", "internet", "size")


@dataclass(frozen=True)
class QuotientItem:
    key: str
    label: str
    score: int  # 0..4
    evidence: str
    rule: str
    next_step: str  # what would move it up a level ("" at 4)
    people: tuple[str, ...]

    @property
    def points(self) -> int:
        return self.score * 10


@dataclass(frozen=True)
class Quotient:
    items: tuple[QuotientItem, ...]
    total: int  # 0..280
    band: str
    #: The item that would raise the score most, and by how many points at most.
    best_item: QuotientItem | None
    best_gain: int
    findings: tuple[Finding, ...]


def band(total: int) -> str:
    return next(name for top, name in BANDS if total <= top)


def _level(value: float, steps: Sequence[float]) -> int:
    """How many of the ascending ``steps`` ``value`` reaches (0..len(steps))."""
    return sum(value >= s for s in steps)


def _next_count(value: int, steps: Sequence[int]) -> int | None:
    return next((s for s in steps if value < s), None)


SIZE_STEPS = (5, 15, 50, 150)  # Dunbar's layers
RECRUIT_STEPS = (1, 3, 6, 12)  # new people a year: none, a few, one every two months, monthly
SHARE_STEPS = (0.2, 0.4, 0.6, 0.8)
STRENGTH_STEPS = (0.25, 0.5, 0.7, 0.9)
GIVING_STEPS = (0.01, 0.15, 0.3, 0.5)


def _size(states: Sequence[TieState], today: date) -> QuotientItem:
    year_ago = today - timedelta(days=365)
    people = tuple(
        t.facts.id for t in states if t.facts.last_contact and t.facts.last_contact > year_ago
    )
    n = len(people)
    score = _level(n, SIZE_STEPS)
    target = _next_count(n, SIZE_STEPS)
    return QuotientItem(
        "size",
        "Network size",
        score,
        f"You were in touch with {plural(n, 'person', 'people')} in the last 12 months.",
        "people in touch in the last 12 months, against Dunbar's layers 5, 15, 50, 150",
        (
            f"Stay in touch with {target - n} more (to {target}). Size matters least of the "
            "seven: a small circle kept well is a good network."
            if target
            else ""
        ),
        people,
    )


def _quality(fields: Diversity, kinds: Diversity) -> QuotientItem:
    field_part = _level(fields.effective, (2.0, 4.0))
    covered = [r.label for r in kinds.rows if r.share >= 0.1]
    kind_part = _level(len(covered), (2, 3))
    missing = [k.lower() for k in KIND_LABELS.values() if k not in covered]
    steps = []
    if field_part == 0 and fields.rows:
        steps.append(f"a few active ties outside {fields.rows[0].label}")
    elif field_part < 2:
        steps.append("ties spread across four or more fields")
    if kind_part < 2:
        steps.append(f"some {' and '.join(missing)} ties")
    people = tuple(dict.fromkeys(p for r in fields.rows for p in r.people))
    if fields.rows:
        spread = (
            f"Your active ties span {_about(fields.effective)} "
            f"{'field' if fields.effective < 1.05 else 'fields'} (effective number; "
            f"{plural(len(people), 'person', 'people')} with a field recorded)"
        )
    else:
        spread = "No active tie has a field recorded yet"
    return QuotientItem(
        "quality",
        "Quality and diversity of contacts",
        field_part + kind_part,
        f"{spread}, and {len(covered)} of Ibarra & Hunter's three networks "
        f"{'has' if len(covered) == 1 else 'have'} at least 10% each"
        + (f" ({', '.join(c.lower() for c in covered)})." if covered else "."),
        "2 points for fields (exp(H) ≥ 2: 1, ≥ 4: 2) + 2 for kinds of network (2 kinds "
        "with ≥ 10%: 1, all 3: 2)",
        ("Aim for " + " and ".join(steps) + ".") if steps else "",
        people,
    )


def _share_item(
    key: str,
    label: str,
    people: Sequence[str],
    of: Sequence[str],
    what: str,
    of_what: str,
    rule: str,
    steps: Sequence[float],
    step_text: str,
    empty_step: str = "",
) -> QuotientItem:
    """An item scored by the share of ``of`` that is in ``people``."""
    if not of:
        return QuotientItem(key, label, 0, f"No {of_what}s yet.", rule, empty_step, ())
    share = len(people) / len(of)
    target = next((s for s in steps if share < s), None)
    step = ""
    if target is not None:
        need = max(1, math.ceil(target * len(of) - 1e-9) - len(people))
        step = step_text.format(n=need)
    return QuotientItem(
        key,
        label,
        _level(share, steps),
        f"{len(people)} of {plural(len(of), of_what)} ({percent(share)}) "
        # "0 of 1 active tie has", "1 of 3 ties has", "0 of 3 ties have".
        f"{wording.agree(1 if len(of) == 1 else len(people), what)}.",
        rule,
        step,
        tuple(people),
    )


def quotient(
    states: Sequence[TieState], fields: Diversity, kinds: Diversity, recip: Reciprocity, today: date
) -> Quotient:
    active = [t for t in states if t.status is TieStatus.ACTIVE]
    active_ids = [t.facts.id for t in active]
    strong = [t.facts.id for t in states if t.facts.strong]
    strong_active = [t.facts.id for t in states if t.facts.strong and t.status is TieStatus.ACTIVE]
    year_ago = today - timedelta(days=365)
    recruits = tuple(
        t.facts.id
        for t in states
        if t.facts.last_contact and t.facts.known_since and t.facts.known_since > year_ago
    )
    active_set = set(active_ids)
    helped = [pid for pid in recip.helped_last_year if pid in active_set]
    recruit_score = _level(len(recruits), RECRUIT_STEPS)
    recruit_target = _next_count(len(recruits), RECRUIT_STEPS)
    giving = _share_item(
        "reciprocity",
        "Reciprocity",
        helped,
        active_ids,
        "got something from you in the last 12 months",
        "active tie",
        "share of active ties you gave something to in the last 12 months (≥ 1%: 1, "
        "15%: 2, 30%: 3, 50%: 4); at most 2 while you received more than twice what you gave",
        GIVING_STEPS,
        "Give something (an intro, advice, a favour) to {n} more, and note it in the ledger.",
        "Give something (an intro, advice, a favour) and note it in the ledger.",
    )
    if recip.received_last_year > 2 * recip.given_last_year and giving.score > 2:
        giving = QuotientItem(
            giving.key,
            giving.label,
            2,
            giving.evidence + f" You received {plural(recip.received_last_year, 'time')} "
            f"and gave {plural(recip.given_last_year, 'time')}.",
            giving.rule,
            "Lead with an offer the next few times you ask.",
            giving.people,
        )
    items = (
        _size(states, today),
        _quality(fields, kinds),
        _share_item(
            "building",
            "Building relationships",
            [t.facts.id for t in active if t.facts.personal],
            active_ids,
            "have something personal noted (a hobby, their background, family, what they "
            "are working on)",
            "active tie",
            "share of active ties with something personal noted (20%: 1, 40%: 2, 60%: 3, 80%: 4)",
            SHARE_STEPS,
            "Note something personal about {n} more of the people you are in touch with.",
            "Log a conversation with someone and note what matters to them.",
        ),
        _share_item(
            "strength",
            "Strength of relationships",
            strong_active,
            strong,
            "are in touch within their rhythm",
            "close tie",
            "share of inner and close ties in touch within their cadence (25%: 1, 50%: 2, "
            "70%: 3, 90%: 4); 0 when no one is marked inner or close",
            STRENGTH_STEPS,
            "Catch up with {n} of the close ties you are behind with.",
            "Mark the few people closest to you as inner circle or close.",
        ),
        QuotientItem(
            "recruiting",
            "Recruiting new members",
            recruit_score,
            (
                f"You met and logged {plural(len(recruits), 'new person', 'new people')} in the "
                "last 12 months."
                if recruits
                else "No one new met and logged in the last 12 months."
            ),
            "new people met in the last 12 months with at least one entry (1: 1, 3: 2, 6: 3, "
            "12: 4)",
            (
                f"Get to know {recruit_target - len(recruits)} more new "
                f"{'person' if recruit_target - len(recruits) == 1 else 'people'} this year."
                if recruit_target
                else ""
            ),
            recruits,
        ),
        giving,
        _share_item(
            "internet",
            "Use of the internet",
            [t.facts.id for t in active if t.facts.online],
            active_ids,
            "have an email, profile link or social handle recorded",
            "active tie",
            "share of active ties reachable online (20%: 1, 40%: 2, 60%: 3, 80%: 4); "
            "Rapport is offline, so this is only what you record",
            SHARE_STEPS,
            "Record an email or profile link for {n} more of the people you are in touch with.",
        ),
    )
    total = sum(i.points for i in items)
    order = {key: n for n, key in enumerate(PREFERENCE)}
    # With no one in the journal there is nothing to improve yet, only to start.
    open_items = [i for i in items if i.score < 4] if states else []
    best = min(open_items, key=lambda i: (i.score, order[i.key]), default=None)
    gain = (4 - best.score) * 10 if best else 0
    return Quotient(
        items,
        total,
        band(total),
        best,
        gain,
        tuple(_findings(items, total, best, gain, bool(states))),
    )


def _findings(
    items: Sequence[QuotientItem],
    total: int,
    best: QuotientItem | None,
    gain: int,
    anyone: bool = True,
) -> list[Finding]:
    if not anyone:
        return [
            Finding(
                "quotient.total",
                "No Networking Quotient yet: it is estimated from "
                "the people and conversations in your journal.",
                (),
            )
        ]
    low, high = band_range(total)
    text = (
        f'Networking Quotient estimate: {total} of 280, in the "{band(total)}" band '
        f"({low}–{high}) of Dulworth's scale. It is read from what your journal records, "
        "so it says as much about the journal as about you."
    )
    strength = next(i for i in items if i.key == "strength")
    if total <= 140:
        text += (
            " The quotient rewards a wide network; it cannot see how much your conversations mean."
        )
        if strength.score >= 3:
            text += (
                " Your close ties are well kept, and that is the part of a network "
                "that matters most."
            )
    how = "; ".join(f"{i.label} {i.score}/4" for i in items) + f"; sum × 10 = {total}"
    out = [Finding("quotient.total", text, (), how)]
    if best is not None:
        out.append(
            Finding(
                "quotient.best",
                f"The most room is in {best.label.lower()} (now {best.score} of 4, up to "
                f"{gain} points). {best.evidence} Next: {best.next_step}",
                best.people,
                best.rule,
            )
        )
    return out


def band_range(total: int) -> tuple[int, int]:
    low = 0
    for top, _name in BANDS:
        if total <= top:
            return low, top
        low = top + 1
    return low, 280
