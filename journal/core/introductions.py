"""Who should meet? Pairs in the journal whose needs and offers match.

Introducing two people is one of the most generous things a connector does, and a give
to both (Granovetter's weak ties carry most new opportunities; Misner's givers gain). The
journal already holds the makings: what each person is working on now, and what others
can help with, do, or know. A need is an ongoing project confirmed in the last months; an
offer is what someone can help with, their role, field or background. Matching reuses the
words and scores of "who could help?" (``ask``), limited to those offers, which are read
alone for it (``offer_index``).

At most one introduction is suggested a week (``of_the_week``), never between two people
the user said should not be introduced, never to someone deceased or archived, and never
between people the journal already links. Making one records a give to both and a link.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from journal.core import ask_words, links
from journal.core import settings as settings_db
from journal.core.clock import stamp
from journal.core.errors import JournalError
from journal.core.model import Direction, LedgerItem, LedgerKind
from journal.core.wording import mid_sentence

if TYPE_CHECKING:
    from journal.core.journal import Journal
    from journal.core.offer_index import OfferIndex

log = logging.getLogger(__name__)

#: Sources of an offer: what a person can do for another.
OFFER_KINDS = frozenset({"can_help_with", "role", "field", "background"})
#: A need older than this without confirmation is probably over.
NEED_FRESH_DAYS = 180
#: Below these, a match is a coincidence of words, not a reason to introduce.
MIN_SCORE = 1.0
MIN_SHARE = 0.3
#: The most recently confirmed needs looked at (a need's matches are computed once per
#: wording, so people with the same project cost one look).
NEEDS_LOOKED_AT = 100
NO_INTRO_KEY = "introductions.never"
#: The week's best pairs, kept once worked out ({"week": Monday, "pairs": [...]}).
PICK_KEY = "introductions.week_pick"
#: Mondays (ISO) of the weeks whose suggestion the user already answered.
SETTLED_KEY = "introductions.settled_weeks"
#: How many answered weeks are remembered (only this week's matters).
SETTLED_KEPT = 8
#: What the user can say to the week's suggestion (Today, ``journal introductions``).
WEEK_ACTIONS = ("introduced", "never", "dismiss")


@dataclass(frozen=True)
class Introduction:
    need_person_id: str
    need_person: str
    need: str
    offer_person_id: str
    offer_person: str
    offers: tuple[str, ...]
    score: float

    @property
    def sentence(self) -> str:
        first_need = self.need_person.split(" ")[0]
        first_offer = self.offer_person.split(" ")[0]
        # The reasons are ask's ("can help: ...", "engineer at Brightlayer", "works in
        # software"), some of them noun phrases: in brackets after "could help" they read
        # as notes on the person, never as a sentence missing its verb ("and Marta
        # engineer at ...").
        why = "; ".join(o.removeprefix("can help: ") for o in self.offers[:2])
        return (
            f"Introduce {first_need} to {first_offer}: {first_need} is working on "
            f"{mid_sentence(self.need)}, and {first_offer} could help ({why})."
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "need_person_id": self.need_person_id,
            "need_person": self.need_person,
            "need": self.need,
            "offer_person_id": self.offer_person_id,
            "offer_person": self.offer_person,
            "offers": list(self.offers),
            "score": round(self.score, 3),
            "sentence": self.sentence,
        }


def candidates(journal: Journal, *, on: date | None = None, limit: int = 10) -> list[Introduction]:
    """The best pairs to introduce, best first, one per person who needs something."""
    today = on or journal.clock.today()
    needs = _needs(journal, today)
    if not needs:  # nobody needs anything: nothing to read (a new journal's Today)
        return []
    # Here, not at the top: Today imports this module every day to read the week's kept
    # pair, and the matching (numpy) is needed only once a week, when someone needs help.
    from journal.core import offer_index

    asked = {
        need: (ask_words.question_concepts(need), ask_words.key_concept(need))
        for _, _, need in needs
    }
    wanted = {concept for concepts, _ in asked.values() for concept in concepts}
    offers = offer_index.build(journal, wanted, OFFER_KINDS)
    return _matched(journal, needs, asked, offers, today)[:limit]


def _matched(
    journal: Journal,
    needs: list[tuple[str, str, str]],
    asked: dict[str, tuple[list[str], str | None]],
    offers: OfferIndex,
    today: date,
) -> list[Introduction]:
    """Each need's best offer, best pair first."""
    from journal.core import offer_index

    never = _never_pairs(journal)
    linked = _linked_to(journal, {person_id for person_id, _, _ in needs})
    picked: list[tuple[str, str, str, str, float]] = []
    offered: set[str] = set()
    looked: dict[str, list[tuple[str, float]]] = {}
    for person_id, name, need in needs:
        concepts, key = asked[need]
        if not concepts or key is None:
            continue
        if need not in looked:
            # The offer must meet what the need is about, not just share a word with
            # it, and be more than a coincidence of words. Ties go by name, so the
            # week's pick does not hang on the order of a set.
            fit = [
                (other_id, score)
                for other_id, score, share in offer_index.scored(offers, concepts, key)
                if score >= MIN_SCORE and share >= MIN_SHARE
            ]
            fit.sort(key=lambda x: (-x[1], offers.name(x[0])))
            looked[need] = fit
        for other_id, score in looked[need]:
            if other_id == person_id or other_id in offered:
                continue
            if frozenset({person_id, other_id}) in never or other_id in linked.get(person_id, ()):
                continue
            if not offers.suggestible(other_id):
                continue
            picked.append((person_id, name, need, other_id, score))
            offered.add(other_id)
            break
    # Why each offer fits, read for the people picked only (their whole records).
    why = offer_index.reasons(journal, offers, [(p[3], asked[p[2]][0]) for p in picked], today)
    found = [
        Introduction(person_id, name, need, other_id, offers.name(other_id), offers_why, score)
        for (person_id, name, need, other_id, score), offers_why in zip(picked, why, strict=True)
        if offers_why
    ]
    found.sort(key=lambda i: (-i.score, i.need_person))
    return found


def _linked_to(journal: Journal, person_ids: set[str]) -> dict[str, set[str]]:
    """Who each of these people is already linked to (any kind: they know each other)."""
    ids = json.dumps(sorted(person_ids))
    linked: dict[str, set[str]] = {}
    with journal.store.reading() as conn:
        rows = conn.execute(
            "SELECT a_id, b_id FROM person_links WHERE a_id IN (SELECT value FROM json_each(?)) "
            "OR b_id IN (SELECT value FROM json_each(?))",
            (ids, ids),
        ).fetchall()
    for a, b in rows:
        linked.setdefault(a, set()).add(b)
        linked.setdefault(b, set()).add(a)
    return linked


def of_the_week(journal: Journal, on: date | None = None) -> Introduction | None:
    """The one introduction worth suggesting this week, or None (never two a week: the
    choice is stable from Monday to Sunday)."""
    today = on or journal.clock.today()
    monday = today - timedelta(days=today.weekday())
    found = candidates(journal, on=monday, limit=1)
    return found[0] if found else None


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def for_today(journal: Journal, on: date | None = None) -> Introduction | None:
    """The week's "Who should meet?" for Today (``engine.introduction``): the week's
    introduction, unless the user already answered one this week (introduced, not these
    two, or dismissed): at most one a week, whatever they said. Nobody muted ("don't
    suggest") is brought up."""
    today = on or journal.clock.today()
    monday = _monday(today)
    with journal.store.reading() as conn:
        settled = settings_db.get(conn, SETTLED_KEY, [])
        muted = {r[0] for r in conn.execute("SELECT person_id FROM reminder_state WHERE muted = 1")}
    if isinstance(settled, list) and monday.isoformat() in settled:
        return None
    kept = _kept_picks(journal, monday)
    if kept is None:
        kept = candidates(journal, on=monday, limit=5)
        _keep_picks(journal, monday, kept)
    return next((intro for intro in kept if not _pair_gone(journal, intro, muted)), None)


def worked_out(journal: Journal, on: date | None = None) -> bool:
    """Whether ``for_today`` answers at once (the week's pairs are kept, or the week is
    settled): if not, it matches every need against every offer first (reading every
    offer in the journal: about half a second at 10,000 people), so Today shows its
    check-ins before asking it."""
    monday = _monday(on or journal.clock.today())
    with journal.store.reading() as conn:
        settled = settings_db.get(conn, SETTLED_KEY, [])
    if isinstance(settled, list) and monday.isoformat() in settled:
        return True
    return _kept_picks(journal, monday) is not None


def _kept_picks(journal: Journal, monday: date) -> list[Introduction] | None:
    """The week's best few pairs as kept when first worked out (None: not yet this
    week): matching every need against every offer reads every offer in the journal,
    and the week's suggestion is the week's anyway. Who is muted, refused or
    linked since is checked each time (``_pair_gone``)."""
    with journal.store.reading() as conn:
        kept = settings_db.get(conn, PICK_KEY, None)
    if not isinstance(kept, dict) or kept.get("week") != monday.isoformat():
        return None
    try:
        return [
            Introduction(
                str(i["need_person_id"]),
                str(i["need_person"]),
                str(i["need"]),
                str(i["offer_person_id"]),
                str(i["offer_person"]),
                tuple(str(o) for o in i["offers"]),
                float(i["score"]),
            )
            for i in kept["pairs"]
        ]
    except (KeyError, TypeError, ValueError):
        return None  # a kept value this version cannot read: worked out again


def _keep_picks(journal: Journal, monday: date, picks: list[Introduction]) -> None:
    """Keep the week's pairs (a read-only or busy journal simply works them out again)."""
    value = {"week": monday.isoformat(), "pairs": [p.as_json() for p in picks]}
    try:
        with journal.transaction() as conn:
            settings_db.put(conn, PICK_KEY, value, stamp(journal.clock))
    except JournalError:
        log.info("the week's introductions were not kept (journal busy or read-only)")


def _pair_gone(journal: Journal, intro: Introduction, muted: set[str]) -> bool:
    """Whether the kept pick no longer stands: one of them archived, dead, muted or gone,
    the pair refused, or already linked (introduced some other way)."""
    pair = (intro.need_person_id, intro.offer_person_id)
    if muted & set(pair) or frozenset(pair) in _never_pairs(journal):
        return True
    with journal.store.reading() as conn:
        alive = conn.execute(
            "SELECT count(*) FROM people WHERE id IN (?, ?) AND archived = 0 "
            "AND deceased_on IS NULL",
            pair,
        ).fetchone()[0]
        linked = conn.execute(
            "SELECT 1 FROM person_links WHERE (a_id = ? AND b_id = ?) OR (a_id = ? AND b_id = ?)",
            (*pair, *reversed(pair)),
        ).fetchone()
    return alive != 2 or linked is not None


def answer_week(journal: Journal, intro: Introduction, action: str, on: date | None = None) -> None:
    """The user's answer to the week's suggestion: "introduced" records the introduction
    (a give to both, a link), "never" keeps these two apart for good, "dismiss" only
    puts it away; each settles the week, so no other pair comes up until Monday."""
    if action not in WEEK_ACTIONS:
        raise ValueError(f"unknown answer {action!r}")
    today = on or journal.clock.today()
    with journal.transaction() as conn:
        if action == "introduced":
            record_introduction(journal, intro.need_person_id, intro.offer_person_id, today)
        elif action == "never":
            never_introduce(journal, intro.need_person_id, intro.offer_person_id)
        settled = settings_db.get(conn, SETTLED_KEY, [])
        weeks = [w for w in settled if isinstance(w, str)] if isinstance(settled, list) else []
        weeks = sorted({*weeks, _monday(today).isoformat()})[-SETTLED_KEPT:]
        settings_db.put(conn, SETTLED_KEY, weeks, stamp(journal.clock))


def never_introduce(journal: Journal, a_id: str, b_id: str) -> None:
    """The user's word that these two should not be introduced; kept for good."""
    pairs = _never_pairs(journal) | {frozenset({a_id, b_id})}
    now = stamp(journal.clock)
    with journal.transaction() as conn:
        settings_db.put(conn, NO_INTRO_KEY, sorted(sorted(p) for p in pairs), now)


def record_introduction(journal: Journal, a_id: str, b_id: str, on: date | None = None) -> None:
    """An introduction made: a give to both, and a link saying they know each other."""
    day = on or journal.clock.today()
    with journal.transaction():
        names = {p.id: p.name for p in (journal.person(a_id), journal.person(b_id))}
        for me, other in ((a_id, b_id), (b_id, a_id)):
            journal.add_ledger_item(
                LedgerItem(
                    person_id=me,
                    direction=Direction.GIVEN,
                    kind=LedgerKind.INTRODUCTION,
                    description=f"Introduced to {names[other]}",
                    occurred_on=day,
                )
            )
        links.add_link(journal, a_id, "knows", b_id, since=day, note="You introduced them.")


def _never_pairs(journal: Journal) -> set[frozenset[str]]:
    with journal.store.reading() as conn:
        pairs = settings_db.get(conn, NO_INTRO_KEY, [])
    if not isinstance(pairs, list):
        return set()
    return {frozenset(p) for p in pairs if isinstance(p, list) and len(p) == 2}


def _needs(journal: Journal, today: date) -> list[tuple[str, str, str]]:
    """The most recently confirmed ongoing projects, newest first: what people need now
    (person id, name, project)."""
    since = (today - timedelta(days=NEED_FRESH_DAYS)).isoformat()
    with journal.store.reading() as conn:
        rows = conn.execute(
            "SELECT f.person_id, p.name, f.text FROM facets f JOIN people p ON p.id = f.person_id "
            "WHERE f.kind = 'working_on' AND f.status = 'ongoing' AND p.archived = 0 "
            "AND p.deceased_on IS NULL AND p.placed = 1 "
            "AND coalesce(f.confirmed_on, f.noted_on, substr(f.created_at, 1, 10)) >= ? "
            "ORDER BY coalesce(f.confirmed_on, f.noted_on, f.created_at) DESC LIMIT ?",
            (since, NEEDS_LOOKED_AT),
        ).fetchall()
    return [(r[0], r[1], r[2]) for r in rows]
