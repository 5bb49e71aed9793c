"""Give before you ask: the ledger, overall and per person.

Misner's rule and Dulworth's reciprocity item say the same thing: networks run on
giving. The ledger records what the user gave and received (received = what they asked
for or were offered); this module turns it into balances and two short lists worth
acting on: people only ever asked, and people helped but never checked on since.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from journal.core.insights.findings import Finding, count_word, names, plural
from journal.core.insights.snapshot import LedgerRow, TieState, month_start
from journal.core.model import Direction

#: After giving, a check-in this many days later asks whether it helped.
CHECK_IN_AFTER_GIVING_DAYS = 30
CHART_MONTHS = 12


@dataclass(slots=True)
class PersonBalance:
    person_id: str
    name: str
    given: int
    received: int
    last_given: date | None
    last_received: date | None

    @property
    def net(self) -> int:
        return self.given - self.received


@dataclass(frozen=True)
class LedgerMonth:
    month: str  # YYYY-MM
    given: int
    received: int
    people: tuple[str, ...]


@dataclass(frozen=True)
class Reciprocity:
    given: int
    received: int
    given_last_year: int
    received_last_year: int
    #: People helped in the last 12 months.
    helped_last_year: tuple[str, ...]
    people: tuple[PersonBalance, ...]  # everyone with a ledger item, most received first
    only_asked: tuple[PersonBalance, ...]
    helped_no_check_in: tuple[PersonBalance, ...]
    months: tuple[LedgerMonth, ...]
    findings: tuple[Finding, ...]


def reciprocity(
    states: Sequence[TieState], ledger: Sequence[LedgerRow], today: date
) -> Reciprocity:
    """Balances per person and overall, in one pass over the ledger."""
    by_id = {t.facts.id: t for t in states}
    year_ago = today - timedelta(days=365)
    starts = [month_start(today, back) for back in range(CHART_MONTHS - 1, -1, -1)]
    # [given, received, {person id: None}] per month; [given, received, last given,
    # last received] per person: small mutable tallies, filled in one pass.
    months: dict[tuple[int, int], list[Any]] = {(d.year, d.month): [0, 0, {}] for d in starts}
    first_month = starts[0]
    tallies: dict[str, list[Any]] = {}
    given_year = received_year = 0
    helped: dict[str, None] = {}
    for row in ledger:
        pid, on = row.person_id, row.occurred_on
        if pid not in by_id:
            continue
        tally = tallies.get(pid)
        if tally is None:
            tally = tallies[pid] = [0, 0, None, None]
        given = row.direction is Direction.GIVEN
        if given:
            tally[0] += 1
            if tally[2] is None or on > tally[2]:
                tally[2] = on
        else:
            tally[1] += 1
            if tally[3] is None or on > tally[3]:
                tally[3] = on
        if on > year_ago:
            if given:
                given_year += 1
                helped[pid] = None
            else:
                received_year += 1
        if on >= first_month:
            slot = months[(on.year, on.month)]
            slot[0 if given else 1] += 1
            slot[2][pid] = None
    balances = sorted(
        (PersonBalance(pid, by_id[pid].facts.name, *tally) for pid, tally in tallies.items()),
        key=lambda b: (b.given - b.received, b.name.casefold(), b.person_id),
    )
    only_asked = tuple(b for b in balances if b.received and not b.given)
    due = today - timedelta(days=CHECK_IN_AFTER_GIVING_DAYS)
    no_check_in = tuple(
        sorted(
            (
                b
                for b in balances
                if b.last_given
                and b.last_given <= due
                and _no_contact_after(by_id[b.person_id], b.last_given)
            ),
            key=lambda b: (b.last_given, b.name.casefold()),
        )
    )
    result = Reciprocity(
        given=sum(b.given for b in balances),
        received=sum(b.received for b in balances),
        given_last_year=given_year,
        received_last_year=received_year,
        helped_last_year=tuple(helped),
        people=tuple(balances),
        only_asked=only_asked,
        helped_no_check_in=no_check_in,
        months=tuple(
            LedgerMonth(f"{y:04d}-{m:02d}", v[0], v[1], tuple(v[2])) for (y, m), v in months.items()
        ),
        findings=(),
    )
    return replace(result, findings=tuple(_findings(result)))


def _no_contact_after(tie: TieState, given_on: date) -> bool:
    last = tie.facts.last_contact
    return last is None or last <= given_on


def _findings(r: Reciprocity) -> list[Finding]:
    out = []
    everyone = tuple(b.person_id for b in r.people)
    if not r.people:
        out.append(
            Finding(
                "reciprocity.balance",
                "Nothing given or received is recorded yet. When you make an introduction, "
                "share advice or get a favour, note it: it shows who you could help next.",
                (),
            )
        )
        return out
    how = (
        f"all time: {r.given} given, {r.received} received; last 12 months: "
        f"{r.given_last_year} given, {r.received_last_year} received"
    )
    # The count the people button shows ("74 people ›"); one person's button says "Open".
    among = f" with {plural(len(everyone), 'person', 'people')}" if len(everyone) > 1 else ""
    if r.given >= r.received:
        text = (
            f"You have given {plural(r.given, 'time')} and received "
            f"{plural(r.received, 'time')}{among}: giving first, as Misner advises."
        )
    else:
        text = (
            f"You have received {plural(r.received, 'time')} and given "
            f"{plural(r.given, 'time')}{among}. Nothing wrong with asking; next time you check "
            "in, lead with an offer."
        )
    out.append(Finding("reciprocity.balance", text, everyone, how))
    if r.only_asked:
        out.append(
            Finding(
                "reciprocity.only_asked",
                f"With {names([b.name for b in r.only_asked])}, the ledger only shows what you "
                "received. Is there something you could offer them?",
                tuple(b.person_id for b in r.only_asked),
                "people with received items and no given item",
            )
        )
    if r.helped_no_check_in:
        count = len(r.helped_no_check_in)
        who = names([b.name for b in r.helped_no_check_in])
        out.append(
            Finding(
                "reciprocity.no_check_in",
                f"You helped {who} and have not been in touch since. Asking whether it helped "
                f"closes the loop ({count_word(count)} "
                f"{'check-in' if count == 1 else 'check-ins'} worth making).",
                tuple(b.person_id for b in r.helped_no_check_in),
                f"last give more than {CHECK_IN_AFTER_GIVING_DAYS} days ago, no entry with them "
                "after it",
            )
        )
    return out
