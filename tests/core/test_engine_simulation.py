"""120 days of Today, as a real user lives them: the proof that facts stay true and the
day is fair.

One journal on a fixed clock: 27 people in every circle (one of them dead, with a
birthday in the window), projects that were finished or cancelled (written as facts with
a status), an old project nobody has confirmed, a newborn fine to mention, kept and open
promises, entries whose text is the only thing known, and a LinkedIn address book of 200
imported on day one (some "connected" last week). Two users live 120 days on it: one acts
on every suggestion (done, and skips the week's reconnection), one never acts (the app
still shows the list every day). Each run prints its figures and asserts them.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from journal.core import engine, facts
from journal.core.interop.importing import import_file
from journal.core.journal import Journal
from journal.core.model import (
    Birthday,
    Circle,
    Entry,
    FacetKind,
    FactStatus,
    FollowUp,
    Person,
)
from journal.core.phrasing import STALE_AFTER_DAYS

START = date(2026, 3, 2)  # a Monday
DAYS = 120
BOOK = 200


@dataclass
class World:
    journal: Journal
    deceased: str
    imported: set[str]
    over: dict[str, str]  # facet id -> status, for facts finished or cancelled
    kept_promises: set[str]


def _entry(journal: Journal, pid: str, on: date, body: str = "Coffee") -> None:
    journal.add_entry(Entry(occurred_at=datetime.combine(on, time(12)), body=body, people=[pid]))


def build(journal: Journal, tmp_path: Path) -> World:
    rng = random.Random(13)
    clock = journal.clock
    clock.set(datetime.combine(START, time(8)))
    day0 = START
    people: dict[str, Person] = {}
    layout = [
        (Circle.INNER, ["Iris Vale", "Omar Haddad", "Lena Kraus"]),
        (Circle.CLOSE, ["Sam Okafor", "Priya Nair", "Tom Becker", "Ada Moreau", "Ken Ito", "Zoe Park"]),
        (
            Circle.NETWORK,
            ["Maya Okonkwo", "Raul Diaz", "Nina Berg", "Femi Ade", "Hugo Brandt",
             "Yara Saleh", "Olu Bello", "Eva Novak"],
        ),
        (Circle.ACQUAINTANCE, ["Paul Grey", "Rita Sousa", "Jon Lund", "Mei Chen", "Abe Stone"]),
        (Circle.DORMANT, ["Cora Blake", "Dev Rao", "Finn Walsh", "Gus Amato"]),
    ]  # fmt: skip
    fields = ["Software", "Health", "Design", "Finance", "Education", "Law", "Food"]
    for circle, names in layout:
        for i, name in enumerate(names):
            person = journal.add_person(
                Person(
                    name=name,
                    circle=circle,
                    field=fields[(i + len(name)) % len(fields)],
                    organisation=["Acme", "Verde", "Clinic", "Studio", ""][i % 5],
                    met_on=day0 - timedelta(days=900 + 40 * i),
                    pronouns=["she", "he", "they", ""][i % 4],
                )
            )
            people[name] = person
            back = {
                Circle.INNER: rng.randint(3, 20),
                Circle.CLOSE: rng.randint(5, 45),
                Circle.NETWORK: rng.randint(10, 90),
                Circle.ACQUAINTANCE: rng.randint(60, 220),
                Circle.DORMANT: rng.randint(420, 1500),
            }[circle]
            _entry(journal, person.id, day0 - timedelta(days=back))
    # The dead: a birthday in the window, once an inner friend.
    hans = journal.add_person(
        Person(
            name="Hans Meyer",
            circle=Circle.INNER,
            birthday=Birthday(4, 10, 1950),
            met_on=day0 - timedelta(days=8000),
            deceased_on=day0 - timedelta(days=40),
        )
    )
    _entry(journal, hans.id, day0 - timedelta(days=60), "Visited him in hospital")

    def pid(name: str) -> str:
        return people[name].id

    over: dict[str, str] = {}
    earlier = day0 - timedelta(days=30)
    # Finished and cancelled projects: never asked about as if going on.
    shop = facts.add_fact(
        journal, pid("Sam Okafor"), "working_on", "the shop's opening", on=earlier
    )
    facts.set_fact_status(journal, shop, "done", on=day0 - timedelta(days=5))
    over[shop] = "done"
    deal = facts.add_fact(journal, pid("Priya Nair"), "working_on", "her book deal", on=earlier)
    facts.set_fact_status(journal, deal, "cancelled", on=day0 - timedelta(days=10))
    over[deal] = "cancelled"
    thesis = facts.add_fact(
        journal, pid("Raul Diaz"), "working_on", "his thesis", on=earlier,
        ask_again_on=day0 + timedelta(days=20),
    )  # fmt: skip
    facts.set_fact_status(journal, thesis, "done", on=day0 - timedelta(days=2))
    over[thesis] = "done"
    launch = facts.add_fact(journal, pid("Nina Berg"), "working_on", "the app launch", on=earlier)
    facts.set_fact_status(journal, launch, "cancelled", on=day0 + timedelta(days=1))
    over[launch] = "cancelled"
    # Current facts, an old one, life events, hobbies, family.
    facts.add_fact(journal, pid("Iris Vale"), "working_on", "a ceramics course", on=day0)
    facts.add_fact(journal, pid("Tom Becker"), "working_on", "the kitchen renovation", on=earlier)
    facts.add_fact(
        journal, pid("Femi Ade"), "working_on", "a seed round", on=day0 - timedelta(days=700)
    )
    facts.add_fact(
        journal, pid("Ada Moreau"), "life_event", "had a baby girl", on=earlier, mention_ok=True,
        event_date=earlier,
    )  # fmt: skip
    facts.add_fact(journal, pid("Ada Moreau"), "hobby", "bouldering", on=earlier)
    facts.add_fact(journal, pid("Ken Ito"), "hobby", "jazz piano", on=earlier)
    facts.add_fact(
        journal, pid("Yara Saleh"), FacetKind.COULD_OFFER, "an intro to my editor", on=earlier
    )
    facts.add_fact(journal, pid("Omar Haddad"), "background", "grew up in Lisbon", on=earlier)
    facts.add_fact(journal, hans.id, "hobby", "chess", on=earlier)
    # What entries say: the only thing known about a few people.
    _entry(journal, pid("Lena Kraus"), day0 - timedelta(days=4), "Talked about her pottery studio.")
    _entry(
        journal, pid("Hugo Brandt"), day0 - timedelta(days=50), "We chatted about his move to Ghent"
    )
    # Promises: some kept, some open and due in the window.
    kept = set()
    for name, text in (("Zoe Park", "send her the article"), ("Olu Bello", "introduce him to Kim")):
        item = journal.add_follow_up(
            FollowUp(text, person_id=pid(name), due_on=day0 + timedelta(days=10))
        )
        facts.keep_promise(journal, item.id, on=day0)
        kept.add(item.id)
    journal.add_follow_up(
        FollowUp(
            "send Eva the grant template",
            person_id=pid("Eva Novak"),
            due_on=day0 + timedelta(days=15),
        )
    )
    journal.add_follow_up(
        FollowUp("lend Mei my camera", person_id=pid("Mei Chen"), due_on=day0 + timedelta(days=40))
    )
    for name, days in (("Iris Vale", 30), ("Ken Ito", 75), ("Paul Grey", 3)):
        birthday = day0 + timedelta(days=days)
        person = journal.person(pid(name))
        person.birthday = Birthday(birthday.month, birthday.day, 1988)
        journal.save_person(person)
    # A new acquaintance met three days into the window.
    clock.set(datetime.combine(day0, time(8)))
    # The address book: 200 LinkedIn connections, some connected last week.
    firsts = [
        "Aiko",
        "Bram",
        "Cleo",
        "Dario",
        "Elin",
        "Farid",
        "Gita",
        "Hiro",
        "Ines",
        "Jonas",
        "Kaia",
        "Luca",
        "Mira",
        "Nils",
        "Odile",
        "Pavel",
        "Quinn",
        "Rosa",
        "Sven",
        "Tariq",
    ]
    lasts = "Albright Brennan Castell Dunmore Everly Fairweather Galloway Hartwell Ingram Jessup"
    rows = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    for i in range(BOOK):
        first, last = firsts[i % 20], lasts.split()[i // 20]
        connected = day0 - timedelta(days=2 + (i * 37) % 3000)
        rows.append(
            f"{first},{last},https://linkedin.example/{i},{first}.{last}@example.org,"
            f"Firm{i % 17},Role{i % 5},{connected:%d %b %Y}"
        )
    book = tmp_path / "Connections.csv"
    book.write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = import_file(journal, book, "linkedin")
    imported = {line.person_id for line in report.added if line.person_id}
    assert len(imported) == BOOK
    return World(journal, hans.id, imported, over, kept)


@dataclass
class Run:
    shown: dict[date, list[engine.Suggestion]] = field(default_factory=dict)
    due: set[str] = field(default_factory=set)
    reconnect_weeks: dict[date, set[str]] = field(default_factory=lambda: defaultdict(set))


def live(world: World, *, acts: bool) -> Run:
    journal = world.journal
    run = Run()
    for n in range(DAYS):
        day = START + timedelta(days=n)
        journal.clock.set(datetime.combine(day, time(8)))
        if n == 3:  # met someone new: a first-meeting note within the week
            newcomer = journal.add_person(
                Person(name="Noor Haddad", circle=Circle.NETWORK, met_on=day)
            )
            _entry(journal, newcomer.id, day, "Met at the design meetup; talked about her studio")
        run.due |= engine.due_person_ids(journal)
        today = engine.today(journal)
        engine.mark_shown(journal, today)  # what the app does each time it shows Today
        run.shown[day] = today
        for s in today:
            if s.kind == "reconnect":
                run.reconnect_weeks[day - timedelta(days=day.weekday())].add(s.person_id)
        if acts:
            for s in today:
                engine.act(journal, s, "skip" if s.kind == "reconnect" else "done")
    return run


def hook_verdicts(world: World, run: Run) -> tuple[int, int, int]:
    """(suggestions with a hook, how many of those are current, how many ask about a
    finished or cancelled fact as if going on)."""
    journal = world.journal
    facet_by_id = {f.id: f for p in journal.people() for f in p.facets}
    with_hook = current = as_ongoing = 0
    for day, suggestions in run.shown.items():
        for s in suggestions:
            used = [f for f in s.facts if f.kind not in ("last_contact", "ledger", "organisation")]
            if not used:
                continue
            with_hook += 1
            ok = True
            for fact in used:
                facet = facet_by_id.get(fact.source_id or "")
                if fact.kind == "promise" and fact.source_id in world.kept_promises:
                    ok = False
                if facet is None:
                    continue
                if facet.status is not FactStatus.ONGOING and fact.kind in ("working_on", "thread"):
                    ok = False
                    as_ongoing += 1
                if (
                    facet.kind is FacetKind.WORKING_ON
                    and facet.status is FactStatus.ONGOING
                    and "going" in s.action
                    and facet.last_confirmed
                    and (day - facet.last_confirmed).days > STALE_AFTER_DAYS
                    and not facet.ask_again_on
                ):
                    ok = False
            for fid, _status in world.over.items():
                text = facet_by_id[fid].text
                if text in s.action and ("going" in s.action or "how " in s.action):
                    as_ongoing += 1
                    ok = False
            current += ok
    return with_hook, current, as_ongoing


def longest_run(run: Run) -> tuple[int, str]:
    best, who = 0, ""
    streak: dict[str, int] = {}
    for day in sorted(run.shown):
        today_ids = {s.person_id for s in run.shown[day]}
        streak = {pid: streak.get(pid, 0) + 1 for pid in today_ids}
        for pid, n in streak.items():
            if n > best:
                best, who = n, pid
    return best, who


def report(world: World, run: Run, label: str) -> dict[str, float]:
    journal = world.journal
    shown_ids = {s.person_id for day in run.shown.values() for s in day}
    total = sum(len(day) for day in run.shown.values())
    with_hook, current, as_ongoing = hook_verdicts(world, run)
    deceased = sum(1 for day in run.shown.values() for s in day if s.person_id == world.deceased)
    never = run.due - shown_ids
    weekly: dict[date, set[str]] = defaultdict(set)
    for day, suggestions in run.shown.items():
        for s in suggestions:
            if s.person_id in world.imported:
                weekly[day - timedelta(days=day.weekday())].add(s.person_id)
    imported_per_week = max((len(v) for v in weekly.values()), default=0)
    streak, who = longest_run(run)
    names = {p.id: p.name for p in journal.people()}
    figures = {
        "suggestions": total,
        "hook_current_share": current / with_hook if with_hook else 1.0,
        "done_or_cancelled_as_ongoing": as_ongoing,
        "deceased_suggested": deceased,
        "due_never_shown": len(never),
        "longest_run_days": streak,
        "imported_shown_max_per_week": imported_per_week,
        "imported_shown_total": len({p for v in weekly.values() for p in v}),
        "distinct_people_shown": len(shown_ids),
    }
    print(
        f"\n{label}: "
        + ", ".join(
            f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in figures.items()
        )
    )
    print(
        f"  longest run: {names.get(who, who)}; due but never shown: {sorted(names[p] for p in never)}"
    )
    return figures


@pytest.fixture
def world(journal, tmp_path) -> World:
    return build(journal, tmp_path)


def check(figures: dict[str, float]) -> None:
    assert figures["hook_current_share"] >= 0.95
    assert figures["done_or_cancelled_as_ongoing"] == 0
    assert figures["deceased_suggested"] == 0
    assert figures["due_never_shown"] == 0
    assert figures["imported_shown_max_per_week"] <= 1


def test_a_user_who_acts_on_every_suggestion(world):
    run = live(world, acts=True)
    figures = report(world, run, "acts")
    check(figures)
    # Done resets the clock: nobody is suggested two days running unless something new.
    assert figures["longest_run_days"] <= 2
    # The week's reconnection rotates when skipped instead of stopping for months.
    weeks = sorted(run.reconnect_weeks)
    people = [p for w in weeks for p in run.reconnect_weeks[w]]
    assert len(weeks) >= 12 and len(set(people)) == len(people)


def test_a_user_who_never_acts(world):
    run = live(world, acts=False)
    figures = report(world, run, "never acts")
    check(figures)
    # Ignored suggestions give way: nobody fills Today for more than three days running.
    assert figures["longest_run_days"] <= 4
    assert figures["distinct_people_shown"] >= 20
