"""All the insights at once: what ``journal insights`` prints and the Insights screen shows.

``compute`` is pure (a Snapshot in, an Insights out); ``compute_insights`` reads the
journal first. Nothing here is cached: on a 10,000-person journal the whole thing takes
a fraction of a second, so it is simply recomputed when the journal changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from journal.core.insights.diversity import (
    Brokerage,
    Cluster,
    Diversity,
    brokerage,
    cluster,
    diversity,
    flags,
)
from journal.core.insights.findings import Finding, names, plural
from journal.core.insights.follow_through import (
    FollowThrough,
    check_ins,
    follow_through,
    to_people,
)
from journal.core.insights.quotient import Quotient, quotient
from journal.core.insights.reciprocity import Reciprocity, reciprocity
from journal.core.insights.snapshot import MonthRow, Snapshot, TieState, TieStatus
from journal.core.insights.ties import Reconnect, Ties, ties

DIMENSIONS = ("field", "organisation", "network kind", "place")


@dataclass(frozen=True)
class Insights:
    today: date
    people: int
    active: tuple[str, ...]
    overview: Finding
    #: The things worth doing, most pressing first, each with the people behind it.
    highlights: tuple[Finding, ...]
    diversity: tuple[Diversity, ...]  # in DIMENSIONS order
    cluster: Cluster | None
    brokerage: Brokerage
    flags: tuple[Finding, ...]
    ties: Ties
    #: The reminder engine's "reconnect" suggestion for this week, when it was asked for
    #: (``compute_insights(..., weekly=True)``): the engine decides, so both agree.
    reconnect_this_week: Reconnect | None
    reciprocity: Reciprocity
    follow_through: FollowThrough
    quotient: Quotient
    months: tuple[MonthRow, ...]
    #: Display names of everyone the insights mention, so ids can be shown as names.
    names: dict[str, str]

    def by_dimension(self, dimension: str) -> Diversity:
        return next(d for d in self.diversity if d.dimension == dimension)

    def findings(self) -> list[Finding]:
        """Every finding on the page, in reading order (for search and for tests)."""
        return [
            self.overview,
            *self.highlights,
            *(d.finding for d in self.diversity),
            *([self.cluster.finding] if self.cluster else []),
            self.brokerage.finding,
            *self.flags,
            *self.ties.findings,
            *self.reciprocity.findings,
            *self.follow_through.findings,
            *self.quotient.findings,
        ]


def compute(snapshot: Snapshot, weekly: Reconnect | None = None) -> Insights:
    today = snapshot.today
    states = snapshot.ties
    active = [t for t in states if t.status is TieStatus.ACTIVE]
    dims = tuple(diversity(active, d) for d in DIMENSIONS)
    by_dim = {d.dimension: d for d in dims}
    tie_view = ties(states, today)
    recip = reciprocity(states, snapshot.ledger, today)
    follow = follow_through(
        snapshot.follow_ups,
        check_ins(snapshot.suggestion_log, {t.facts.id: t.facts.last_contact for t in states}),
    )
    nq = quotient(states, by_dim["field"], by_dim["network kind"], recip, today)
    pick = weekly
    warn = tuple(flags(active, by_dim["network kind"], by_dim["organisation"]))
    return Insights(
        today=today,
        people=len(states),
        active=tuple(t.facts.id for t in active),
        overview=_overview(len(states), active, tie_view),
        highlights=tuple(_highlights(tie_view, pick, recip, follow, warn, nq)),
        diversity=dims,
        cluster=cluster(active, by_dim["field"]),
        brokerage=brokerage(active, snapshot.links),
        flags=warn,
        ties=tie_view,
        reconnect_this_week=pick,
        reciprocity=recip,
        follow_through=follow,
        quotient=nq,
        months=tuple(snapshot.months),
        names={t.facts.id: t.facts.name for t in states},
    )


def _overview(total: int, active: list[TieState], tie_view: Ties) -> Finding:
    ids = tuple(t.facts.id for t in active)
    if total == 0:
        return Finding(
            "overview",
            "Your journal is empty. Add the people who matter to you "
            "and log a conversation; the insights grow from there.",
            (),
        )
    if total == 1:  # never "1 of your 1 person"
        text = (
            f"The one person in your journal {'is' if active else 'is not'} in touch "
            "within their rhythm."
        )
    elif len(active) == total:
        text = f"All {plural(total, 'person', 'people')} in your journal are in touch within their rhythm."
    else:
        text = (
            f"{len(active)} of your {plural(total, 'person', 'people')} "
            f"{'is' if len(active) == 1 else 'are'} in touch within their rhythm."
        )
    strong = tie_view.strong
    if strong.total and len(strong.active) == strong.total:
        text += " Every one of your close ties is kept up, which matters more than any count."
    elif not active:
        text += " Every network has quiet spells; one message is enough to start again."
    return Finding(
        "overview",
        text,
        ids,
        "active: last contact within the person's cadence (their own, else their circle's)",
    )


def _highlights(
    tie_view: Ties,
    pick: Reconnect | None,
    recip: Reciprocity,
    follow: FollowThrough,
    warn: tuple[Finding, ...],
    nq: Quotient,
) -> list[Finding]:
    out = [f for f in tie_view.findings if f.key == "ties.at_risk"]
    out += [f for f in recip.findings if f.key == "reciprocity.no_check_in"]
    if follow.open:
        who = tuple(dict.fromkeys(r.person_id for r in follow.open if r.person_id))
        items = [r.text for r in follow.open]
        out.append(
            Finding(
                "follow_through.open",
                f"{plural(len(follow.open), 'promise')}{to_people(len(who), len(follow.open))} from the last "
                f"90 days {'is' if len(follow.open) == 1 else 'are'} still open: "
                f"{names(items, 2)}.",
                who,
                "follow-ups due in the last 90 days and not done",
            )
        )
    if pick is not None:
        out.append(
            Finding(
                "ties.reconnect_this_week",
                f"This week's reconnection: {pick.reason}",
                (pick.person_id,),
                "the reminder engine's one reconnection a week: a tie without a "
                "check-in rhythm, out of touch for a year or more, preferring a "
                "field or kind of network your active network lacks",
            )
        )
    out += [f for f in recip.findings if f.key == "reciprocity.only_asked"]
    out += list(warn)
    out += [f for f in nq.findings if f.key == "quotient.best"]
    return out


def to_dict(insights: Insights) -> dict[str, Any]:
    """Plain JSON-ready data: dates as ISO text, enums as values, ids as lists."""
    from journal.core.serialize import plain_dict

    data = plain_dict(insights)
    data["findings"] = [plain_dict(f) for f in insights.findings()]
    return data
