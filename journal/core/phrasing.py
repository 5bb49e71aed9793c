"""Turning an engine pick into what the user reads: the action, the reason, the facts.

The engine says who and why (``Situation``); this module says what to do, in the style
of Misner's contact: a question about something the person said, an offer before any
ask, and the reason it is due. It only draws on the ``Profile`` it is given (that
person's own journal, with private facets already left out unless marked fine to
mention), so it cannot name anything that is not there; every fact a sentence uses comes
back in ``Wording.facts``.

Hooks, strongest first: a promise to keep, their latest project, a date (birthday, life
event), something you share, their family or life events, what you could offer, else a
warm open question. Each hook has several phrasings; the choice is a hash of the person,
the day and the hook, so a suggestion reads the same all day and differently next time.

Public names: ``Fact``, ``Promise``, ``Profile``, ``Why``, ``Situation``, ``Wording``,
``compose``, ``give_first_note``, ``second_person``, ``short_date``, ``ago``.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from journal.core.links import FamilyHook
from journal.core.model import Birthday, Facet, FacetKind, FactStatus, LedgerItem, LedgerKind
from journal.core.stored import stored_date
from journal.core.wording import ago as wording_ago
from journal.core.wording import birthday_text, every

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")

#: Words a note to self often starts with; lower-cased when the note goes mid-sentence.
_VERBS = frozenset(
    (
        "send",
        "call",
        "email",
        "e-mail",
        "share",
        "introduce",
        "forward",
        "book",
        "ask",
        "check",
        "follow",
        "write",
        "buy",
        "invite",
        "return",
        "review",
        "read",
        "find",
        "get",
        "make",
        "text",
        "post",
        "schedule",
        "set",
        "give",
        "lend",
        "recommend",
        "connect",
        "reply",
        "thank",
        "bring",
        "pay",
        "arrange",
        "plan",
        "look",
        "visit",
        "meet",
        "tell",
        "show",
        "update",
        "sign",
        "draft",
        "prepare",
    )
)
#: First words that make a life event or background read as "Ana <text>".
_PREDICATES = frozenset(
    (
        "got",
        "moved",
        "started",
        "ran",
        "had",
        "became",
        "lost",
        "won",
        "left",
        "joined",
        "graduated",
        "married",
        "retired",
        "finished",
        "opened",
        "launched",
        "sold",
        "bought",
        "studied",
        "grew",
        "lived",
        "worked",
        "did",
        "was",
        "is",
        "has",
        "founded",
        "welcomed",
        "adopted",
        "passed",
        "completed",
        "published",
        "changed",
        "took",
        "went",
        "came",
    )
)
_QUESTION_WORDS = ("how ", "whether ", "if ", "what ", "when ", "where ", "who ", "why ")

#: A fact nobody has confirmed for this long is history: "what came of ...", not "how is
#: ... going" (guess: a season).
STALE_AFTER_DAYS = 120
#: A project finished this recently is worth congratulating (guess).
CELEBRATE_DAYS = 60
#: A life event this recent outranks hobbies as a hook (guess: a year).
LIFE_EVENT_DAYS = 365
#: Family details that are really life events (a birth, a wedding, a loss).
_LIFE_WORDS = re.compile(
    r"\b(baby|born|birth|newborn|pregnan\w*|expecting|wedding|married|engaged|divorce\w*|"
    r"passed away|died|funeral|bereave\w*|illness|ill\b|sick|cancer|surgery|hospital|"
    r"new job|moved|moving|retired)",
    re.I,
)


@dataclass(frozen=True)
class Pronouns:
    """How to refer to someone: subject, object, possessive, and whether verbs go plural."""

    subject: str = "they"
    object: str = "them"
    possessive: str = "their"
    plural: bool = True

    @property
    def are(self) -> str:
        return f"{self.subject} {'are' if self.plural else 'is'}"

    @property
    def have(self) -> str:
        return f"{self.subject} {'have' if self.plural else 'has'}"

    @property
    def were(self) -> str:
        return f"{self.subject} {'were' if self.plural else 'was'}"


_KNOWN_PRONOUNS = {
    "she": Pronouns("she", "her", "her", False),
    "he": Pronouns("he", "him", "his", False),
    "they": Pronouns(),
}


def pronouns_from(text: str) -> Pronouns:
    """Pronouns as the user typed them: "she", "he/him", "they/them", "xe/xem/xyr"
    (subject/object/possessive). Anything unreadable falls back to they/them."""
    parts = [p.strip() for p in re.split(r"[/,\s]+", text.strip()) if p.strip()]
    if not parts:
        return Pronouns()
    first = parts[0].casefold()
    if first in _KNOWN_PRONOUNS:
        return _KNOWN_PRONOUNS[first]
    if first in ("her", "hers"):
        return _KNOWN_PRONOUNS["she"]
    if first in ("him", "his"):
        return _KNOWN_PRONOUNS["he"]
    if first in ("them", "their"):
        return _KNOWN_PRONOUNS["they"]
    subject = parts[0].lower()
    obj = parts[1].lower() if len(parts) > 1 else subject
    poss = parts[2].lower() if len(parts) > 2 else obj
    return Pronouns(subject, obj, poss, False)


#: "Talked about her pottery studio": what the last entry says they talked about.
_TALKED_ABOUT = re.compile(
    r"\b(?:talked|talking|chatted|chatting|spoke|speaking|told me|telling me|heard|"
    r"hearing|caught up|catching up)\s+(?:a lot\s+|mostly\s+|mainly\s+)?(?:about|on)\s+"
    r"(?P<topic>[^.;!?\n]+)|\b(?:discussed|mentioned)\s+(?P<topic2>[^.;!?\n]+)",
    re.I,
)


def entry_topic(text: str) -> str | None:
    """What an entry says was talked about ("her pottery studio"), or None. Cut at the
    first comma or "and then", and kept short: a hook, not a quotation."""
    match = _TALKED_ABOUT.search(text or "")
    if match is None:
        return None
    topic = match.group("topic") or match.group("topic2") or ""
    topic = re.split(r",|\s+(?:and then|but|because|so|which)\s+", topic, maxsplit=1)[0]
    words = topic.split()
    if not words:
        return None
    topic = " ".join(words[:8])
    return _strip_end(second_person(topic)) or None


@dataclass(frozen=True)
class Fact:
    """One thing from the journal that a suggestion's text relies on."""

    kind: str  # promise working_on could_offer shared family life_event birthday ledger ...
    text: str
    date: date | None = None
    source_id: str | None = None


@dataclass(frozen=True)
class Promise:
    id: str
    text: str
    promised_on: date | None
    due_on: date | None


@dataclass(frozen=True)
class Profile:
    """Everything phrasing may say about one person: their own journal, nothing else."""

    person_id: str
    name: str
    first_name: str
    organisation: str = ""
    field: str = ""
    birthday: Birthday | None = None
    facets: tuple[Facet, ...] = ()
    promises: tuple[Promise, ...] = ()
    received: tuple[LedgerItem, ...] = ()  # in the last year
    given: tuple[LedgerItem, ...] = ()
    #: Relatives linked to them and fine to mention (``links.family_hooks``).
    relatives: tuple[FamilyHook, ...] = ()
    #: As the user recorded them ("she", "he/him", "xe/xem/xyr"); empty: they/them.
    pronouns: str = ""
    #: The latest entry with them: (day, text), the hook when no fact is current.
    latest_entry: tuple[date, str, str] | None = None  # (day, text, entry id)
    #: Facts that were the hook of the last suggestion: another one is used if known.
    avoid: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Why:
    """One reason the person is timely, with the date behind it."""

    kind: str  # follow_up birthday first_meeting thread anniversary cadence reconnect
    on: date
    source_id: str | None = None
    capped: bool = True
    bonus: float = 0.0


@dataclass(frozen=True)
class Situation:
    day: date
    whys: tuple[Why, ...]  # strongest first
    base: date | None = None  # last in touch (or marked done, met, added)
    base_kind: str = "contact"  # contact | done | met | added
    cadence: int | None = None
    cadence_source: str = "circle"  # circle | person | learned
    prefer_call: bool = False
    first_meeting_kind: str | None = None
    first_meeting_entry: str | None = None
    lacking: str | None = None  # reconnects: a field or network kind the active network lacks
    lacking_kind: str | None = None  # field | network


@dataclass(frozen=True)
class Wording:
    action: str
    reason: str
    facts: tuple[Fact, ...]
    give_first: str | None = None
    #: The id of the fact the action is built on (None: no fact), so the next
    #: suggestion for them can lead with something else.
    hook: str | None = None


# -- small helpers ------------------------------------------------------------------------


def _shares_words(topic: str, ask: str) -> bool:
    """Whether the question already names the topic in its own words ("a conference talk
    on accessibility" / "how the conference talk went"): a word of four letters or more
    in both."""
    found = [set(re.findall(r"[^\W\d_]{4,}", text.casefold())) for text in (topic, ask)]
    return bool(found[0] & found[1])


def _choose(options: Sequence[str], *key: object) -> str:
    digest = hashlib.blake2b("|".join(map(str, key)).encode(), digest_size=4).digest()
    return options[int.from_bytes(digest, "big") % len(options)]


def short_date(day: date, today: date) -> str:
    """'3 Oct', with the year when it is not this year's (or is far off)."""
    text = f"{day.day} {MONTHS[day.month - 1]}"
    if day.year != today.year and abs((today - day).days) > 150:
        text += f" {day.year}"
    return text


def when(day: date, today: date) -> str:
    """'today', 'tomorrow', 'on Friday' within the week, else 'on 3 Oct'."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if 1 < delta < 7:
        return f"on {WEEKDAYS[day.weekday()]} ({short_date(day, today)})"
    return f"on {short_date(day, today)}"


def ago(days: int) -> str:
    """ "55 days ago", "about 6 months ago": wording's one rule for durations."""
    return wording_ago(days)


def _number(n: int) -> str:
    return NUMBERS[n] if 0 <= n < len(NUMBERS) else str(n)


def _years(n: int) -> str:
    return "a year" if n == 1 else f"{_number(n)} years"


_PERSON_SWAP = {
    "my": "your",
    "My": "Your",
    "mine": "yours",
    "Mine": "Yours",
    "me": "you",
    "I": "you",
    "I'm": "you're",
    "I've": "you've",
    "I'll": "you'll",
    "I'd": "you'd",
    "myself": "yourself",
}
_PERSON_WORD = re.compile(r"\b(?:I'm|I've|I'll|I'd|my|My|mine|Mine|me|I|myself)\b")


def second_person(text: str) -> str:
    """A note to self, addressed to the user: 'my notes' -> 'your notes'."""
    return _PERSON_WORD.sub(lambda m: _PERSON_SWAP[m.group(0)], text.strip())


def _day_of(stamp: str) -> date | None:
    return stored_date(stamp)


def _mid_sentence(text: str) -> str:
    """Lower-case a note's first word when it is a plain verb ('Send Ana...' -> 'send...')."""
    first = text.split(" ", 1)[0]
    if first.lower() in _VERBS and first[:1].isupper() and first[1:].islower():
        return text[:1].lower() + text[1:]
    return text


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _strip_end(text: str) -> str:
    return text.strip().rstrip(".!;,: ")


def _reads_as_predicate(text: str) -> bool:
    first = text.split(" ", 1)[0].lower()
    return first in _PREDICATES or (first.endswith("ed") and len(first) > 3)


def _ask_phrase(facet: Facet) -> str:
    """What to ask about a project: the user's own question if they wrote one."""
    detail = _strip_end(second_person(facet.detail))
    if detail.lower().startswith(_QUESTION_WORDS):
        return detail[:1].lower() + detail[1:]
    return f"how {_strip_end(second_person(facet.text))} is going"


def _anniversary_on(event: date, day: date) -> date:
    """The first anniversary of ``event`` on or after ``day`` (a later year than the event)."""
    return Birthday(event.month, event.day).next_after(max(day, date(event.year + 1, 1, 1)))


def give_first_note(profile: Profile) -> str | None:
    """When the ledger shows more received than given this year, a nudge to give first."""
    if len(profile.received) <= len(profile.given):
        return None
    received = _ledger_summary(profile.received)
    given = len(profile.given)
    back = (
        "nothing back yet"
        if given == 0
        else "one thing back"
        if given == 1
        else f"{_number(given)} things back"
    )
    return (
        f"This year {profile.first_name} gave you {received}, and you gave {back}: "
        f"lead with something for {profile.first_name}."
    )


def _ledger_summary(items: Sequence[LedgerItem]) -> str:
    counts = Counter(item.kind for item in items)
    parts = []
    for kind in LedgerKind:
        n = counts.get(kind, 0)
        if not n:
            continue
        if kind is LedgerKind.ADVICE:
            parts.append("advice" if n == 1 else f"advice {_number(n)} times")
        elif kind is LedgerKind.OTHER:
            parts.append("help" if n == 1 else f"help {_number(n)} times")
        else:
            noun = {
                LedgerKind.INTRODUCTION: "introduction",
                LedgerKind.FAVOUR: "favour",
                LedgerKind.GIFT: "gift",
            }[kind]
            parts.append(
                f"an {noun}"
                if n == 1 and noun[0] in "aeiou"
                else f"a {noun}"
                if n == 1
                else f"{_number(n)} {noun}s"
            )
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


# -- composing ------------------------------------------------------------------------------


@dataclass
class _Writer:
    profile: Profile
    sit: Situation
    facts: list[Fact] = field(default_factory=list)
    hook: str | None = None
    #: Facts left out while looking for a hook that was not used last time.
    skip: frozenset[str] = frozenset()

    # what is known -------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self.profile.first_name or self.profile.name

    @property
    def p(self) -> Pronouns:
        return pronouns_from(self.profile.pronouns)

    @property
    def day(self) -> date:
        return self.sit.day

    def _facets(self, kind: FacetKind, status: FactStatus | None = None) -> list[Facet]:
        """Facts of ``kind`` fine to mention, freshest first. Projects, offers and what
        someone can help with count only while ongoing (or in ``status``); a cancelled
        life event is not one."""
        if status is None and kind in (
            FacetKind.WORKING_ON,
            FacetKind.COULD_OFFER,
            FacetKind.CAN_HELP_WITH,
        ):
            status = FactStatus.ONGOING
        found = [
            f
            for f in self.profile.facets
            if f.kind is kind
            and f.mention_ok
            and f.text.strip()
            and f.id not in self.skip
            and (f.status is status if status else f.status is not FactStatus.CANCELLED)
        ]
        return sorted(found, key=lambda f: (f.last_confirmed or date.min, f.id), reverse=True)

    def stale(self, facet: Facet) -> bool:
        """Not confirmed for months: ask what came of it, never how it is going."""
        again = facet.ask_again_on
        if again is not None and 0 <= (self.day - again).days <= STALE_AFTER_DAYS:
            return False  # the user chose this day to ask again: it is news to them
        confirmed = facet.last_confirmed or _day_of(facet.created_at)
        return confirmed is not None and (self.day - confirmed).days > STALE_AFTER_DAYS

    def _use(
        self, kind: str, text: str, on: date | None = None, source_id: str | None = None
    ) -> None:
        fact = Fact(kind, text, on, source_id)
        if fact not in self.facts:
            self.facts.append(fact)
        if self.hook is None and source_id and kind not in ("last_contact", "ledger"):
            self.hook = source_id

    def _d(self, day: date) -> str:
        return short_date(day, self.day)

    def _key(self, hook: str) -> tuple[str, str, str]:
        return (self.profile.person_id, self.day.isoformat(), hook)

    # leads that turn into a call after a long gap ---------------------------------------

    def ask(self) -> str:
        return f"Call {self.name} and ask" if self.sit.prefer_call else f"Ask {self.name}"

    def check_in(self) -> str:
        return f"Call {self.name}" if self.sit.prefer_call else f"Check in with {self.name}"

    # hooks: each returns an action sentence (and records the facts it used) or None -------

    def promise(self, wanted: str | None = None) -> Promise | None:
        if wanted:
            for item in self.profile.promises:
                if item.id == wanted:
                    return item
        horizon = self.day - timedelta(days=365)
        for item in self.profile.promises:
            latest = max(filter(None, (item.promised_on, item.due_on)), default=None)
            if latest is None or latest >= horizon:
                return item
        return None

    def promise_sentence(
        self, item: Promise, lead: bool, also: bool = False, said_on: date | None = None
    ) -> str:
        """``said_on``: a day the sentence already names (the first meeting's), so a
        promise made that day is not dated a second time ("after meeting on 7 Dec: ...,
        as you promised on 7 Dec")."""
        text = _strip_end(second_person(item.text))
        self._use("promise", item.text, item.promised_on or item.due_on, item.id)
        dated = item.promised_on and item.promised_on != said_on
        said = f" on {self._d(item.promised_on)}" if dated and item.promised_on else ""
        if also:
            verb_led = _mid_sentence(text) != text
            return (
                f"Also {_mid_sentence(text)}, as you promised{said}."
                if verb_led
                else f"Also keep your promise: {text}."
            )
        if lead:
            return _choose(
                (
                    f"{_sentence_start(text)}, as you promised{said}.",
                    f"Keep your word to {self.name}: {_mid_sentence(text)} (promised{said}).",
                    f"{_sentence_start(text)}: you told {self.name} you would{said}.",
                ),
                *self._key("promise"),
            )
        return _choose(
            (
                f"and {_mid_sentence(text)}, as you promised{said}.",
                f"and keep your promise: {_mid_sentence(text)}.",
            ),
            *self._key("promise-tail"),
        )

    def project(self, wanted: str | None = None) -> Facet | None:
        projects = self._facets(FacetKind.WORKING_ON)
        if wanted:
            projects = [f for f in projects if f.id == wanted] or projects
        return projects[0] if projects else None

    def offer(self) -> Facet | None:
        offers = self._facets(FacetKind.COULD_OFFER)
        return offers[0] if offers else None

    def offer_text(self, facet: Facet) -> str:
        self._use("could_offer", facet.text, facet.noted_on, facet.id)
        return _strip_end(second_person(facet.text))

    def project_sentence(self, facet: Facet, with_offer: bool, after_lead: bool = False) -> str:
        """Ask about their project, and offer help. ``after_lead``: it follows a give-first
        lead ("... Then ask ..."), which already offers, so it only asks."""
        self._use("working_on", facet.text, facet.noted_on, facet.id)
        topic = _strip_end(second_person(facet.text))
        if self.stale(facet):
            return self.stale_sentence(facet, topic)
        ask = _ask_phrase(facet)
        # Named once per sentence: after the topic, the question says "it".
        ask_it = (
            re.sub(re.escape(topic), "it", ask, count=1, flags=re.IGNORECASE)
            if topic and topic.casefold() in ask.casefold()
            else ask
        )
        offer = self.offer() if with_offer else None
        helps = (
            f"whether {self.offer_text(offer)} would help"
            if offer
            else "whether there is anything you can do to help"
        )
        and_helps = "" if after_lead else f" and {helps}"
        call = "call and " if self.sit.prefer_call else ""
        # "Follow up on a conference talk ...: ask how the conference talk went" names it
        # twice in other words: then only the sentence that names it once is said.
        once = ask_it == ask and _shares_words(topic, ask)
        if facet.noted_on:
            noted = self._d(facet.noted_on)
            options = [f"{self.ask()} {ask} (it came up on {noted}){and_helps}."]
            if not once:
                options.append(
                    f"Follow up on {topic} with {self.name} (mentioned on {noted}): "
                    f"{call}ask {ask_it}{and_helps}."
                )
            if not after_lead and not once:
                options.append(
                    f"{self.name} mentioned {topic} on {noted}: {call}ask {ask_it}, and {helps}."
                )
        else:
            options = [f"{self.ask()} {ask}{and_helps}."]
            if not once:
                options.append(
                    f"Follow up on {topic} with {self.name}: {call}ask {ask_it}{and_helps}."
                )
        return _choose(options, *self._key("project"))

    def stale_sentence(self, facet: Facet, topic: str) -> str:
        """An old project: history by now, asked about as such."""
        noted = facet.last_confirmed
        said = f" (you last heard about it on {self._d(noted)})" if noted else ""
        return _choose(
            (
                f"{self.ask()} what came of {topic}{said}.",
                f"{self.check_in()} and ask what came of {topic}{said}, and what is next.",
            ),
            *self._key("stale"),
        )

    def celebration(self) -> Facet | None:
        """A project finished lately (and since you were last in touch, if known)."""
        for facet in self._facets(FacetKind.WORKING_ON, FactStatus.DONE):
            done = facet.status_changed_on or facet.confirmed_on
            if done is None or (self.day - done).days > CELEBRATE_DAYS:
                continue
            return facet
        return None

    def celebration_sentence(self, facet: Facet) -> str:
        self._use("done", facet.text, facet.status_changed_on, facet.id)
        topic = _strip_end(second_person(facet.text))
        return _choose(
            (
                f"Congratulate {self.name} on {topic}.",
                f"{'Call' if self.sit.prefer_call else 'Write to'} {self.name} to "
                f"congratulate {self.p.object} on {topic}.",
            ),
            *self._key("celebrate"),
        )

    def life_event(self) -> Facet | None:
        """A recent life event fine to mention (a birth, a move, a new job, an illness,
        a loss), or a family detail that is one: kinder to ask after than a hobby."""
        for facet in self._facets(FacetKind.LIFE_EVENT):
            on = facet.event_date or facet.last_confirmed
            if on is not None and (self.day - on).days <= LIFE_EVENT_DAYS:
                return facet
        for facet in self._facets(FacetKind.FAMILY):
            on = facet.last_confirmed
            if (
                on is not None
                and (self.day - on).days <= LIFE_EVENT_DAYS
                and _LIFE_WORDS.search(facet.text)
            ):
                return facet
        return None

    def life_event_sentence(self, facet: Facet) -> str:
        self._use(str(facet.kind), facet.text, facet.event_date or facet.noted_on, facet.id)
        text = _strip_end(second_person(facet.text))
        since = f"since {self.p.subject} {text}" if _reads_as_predicate(text) else f"since “{text}”"
        if facet.event_date:
            since += f" ({self._d(facet.event_date)})"
        return _choose(
            (
                f"{self.ask()} how things have been {since}.",
                f"{self.check_in()}: how have things been {since}?",
            ),
            *self._key("life"),
        )

    def entry_sentence(self) -> str | None:
        """No fact is current: what you talked about last time, from your own entry."""
        latest = self.profile.latest_entry
        if latest is None or latest[2] in self.skip:
            return None
        on, text, entry_id = latest
        topic = entry_topic(text)
        if topic is None:
            return None
        self._use("entry", topic, on, entry_id)
        if (self.day - on).days > STALE_AFTER_DAYS:
            follow = "ask what came of it"
        else:
            follow = "ask what has happened since"
        return _choose(
            (
                f"{self.check_in()}: last time ({self._d(on)}) you talked about {topic}; {follow}.",
                f"Last time you talked about {topic} ({self._d(on)}): "
                f"{'call' if self.sit.prefer_call else 'write to'} {self.name} and {follow}.",
            ),
            *self._key("entry"),
        )

    def birthday_soon(self, within: int) -> date | None:
        birthday = self.profile.birthday
        if birthday is None:
            return None
        upcoming = birthday.next_after(self.day)
        return upcoming if (upcoming - self.day).days <= within else None

    def birthday_sentence(self, on: date) -> str:
        birthday = self.profile.birthday
        assert birthday is not None
        shown = birthday_text(birthday.month, birthday.day, birthday.year)
        self._use("birthday", f"Birthday {shown}", on, self.profile.person_id)
        age = on.year - birthday.year if birthday.year else None
        if on == self.day:
            wish = (
                f"Call {self.name} to wish {self.p.object} a happy birthday"
                if self.sit.prefer_call
                else f"Wish {self.name} a happy birthday"
            )
            send = (
                f"call to wish {self.p.object} well" if self.sit.prefer_call else "send your wishes"
            )
            options = [f"{wish} today.", f"It's {self.name}'s birthday today: {send}."]
            if age and 0 < age < 120:
                options.append(f"{self.name} turns {age} today: {wish[0].lower()}{wish[1:]}.")
            return _choose(options, *self._key("birthday"))
        if self.sit.prefer_call:
            return _choose(
                (
                    f"{self.name}'s birthday is {when(on, self.day)}: plan a call on the day.",
                    f"{self.name}'s birthday is coming up {when(on, self.day)}; a good reason "
                    "for a call.",
                ),
                *self._key("birthday-soon"),
            )
        return _choose(
            (
                f"{self.name}'s birthday is {when(on, self.day)}: plan a note or a call.",
                f"{self.name}'s birthday is coming up {when(on, self.day)}; "
                "a good moment to get in touch.",
            ),
            *self._key("birthday-soon"),
        )

    def shared_sentence(self) -> str | None:
        hobbies = [f for f in self._facets(FacetKind.HOBBY) if f.shared]
        backgrounds = [f for f in self._facets(FacetKind.BACKGROUND) if f.shared]
        if hobbies:
            facet = hobbies[0]
            self._use("shared", facet.text, facet.noted_on, facet.id)
            text = _strip_end(second_person(facet.text))
            ask = "call and ask" if self.sit.prefer_call else "ask"
            return _choose(
                (
                    f"You both enjoy {text}: {ask} {self.name} what {self.p.have} been up to "
                    "with it lately, and how things are going.",
                    f"Start with something you share, {text}, and {ask} {self.name} how things "
                    "are going.",
                    f"{self.ask()} about {text}, something you both enjoy, and what else is "
                    f"keeping {self.p.object} busy.",
                ),
                *self._key("shared"),
            )
        if backgrounds:
            facet = backgrounds[0]
            self._use("shared", facet.text, facet.noted_on, facet.id)
            text = _strip_end(second_person(facet.text))
            common = (
                f"You both {text}"
                if _reads_as_predicate(text)
                else f"You have this in common: {text}"
            )
            return _choose(
                (
                    f"{common}. {self.check_in()} and ask how things are going.",
                    f"{common}: {'call' if self.sit.prefer_call else 'write to'} {self.name} "
                    "and catch up.",
                ),
                *self._key("shared"),
            )
        return None

    def relative_sentence(self, *, with_topic: bool) -> str | None:
        """A linked relative ("ask Ana how Leo's first term went"), under the same rule as
        family facets: only links, and the relative's own threads, fine to mention."""
        for hook in self.profile.relatives:
            if with_topic != bool(hook.topics):
                continue
            who = hook.relative_first_name or hook.relative_name
            self._use("family", f"{hook.relative_name} ({hook.relation})", None, hook.link_id)
            if not hook.topics:
                return _choose(
                    (
                        f"{self.ask()} how {who} is doing ({who} is {self.p.possessive} "
                        f"{hook.relation}).",
                        f"{self.check_in()} and ask after {who}, {self.p.possessive} "
                        f"{hook.relation}.",
                    ),
                    *self._key("relative"),
                )
            facet = hook.topics[0]
            self._use(str(facet.kind), facet.text, facet.event_date or facet.noted_on, facet.id)
            if facet.detail.strip():
                question = _strip_end(facet.detail.strip())
            elif facet.kind is FacetKind.LIFE_EVENT:
                question = f"how {who} has been since “{_strip_end(facet.text)}”"
            else:
                question = f"how {_strip_end(facet.text)} is going for {who}"
            if who.casefold() in question.casefold():
                return f"{self.ask()} {question} ({who} is {self.p.possessive} {hook.relation})."
            return f"{self.ask()} about {who}, {self.p.possessive} {hook.relation}: {question}."
        return None

    def family_sentence(self) -> str | None:
        text = self.relative_sentence(with_topic=True)
        if text:
            return text
        family = self._facets(FacetKind.FAMILY)
        if family:
            facet = family[0]
            self._use("family", facet.text, facet.noted_on, facet.id)
            text = _strip_end(second_person(facet.text))
            return _choose(
                (
                    f"{self.ask()} how things are at home (you noted: {text}).",
                    f"{self.check_in()} and ask after the family; you noted {text}.",
                ),
                *self._key("family"),
            )
        text = self.relative_sentence(with_topic=False)
        if text:
            return text
        events = self._facets(FacetKind.LIFE_EVENT)
        if events:
            facet = events[0]
            self._use("life_event", facet.text, facet.event_date or facet.noted_on, facet.id)
            text = _strip_end(second_person(facet.text))
            since = (
                f"since {self.p.subject} {text}" if _reads_as_predicate(text) else f"since “{text}”"
            )
            if facet.event_date:
                since += f" ({self._d(facet.event_date)})"
            return _choose(
                (
                    f"{self.ask()} how things have been {since}.",
                    f"{self.check_in()}: how have things been {since}?",
                ),
                *self._key("life"),
            )
        return None

    def offer_sentence(self) -> str | None:
        offer = self.offer()
        if offer is None:
            return None
        text = self.offer_text(offer)
        lead = f"Call {self.name} and offer" if self.sit.prefer_call else f"Offer {self.name}"
        return _choose(
            (
                f"{lead} {text}, and ask what {self.p.are} working on these days.",
                f"{lead} {text}; it is a good reason to catch up.",
            ),
            *self._key("offer"),
        )

    def plain_sentence(self) -> str:
        where = ""
        if self.profile.organisation:
            where = f" at {self.profile.organisation}"
            self._use("organisation", self.profile.organisation, None, self.profile.person_id)
        return _choose(
            (
                f"{self.check_in()}: ask what {self.p.are} working on these days and whether "
                "you can help.",
                f"{self.check_in()}: how are things{where}, and is there anything you can help "
                "with?",
                f"{self.check_in()} and ask what is keeping {self.p.object} busy{where}; offer "
                "a hand if something comes up.",
            ),
            *self._key("plain"),
        )

    # the best hook for a general check-in ---------------------------------------------

    def best_hook(
        self, *, with_offer: bool = True, promise_ok: bool = True, after_lead: bool = False
    ) -> str:
        item = self.promise() if promise_ok else None
        if item is not None:
            return self.promise_sentence(item, lead=True)
        # What was the hook last time is left out while anything else is known.
        if self.profile.avoid:
            self.skip = self.profile.avoid
            text = self._known_hook(with_offer, after_lead)
            self.skip = frozenset()
            if text is not None:
                return text
        return self._known_hook(with_offer, after_lead) or self.plain_sentence()

    def _known_hook(self, with_offer: bool, after_lead: bool) -> str | None:
        """The strongest current fact as an action: a project (as news while fresh, "what
        came of" once old), a recent success, a birthday soon, a life event, something
        shared, family, an offer, else what you talked about last time."""
        project = self.project()
        if project is not None and not self.stale(project):
            return self.project_sentence(project, with_offer, after_lead)
        done = self.celebration()
        if done is not None:
            return self.celebration_sentence(done)
        soon = self.birthday_soon(14)
        if soon is not None and self.profile.person_id not in self.skip:
            return self.birthday_sentence(soon)
        event = self.life_event()
        if event is not None:
            return self.life_event_sentence(event)
        for sentence in (self.shared_sentence, self.family_sentence):
            text = sentence()
            if text:
                return text
        if with_offer:
            text = self.offer_sentence()
            if text:
                return text
        text = self.entry_sentence()
        if text:
            return text
        if project is not None:
            return self.project_sentence(project, with_offer, after_lead)
        return None

    def give_first_lead(self) -> str:
        offer = self.offer()
        if offer is not None:
            text = self.offer_text(offer)
            return _choose(
                (
                    f"Give first: offer {self.name} {text}.",
                    f"Lead with something for {self.name}: {text}.",
                ),
                *self._key("give"),
            )
        return f"Give first: think of something you can do for {self.name}."

    def then(self, lead: str, action: str) -> str:
        if not action.startswith(self.name):
            action = action[:1].lower() + action[1:]
        return f"{lead} Then {action}"

    # actions per kind --------------------------------------------------------------

    def action(self, give_first: bool) -> str:
        why = self.sit.whys[0]
        kind = why.kind
        if kind == "follow_up":
            item = self.promise(why.source_id)
            main = self.promise_sentence(item, lead=True) if item else self.best_hook()
            birthday = next((w for w in self.sit.whys if w.kind == "birthday"), None)
            if birthday is not None and birthday.on == self.day:
                main += f" It's also {self.name}'s birthday today."
                self._use("birthday", "Birthday", birthday.on, self.profile.person_id)
            return main
        if kind == "birthday":
            main = self.birthday_sentence(why.on)
            item = self.promise()
            if item is not None:
                return main + " " + self.promise_sentence(item, lead=False, also=True)
            project = self.project()
            if project is not None:
                self._use("working_on", project.text, project.noted_on, project.id)
                if self.stale(project):
                    topic = _strip_end(second_person(project.text))
                    return main + f" And ask what came of {topic}."
                return main + f" And ask {_ask_phrase(project)}."
            return main
        if kind == "first_meeting":
            return self.first_meeting_sentence(why.on)
        if kind == "thread":
            project = self.project(why.source_id)
            if project is None:
                return self.best_hook()
            if give_first:
                return self.then(
                    self.give_first_lead(), self.project_sentence(project, False, after_lead=True)
                )
            return self.project_sentence(project, with_offer=True)
        if kind == "anniversary":
            return self.anniversary_sentence(why)
        if kind == "reconnect":
            return self.reconnect_sentence(give_first)
        if give_first:
            item = self.promise()
            if item is not None:  # keeping a promise is giving first
                return self.promise_sentence(item, lead=True)
            return self.then(
                self.give_first_lead(), self.best_hook(with_offer=False, after_lead=True)
            )
        return self.best_hook()

    def first_meeting_sentence(self, first: date) -> str:
        noun = {"call": "the call", "message": "the messages", "event": "the event"}.get(
            self.sit.first_meeting_kind or "", "meeting"
        )
        self._use(
            "first_meeting",
            f"First met {self._d(first)}",
            first,
            self.sit.first_meeting_entry or self.profile.person_id,
        )
        item = self.promise()
        project = self.project()
        if item is not None:
            extra = " " + self.promise_sentence(item, lead=False, said_on=first)
        elif project is not None:
            self._use("working_on", project.text, project.noted_on, project.id)
            extra = f" and ask more about {_strip_end(second_person(project.text))}."
        else:
            extra = " and say you would like to stay in touch."
        return _choose(
            (
                f"Follow up with {self.name} after {noun} on {self._d(first)}: say thanks{extra}",
                f"Send {self.name} a short thank-you for {noun} on {self._d(first)}{extra}",
            ),
            *self._key("first"),
        )

    def anniversary_sentence(self, why: Why) -> str:
        facet = next((f for f in self._facets(FacetKind.LIFE_EVENT) if f.id == why.source_id), None)
        if facet is None or facet.event_date is None:
            return self.best_hook()
        self._use("life_event", facet.text, facet.event_date, facet.id)
        text = _strip_end(second_person(facet.text))
        years = _years(why.on.year - facet.event_date.year)
        moment = when(why.on, self.day)
        event = f"{self.name} {text}" if _reads_as_predicate(text) else f"“{text}”"
        return _choose(
            (
                f"It's {years} {moment} since {event} ({self._d(facet.event_date)}): "
                f"{'call' if self.sit.prefer_call else 'send'} {self.name} a warm note.",
                f"{self.check_in()}: {years} {moment} since {event} ({self._d(facet.event_date)}).",
            ),
            *self._key("anniversary"),
        )

    def reconnect_sentence(self, give_first: bool) -> str:
        how = "call" if self.sit.prefer_call else "write"
        lead = f"Reconnect with {self.name}: {how}"
        project = self.project()
        shared = [f for f in self._facets(FacetKind.HOBBY) if f.shared]
        if project is not None:
            self._use("working_on", project.text, project.noted_on, project.id)
            noted = f" on {self._d(project.noted_on)}" if project.noted_on else ""
            topic = _strip_end(second_person(project.text))
            options = (
                f"{lead} and ask what {self.p.are} working on now (you noted {topic}{noted}).",
                f"{'Call' if self.sit.prefer_call else 'Write to'} {self.name} to reconnect: "
                f"last you noted, {self.p.were} working on {topic}. Ask how it turned out and "
                "what is next.",
            )
        elif shared:
            self._use("shared", shared[0].text, shared[0].noted_on, shared[0].id)
            text = _strip_end(second_person(shared[0].text))
            options = (
                f"{lead} and catch up; you both enjoy {text}.",
                f"{lead}, start with {text}, which you both enjoy, and ask what {self.p.are} up "
                "to these days.",
            )
        else:
            options = (
                f"{lead} and ask what {self.p.are} up to these days.",
                f"{lead} and ask what has changed for {self.p.object} and what {self.p.are} "
                "working on now.",
            )
        body = _choose(options, *self._key("reconnect"))
        if give_first:
            return self.then(self.give_first_lead(), body)
        return body

    # reasons -----------------------------------------------------------------------------

    def reason(self) -> str:
        parts: list[str] = []
        for why in self.sit.whys[:2]:
            text = self.reason_for(why)
            if text and text not in parts:
                parts.append(text)
        if self.sit.prefer_call and self.sit.whys[0].kind != "follow_up":
            parts.append("After a gap this long, a call beats a message.")
        return " ".join(parts)

    def reason_for(self, why: Why) -> str:
        day = self.day
        if why.kind == "follow_up":
            item = self.promise(why.source_id)
            said = (
                f"You promised it on {self._d(item.promised_on)}"
                if item and item.promised_on
                else "You promised it"
            )
            if why.on == day:
                return f"{said}, for today."
            return f"{said}; it was due on {self._d(why.on)}."
        if why.kind == "birthday":
            return "Birthday today." if why.on == day else f"Birthday {when(why.on, day)}."
        if why.kind == "first_meeting":
            return (
                f"You met for the first time on {self._d(why.on)}; a note within a few "
                "days makes a new connection stick."
            )
        if why.kind == "thread":
            project = self.project(why.source_id)
            if project is None:
                return f"You meant to ask again from {self._d(why.on)}."
            said = f" on {self._d(project.noted_on)}" if project.noted_on else ""
            return (
                f"{self.name} mentioned {_strip_end(second_person(project.text))}{said}; "
                f"you meant to ask again from {self._d(why.on)}."
            )
        if why.kind == "anniversary":
            return f"An anniversary {when(why.on, day)}."
        if why.kind == "reconnect":
            gap = ago((day - self.sit.base).days) if self.sit.base else "a long time ago"
            text = {
                "met": f"You met {gap} and have not been in touch since",
                "added": f"Added {gap}, and not in touch since",
            }.get(self.sit.base_kind, f"Last in touch {gap}")
            text += "; old ties often bring the freshest ideas"
            if self.sit.lacking_kind == "field" and self.sit.lacking:
                self._use("field", self.sit.lacking, None, self.profile.person_id)
                text += f", and no one in your active network works in {self.sit.lacking}"
            elif self.sit.lacking_kind == "network" and self.sit.lacking:
                text += f", and your active network has no {self.sit.lacking} ties"
            return text + "."
        return self.cadence_reason()

    def cadence_reason(self) -> str:
        sit = self.sit
        if sit.base is None or sit.cadence is None:
            return ""
        days = (self.day - sit.base).days
        self._use("last_contact", "Last in touch", sit.base, None)
        if sit.base_kind == "contact":
            start = f"Last in touch {ago(days)}"
        elif sit.base_kind == "done":
            start = f"Last checked in {ago(days)}"
        elif sit.base_kind == "met":
            start = f"Met {ago(days)} and not in touch since"
        else:
            start = f"Added {ago(days)} and no entry yet"
        if sit.cadence_source == "learned":
            aim = f"you usually talk about {every(sit.cadence)}"
        elif sit.cadence_source == "person":
            aim = f"you aim for {every(sit.cadence)} with {self.name}"
        else:
            aim = f"you aim for {every(sit.cadence)}"
        return f"{start}; {aim}."


def compose(profile: Profile, situation: Situation) -> Wording:
    """The action, reason and facts for one suggestion. Deterministic in its inputs."""
    writer = _Writer(profile, situation)
    note = give_first_note(profile)
    if note:
        writer._use(
            "ledger",
            f"{len(profile.received)} received, {len(profile.given)} given",
            None,
            profile.received[-1].id if profile.received else None,
        )
    give_first = note is not None and situation.whys[0].kind in ("cadence", "thread", "reconnect")
    action = writer.action(give_first)
    hook = writer.hook
    reason = writer.reason()
    return Wording(action, reason, tuple(writer.facts), note, hook)


__all__ = [
    "Fact",
    "Profile",
    "Promise",
    "Pronouns",
    "Situation",
    "Why",
    "Wording",
    "ago",
    "compose",
    "entry_topic",
    "give_first_note",
    "pronouns_from",
    "second_person",
    "short_date",
    "when",
]
