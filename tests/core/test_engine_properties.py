"""Invariants of the engine over random journals (hypothesis): the cap holds; nobody
archived, muted, snoozed or skipped comes up, and dormant people only as a reconnection;
logging an entry removes someone; the same journal and clock give the same list and
words, and the plan ahead agrees with today; every fact a sentence names comes from that
person's own journal, and nothing marked private."""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.core import engine
from journal.core import reminders as db
from journal.core.clock import FixedClock, stamp
from journal.core.journal import Journal
from journal.core.keychain import Keychain
from journal.core.keys import KdfParams
from journal.core.model import (
    Birthday,
    Circle,
    Direction,
    Entry,
    Facet,
    FacetKind,
    FollowUp,
    LedgerItem,
    LedgerKind,
    Person,
)
from journal.core.paths import JournalPaths
from tests.support.keyrings import MemoryKeyring

BASE = date(2026, 11, 24)
TOKEN = re.compile(r"zq\d+[a-z]\d+")

facet_spec = st.tuples(
    st.sampled_from(list(FacetKind)),
    st.booleans(),  # shared
    st.sampled_from([None, True, False]),  # mention_ok (None: the kind's default)
    st.one_of(st.none(), st.integers(-45, 30)),  # ask again / anniversary offset
)
person_spec = st.fixed_dictionaries(
    {
        "circle": st.sampled_from(list(Circle)),
        "last": st.one_of(st.none(), st.integers(0, 1200)),
        "met": st.one_of(st.none(), st.integers(0, 1500)),
        "cadence": st.one_of(st.none(), st.integers(5, 200)),
        "field": st.sampled_from(["", "Law", "law", "Design", "Health"]),
        "org": st.sampled_from(["", "Acme", "Globex"]),
        "birthday": st.one_of(st.none(), st.tuples(st.integers(1, 12), st.integers(1, 28))),
        "archived": st.sampled_from([False, False, False, True]),
        "facets": st.lists(facet_spec, max_size=4),
        "promises": st.lists(st.integers(-40, 5), max_size=2),
        "ledger": st.tuples(st.integers(0, 3), st.integers(0, 2)),  # received, given
        "state": st.sampled_from(["none", "none", "none", "muted", "snoozed", "skipped", "done"]),
    }
)
journal_spec = st.fixed_dictionaries(
    {
        "people": st.lists(person_spec, min_size=1, max_size=10),
        "offset": st.integers(0, 20),
        "cap": st.integers(0, 4),
        "learn": st.booleans(),
    }
)


@dataclass
class Built:
    journal: Journal
    root: Path
    day: date
    cap: int
    people: dict[str, dict]
    allowed: dict[str, set[str]]  # person id -> tokens that may be said about them
    private: set[str]


def build(spec: dict) -> Built:
    root = Path(tempfile.mkdtemp(prefix="rapport-prop-"))
    clock = FixedClock(datetime.combine(BASE, time(9)))
    journal = Journal.create(
        JournalPaths(root / "j"),
        "property passphrase",
        kdf=KdfParams.fresh(n=2**10),
        clock=clock,
        keychain=Keychain(MemoryKeyring()),
    )
    settings_ = journal.settings()
    settings_.daily_cap = spec["cap"]
    settings_.learn_cadence = spec["learn"]
    journal.save_settings(settings_)
    day = BASE + timedelta(days=spec["offset"])
    people: dict[str, dict] = {}
    allowed: dict[str, set[str]] = {}
    private: set[str] = set()
    with journal.transaction():  # one commit: fast to build
        for i, p in enumerate(spec["people"]):
            _add_person(journal, i, p, day, people, allowed, private)
    return Built(journal, root, day, spec["cap"], people, allowed, private)


def _add_person(
    journal: Journal, i: int, p: dict, day: date, people: dict, allowed: dict, private: set
) -> None:
    facets = []
    for j, (kind, shared, mention_ok, offset) in enumerate(p["facets"]):
        token = f"zq{i}k{j}"
        facet = Facet(
            kind,
            f"{token} thing",
            shared=shared,
            mention_ok=mention_ok,
            detail=f"how {token} went" if j % 2 else "",
            noted_on=BASE - timedelta(days=30 + j),
        )
        if kind is FacetKind.WORKING_ON and offset is not None:
            facet.ask_again_on = BASE + timedelta(days=offset)
        if kind is FacetKind.LIFE_EVENT and offset is not None:
            facet.event_date = BASE - timedelta(days=730 - offset)
        facets.append(facet)
    birthday = Birthday(*p["birthday"]) if p["birthday"] else None
    person = journal.add_person(
        Person(
            name=f"Person{i} Surname",
            circle=p["circle"],
            cadence_days=p["cadence"],
            field=p["field"],
            organisation=p["org"],
            birthday=birthday,
            facets=facets,
            met_on=BASE - timedelta(days=p["met"]) if p["met"] is not None else None,
        )
    )
    tokens = {f"zq{i}k{j}" for j, f in enumerate(facets) if f.mention_ok}
    private |= {f"zq{i}k{j}" for j, f in enumerate(facets) if not f.mention_ok}
    if p["last"] is not None:
        journal.add_entry(
            Entry(
                occurred_at=datetime.combine(BASE - timedelta(days=p["last"]), time(12)),
                body="Coffee",
                people=[person.id],
            )
        )
    for j, due in enumerate(p["promises"]):
        token = f"zq{i}f{j}"
        journal.add_follow_up(
            FollowUp(f"Send {token}", due_on=BASE + timedelta(days=due), person_id=person.id)
        )
        tokens.add(token)
    received, given = p["ledger"]
    for j in range(received + given):
        journal.add_ledger_item(
            LedgerItem(
                person.id,
                Direction.RECEIVED if j < received else Direction.GIVEN,
                LedgerKind.ADVICE,
                description=f"zq{i}l{j}",
                occurred_on=BASE - timedelta(days=9),
            )
        )
    if p["archived"]:
        journal.set_archived(person.id)
    with journal.transaction() as conn:
        now = stamp(journal.clock)
        if p["state"] == "muted":
            db.update_state(conn, person.id, now, muted=1)
        elif p["state"] == "snoozed":
            db.update_state(
                conn, person.id, now, snooze_until=(day + timedelta(days=3)).isoformat()
            )
        elif p["state"] == "skipped":
            db.update_state(conn, person.id, now, skip_until=(day + timedelta(days=1)).isoformat())
        elif p["state"] == "done":
            db.update_state(conn, person.id, now, done_on=(BASE - timedelta(days=i)).isoformat())
    people[person.id] = p
    allowed[person.id] = tokens


def close(built: Built) -> None:
    built.journal.close()
    shutil.rmtree(built.root, ignore_errors=True)


PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(journal_spec)
def test_today_keeps_every_promise_it_makes(spec):
    built = build(spec)
    try:
        journal, day = built.journal, built.day
        suggestions = engine.today(journal, day)
        # never more capped suggestions than the cap
        assert sum(s.capped for s in suggestions) <= built.cap
        # one suggestion per person, uncapped ones first
        assert len({s.person_id for s in suggestions}) == len(suggestions)
        capped = [s.capped for s in suggestions]
        assert capped == sorted(capped)
        for s in suggestions:
            p = built.people[s.person_id]
            assert not p["archived"]
            assert p["state"] not in ("muted", "snoozed", "skipped")
            if p["circle"] is Circle.DORMANT:
                assert s.kind == "reconnect"
            # the words name only this person's own facts, never a private one
            said = " ".join([s.action, s.reason, s.give_first or ""])
            for token in TOKEN.findall(said):
                assert token in built.allowed[s.person_id], (token, said)
                assert token not in built.private
            for fact in s.facts:
                for token in TOKEN.findall(fact.text):
                    assert token in built.allowed[s.person_id]
        # same journal and clock: same list and words; the plan ahead starts with today
        assert engine.today(journal, day) == suggestions
        plan = engine.upcoming(journal, days=4, start=day)
        assert [s for s in plan if s.due_on == day] == suggestions
        for offset in range(4):
            on = day + timedelta(days=offset)
            assert sum(s.capped for s in plan if s.due_on == on) <= built.cap
        # logging an entry with someone removes them today
        if suggestions:
            someone = suggestions[0].person_id
            journal.clock.set(datetime.combine(day, time(18)))  # type: ignore[attr-defined]
            journal.add_entry(
                Entry(occurred_at=datetime.combine(day, time(17)), body="Called", people=[someone])
            )
            assert someone not in {s.person_id for s in engine.today(journal, day)}
            assert someone not in engine.due_person_ids(journal, day)
    finally:
        close(built)


@PROPERTY
@given(journal_spec)
def test_the_due_filter_and_the_person_page_agree_with_today(spec):
    built = build(spec)
    try:
        journal, day = built.journal, built.day
        journal.clock.set(datetime.combine(day, time(9)))  # type: ignore[attr-defined]
        due = engine.due_person_ids(journal)
        listed = engine.today(journal)
        for s in listed:
            assert s.person_id in due or s.kind == "reconnect"
        for pid in built.people:
            when, reason = engine.next_check_in(journal, pid)
            assert (when == day) == (pid in due), (when, reason)
            assert reason
    finally:
        close(built)
