"""The one place that changes facts: what someone is doing, and what the user promised them.

A fact about someone's life has a time: "working on the launch" was true when it was said.
Every change to a fact's life (added, confirmed, finished, cancelled) and every kept
promise goes through these functions, so the GUI, the CLI and the reading of reflections
(accepted proposals) change facts the same way, each in one transaction, and the engine
can trust ``status`` and ``confirmed_on``.

Keeping a promise is a give: it is recorded in the reciprocity ledger (linked to the
promise, so reopening it takes the give back), which is what the engine's give-first note
reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from journal.core import people as people_db
from journal.core.clock import stamp
from journal.core.dates import date_from_db, date_to_db
from journal.core.errors import InvalidInput, NotFound
from journal.core.model import (
    Direction,
    Facet,
    FacetKind,
    FactStatus,
    LedgerKind,
    new_id,
)

if TYPE_CHECKING:
    from journal.core.journal import Journal
    from journal.core.store import Connection

__all__ = [
    "KeptPromise",
    "add_fact",
    "confirm_fact",
    "fact",
    "facts_of",
    "keep_promise",
    "parse_kind",
    "parse_status",
    "reopen_promise",
    "set_fact_status",
]

_KIND_WORDS: dict[str, FacetKind] = {
    **{str(k): k for k in FacetKind},
    **{k.label.lower(): k for k in FacetKind},
    "project": FacetKind.WORKING_ON,
    "working-on": FacetKind.WORKING_ON,
    "workingon": FacetKind.WORKING_ON,
    "event": FacetKind.LIFE_EVENT,
    "life-event": FacetKind.LIFE_EVENT,
    "interest": FacetKind.HOBBY,
    "offer": FacetKind.COULD_OFFER,
    "help": FacetKind.CAN_HELP_WITH,
}


def parse_kind(text: str) -> FacetKind:
    """A fact kind as a person types it ("working_on", "working-on", "life event", "hobby")."""
    key = text.strip().lower().replace(" ", "_")
    found = _KIND_WORDS.get(key) or _KIND_WORDS.get(text.strip().lower())
    if found is None:
        kinds = ", ".join(str(k) for k in FacetKind)
        raise InvalidInput(f"{text!r} is not a kind of fact. Use one of: {kinds}.")
    return found


def parse_status(text: str) -> FactStatus:
    try:
        return FactStatus(text.strip().lower())
    except ValueError:
        raise InvalidInput(f"{text!r} is not a status. Use ongoing, done or cancelled.") from None


def add_fact(
    journal: Journal,
    person_id: str,
    kind: FacetKind | str,
    text: str,
    *,
    on: date,
    source_entry_id: str | None = None,
    mention_ok: bool | None = None,
    event_date: date | None = None,
    ask_again_on: date | None = None,
) -> str:
    """Record something true about someone on ``on`` (ongoing, confirmed that day).

    Returns the new facet's id. Family details and life events stay private to the engine
    unless ``mention_ok`` says otherwise, as for a detail typed on the person page.
    """
    kind = parse_kind(kind) if isinstance(kind, str) else kind
    if not text.strip():
        raise InvalidInput("A fact needs some text.")
    facet = Facet(
        kind=kind,
        text=text.strip(),
        mention_ok=mention_ok,
        noted_on=on,
        confirmed_on=on,
        event_date=event_date,
        ask_again_on=ask_again_on,
        source_entry_id=source_entry_id,
    )
    with journal.transaction() as conn:
        if conn.execute("SELECT 1 FROM people WHERE id = ?", (person_id,)).fetchone() is None:
            raise NotFound("That person is not in the journal.")
        position = conn.execute(
            "SELECT coalesce(max(position) + 1, 0) FROM facets WHERE person_id = ?",
            (person_id,),
        ).fetchone()[0]
        people_db.insert_facets(conn, person_id, [facet], stamp(journal.clock), position)
        _touch(journal, conn, person_id)
    return facet.id


def set_fact_status(journal: Journal, facet_id: str, status: FactStatus | str, *, on: date) -> None:
    """Mark a fact ongoing, done or cancelled as of ``on`` (which also confirms it)."""
    status = parse_status(status) if isinstance(status, str) else status
    with journal.transaction() as conn:
        row = _facet_row(conn, facet_id)
        changed_on = on if row["status"] != str(status) else date_from_db(row["status_changed_on"])
        conn.execute(
            "UPDATE facets SET status = ?, status_changed_on = ?, confirmed_on = ?, "
            "updated_at = ? WHERE id = ?",
            (
                str(status),
                date_to_db(changed_on),
                date_to_db(_later(date_from_db(row["confirmed_on"]), on)),
                stamp(journal.clock),
                facet_id,
            ),
        )
        _touch(journal, conn, row["person_id"])


def confirm_fact(journal: Journal, facet_id: str, *, on: date) -> None:
    """The user heard on ``on`` that this is still true: it is news again, not history."""
    with journal.transaction() as conn:
        row = _facet_row(conn, facet_id)
        conn.execute(
            "UPDATE facets SET confirmed_on = ?, updated_at = ? WHERE id = ?",
            (
                date_to_db(_later(date_from_db(row["confirmed_on"]), on)),
                stamp(journal.clock),
                facet_id,
            ),
        )
        _touch(journal, conn, row["person_id"])


@dataclass(frozen=True)
class KeptPromise:
    """What keeping a promise did: the follow-up closed, and the give it recorded (if any)."""

    follow_up_id: str
    person_id: str | None
    ledger_id: str | None
    already_done: bool = False


def keep_promise(journal: Journal, follow_up_id: str, *, on: date) -> KeptPromise:
    """Mark a promise kept on ``on``: the follow-up is done, and the ledger records a give.

    Idempotent: keeping a promise already kept changes nothing and records no second give.
    A follow-up with nobody attached is simply marked done (there is nobody to give to).
    """
    with journal.transaction() as conn:
        row = conn.execute(
            "SELECT id, text, person_id, entry_id, done_on FROM follow_ups WHERE id = ?",
            (follow_up_id,),
        ).fetchone()
        if row is None:
            raise NotFound("That follow-up is no longer in the journal.")
        if row["done_on"]:
            existing = conn.execute(
                "SELECT id FROM ledger WHERE follow_up_id = ?", (follow_up_id,)
            ).fetchone()
            return KeptPromise(
                follow_up_id, row["person_id"], existing[0] if existing else None, True
            )
        now = stamp(journal.clock)
        conn.execute(
            "UPDATE follow_ups SET done_on = ?, updated_at = ? WHERE id = ?",
            (date_to_db(on), now, follow_up_id),
        )
        ledger_id = None
        if row["person_id"]:
            ledger_id = new_id()
            conn.execute(
                "INSERT INTO ledger (id, person_id, direction, kind, description, occurred_on, "
                "entry_id, follow_up_id, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)",
                (
                    ledger_id,
                    row["person_id"],
                    str(Direction.GIVEN),
                    str(ledger_kind_for(row["text"])),
                    row["text"].strip(),
                    date_to_db(on),
                    follow_up_id,
                    now,
                    now,
                ),
            )
            _touch(journal, conn, row["person_id"])
        journal.record_change("follow_up", [follow_up_id])
    return KeptPromise(follow_up_id, row["person_id"], ledger_id)


def reopen_promise(journal: Journal, follow_up_id: str) -> None:
    """Undo keeping a promise: it is open again and the give it recorded is taken back."""
    with journal.transaction() as conn:
        row = conn.execute(
            "SELECT person_id FROM follow_ups WHERE id = ?", (follow_up_id,)
        ).fetchone()
        if row is None:
            raise NotFound("That follow-up is no longer in the journal.")
        conn.execute(
            "UPDATE follow_ups SET done_on = NULL, updated_at = ? WHERE id = ?",
            (stamp(journal.clock), follow_up_id),
        )
        conn.execute("DELETE FROM ledger WHERE follow_up_id = ?", (follow_up_id,))
        if row["person_id"]:
            _touch(journal, conn, row["person_id"])
        journal.record_change("follow_up", [follow_up_id])


#: What kind of give a kept promise was, tried in this order. An introduction first, in
#: any of its words ("the supplier intro", "put her in touch", "send her the plumber's
#: number"): "send" alone says nothing of what was sent. Lending is a favour, not a gift.
_INTRODUCTION = re.compile(
    r"\b(?:intros?\b|introduc|(?:put|get|putting|getting) (?:\w+ ){1,2}in touch|"
    r"connect (?!with\b)\w+(?: \w+)? (?:with|to)\b|refer(?:ral|red)?\b|"
    r"(?:'s|their|his|her) (?:contact|number|phone number|email address|details)\b)",
    re.I,
)
_ADVICE = re.compile(
    r"\b(?:advice|advise|feedback|review|look (?:at|over)|read|proofread|comments? on|tips|"
    r"recommend|mentor|go over|check over|talk (?:\w+ )?through)",
    re.I,
)
_LENT = re.compile(r"\b(?:lend|lent|loan|borrow)", re.I)
_GIFT = re.compile(
    r"\b(?:gift|present|give|bring|buy|flowers|bottle|cake|chocolates?|tickets?|a copy|"
    r"(?:a|the|my) book\b)",
    re.I,
)


def ledger_kind_for(text: str) -> LedgerKind:
    """What kind of give a kept promise was, from its words (an introduction, advice...);
    a favour when the words do not say."""
    if _INTRODUCTION.search(text):
        return LedgerKind.INTRODUCTION
    if _ADVICE.search(text):
        return LedgerKind.ADVICE
    if _LENT.search(text):
        return LedgerKind.FAVOUR
    if _GIFT.search(text):
        return LedgerKind.GIFT
    return LedgerKind.FAVOUR


def fact(journal: Journal, facet_id: str) -> Facet:
    with journal.store.reading() as conn:
        return people_db.facet_from_row(_facet_row(conn, facet_id))


def facts_of(journal: Journal, person_id: str) -> list[Facet]:
    """Everything known about someone, in the order the person page shows it."""
    with journal.store.reading() as conn:
        return [
            people_db.facet_from_row(r)
            for r in conn.execute(
                "SELECT * FROM facets WHERE person_id = ? ORDER BY position, created_at",
                (person_id,),
            )
        ]


def _facet_row(conn: Connection, facet_id: str) -> Any:
    row = conn.execute("SELECT * FROM facets WHERE id = ?", (facet_id,)).fetchone()
    if row is None:
        raise NotFound("That fact is no longer in the journal.")
    return row


def _later(a: date | None, b: date) -> date:
    return b if a is None or b > a else a


def _touch(journal: Journal, conn: Connection, person_id: str) -> None:
    conn.execute("UPDATE people SET updated_at = ? WHERE id = ?", (stamp(journal.clock), person_id))
    journal.record_change("person", [person_id])
