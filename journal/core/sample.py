"""Deterministic sample journals: for "explore sample data", the demo and the benchmarks.

The same seed and anchor date always give the same journal, so screenshots, benchmarks
and tests can rely on it. People come with the personal side filled in (hobbies,
family, what they are working on, what I could offer), and two years of entries with
follow-ups and gives/receives, so every screen and the reminder engine have something
true to say. A journal up to ``BATCH`` entries is written in one transaction; a
bigger one (50,000 people / 1,000,000 entries) in transactions of ``BATCH`` entries, its
entries made twice from the same random state rather than all held at once, so memory
and the WAL stay flat however big it is. Each transaction's entries are indexed for
search once at its end, not row by row (``search.new_entries_indexed_once``).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import journal
from journal.core.clock import stamp
from journal.core.model import (
    Birthday,
    Channel,
    ChannelKind,
    Circle,
    Direction,
    Entry,
    EntryKind,
    Facet,
    FacetKind,
    FollowUp,
    LedgerItem,
    LedgerKind,
    NetworkKind,
    Person,
)

DEMO_PASSPHRASE = journal.DEMO_PASSPHRASE

FIRST_NAMES = (
    "Ana", "Kofi", "Mei", "Lucas", "Priya", "Tomás", "Amara", "Jonas", "Yuki", "Fatima",
    "Oliver", "Sofia", "Mateo", "Zanele", "Ravi", "Elena", "Hiro", "Nadia", "Samuel", "Leila",
    "Diego", "Ingrid", "Chidi", "Marta", "Arjun", "Chloé", "Emeka", "Hana", "Pablo", "Aisha",
    "Felix", "Noor", "Gabriel", "Signe", "Tariq", "Beatriz", "Kenji", "Ama", "Luca", "Rosa",
    "Malik", "Ines", "Viktor", "Thandi", "Omar", "Clara", "Jae", "Esther", "Rafael", "Wanjiru",
)  # fmt: skip
LAST_NAMES = (
    "Lima", "Mensah", "Chen", "Moreau", "Sharma", "García", "Okafor", "Berg", "Tanaka",
    "Haddad", "Smith", "Rossi", "Fernández", "Dlamini", "Iyer", "Petrova", "Sato", "Karimi",
    "Osei", "Nasser", "Castillo", "Johansson", "Eze", "Novak", "Patel", "Dubois", "Adeyemi",
    "Kim", "Ruiz", "Bello", "Weber", "Rahman", "Costa", "Nielsen", "Aziz", "Silva", "Mori",
    "Boateng", "Bianchi", "Navarro", "Farouk", "Almeida", "Kowalski", "Ndlovu", "Hassan",
    "Schmidt", "Park", "Levi", "Oliveira", "Kamau",
)  # fmt: skip

FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # field: (organisations, roles)
    "Software": (
        ("Northwind Labs", "Brightlayer", "Quill Systems", "Tessellate"),
        ("engineer", "engineering manager", "CTO", "product designer"),
    ),
    "Food & hospitality": (
        ("Crumb & Co. Bakery", "Harbour Kitchen", "Verde Café"),
        ("founder", "head chef", "owner"),
    ),
    "Healthcare": (
        ("St. Brigid Hospital", "Clearview Clinic", "Pulse Health"),
        ("nurse", "physician", "clinic manager"),
    ),
    "Education": (
        ("Riverside School", "City University", "Open Learning Trust"),
        ("teacher", "lecturer", "head of year"),
    ),
    "Finance": (
        ("Ledgerline", "Harbour Capital", "Mutual Trust Bank"),
        ("analyst", "investor", "CFO"),
    ),
    "Design": (
        ("Studio Ondas", "Paper & Pixel", "Formwork"),
        ("illustrator", "art director", "UX researcher"),
    ),
    "Nonprofit": (
        ("Green Streets", "Literacy Now", "Refugee Welcome"),
        ("programme lead", "fundraiser", "director"),
    ),
    "Media": (
        ("The Ledger Weekly", "Signal Radio", "Northlight Films"),
        ("journalist", "producer", "editor"),
    ),
    "Research": (
        ("Institute for Climate Studies", "BioMarin Lab", "Data Commons"),
        ("researcher", "postdoc", "lab lead"),
    ),
    "Law": (("Okafor & Partners", "Civic Legal Aid"), ("lawyer", "paralegal", "partner")),
}

CITIES = ("Lisbon", "Accra", "Berlin", "Toronto", "Nairobi", "Melbourne", "São Paulo",
          "Osaka", "Manchester", "Lyon", "Bangalore", "Oslo")  # fmt: skip

HOBBIES = ("trail running", "sourdough baking", "climbing", "jazz piano", "chess", "birding",
           "cycling", "gardening", "photography", "board games", "swimming", "pottery",
           "football", "reading sci-fi", "hiking", "yoga", "sailing", "salsa dancing")  # fmt: skip
BACKGROUNDS = ("grew up in {city}", "studied at City University", "used to work at {org}",
               "did a PhD in biology", "was in the army reserve", "lived in Japan for a year",
               "studied music at the conservatoire")  # fmt: skip
FAMILY = ("a son, Leo", "a daughter, Maya", "a partner, Sam", "twin girls", "a dog called Pixel",
          "a newborn, Ada", "a cat called Miso", "an elderly father who needs care")  # fmt: skip
PROJECTS = (
    ("the bakery launch", "how the bakery launch went"),
    ("raising a seed round", "how the fundraising is going"),
    ("writing a book on urban gardens", "how the book is coming along"),
    ("moving the team to a four-day week", "how the four-day week trial went"),
    ("a half-marathon in spring", "how the half-marathon went"),
    ("opening a second clinic", "how the second clinic opening went"),
    ("a documentary about the harbour", "how the documentary shoot went"),
    ("a new mobile app", "how the app launch went"),
    ("hiring a first designer", "whether the designer hire worked out"),
    ("a grant application", "whether the grant came through"),
    ("renovating the house", "how the renovation is going"),
    ("a conference talk on accessibility", "how the conference talk went"),
)  # fmt: skip
CAN_HELP = ("knows everyone in local food", "great at pitch decks", "hiring advice",
            "grant writing", "legal questions about contracts", "intros to investors",
            "design feedback", "how to get press coverage")  # fmt: skip
COULD_OFFER = ("an intro to my supplier contact", "feedback on the pitch deck",
               "an intro to a designer I trust", "the sourdough article",
               "a spare ticket to the design conference", "my notes on hiring engineers",
               "an intro to a journalist friend", "a review of the grant draft")  # fmt: skip
PLACES = ("Verde Café", "the office", "a video call", "the climbing gym", "the conference",
          "lunch near the station", "the park", "the co-working space")  # fmt: skip
MEETING_LINES = (
    "Coffee with {name} at {place}. {pronoun} told me about {project}. {detail}",
    "Caught up with {name}. Mostly talked about {project}. {detail}",
    "Long call with {name}: {project} is taking most of {possessive} time. {detail}",
    "Ran into {name} at {place}. Talked about {hobby} and {project}.",
    "{name} and I met at {place}. {detail} We both love {hobby}.",
)  # fmt: skip
DETAILS = (
    "I offered {offer}.",
    "Said I would send {offer}.",
    "{pronoun} seemed tired but optimistic.",
    "{pronoun} asked about my new role; good to hear an outside view.",
    "Promised to follow up next month.",
    "Really enjoyed it; we should do this more often.",
)  # fmt: skip


@dataclass(frozen=True)
class SampleSpec:
    people: int = 120
    entries: int = 900
    seed: int = 7
    anchor: date | None = None  # "today" for the sample; defaults to the clock's


def generate(spec: SampleSpec, today: date) -> tuple[list[Person], list[Entry]]:
    """Build (people, entries) in memory; see ``populate`` to write them."""
    rng = random.Random(spec.seed)
    anchor = spec.anchor or today
    people = [_person(rng, i, anchor) for i in range(spec.people)]
    entries = _entries(rng, people, spec.entries, anchor)
    _date_facets_from_entries(rng, people, entries)
    return people, entries


def _date_facets_from_entries(
    rng: random.Random, people: list[Person], entries: list[Entry]
) -> None:
    """Make what a person is working on something they said at the last meeting, so the
    sample never claims "she mentioned it on 10 Oct" about someone unseen for months."""
    last_seen: dict[str, date] = {}
    _note_last_seen(last_seen, entries)
    _date_facets(rng, people, last_seen)


def _note_last_seen(last_seen: dict[str, date], entries: Iterable[Entry]) -> None:
    """Keep, per person, the latest day they were seen (entries in any order)."""
    for entry in entries:
        day = entry.occurred_at.date()
        for person_id in entry.people:
            seen = last_seen.get(person_id)
            if seen is None or day > seen:
                last_seen[person_id] = day


def _date_facets(rng: random.Random, people: list[Person], last_seen: dict[str, date]) -> None:
    """See ``_date_facets_from_entries``; takes the last days seen already found."""
    for person in people:
        said_on = last_seen.get(person.id, person.met_on)
        for facet in person.facets:
            if facet.kind in (FacetKind.WORKING_ON, FacetKind.COULD_OFFER):
                facet.noted_on = said_on
                if facet.ask_again_on and said_on:
                    facet.ask_again_on = said_on + timedelta(days=rng.randint(20, 90))
            elif facet.noted_on and said_on and facet.noted_on > said_on:
                facet.noted_on = said_on


#: Entries per transaction when writing a big sample journal: each transaction's pages
#: and its WAL stay tens of MB, and the entries are made ``BATCH`` at a time.
BATCH = 20_000


def populate(
    journal: object,
    spec: SampleSpec | None = None,
    progress: Callable[[int, int], object] | None = None,
    batch: int = BATCH,
) -> tuple[int, int]:
    """Write a sample journal into an open (normally empty) journal: in one transaction
    up to ``batch`` entries, beyond that the people and links in one, then the entries
    ``batch`` at a time (an interrupted big sample keeps the entries written so far)."""
    from journal.core.journal import Journal

    assert isinstance(journal, Journal)
    spec = spec or SampleSpec()
    if spec.entries <= batch:
        people, entries = generate(spec, journal.clock.today())
        with journal.transaction():
            _write_people(journal, people, spec.seed)
            _write_entries(journal, entries, 0, len(entries), progress)
        written = len(people), len(entries)
    else:
        written = _populate_in_batches(journal, spec, progress, batch)
    from journal.core import search

    search.fit_day_blocks(journal)  # a big sample has days past a new journal's blocks
    return written


def _write_people(journal: Any, people: list[Person], seed: int) -> None:
    from journal.core.links import insert_links

    with journal.transaction() as conn:
        journal.add_people(people)
        insert_links(conn, sample_links(people, seed), stamp(journal.clock))


def _write_entries(
    journal: Any,
    entries: list[Entry],
    done: int,
    total: int,
    progress: Callable[[int, int], object] | None,
) -> None:
    """Write ``entries`` in one transaction, indexed for search once at its end rather
    than row by row (``search.new_entries_indexed_once``: about 4x faster)."""
    from journal.core import search

    chunk = 5000
    with journal.transaction() as conn, search.new_entries_indexed_once(conn) as added:
        for start in range(0, len(entries), chunk):
            part = entries[start : start + chunk]
            journal.add_entries(part)
            added.extend(entry.id for entry in part)
            if progress:
                progress(done + min(start + chunk, len(entries)), total)


def _populate_in_batches(
    journal: Any,
    spec: SampleSpec,
    progress: Callable[[int, int], object] | None,
    batch: int,
) -> tuple[int, int]:
    """The same people and entries as ``generate`` gives, written ``batch`` entries per
    transaction. The entries are made twice from the random state after the people:
    once to learn when each person was last seen (which dates their facets, and draws
    from the random stream after the entries), once to write them; each batch is
    written oldest first."""
    rng = random.Random(spec.seed)
    anchor = spec.anchor or journal.clock.today()
    people = [_person(rng, i, anchor) for i in range(spec.people)]
    after_people = rng.getstate()
    last_seen: dict[str, date] = {}
    _note_last_seen(last_seen, _entry_stream(rng, people, spec.entries, anchor))
    _date_facets(rng, people, last_seen)
    del last_seen
    with journal.transaction():
        _write_people(journal, people, spec.seed)
    rng.setstate(after_people)
    stream = _entry_stream(rng, people, spec.entries, anchor)
    done = 0
    while done < spec.entries:
        entries = sorted(itertools.islice(stream, batch), key=lambda e: e.occurred_at)
        with journal.transaction():
            _write_entries(journal, entries, done, spec.entries, progress)
        done += len(entries)
    return len(people), done


def sample_links(people: list[Person], seed: int) -> list[Any]:
    """Who knows whom among sample people: colleagues at one organisation, a few
    families, friends across fields, and who introduced the user to whom.

    Uses its own random stream, so the people and entries of a seed never change.
    """
    from journal.core.links import Link, LinkKind

    rng = random.Random(seed * 7919 + 1)
    out: list[Link] = []
    by_org: dict[str, list[Person]] = {}
    for person in people:
        by_org.setdefault(person.organisation, []).append(person)
    for members in by_org.values():
        for a, b in itertools.pairwise(members):
            if rng.random() < 0.25:
                out.append(Link(LinkKind.COLLEAGUE, a.id, b.id))
        if len(members) > 3 and rng.random() < 0.5:
            boss, report = rng.sample(members, 2)
            out.append(Link(LinkKind.MANAGER, boss.id, report.id))
    for _ in range(max(1, len(people) // 25)):
        a, b = rng.sample(people, 2)
        kind = rng.choice((LinkKind.PARTNER, LinkKind.SIBLING, LinkKind.PARENT))
        out.append(Link(kind, a.id, b.id, mention_ok=rng.random() < 0.6))
    for _ in range(len(people) // 10):
        a, b = rng.sample(people, 2)
        out.append(Link(rng.choice((LinkKind.FRIEND, LinkKind.KNOWS, LinkKind.MENTOR)), a.id, b.id))
    ordered = sorted(people, key=lambda p: (p.met_on or date.min, p.id))
    for i, person in enumerate(ordered):
        if i and rng.random() < 0.08:
            who = ordered[rng.randrange(max(0, i - 200), i)]
            out.append(Link(LinkKind.INTRODUCED, who.id, person.id, since=person.met_on))
    return out


def _person(rng: random.Random, index: int, anchor: date) -> Person:
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = LAST_NAMES[(index * 7 + index // len(FIRST_NAMES)) % len(LAST_NAMES)]
    suffix = "" if index < len(FIRST_NAMES) * len(LAST_NAMES) else f" {index}"
    name = f"{first} {last}{suffix}"
    field = rng.choice(list(FIELDS))
    orgs, roles = FIELDS[field]
    org = rng.choice(orgs)
    city = rng.choice(CITIES)
    circle = rng.choices(
        [Circle.INNER, Circle.CLOSE, Circle.NETWORK, Circle.ACQUAINTANCE, Circle.DORMANT],
        weights=[4, 10, 40, 36, 10],
    )[0]
    kinds = {rng.choice(list(NetworkKind))}
    if rng.random() < 0.3:
        kinds.add(rng.choice(list(NetworkKind)))
    met_on = anchor - timedelta(days=rng.randint(60, 3000))
    slug = f"{first}.{last}".lower().replace("é", "e").replace("á", "a").replace("í", "i")
    slug = slug.replace("ã", "a").replace("ç", "c").replace("ö", "o")
    person = Person(
        name=name,
        organisation=org,
        role=rng.choice(roles),
        field=field,
        location=city,
        met_how=rng.choice(
            (
                "at a conference",
                "through a friend",
                "at university",
                "on a project together",
                "at the climbing gym",
                "a meetup",
            )
        ),
        met_on=met_on,
        circle=circle,
        network_kinds=kinds,
        birthday=Birthday(
            rng.randint(1, 12), rng.randint(1, 28), rng.choice((None, rng.randint(1960, 2000)))
        ),
        channels=[Channel(ChannelKind.EMAIL, f"{slug}{index}@example.org", "work")],
        tags=rng.sample(
            (
                "mentor",
                "climbing",
                "book club",
                "founders",
                "ex-colleague",
                "neighbour",
                "conference",
            ),
            k=rng.randint(0, 2),
        ),
    )
    if rng.random() < 0.6:
        phone = f"+351 9{rng.randint(10000000, 99999999)}"
        person.channels.append(Channel(ChannelKind.PHONE, phone, "mobile"))
    person.facets = _facets(rng, anchor, org, city)
    return person


def _facets(rng: random.Random, anchor: date, org: str, city: str) -> list[Facet]:
    noted = anchor - timedelta(days=rng.randint(5, 300))
    facets = [
        Facet(FacetKind.HOBBY, h, shared=rng.random() < 0.4, noted_on=noted)
        for h in rng.sample(HOBBIES, k=rng.randint(1, 2))
    ]
    facets.append(
        Facet(
            FacetKind.BACKGROUND,
            rng.choice(BACKGROUNDS).format(city=city, org=org),
            shared=rng.random() < 0.2,
            noted_on=noted,
        )
    )
    if rng.random() < 0.6:
        facets.append(
            Facet(
                FacetKind.FAMILY, rng.choice(FAMILY), mention_ok=rng.random() < 0.7, noted_on=noted
            )
        )
    project, ask = rng.choice(PROJECTS)
    mentioned = anchor - timedelta(days=rng.randint(10, 120))
    facets.append(
        Facet(
            FacetKind.WORKING_ON,
            project,
            detail=ask,
            noted_on=mentioned,
            ask_again_on=mentioned + timedelta(days=rng.randint(20, 90))
            if rng.random() < 0.5
            else None,
        )
    )
    if rng.random() < 0.5:
        facets.append(Facet(FacetKind.CAN_HELP_WITH, rng.choice(CAN_HELP), noted_on=noted))
    if rng.random() < 0.6:
        facets.append(Facet(FacetKind.COULD_OFFER, rng.choice(COULD_OFFER), noted_on=mentioned))
    if rng.random() < 0.15:
        facets.append(
            Facet(
                FacetKind.LIFE_EVENT,
                rng.choice(("got married", "started a new job", "moved house", "ran a marathon")),
                event_date=anchor - timedelta(days=rng.randint(200, 1500)),
                mention_ok=True,
                noted_on=noted,
            )
        )
    return facets


_CIRCLE_WEIGHT = {
    Circle.INNER: 12,
    Circle.CLOSE: 6,
    Circle.NETWORK: 3,
    Circle.ACQUAINTANCE: 1,
    Circle.DORMANT: 0.2,
}


def _entries(rng: random.Random, people: list[Person], count: int, anchor: date) -> list[Entry]:
    return sorted(_entry_stream(rng, people, count, anchor), key=lambda e: e.occurred_at)


def _entry_stream(
    rng: random.Random, people: list[Person], count: int, anchor: date
) -> Iterator[Entry]:
    """``count`` entries in the order they are drawn (not by date)."""
    if not people:
        return
    cum_weights = list(itertools.accumulate(_CIRCLE_WEIGHT[p.circle] for p in people))
    start = datetime.combine(anchor, datetime.min.time()) - timedelta(days=730)
    for _ in range(count):
        who = rng.choices(people, cum_weights=cum_weights, k=1 if rng.random() < 0.8 else 2)
        when = start + timedelta(minutes=rng.randint(0, 730 * 24 * 60 - 1))
        when = when.replace(hour=rng.randint(8, 20), second=0)
        if who[0].circle is Circle.DORMANT:
            when = min(when, start + timedelta(days=200))
        yield _entry(rng, list(dict.fromkeys(p.id for p in who)), who[0], when)


def _entry(rng: random.Random, ids: list[str], person: Person, when: datetime) -> Entry:
    project = next((f.text for f in person.facets if f.kind is FacetKind.WORKING_ON), "work")
    hobby = next((f.text for f in person.facets if f.kind is FacetKind.HOBBY), "life")
    offer = rng.choice(COULD_OFFER)
    pronoun = rng.choice(("She", "He", "They"))
    possessive = {"She": "her", "He": "his", "They": "their"}[pronoun]
    detail = rng.choice(DETAILS).format(offer=offer, pronoun=pronoun)
    body = rng.choice(MEETING_LINES).format(
        name=person.first_name,
        place=rng.choice(PLACES),
        pronoun=pronoun,
        project=project,
        detail=detail,
        possessive=possessive,
        hobby=hobby,
    )
    kind = rng.choices(list(EntryKind), weights=[40, 25, 20, 10, 5])[0]
    entry = Entry(
        occurred_at=when,
        kind=kind,
        title=f"{kind.value.title()} with {person.first_name}",
        body=body,
        place=rng.choice(PLACES),
        people=ids,
    )
    if rng.random() < 0.25:
        entry.follow_ups.append(
            FollowUp(
                text=f"Send {person.first_name} {offer}",
                person_id=person.id,
                due_on=when.date() + timedelta(days=rng.randint(2, 14)),
                done_on=when.date() + timedelta(days=rng.randint(1, 10))
                if rng.random() < 0.7
                else None,
            )
        )
    if rng.random() < 0.2:
        direction = rng.choice(list(Direction))
        entry.ledger.append(
            LedgerItem(
                person_id=person.id,
                direction=direction,
                kind=rng.choice(list(LedgerKind)),
                description=offer
                if direction is Direction.GIVEN
                else rng.choice(
                    (
                        "advice on my pitch",
                        "an intro to a recruiter",
                        "a book recommendation",
                        "help moving house",
                    )
                ),
                occurred_on=when.date(),
            )
        )
    return entry
