"""What Rapport read in an entry, kept for the user to accept, edit or dismiss.

When an entry is saved through the core (the entry editor, quick capture, ``journal
log``), ``read_entries`` runs the reader (``journal.core.reading``) on it inside the same
transaction and stores what it proposes as pending. Saving an edited entry replaces its
pending proposals (never duplicates them), and what the user already accepted or
dismissed is not proposed again. Nothing is applied until the user accepts it; accepting
goes through ``journal.core.facts`` (the one place that changes facts), so a proposal
accepted here changes the journal exactly as the same change typed on the person page.

``describe`` is the one place a proposal is put into words, for the CLI and the GUI.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from journal.core.clock import stamp
from journal.core.dates import date_from_db, date_to_db
from journal.core.errors import InvalidInput, NotFound
from journal.core.model import FacetKind, FollowUp, new_id
from journal.core.reading import (
    DECEASED,
    FACT_STATUS,
    LIFE_EVENT,
    NEW_FACT,
    PROMISE,
    PROMISE_KEPT,
    Detected,
    HeldFact,
    OpenPromise,
    PersonRef,
    preticked,
    read_entry,
)
from journal.core.stored import stored_date
from journal.core.wording import format_date

if TYPE_CHECKING:
    from journal.core.journal import Journal
    from journal.core.store import Connection

log = logging.getLogger(__name__)

#: Facts the reader may bring news about (hobbies, background and family simply stay true).
_HELD_KINDS = ("working_on", "can_help_with", "could_offer", "life_event")


@dataclass(frozen=True)
class Proposal:
    """A pending (or decided) change read from an entry, as the review shows it."""

    id: str
    entry_id: str | None
    person_id: str | None
    person_name: str
    kind: str
    text: str
    sentence: str
    facet_kind: str | None = None
    facet_id: str | None = None
    follow_up_id: str | None = None
    new_status: str | None = None
    due_on: date | None = None
    event_date: date | None = None
    confidence: float = 0.0
    state: str = "pending"

    @property
    def preticked(self) -> bool:
        """Offered ticked in the review (kinds measured at >= 90% precision)."""
        return preticked(
            Detected(self.kind, self.person_id or "", self.sentence, confidence=self.confidence)
        )

    @property
    def editable(self) -> bool:
        """Whether its text becomes something new (a fact, a promise) and so can be edited."""
        return self.kind in (NEW_FACT, PROMISE, LIFE_EVENT)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "entry_id": self.entry_id,
            "person_id": self.person_id,
            "person": self.person_name,
            "kind": self.kind,
            "text": self.text,
            "sentence": self.sentence,
            "fact_kind": self.facet_kind,
            "fact_id": self.facet_id,
            "follow_up_id": self.follow_up_id,
            "new_status": self.new_status,
            "due_on": date_to_db(self.due_on),
            "event_date": date_to_db(self.event_date),
            "confidence": round(self.confidence, 2),
            "preticked": self.preticked,
            "state": self.state,
            "summary": describe(self),
        }


# -- words ----------------------------------------------------------------------------------


def _day(value: date) -> str:
    """The app's one date format ("11 Dec 2026"), as followups and Today write it."""
    return format_date(value)


_FACT_KIND_WORDS = {
    "working_on": "working on",
    "hobby": "interest",
    "can_help_with": "can help with",
    "could_offer": "you could offer",
    "family": "family",
    "life_event": "life event",
}


def describe(p: Proposal) -> str:
    """The proposal in one plain sentence: what accepting it would change."""
    who = p.person_name or "someone"
    if p.kind == NEW_FACT:
        label = _FACT_KIND_WORDS.get(p.facet_kind or "", p.facet_kind or "fact")
        when = f" (from {_day(p.event_date)})" if p.event_date else ""
        return f"{who}, {label}: {p.text}{when}"
    if p.kind == FACT_STATUS:
        status = {
            "done": "is done",
            "cancelled": "was cancelled",
            "ongoing": "is still going on",
        }.get(p.new_status or "", f"is now {p.new_status}")
        return f"{who}: “{p.text}” {status}"
    if p.kind == PROMISE:
        due = f" (by {_day(p.due_on)})" if p.due_on else ""
        return f"You promised {who}: {p.text}{due}"
    if p.kind == PROMISE_KEPT:
        return f"Promise to {who} kept: {p.text}"
    when = f" ({_day(p.event_date)})" if p.event_date else ""
    if p.kind == DECEASED:
        on = f" on {_day(p.event_date)}" if p.event_date else ""
        return f"Mark {who} as deceased{on} (no more check-ins; their page and entries stay)"
    return f"{who}, life event: {p.text}{when}"


def heading(p: Proposal) -> str:
    """What kind of change it is and whom it is about, for the review's tick box."""
    who = p.person_name or "someone"
    if p.kind == NEW_FACT:
        label = _FACT_KIND_WORDS.get(p.facet_kind or "", "fact")
        return f"{who} · {label}"
    if p.kind == FACT_STATUS:
        status = {"done": "done", "cancelled": "cancelled", "ongoing": "still going on"}
        return f"{who} · {status.get(p.new_status or '', p.new_status or '')}: {p.text}"
    if p.kind == PROMISE:
        due = f" · by {p.due_on.day} {p.due_on:%b}" if p.due_on else ""
        return f"Your promise to {who}{due}"
    if p.kind == PROMISE_KEPT:
        return f"Promise to {who} kept: {p.text}"
    when = f" · {p.event_date.day} {p.event_date:%b %Y}" if p.event_date else ""
    if p.kind == DECEASED:
        return f"{who} · died{when}"
    return f"{who} · life event{when}"


def describe_applied(p: Proposal) -> str:
    """What accepting did, in the past tense, for the CLI's report."""
    who = p.person_name or "someone"
    if p.kind == NEW_FACT:
        return f"Added to {who}: {p.text}"
    if p.kind == FACT_STATUS:
        if p.new_status == "ongoing":
            return f"Confirmed for {who}: {p.text} (still going on)"
        return f"Marked {p.new_status} for {who}: {p.text}"
    if p.kind == PROMISE:
        due = f", due {_day(p.due_on)}" if p.due_on else ""
        return f"Follow-up for {who}: {p.text}{due}"
    if p.kind == PROMISE_KEPT:
        return f"Kept (recorded as a give to {who}): {p.text}"
    if p.kind == DECEASED:
        on = f" on {_day(p.event_date)}" if p.event_date else ""
        return f"Marked {who} as deceased{on}: no more check-ins or birthday reminders."
    return f"Life event for {who}: {p.text}"


# -- reading on save --------------------------------------------------------------------------


def read_entries(journal: Journal, conn: Connection, entry_ids: Iterable[str]) -> None:
    """Read each entry and store its proposals, replacing its pending ones.

    Runs inside the caller's transaction (the save). A failure to read is logged (never
    the text) and leaves the save alone: the entry matters more than what was read.
    """
    for entry_id in dict.fromkeys(entry_ids):
        conn.execute("SAVEPOINT reading")
        try:
            _read_one(journal, conn, entry_id)
        except Exception as exc:
            conn.execute("ROLLBACK TO reading")
            # the kind of failure only: a message could quote the entry's words
            log.warning("could not read an entry for proposals (%s)", type(exc).__name__)
        finally:
            conn.execute("RELEASE reading")


def _read_one(journal: Journal, conn: Connection, entry_id: str) -> None:
    row = conn.execute(
        "SELECT occurred_at, title, body FROM entries WHERE id = ?", (entry_id,)
    ).fetchone()
    if row is None:
        return
    on = stored_date(row["occurred_at"])
    if on is None:
        return  # an entry whose date is unreadable is not read for news
    people = [
        PersonRef(r["id"], r["name"], r["preferred_name"], r["pronouns"] or "")
        for r in conn.execute(
            "SELECT p.id, p.name, p.preferred_name, p.pronouns FROM entry_people ep "
            "JOIN people p ON p.id = ep.person_id WHERE ep.entry_id = ? ORDER BY ep.position",
            (entry_id,),
        )
    ]
    conn.execute("DELETE FROM proposals WHERE entry_id = ? AND state = 'pending'", (entry_id,))
    if not people:
        return
    ids = [p.id for p in people]
    marks = ", ".join("?" * len(ids))
    facts = [
        HeldFact(r["id"], r["person_id"], r["kind"], r["text"], r["status"])
        for r in conn.execute(
            f"SELECT id, person_id, kind, text, status FROM facets WHERE person_id IN ({marks}) "
            f"AND kind IN ({', '.join('?' * len(_HELD_KINDS))}) "
            "AND (source_entry_id IS NULL OR source_entry_id != ?)",
            (*ids, *_HELD_KINDS, entry_id),
        )
    ]
    promises = [
        OpenPromise(r["id"], r["person_id"], r["text"])
        for r in conn.execute(
            f"SELECT id, person_id, text FROM follow_ups WHERE done_on IS NULL "
            f"AND person_id IN ({marks}) AND (entry_id IS NULL OR entry_id != ?)",
            (*ids, entry_id),
        )
    ]
    text = "\n".join(t for t in (row["title"], row["body"]) if t and t.strip())
    found = read_entry(text, on, people, facts, promises)
    if not found:
        return
    known = _known(conn, entry_id, ids)
    now = stamp(journal.clock)
    for item in found:
        key = _key(item.kind, item.person_id, item.facet_id, item.follow_up_id,
                   item.new_status, item.facet_kind, item.text)  # fmt: skip
        if key in known:
            continue
        known.add(key)
        conn.execute(
            "INSERT INTO proposals (id, entry_id, person_id, kind, facet_kind, facet_id, "
            "follow_up_id, new_status, text, due_on, event_date, sentence, confidence, "
            "state, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
            (
                new_id(),
                entry_id,
                item.person_id,
                item.kind,
                item.facet_kind,
                item.facet_id,
                item.follow_up_id,
                item.new_status,
                item.text,
                date_to_db(item.due_on),
                date_to_db(item.event_date),
                item.sentence,
                item.confidence,
                now,
                now,
            ),
        )
    journal.record_change("proposal", [entry_id])


#: How far back an import reads entries for proposals (older news is history).
RECENT_DAYS = 60


def recent_entries(conn: Connection, today: date, days: int = RECENT_DAYS) -> list[str]:
    """The entries of the last ``days`` (up to ``today``), oldest first."""
    since = date.fromordinal(today.toordinal() - days).isoformat()
    return [
        r[0]
        for r in conn.execute(
            "SELECT id FROM entries WHERE occurred_at >= ? AND occurred_at < date(?, '+1 day') "
            "ORDER BY occurred_at",
            (since, today.isoformat()),
        )
    ]


def _key(
    kind: str,
    person_id: str | None,
    facet_id: str | None,
    follow_up_id: str | None,
    new_status: str | None,
    facet_kind: str | None,
    text: str,
) -> tuple[str, ...]:
    if kind in (FACT_STATUS, PROMISE_KEPT, DECEASED):
        text = ""  # the target says it all; the wording may change with an edit
    return (
        kind,
        person_id or "",
        facet_id or "",
        follow_up_id or "",
        new_status or "",
        facet_kind or "",
        " ".join(text.casefold().split()).rstrip("."),
    )


def _known(conn: Connection, entry_id: str, person_ids: Sequence[str]) -> set[tuple[str, ...]]:
    """What must not be proposed again: this entry's decided proposals, any pending news
    about the same fact or promise from another entry, and what the journal already
    holds in the same words (a fact, an open follow-up)."""
    known: set[tuple[str, ...]] = set()
    marks = ", ".join("?" * len(person_ids))
    for r in conn.execute(
        "SELECT kind, person_id, facet_id, follow_up_id, new_status, facet_kind, text "
        "FROM proposals WHERE (entry_id = ? AND state != 'pending') "
        f"OR (state = 'pending' AND kind IN ('fact_status', 'promise_kept', 'deceased') "
        f"AND person_id IN ({marks}))",
        (entry_id, *person_ids),
    ):
        known.add(_key(*(r[i] or "" for i in range(7))))
    for r in conn.execute(
        f"SELECT person_id, kind, text FROM facets WHERE person_id IN ({marks})", (*person_ids,)
    ):
        kind = LIFE_EVENT if r["kind"] == "life_event" else NEW_FACT
        facet_kind = None if kind == LIFE_EVENT else r["kind"]
        known.add(_key(kind, r["person_id"], None, None, None, facet_kind, r["text"]))
    for r in conn.execute(  # someone already marked deceased: nothing to propose
        f"SELECT id FROM people WHERE deceased_on IS NOT NULL AND id IN ({marks})", (*person_ids,)
    ):
        known.add(_key(DECEASED, r["id"], None, None, None, None, ""))
    for r in conn.execute(
        f"SELECT person_id, text FROM follow_ups WHERE done_on IS NULL AND person_id IN ({marks})",
        (*person_ids,),
    ):
        known.add(_key(PROMISE, r["person_id"], None, None, None, None, r["text"]))
    return known


# -- review ---------------------------------------------------------------------------------


def _from_row(row: Any) -> Proposal:
    return Proposal(
        id=row["id"],
        entry_id=row["entry_id"],
        person_id=row["person_id"],
        person_name=row["shown"] or "",
        kind=row["kind"],
        text=row["text"],
        sentence=row["sentence"],
        facet_kind=row["facet_kind"],
        facet_id=row["facet_id"],
        follow_up_id=row["follow_up_id"],
        new_status=row["new_status"],
        due_on=date_from_db(row["due_on"]),
        event_date=date_from_db(row["event_date"]),
        confidence=float(row["confidence"]),
        state=row["state"],
    )


_SELECT = (
    "SELECT pr.*, CASE WHEN p.preferred_name != '' THEN p.preferred_name ELSE p.name END "
    "AS shown FROM proposals pr LEFT JOIN people p ON p.id = pr.person_id "
)
_ORDER = " ORDER BY pr.created_at, pr.rowid"


def pending_proposals(
    journal: Journal, *, entry_id: str | None = None, person_id: str | None = None
) -> list[Proposal]:
    """What waits for review: for one entry, one person, or (neither given) everyone."""
    where = ["pr.state = 'pending'"]
    params: list[Any] = []
    if entry_id:
        where.append("pr.entry_id = ?")
        params.append(entry_id)
    if person_id:
        where.append("pr.person_id = ?")
        params.append(person_id)
    with journal.store.reading() as conn:
        rows = conn.execute(_SELECT + "WHERE " + " AND ".join(where) + _ORDER, params)
        return [_from_row(r) for r in rows]


def proposal(journal: Journal, proposal_id: str) -> Proposal:
    """One proposal by id, or by the first characters of its id (as the CLI shows it)."""
    with journal.store.reading() as conn:
        rows = conn.execute(
            _SELECT + "WHERE pr.id = ? OR pr.id LIKE ? LIMIT 2",
            (proposal_id, proposal_id.replace("%", "").replace("_", "") + "%"),
        ).fetchall()
    exact = [r for r in rows if r["id"] == proposal_id]
    if exact:
        return _from_row(exact[0])
    if len(rows) == 1 and len(proposal_id) >= 4:
        return _from_row(rows[0])
    if rows and len(proposal_id) < 4:
        raise InvalidInput("Type at least the first 4 letters of the proposal's ID.")
    if len(rows) > 1:
        raise InvalidInput(f"More than one proposal starts with {proposal_id!r}; type more of it.")
    raise NotFound(
        "There is no proposal with that ID. `journal proposals` lists the ones waiting, "
        "each with its ID in brackets."
    )


def accept_proposal(journal: Journal, proposal_id: str, edited_text: str | None = None) -> Proposal:
    """Apply one proposal (with the user's wording, if they edited it), in one transaction.

    A new fact or life event becomes a fact of that person (noted on the entry's day); news
    about a fact changes its status (or confirms it); a promise becomes a follow-up with
    its due date; a promise kept closes the follow-up and records the give.
    """
    from journal.core import facts

    p = proposal(journal, proposal_id)
    if p.state != "pending":
        raise InvalidInput(f"That proposal was already {p.state}.")
    text = (edited_text if edited_text is not None else p.text).strip()
    if p.editable and not text:
        raise InvalidInput("Type what to keep, or dismiss the proposal instead.")
    with journal.transaction() as conn:
        on = _entry_day(journal, conn, p.entry_id)
        if p.person_id is None:
            raise NotFound("The person this was about is no longer in the journal.")
        if p.kind == NEW_FACT:
            kind = FacetKind(p.facet_kind or "working_on")
            facts.add_fact(
                journal,
                p.person_id,
                kind,
                text,
                on=on,
                source_entry_id=p.entry_id,
                ask_again_on=p.event_date if kind is FacetKind.WORKING_ON else None,
            )
        elif p.kind == LIFE_EVENT:
            facts.add_fact(
                journal,
                p.person_id,
                FacetKind.LIFE_EVENT,
                text,
                on=on,
                source_entry_id=p.entry_id,
                event_date=p.event_date,
            )
        elif p.kind == FACT_STATUS:
            if p.facet_id is None:
                raise NotFound("That fact is no longer in the journal.")
            if p.new_status == "ongoing" and facts.fact(journal, p.facet_id).status == "ongoing":
                facts.confirm_fact(journal, p.facet_id, on=on)
            else:
                facts.set_fact_status(journal, p.facet_id, p.new_status or "ongoing", on=on)
        elif p.kind == PROMISE:
            journal.add_follow_up(
                FollowUp(text=text, due_on=p.due_on, person_id=p.person_id, entry_id=p.entry_id)
            )
        elif p.kind == PROMISE_KEPT:
            if p.follow_up_id is None:
                raise NotFound("That follow-up is no longer in the journal.")
            facts.keep_promise(journal, p.follow_up_id, on=on)
        elif p.kind == DECEASED:
            person = journal.person(p.person_id)
            if person.deceased_on is None:  # a date already recorded is the user's
                person.deceased_on = p.event_date or on
                journal.save_person(person)
        _decide(journal, conn, p, "accepted")
        if p.kind in (FACT_STATUS, PROMISE_KEPT, DECEASED):
            # the same news read in another entry has nothing left to propose
            conn.execute(
                "DELETE FROM proposals WHERE state = 'pending' AND id != ? AND kind = ? "
                "AND coalesce(facet_id, '') = ? AND coalesce(follow_up_id, '') = ? "
                "AND coalesce(new_status, '') = ? AND coalesce(person_id, '') = ?",
                (
                    p.id,
                    p.kind,
                    p.facet_id or "",
                    p.follow_up_id or "",
                    p.new_status or "",
                    p.person_id or "",
                ),
            )
    return Proposal(**{**p.__dict__, "text": text, "state": "accepted"})


def dismiss_proposal(journal: Journal, proposal_id: str) -> Proposal:
    """Not true, or not worth keeping: it stays dismissed and is not proposed again."""
    p = proposal(journal, proposal_id)
    if p.state != "pending":
        raise InvalidInput(f"That proposal was already {p.state}.")
    with journal.transaction() as conn:
        _decide(journal, conn, p, "dismissed")
    return Proposal(**{**p.__dict__, "state": "dismissed"})


def _decide(journal: Journal, conn: Connection, p: Proposal, state: str) -> None:
    cursor = conn.execute(
        "UPDATE proposals SET state = ?, updated_at = ? WHERE id = ? AND state = 'pending'",
        (state, stamp(journal.clock), p.id),
    )
    if cursor.rowcount != 1:
        raise InvalidInput("That proposal was already reviewed.")
    journal.record_change("proposal", [p.id])
    if p.person_id:
        journal.record_change("person", [p.person_id])


def _entry_day(journal: Journal, conn: Connection, entry_id: str | None) -> date:
    if entry_id:
        row = conn.execute("SELECT occurred_at FROM entries WHERE id = ?", (entry_id,)).fetchone()
        if row is not None:
            on = stored_date(row["occurred_at"])
            if on is not None:
                return on
    return journal.clock.today()
