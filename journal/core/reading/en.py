"""English: how people write about their friends in a journal, as rules.

Plain regular expressions over a sentence whose people are already tokens (see
``resolve``): "⟦0⟧ is renovating a farmhouse", "I said I would put ⟦0⟧ in touch with my
old landlord". Each rule is a small pattern of the words people actually use, checked
for negation ("not ... after all") and hedges ("might", "thinking about") before it
proposes anything. Another language adds a module like this one with the same names.
"""

from __future__ import annotations

import functools
import itertools
import re
from datetime import date, timedelta

from journal.core.reading.text import next_weekday, parse_date

LANGUAGE = "en"

# -- words ----------------------------------------------------------------------------------

PRONOUNS: dict[str, tuple[str, str]] = {
    "she": ("she", "subject"),
    "her": ("she", "object_or_possessive"),
    "hers": ("she", "possessive"),
    "herself": ("she", "object"),
    "he": ("he", "subject"),
    "him": ("he", "object"),
    "his": ("he", "possessive"),
    "himself": ("he", "object"),
    "they": ("they", "subject"),
    "them": ("they", "object"),
    "their": ("they", "possessive"),
    "theirs": ("they", "possessive"),
    "themselves": ("they", "object"),
}

#: Names that are also everyday words: in lower case they are the word.
COMMON_WORDS = frozenset(
    [
        "will",
        "may",
        "mark",
        "rose",
        "bill",
        "pat",
        "sue",
        "grace",
        "hope",
        "joy",
        "faith",
        "art",
        "rich",
        "ray",
        "june",
        "april",
        "summer",
        "dawn",
        "amber",
        "jack",
        "frank",
        "guy",
        "sunny",
        "lily",
        "max",
        "gene",
        "rob",
        "sky",
        "happy",
        "chance",
        "cliff",
        "dean",
        "drew",
        "glen",
        "jay",
        "kit",
        "miles",
        "nick",
        "page",
        "penny",
        "rusty",
        "sandy",
        "skip",
        "tiny",
        "victor",
        "wade",
    ]
)

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "so",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "from",
        "by",
        "about",
        "into",
        "over",
        "after",
        "before",
        "up",
        "out",
        "off",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "do",
        "does",
        "did",
        "done",
        "have",
        "has",
        "had",
        "having",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "i",
        "me",
        "my",
        "mine",
        "we",
        "our",
        "us",
        "you",
        "your",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "then",
        "than",
        "too",
        "very",
        "really",
        "just",
        "also",
        "still",
        "finally",
        "now",
        "not",
        "no",
        "never",
        "again",
        "some",
        "any",
        "all",
        "more",
        "most",
        "much",
        "many",
        "lot",
        "lots",
        "new",
        "old",
        "she",
        "he",
        "they",
        "her",
        "him",
        "his",
        "their",
        "them",
        "hers",
        "theirs",
        "what",
        "which",
        "who",
        "whom",
        "when",
        "where",
        "why",
        "how",
        "get",
        "got",
        "getting",
        "go",
        "going",
        "went",
        "gone",
        "make",
        "made",
        "thing",
        "things",
        "stuff",
        "bit",
        "today",
        "yesterday",
        "tomorrow",
        "week",
        "month",
        "year",
        "day",
        "time",
        "last",
        "next",
        "told",
        "tell",
        "said",
        "say",
        "says",
        "mentioned",
    ]
)

#: Past and other forms whose stem is not the word minus its ending.
IRREGULAR = {
    "sent": "send", "lent": "lend", "gave": "give", "given": "give", "made": "make",
    "wrote": "write", "written": "write", "told": "tell", "brought": "bring",
    "took": "take", "taken": "take", "bought": "buy", "paid": "pay", "met": "meet",
    "found": "find", "did": "do", "put": "put", "read": "read", "left": "leave",
    "won": "win", "ran": "run", "began": "begin", "begun": "begin", "sold": "sell",
    "intro": "introduce", "intros": "introduce", "introduction": "introduce",
    "introductions": "introduce", "emailed": "email", "e-mailed": "email",
    "shared": "share", "connected": "connect", "phd": "phd", "cv": "cv", "cvs": "cv",
    "resume": "cv", "opening": "open", "opened": "open", "opens": "open",
}  # fmt: skip

_PAST_IRREGULAR = [
    "sent",
    "lent",
    "gave",
    "made",
    "wrote",
    "told",
    "brought",
    "took",
    "bought",
    "paid",
    "met",
    "found",
    "did",
    "put",
    "read",
    "rang",
    "called",
    "returned",
    "forwarded",
    "shared",
    "dropped",
    "passed",
    "showed",
    "got",
    "kept",
]

#: Verbs that start something the user can do for someone (a promise is one of these).
ACTION_VERBS = frozenset(
    [
        "send",
        "introduce",
        "intro",
        "put",
        "connect",
        "call",
        "ring",
        "phone",
        "text",
        "email",
        "e-mail",
        "mail",
        "message",
        "write",
        "share",
        "forward",
        "lend",
        "give",
        "bring",
        "buy",
        "get",
        "book",
        "check",
        "ask",
        "look",
        "find",
        "review",
        "read",
        "help",
        "make",
        "set",
        "organise",
        "organize",
        "invite",
        "visit",
        "drop",
        "pick",
        "return",
        "reply",
        "follow",
        "pass",
        "recommend",
        "donate",
        "pay",
        "cook",
        "show",
        "take",
        "come",
        "meet",
        "host",
        "proofread",
        "edit",
        "draft",
        "sort",
        "arrange",
        "fix",
        "print",
        "lookup",
        "post",
        "dm",
        "ping",
        "reach",
        "chase",
        "sign",
        "vouch",
        "cover",
        "feed",
        "water",
        "mind",
        "walk",
        "collect",
        "deliver",
        "order",
        "plan",
        "schedule",
        "treat",
    ]
)

# -- normalising ---------------------------------------------------------------------------

_CONTRACTIONS = [
    (r"\bwon'?t\b", "will not"),
    (r"\bcan'?t\b", "can not"),
    (r"\bshan't\b", "shall not"),
    (r"\b(\w+)n't\b", r"\1 not"),
    (r"\b(did|does|do|is|was|has|have|had|are|were|could|should|would|is)nt\b", r"\1 not"),
    (r"\b(i)'m\b", "I am"),
    (r"\bim\b", "I am"),
    (r"\b(i)'ve\b", "I have"),
    (r"\bive\b", "I have"),
    (r"\b(i)'ll\b", "I will"),
    (r"\b(i)'d\b", "I would"),
    (r"\bi\b", "I"),
    (r"\b(she|he|it|that|there|who)'s (been|got|gotten|had)\b", r"\1 has \2"),
    (r"\b(she|he|it|that|there|who)'s\b", r"\1 is"),
    (r"\b(she|he)s (been|got)\b", r"\1 has \2"),
    (r"\bshes\b", "she is"),
    (r"\b(they|we|you)'re\b", r"\1 are"),
    (r"\btheyre\b", "they are"),
    (r"\b(they|we|you|she|he)'ve\b", r"\1 have"),
    (r"\b(they|we|you|she|he)'ll\b", r"\1 will"),
    (r"\b(they|we|you|she|he)'d\b", r"\1 would"),
    (r"\bgonna\b", "going to"),
    (r"\bgotta\b", "have to"),
    (r"\bwanna\b", "want to"),
]
_CONTRACTIONS_RX = [(re.compile(p, re.IGNORECASE), r) for p, r in _CONTRACTIONS]


def normalise(text: str) -> str:
    """Straight apostrophes, one space, contractions spelled out ("I'd" is "I would")."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = re.sub(r"\s+", " ", text).strip()
    for rx, repl in _CONTRACTIONS_RX:
        text = rx.sub(repl, text)
    return text


_ABBREVIATIONS = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|St|Prof|e\.g|i\.e|etc|approx|vs)\.$", re.I)


def sentences(text: str) -> list[str]:
    """The sentences of an entry as written (lines and bullet points are sentences too)."""
    out: list[str] = []
    for line in re.split(r"\n+", text):
        line = re.sub(r"^\s*(?:[-*•]+|\d+[.)])\s+", "", line).strip()
        if not line:
            continue
        buffer = ""
        for piece in re.split(r"(?<=[.!?])\s+", line):
            buffer = f"{buffer} {piece}" if buffer else piece
            if _ABBREVIATIONS.search(buffer):
                continue
            out.append(buffer.strip())
            buffer = ""
        if buffer:
            out.append(buffer.strip())
    return out


_CLAUSE_SPLIT = re.compile(
    r"\s*(?:;|\s[-–—]\s|\bbut\b|,\s*(?:and|so|although|though|whereas|while)\b|"
    r"\band then\b|\bwhile\b|\bwhereas\b|\balthough\b|\bthough\b|"
    r"(?:,|\band\b)(?=\s+(?:I|⟦\d+⟧|⟦\?⟧|we)\s+(?!and\b)\w)|"
    r",(?=\s+(?:the |a |my |our )?\w+\s+(?:is|are|was|were)\s+(?:done|finished|over|open|"
    r"closed|great|fine|good|ok|okay|bad|awful|ready|next)\b))\s*",
    re.IGNORECASE,
)
#: "⟦0⟧ told me that ⟦1⟧ got married": what follows the telling is a clause of its own.
_REPORTED = re.compile(
    r"((?:⟦\d+⟧|⟦\?⟧|\bwe)\s+(?:told me|tells me|said|says|mentioned|mentions|"
    r"explained|admitted|shared|announced|confided|confirmed|let slip|wrote)(?: that)?)\s+",
    re.IGNORECASE,
)


def clauses(sentence: str) -> list[str]:
    """A tokenised sentence cut where its subject may change."""
    parts: list[str] = []
    for piece in _CLAUSE_SPLIT.split(sentence):
        if not piece:
            continue
        parts.extend(p for p in _REPORTED.split(piece) if p and p.strip())
    return [p.strip(" ,.!?:") for p in parts if p.strip(" ,.!?:")]


def pronoun_class(typed: str) -> str | None:
    first = re.split(r"[/ ,]", typed.strip().casefold(), maxsplit=1)[0] if typed else ""
    return {"she": "she", "her": "she", "he": "he", "him": "he", "they": "they"}.get(first)


_AFTER_OBJECT_HER = frozenset(
    [
        "a",
        "an",
        "the",
        "to",
        "and",
        "about",
        "for",
        "with",
        "on",
        "in",
        "at",
        "up",
        "out",
        "back",
        "that",
        "this",
        "some",
        "my",
        ".",
        ",",
        "!",
        "?",
        "off",
        "over",
        "into",
        "from",
        "how",
        "what",
        "if",
        "when",
        "know",
        "i",
        "by",
        "too",
        "as",
        "again",
        "yet",
        "so",
        "but",
        "or",
        "tomorrow",
        "today",
        "yesterday",
        "later",
        "soon",
        "next",
        "last",
        "before",
        "after",
    ]
)


def her_is_object(next_word: str) -> bool:
    return (not next_word) or next_word in _AFTER_OBJECT_HER


_VERBISH_AFTER_S = frozenset(
    [
        "been",
        "got",
        "gotten",
        "not",
        "still",
        "now",
        "just",
        "finally",
        "also",
        "back",
        "really",
        "so",
        "very",
        "pregnant",
        "a",
        "an",
        "in",
        "on",
        "at",
        "always",
        "never",
        "already",
        "about",
        "going",
        "off",
        "done",
        "leaving",
        "moving",
        "getting",
        "doing",
        "starting",
        "finishing",
        "working",
        "planning",
        "thinking",
        "training",
    ]
)


_NOUNS_IN_ING = frozenset(
    [
        "wedding",
        "building",
        "meeting",
        "painting",
        "evening",
        "morning",
        "funding",
        "training",
        "recording",
        "housing",
        "offering",
        "ceiling",
        "sibling",
        "thing",
        "ending",
        "booking",
        "opening",
        "christening",
        "clothing",
        "feeling",
        "wording",
        "setting",
        "ring",
        "spring",
        "string",
        "darling",
        "pudding",
        "earring",
        "landing",
        "shopping",
        "cooking",
        "writing",
        "singing",
        "drawing",
        "planning",
        "marketing",
        "engineering",
        "catering",
        "parking",
    ]
)


def possessive_is_verb(next_word: str) -> bool:
    """ "Ana's renovating" is "Ana is"; "Ana's bakery" and "Ana's wedding" are hers."""
    if next_word in _NOUNS_IN_ING:
        return False
    return next_word in _VERBISH_AFTER_S or (next_word.endswith("ing") and len(next_word) > 5)


# -- cues ----------------------------------------------------------------------------------

P = r"⟦(\d+)⟧"  # a person
ANYP = r"⟦(?:\d+|\?)⟧"

NEGATION = re.compile(
    r"\b(?:not|never|no longer|nobody|nothing|neither|nor|without|forgot to|failed to)\b",
    re.IGNORECASE,
)
HEDGE = re.compile(
    r"\b(?:might|maybe|(?-i:may)|perhaps|possibly|probably|could|if|unless|whether|"
    r"hopefully|hope|hoping|hopes|wish|rumou?r|supposedly|apparently not|worried|afraid|"
    r"considering|thinking about|thinking of|wondering|not sure|unsure|chance|risk)\b",
    re.IGNORECASE,
)
QUESTION = re.compile(r"\?\s*$")
FUTURE = re.compile(
    r"\b(?:will|shall|going to|need to|needs to|have to|has to|must|should|want to|"
    r"wants to|plan to|plans to|planning to|would|about to|promised|said I|offered to|"
    r"hope to|try to|intend to)\b",
    re.IGNORECASE,
)

_FILLERS = (
    r"(?:(?:and|but|so|also|oh|apparently|anyway|btw|plus|then|now|well|meanwhile|sadly|"
    r"luckily|happily|amazingly|honestly|actually|turns out(?: that)?|it turns out(?: that)?|"
    r"big news|great news|good news|bad news|news|update|fyi|ok|okay|wow|today|yesterday|"
    r"last week|this week|this morning|tonight|finally|oh and|also,|lol|ps|p\.s\.|"
    r"apparently,)[,:!]?\s+)*"
)
_FILLERS_RX = re.compile("^" + _FILLERS, re.IGNORECASE)


def strip_fillers(clause: str) -> str:
    return _FILLERS_RX.sub("", clause).strip()


# -- dates ---------------------------------------------------------------------------------

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|"
    "december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
)
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thu|thurs|fri|sat|sun"
_NUMBER = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a few|\d+)"
DATE_RX = re.compile(
    r"\b(?:(?:on|by|before|until|till|from|in|at|around|after|for)\s+)?(?:"
    rf"(?:the\s+)?(?:end|start|beginning|middle) of (?:the |this |next )?(?:week|month|year|{_MONTHS})"
    rf"|(?:early|mid|late)[- ](?:{_MONTHS})"
    r"|this weekend|next weekend|the weekend|over the weekend"
    rf"|(?:next|this|coming|last)\s+(?:{_DAYS}|week|month|year|spring|summer|autumn|fall|winter|{_MONTHS})"
    rf"|in {_NUMBER} (?:days?|weeks?|months?|years?)|in a fortnight|a week from now"
    rf"|{_NUMBER} (?:days?|weeks?|months?|years?) ago"
    rf"|the \d{{1,2}}(?:st|nd|rd|th)(?: of (?:{_MONTHS}))?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)? (?:of )?(?:{_MONTHS})\b(?: \d{{4}})?"
    rf"|(?:{_MONTHS}) \d{{1,2}}(?:st|nd|rd|th)?\b(?:,? \d{{4}})?"
    r"|\d{4}-\d{2}-\d{2}"
    rf"|(?:{_MONTHS})(?: \d{{4}})?"
    rf"|(?:{_DAYS})"
    r"|tomorrow|tonight|today|yesterday|later this week|later this month"
    r"|(?:the )?spring|(?:the )?summer|(?:the )?autumn|(?:the )?fall|(?:the )?winter"
    r")\b",
    re.IGNORECASE,
)
_MONTH_WORDS_THAT_ARE_WORDS = {"may", "march", "sat", "sun", "wed", "mar", "jan", "dec", "fall"}
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def find_date(text: str, base: date, prefer: str) -> tuple[date | None, tuple[int, int] | None]:
    """The first date phrase in ``text``, read relative to ``base`` (the entry's day)."""
    for match in DATE_RX.finditer(text):
        phrase = match.group(0)
        core = re.sub(
            r"^(?:on|by|before|until|till|from|in|at|around|after|for)\s+", "", phrase, flags=re.I
        )
        bare = core.casefold()
        if bare in _MONTH_WORDS_THAT_ARE_WORDS and not core[0].isupper():
            continue
        if bare == "fall" or (bare == "the fall" and "in" not in phrase.casefold()):
            continue
        day = _special_date(bare, base, prefer)
        if day is None:
            day = parse_date(core, base, prefer, LANGUAGE)
        if day is not None:
            return day, match.span()
    return None, None


def _special_date(phrase: str, base: date, prefer: str) -> date | None:
    if phrase in ("this weekend", "the weekend", "over the weekend", "next weekend"):
        day = next_weekday(base, 5, strictly_after=False)
        return day + timedelta(days=7) if phrase == "next weekend" else day
    if phrase in ("today", "tonight"):
        return base
    m = re.fullmatch(r"(?:the )?(end|start|beginning|middle) of (?:the |this |next )?(\w+)", phrase)
    if m:
        where, what = m.groups()
        nxt = "next" in phrase
        if what == "week":
            day = next_weekday(base, 4 if where == "end" else 0, strictly_after=False)
            return day + timedelta(days=7) if nxt else day
        if what == "month":
            year, month = (base.year, base.month)
            if nxt:
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            return _within_month(year, month, where)
        if what == "year":
            year = base.year + (1 if nxt else 0)
            return date(year, 12, 31) if where == "end" else date(year, 1, 1)
        found = parse_date(what, base, prefer, LANGUAGE)
        if found:
            return _within_month(found.year, found.month, where)
        return None
    m = re.fullmatch(r"(early|mid|late)[- ](\w+)", phrase)
    if m:
        found = parse_date(m.group(2), base, prefer, LANGUAGE)
        if found:
            return found.replace(day={"early": 1, "mid": 15, "late": 25}[m.group(1)])
    m = re.fullmatch(
        r"(?:(next|this|coming|last) |the )?(spring|summer|autumn|fall|winter)", phrase
    )
    if m:
        month = _SEASONS[m.group(2)]
        year = base.year
        if m.group(1) == "last" or (prefer == "past" and m.group(1) is None):
            year -= 1 if month > base.month else 0
            return date(year, month, 1)
        if date(year, month, 1) <= base:
            year += 1
        return date(year, month, 1)
    if phrase in ("later this week",):
        return next_weekday(base, 4, strictly_after=False)
    if phrase in ("later this month",):
        return _within_month(base.year, base.month, "end")
    return None


def _within_month(year: int, month: int, where: str) -> date:
    if where == "end":
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        return nxt - timedelta(days=1)
    return date(year, month, 15 if where == "middle" else 1)


# -- life events ---------------------------------------------------------------------------

_REL = (
    r"(?:mum|mom|mother|dad|father|grandma|grandmother|grandfather|granddad|grandpa|gran|"
    r"nan|nana|brother|sister|husband|wife|partner|son|daughter|uncle|aunt|boyfriend|"
    r"girlfriend|fianc[ée]e?|best friend|dog|cat|stepdad|stepmum|stepmom|baby)"
)
_BODY = r"(?:leg|arm|wrist|ankle|hip|collarbone|foot|hand|back|rib|ribs|nose|elbow|knee)"

LIFE_EVENTS: dict[str, list[re.Pattern[str]]] = {
    "birth": [
        re.compile(p, re.I)
        for p in (
            r"\b(?:had|has had|just had|have had) (?:a|the|their|her|his|⟦\d+⟧'s)(?: \w+)? (?:baby|boy|girl|son|daughter|twins|kid|child)\b",
            r"\b(?:had|has had|just had|have had) twins\b",
            r"\bgave birth\b",
            r"\b(?:baby|son|daughter|twins|boy|girl) (?:was|were|is|are|got) born\b",
            r"\b(?:became|become|becoming|is now|are now) (?:a |an )?(?:first[- ]time )?(?:mum|mom|dad|father|mother|parents?|grand(?:mother|father|parents?|ma|pa)|granny)\b",
            r"\bwelcomed (?:a|their|baby|her|his|⟦\d+⟧'s|little|twins)\b",
            r"\b(?:is|are|was|'s) (?:\w+ )?pregnant\b",
            r"\bexpecting (?:a baby|their first|her first|his first|twins|a (?:boy|girl)|another|baby number|number two)\b",
            r"\bnew ?born\b",
            r"\bnew baby\b",
            r"\bbaby (?:boy|girl|is here|arrived)\b",
        )
    ],
    "new_job": [
        re.compile(p, re.I)
        for p in (
            r"\b(?:started|starting|starts|start|begins|began|beginning) (?:a |her |his |their |⟦\d+⟧'s )?(?:new )?(?:job|role|position)\b",
            r"\bnew (?:job|role|position|gig)\b",
            r"\b(?:got|landed|accepted|took|was offered|been offered|got offered) (?:the|a|that|an|her|his|their|⟦\d+⟧'s)(?: new| dream| first)? (?:job|offer|role|position)\b",
            r"\bgot (?:hired|promoted|the promotion)\b",
            r"\b(?:was|been|has been|is being) promoted\b",
            r"\b(?:a|her|his|their|⟦\d+⟧'s) promotion\b",
            r"\b(?:joined|is joining|joins|will join|has joined|just joined) (?!us\b|me\b|the (?:gym|club|choir|team for)\b)[A-Z]\w+",
            r"\b(?:starts|started|starting|will start) (?:work(?:ing)? )?at (?:[A-Z]\w+|a (?:startup|bank|hospital|school|law firm|consultancy))",
            r"\b(?:was|got|been|has been|is being) (?:laid off|made redundant|fired|let go|sacked)\b",
            r"\blost (?:her|his|their|⟦\d+⟧'s) job\b",
            r"\b(?:retired|retiring|retires|is retiring)\b",
            r"\b(?:quit|left|is leaving|resigned from|handed in (?:her|his|their|⟦\d+⟧'s) notice at) (?:her|his|their|⟦\d+⟧'s|the) (?:job|position|role|company|firm)\b",
            r"\bhanded in (?:her|his|their|⟦\d+⟧'s) notice\b",
        )
    ],
    "move": [
        re.compile(p, re.I)
        for p in (
            r"\b(?:moved|moving|moves|relocated|relocating|relocates|emigrated|emigrating|move) (?:to|back to|back home|in with|house|abroad|across the country|out of|cities|countries|flats|apartments)\b",
            r"\bbought (?:a|their|her|his|⟦\d+⟧'s) (?:first )?(?:house|flat|apartment|home|place)\b",
            r"\b(?:new|first) (?:flat|apartment|house|home)\b",
            r"\bmoving day\b",
        )
    ],
    "illness": [
        re.compile(p, re.I)
        for p in (
            r"\bdiagnosed with\b",
            r"\b(?:in|into|out of|to) (?:the )?(?:hospital|a&e|er|icu|intensive care)\b",
            r"\b(?:had|having|has|needs|need|recovering from|after|before|booked for) (?:a |an |her |his |their |⟦\d+⟧'s |major |minor |knee |hip |back |heart )?(?:surgery|operation|heart attack|stroke|chemo|chemotherapy|radiotherapy|transplant|miscarriage|breakdown)\b",
            r"\b(?:has|had|got|caught|with|fighting|battling|beat) (?:breast |lung |skin |long )?(?:cancer|covid|pneumonia|a concussion|burnout|depression|shingles|sepsis|leukaemia|leukemia|ms|lyme)\b",
            rf"\bbroke (?:her|his|their|⟦\d+⟧'s|a) {_BODY}\b",
            r"\b(?:is|was|been|fell|got|is still|has been) (?:really|very|quite|seriously|pretty|so|gravely|critically) (?:ill|sick|unwell|poorly)\b(?! of| and tired)",
            r"\b(?:been|was|has been) (?:ill|sick|unwell|poorly) for (?:weeks|months|a while|ages|a long time)\b",
            r"\bburn(?:ed|t)[ -]?out\b",
            r"\bon (?:sick|medical) leave\b",
            r"\bcancer\b",
        )
    ],
    "bereavement": [
        re.compile(p, re.I)
        for p in (
            rf"\b{_REL}(?: \w+)? (?:passed away|died|passed|was killed|is gone|lost (?:her|his|their) (?:battle|fight))\b",
            rf"\blost (?:her|his|their|⟦\d+⟧'s) {_REL}\b",
            r"\bfuneral\b",
            r"\bpassed away\b",
            r"\bbereave",
        )
    ],
    "wedding": [
        re.compile(p, re.I)
        for p in (
            r"\b(?:got|getting|get|gets|are getting|is getting|just got) married\b",
            r"\b(?:got|is|are|just got|now) engaged\b",
            r"\b(?:her|his|their|⟦\d+⟧'s) wedding\b",
            r"\bproposed\b",
            r"\btied the knot\b",
            r"\bengagement\b",
        )
    ],
    "separation": [
        re.compile(p, re.I)
        for p in (
            r"\b(?:getting |got |is getting )?divorced?\b",
            r"\bdivorcing\b",
            r"\b(?:separated|separating|split up|broke up|splitting up|breaking up)\b",
        )
    ],
    "graduation": [
        re.compile(p, re.I)
        for p in (
            r"\b(?:graduated|graduates|graduating|graduation)\b",
            r"\bdefended (?:her|his|their|⟦\d+⟧'s) (?:thesis|phd|dissertation|doctorate)\b",
        )
    ],
}

# A person token starts with "⟦", not a word character: "\b" before it never matches.
LIFE_EVENTS = {
    kind: [re.compile(rx.pattern.replace("\\b(?:", "(?<!\\w)(?:"), rx.flags) for rx in patterns]
    for kind, patterns in LIFE_EVENTS.items()
}

LIFE_EVENT_LABELS = {
    "birth": "a new baby",
    "new_job": "a new job",
    "move": "a move",
    "illness": "illness",
    "bereavement": "a bereavement",
    "wedding": "a wedding",
    "separation": "a separation",
    "graduation": "a graduation",
}

_PARTNER = re.compile(r"\b(?:partner|boyfriend|girlfriend|husband|wife|fianc[ée]e?)\b", re.I)
#: "⟦0⟧'s sister had a baby" is not ⟦0⟧'s baby; "⟦0⟧'s dad died" is ⟦0⟧'s loss.
_RELATIVE_SUBJECT = re.compile(rf"⟦(\d+)⟧'s (?:\w+ )?{_REL}\b", re.I)
_OTHER_SUBJECT = re.compile(
    r"(?:\b(?:I|we|my|our|your|someone|somebody|everyone|people|a friend|a colleague|"
    r"the|his|her|their)\b|\b[A-Z][a-z]+\b)",
)
_SUBJECT_SLOT = re.compile(rf"(?:{ANYP}(?:'s)?|\bI\b|\bwe\b|\bmy \w+|\bour \w+)", re.I)


# -- the rules -------------------------------------------------------------------------------

from journal.core.reading import resolve  # noqa: E402
from journal.core.reading.model import (  # noqa: E402
    DECEASED,
    FACT_STATUS,
    LIFE_EVENT,
    NEW_FACT,
    PROMISE,
    PROMISE_KEPT,
    Clause,
    Detected,
    HeldFact,
    OpenPromise,
)
from journal.core.reading.text import content_stems, stem  # noqa: E402


def read_clause(c: Clause) -> list[Detected]:
    """Every proposal one clause makes, most specific first: news about a held fact or
    promise wins over a new fact made of the same words."""
    out: list[Detected] = []
    out += _promises(c)
    kept = _kept(c)
    out += kept
    status = _fact_status(c)
    events = _life_events(c)
    deaths = _death(c)
    if deaths:
        # "Tom passed away" is Tom's death, not a bereavement of Tom's to remember.
        dead = {d.person_id for d in deaths}
        events = [e for e in events if not (e.detail == "bereavement" and e.person_id in dead)]
    facts = [] if kept else _new_facts(c)
    if facts and not status:
        held = _held_fact(c, facts[0])
        if held is not None:
            facts = []
            if held[1]:  # a hedged "might apply again" confirms nothing
                status = [held[0]]
    if (
        status
        and events
        and status[0].new_status == "cancelled"
        and _overlaps(status[0], events[0])
    ):
        status = []  # "quit his job" is the news, not the app "quit"
    if status:
        facts = []
        if status[0].new_status != "done":
            events = []  # "still moving to Lisbon" is news about the move, not a move
    if events or deaths:
        facts = []
    family = [] if (events or deaths or facts or status) else _family_facts(c)
    return out + status + deaths + events + facts + family


#: Who in someone's family a clause can be about: "Chen's daughter Mia", "his eldest son".
_KIN = (
    r"(?:mum|mom|mother|dad|father|grandma|grandmother|grandfather|granddad|grandpa|gran|"
    r"nan|nana|brother|sister|husband|wife|partner|son|daughter|uncle|aunt|boyfriend|"
    r"girlfriend|fianc[ée]e?|stepdad|stepmum|stepmom|stepson|stepdaughter|baby|kid|kids|"
    r"child|children|twins|girl|boy|niece|nephew|cousin|parents|in-laws)"
)
_KIN_SUBJECT = re.compile(
    rf"^{P}'s (?:(?:little|eldest|oldest|youngest|older|younger|big|baby|new|twin) )?"
    rf"(?P<kin>{_KIN})(?: (?P<name>(?-i:[A-Z][a-z]+)))?,? (?P<what>.+)",
    re.I,
)
#: What in a relative's life is worth remembering about the person, beyond the life
#: events (which read as the relative's, not theirs): school, nursery, university.
_SCHOOLING = re.compile(
    r"(?<!\w)(?:starts|started|starting|is starting|will start|has started|just started|"
    r"begins|began|is beginning|goes to|went to|got into|got a place at|is off to|"
    r"moves up to|moved up to) (?:the |a new |her first |his first |their first |big )?"
    r"(?:school|nursery|kindergarten|preschool|pre-school|reception|primary(?: school)?|"
    r"secondary(?: school)?|high school|middle school|university|uni|college|daycare|"
    r"day care|year \d+|first grade|med school|law school|boarding school)\b",
    re.I,
)
#: A relative's news that is theirs to tell first, not a fact to note ("is pregnant").
_KIN_UNSAID = re.compile(r"\b(?:pregnant|expecting)\b", re.I)


def _family_facts(c: Clause) -> list[Detected]:
    """ "Chen's daughter Mia starts school": a family fact of Chen's ("Daughter Mia starts
    school"), the way the person page keeps family, so a check-in can ask after Mia.

    Only a named relative of someone in the entry (``⟦n⟧'s daughter``, a pronoun the
    entry pins to them included) at the head of the clause, with a milestone: a life
    event's words (they are the relative's, so they are not the person's life event) or
    a start at school. A death is the person's bereavement (a life event) instead."""
    text = strip_fillers(c.text)
    head = _KIN_SUBJECT.match(text)
    if head is None or QUESTION.search(c.sentence) or _KIN_UNSAID.search(text):
        return []
    what = head.group("what")
    milestone = _SCHOOLING.search(what)
    if milestone is None:
        for kind, patterns in LIFE_EVENTS.items():
            if kind == "bereavement":
                continue
            milestone = next((m for rx in patterns if (m := rx.search(what))), None)
            if milestone is not None:
                break
    if milestone is None or milestone.start() > 30:
        return []
    before = what[: milestone.start()]
    if NEGATION.search(before) or re.search(
        r"\b(?:if|whether|might|(?-i:may)|maybe|could|perhaps|possibly|probably|hope|"
        r"hoping|worried|wants to|thinking about|considering)\b",
        before,
        re.I,
    ):
        return []
    prefer = (
        "future"
        if FUTURE.search(what)
        or re.search(
            r"\b(?:starts|begins|next|(?:is|are) (?:starting|moving|getting|retiring|leaving))\b",
            what,
            re.I,
        )
        else "past"
    )
    when, span = find_date(what, c.on, prefer)
    if span:
        what = what[: span[0]] + what[span[1] :]
    what = _WHAT_END.sub("", what)
    who = " ".join(x for x in (head.group("kin").lower(), head.group("name")) if x)
    rendered = _tidy(resolve.render(f"{who} {what}", c.people))
    return [
        Detected(
            NEW_FACT,
            c.people[int(head.group(1))].id,
            c.sentence,
            text=_capitalise(rendered),
            facet_kind="family",
            event_date=when,
            confidence=0.8,
        )
    ]


def _overlaps(a: Detected, b: Detected) -> bool:
    if "span" not in a.extra or "span" not in b.extra:
        return False
    a0, a1 = map(int, a.extra["span"].split(","))
    b0, b1 = map(int, b.extra["span"].split(","))
    return a0 < b1 and b0 < a1


def _held_fact(c: Clause, new: Detected) -> tuple[Detected, bool] | None:
    """A "new" fact that is one the journal holds: a confirmation that it goes on
    (unless hedged: "might apply for the grant again" confirms nothing)."""
    who = next(i for i, p in enumerate(c.people) if p.id == new.person_id)
    found = _matching_fact(c, who, c.text)
    if found is None:
        return None
    fact = found[1]
    confirmed = Detected(
        FACT_STATUS,
        new.person_id,
        c.sentence,
        text=fact.text,
        facet_id=fact.id,
        new_status="ongoing",
        confidence=0.75,
    )
    return confirmed, new.confidence >= 0.6


def _subject(c: Clause, upto: int) -> int | str | None:
    """Who does what is at ``upto``: the nearest subject-like mention before it.

    Returns a person index, ``"other"`` (I, we, my sister, a name not in the entry), or
    None when the clause names nobody before that point."""
    before = c.text[:upto]
    slots = list(_SUBJECT_SLOT.finditer(before))
    names = [m for m in re.finditer(r"\b[A-Z][a-z]+\b", before) if m.start() > 0]
    last = slots[-1] if slots else None
    if names and (last is None or names[-1].start() > last.start()):
        word = names[-1].group(0)
        if word.casefold() not in STOPWORDS and word not in ("Finally", "Apparently"):
            return "other"
    if last is None:
        return None
    token = last.group(0)
    m = re.fullmatch(r"⟦(\d+|\?)⟧('s)?", token)
    if not m:
        return "other"
    if m.group(1) == "?":
        return "other"
    return int(m.group(1))


def _entry_person(c: Clause) -> int | None:
    """The person a subject-less clause is about: the one person of the entry, or the
    one named in this sentence."""
    if len(c.people) == 1:
        return 0
    named = list(dict.fromkeys(c.sentence_people))
    if len(named) == 1:
        return named[0]
    return None


def _life_events(c: Clause) -> list[Detected]:
    text = c.text
    if QUESTION.search(c.sentence) or re.search(
        r"\b(?:if|whether|when will|hope|hoping|fingers crossed|worried|scared|afraid)\b",
        text,
        re.I,
    ):
        return []
    out: list[Detected] = []
    for kind, patterns in LIFE_EVENTS.items():
        for rx in patterns:
            m = rx.search(text)
            if not m:
                continue
            before = text[: m.start()]
            if NEGATION.search(before[-40:]) or re.search(
                r"\b(?:might|(?-i:may)|maybe|could|perhaps|possibly|probably|thinking about|considering|wants to|want to|would like to|dreams? of)\b",
                before,
                re.I,
            ):
                break
            relative = None
            for rel in _RELATIVE_SUBJECT.finditer(text[: m.end()]):
                relative = rel
            joint = re.search(
                r"⟦(\d+)⟧ (?:and|&) (?:⟦\1⟧'s \w+|[A-Z][a-z]+)\s*$", before
            ) or re.search(
                r"⟦(\d+)⟧ (?:and|&) (?:⟦\1⟧'s \w+|[A-Z][a-z]+) (?:are|have|were|both|just)\b",
                before,
            )
            partner = relative and re.search(_PARTNER, relative.group(0))
            if partner and kind in ("wedding", "separation"):
                joint = relative  # "Maya's partner proposed" is Maya's engagement
            if not joint and relative and kind != "bereavement" and relative.end() <= m.start() + 1:
                break
            who: int | str | None
            owner = re.search(r"⟦(\d+)⟧'s (\w+)(?: \w+)?\s*$", before)
            if joint:
                who = int(joint.group(1))
            elif owner and kind != "bereavement" and not re.fullmatch(_REL, owner.group(2)):
                break  # "Maya's band split up" is the band's news
            elif relative and kind == "bereavement":
                who = int(relative.group(1))
            else:
                who = _subject(c, m.start())
                if (
                    who is None
                    and m.group(0).lower().startswith(("⟦",))
                    and (marked := re.match(P, m.group(0))) is not None
                ):
                    who = int(marked.group(1))
                if who is None:
                    poss = re.search(P + r"'s", m.group(0))
                    who = int(poss.group(1)) if poss else _elliptic_person(c, before)
            if not isinstance(who, int):
                break
            prefer = (
                "future"
                if FUTURE.search(text)
                or re.search(
                    r"\b(?:is|are) (?:moving|getting|starting|retiring)|\bstarts\b|\bnext\b",
                    text,
                    re.I,
                )
                else "past"
            )
            when, span = find_date(text, c.on, prefer)
            out.append(
                Detected(
                    LIFE_EVENT,
                    c.people[who].id,
                    c.sentence,
                    text=_event_text(c, m, span),
                    event_date=when or (c.on if prefer == "past" else None),
                    confidence=0.85 if isinstance(_subject(c, m.start()), int) else 0.7,
                    detail=kind,
                    extra={"span": f"{m.start()},{m.end()}"},
                )
            )
            return out
    return out


#: "⟦0⟧ passed away", "⟦0⟧ sadly died on Sunday": the person named is the one who died
#: (not "⟦0⟧'s dad died", a bereavement; not "⟦0⟧ nearly died", nor a pronoun, which
#: could be a relative of theirs named just before).
_DEATH = re.compile(
    r"(?<!')⟦(\d+)⟧,?(?: (?:has|had|sadly|suddenly|unexpectedly|peacefully|tragically|"
    r"just|recently|finally|quietly))* (?:passed away|passed on|died|was killed|"
    r"lost (?:her|his|their|⟦\d+⟧'s) (?:battle|fight) with)\b",
    re.I,
)
_DEATH_DOUBT = re.compile(
    r"\b(?:if|whether|hope|afraid|scared|worried|nearly|almost|rumou?r|thought|"
    r"pretend|joked?|joking|as if|in the (?:film|movie|book|novel|show|game|play))\b",
    re.I,
)


def _death(c: Clause) -> list[Detected]:
    """The person in the entry died: proposed as marking them deceased on that day (the
    engine then stops suggesting them), never as a life event of theirs."""
    text = c.text
    if QUESTION.search(c.sentence) or _DEATH_DOUBT.search(c.sentence):
        return []
    m = _DEATH.search(text)
    if m is None or NEGATION.search(text[: m.end()][-60:]):
        return []
    who = int(m.group(1))
    if who >= len(c.people):
        return []
    when, _span = find_date(text, c.on, "past")
    day = when if when is not None and when <= c.on else c.on
    return [
        Detected(
            DECEASED,
            c.people[who].id,
            c.sentence,
            text=f"{c.people[who].name} died",
            event_date=day,
            confidence=0.85,
            extra={"span": f"{m.start()},{m.end()}"},
        )
    ]


def _elliptic_person(c: Clause, before: str) -> int | None:
    """ "Had a baby girl on Tuesday!": no subject, and nothing else before the verb."""
    if re.search(r"\b(?:I|we|my|our)\b", before, re.I) or re.search(r"\b[A-Z][a-z]+\b", before[1:]):
        return None
    return _entry_person(c)


def _event_text(c: Clause, m: re.Match[str], date_span: tuple[int, int] | None) -> str:
    """What happened, in the user's words: the clause from the subject on."""
    text = c.text
    if date_span:
        text = (text[: date_span[0]] + text[date_span[1] :]).strip()
    text = strip_fillers(text)
    text = re.sub(r"^(?:that|how)\s+", "", text, flags=re.I)
    text = re.sub(rf"^{ANYP}\s+(?=[a-z])", "", text)
    text = resolve.render(text, c.people)
    text = re.sub(r"\s+", " ", text).strip(" ,.;:!")
    return _capitalise(text[:120])


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# -- promises ------------------------------------------------------------------------------

_PROMISE_LEADS = [
    re.compile(p, re.I)
    for p in (
        rf"(?:\bI |^)(?:said|told {ANYP}|told (?:him|her|them)|promised(?: {ANYP})?|offered|agreed|committed|volunteered|swore|have promised|said to {ANYP}|let {ANYP} know)(?: that)?(?: I would| I will| I am going to| I could| to| I'd)\s+(?P<act>.+)",
        r"(?:\bI |^)(?:will|am going to|shall)\s+(?:definitely |also |finally |then |try to |make sure to |make sure I |absolutely |def )?(?P<act>.+)",
        r"(?:^|\bI |\band )(?:really |still |also |definitely )?(?:must remember to|need to remember to|have to remember to|remember to|do not forget to|need to|must|have to|have got to|got to|should really|should|ought to|owe it to \S+ to)\s+(?P<act>.+)",
        r"^(?:to ?do|todo|note to self|reminder|action|next step|follow[- ]up)\s*[:\-]\s*(?P<act>.+)",
    )
]
_ACT_END = re.compile(
    r"\s+(?:because|since|as soon as|so that|so|which|who|but|once|when|if|after (?:she|he|they|⟦)|"
    r"as (?:she|he|they|⟦)|and (?:then|also|maybe|she|he|they|I|⟦))\b.*$",
    re.I,
)


def _promises(c: Clause) -> list[Detected]:
    text = c.text
    if QUESTION.search(c.sentence):
        return []
    for n, rx in enumerate(_PROMISE_LEADS):
        m = rx.search(text)
        if not m:
            continue
        lead = text[: m.start("act")]
        if re.search(
            r"\b(?:not|never|no longer|might|maybe|(?-i:may)|perhaps|possibly|probably|if|could|wonder)\b",
            lead,
            re.I,
        ):
            return []
        if n == 2 and _subject(c, m.start()) not in (None, "other"):
            return []  # "⟦0⟧ needs to ..." is not mine to do
        if n == 2 and re.search(
            r"\b(?:we|you|they|she|he)\s+(?:really |still |also )?(?:need|must|have|should|got|ought)\b",
            lead,
            re.I,
        ):
            return []
        act = m.group("act")
        words = act.split()
        if not words:
            return []
        first = words[0].strip(",.").casefold()
        if first in ("not", "never", "probably", "maybe", "see", "be", "miss", "have"):
            return []
        if first not in ACTION_VERBS and not (n == 0 and first in ("do", "try", "look", "think")):
            return []
        if n == 0 and first == "think":
            return []
        act = _ACT_END.sub("", act)
        due, span = find_date(act, c.on, "future")
        if span:
            act = (act[: span[0]] + act[span[1] :]).strip()
        who = _promise_person(c, act, lead)
        if who is None:
            return []
        hedged = n == 2 and re.search(r"\bshould\b", lead, re.I)
        return [
            Detected(
                PROMISE,
                c.people[who].id,
                c.sentence,
                text=_capitalise(_tidy(resolve.render(act, c.people))),
                due_on=due,
                confidence=0.6 if hedged else (0.9 if n == 0 else 0.8),
            )
        ]
    return []


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,.;:!-")
    text = re.sub(r"\b(\w+)'s's\b", r"\1's", text)
    return text[:140]


def _promise_person(c: Clause, act: str, lead: str) -> int | None:
    in_act = resolve.people_in(act)
    if in_act:
        return in_act[0]
    if resolve.has_unresolved(act):
        return None
    in_lead = resolve.people_in(lead)
    if in_lead:
        return in_lead[-1]
    return _entry_person(c)


# -- promises kept ---------------------------------------------------------------------------

_PAST = re.compile(
    r"\b(?:\w{3,}ed|" + "|".join(_PAST_IRREGULAR) + r")\b",
    re.I,
)
_KEPT_CUES = re.compile(
    r"\b(?:done|kept my (?:promise|word)|ticked off|sorted|finally did|did the)\b", re.I
)
_NOT_KEPT = re.compile(
    r"\b(?:not|never|yet|forgot|still have to|still need|meant to|supposed to|tried to|wanted to|"
    r"almost|nearly|about to|will|going to|need to|must|should|have to|promised|said I|offered|"
    r"would|plan|planning|might|maybe)\b",
    re.I,
)


def _kept(c: Clause) -> list[Detected]:
    text = strip_fillers(c.text)
    if QUESTION.search(c.sentence) or _NOT_KEPT.search(text):
        return []
    if not (_PAST.search(text) or _KEPT_CUES.search(text)):
        return []
    if re.match(ANYP, text):
        return []  # "⟦0⟧ sent me the deck" is their doing, not my promise kept
    stems = content_stems(resolve.TOKEN.sub(" ", text), STOPWORDS, IRREGULAR)
    best: list[tuple[float, int, OpenPromise]] = []
    for who, promises in c.promises.items():
        name_words = _name_stems(c, who)
        for promise in promises:
            wanted = _fact_stems(promise.text) - name_words
            if not wanted:
                continue
            shared = stems & wanted
            score = len(shared) / len(wanted)
            if len(shared) >= 2 or (len(shared) == 1 and len(wanted) <= 2):
                best.append((score + 0.01 * len(shared), who, promise))
    if not best:
        return []
    best.sort(key=lambda t: t[0], reverse=True)
    if len(best) > 1 and abs(best[0][0] - best[1][0]) < 0.05 and best[0][2] is not best[1][2]:
        return []
    score, who, promise = best[0]
    return [
        Detected(
            PROMISE_KEPT,
            c.people[who].id,
            c.sentence,
            text=promise.text,
            follow_up_id=promise.id,
            confidence=0.9 if score >= 0.5 else 0.7,
        )
    ]


def _name_stems(c: Clause, who: int) -> frozenset[str]:
    person = c.people[who]
    return _stems_of_names(person.name, person.preferred_name)


@functools.lru_cache(maxsize=1024)
def _stems_of_names(name: str, preferred: str) -> frozenset[str]:
    return frozenset(stem(w) for w in f"{name} {preferred}".split())


@functools.lru_cache(maxsize=4096)
def _fact_stems(text: str) -> frozenset[str]:
    """A held fact's content stems (cached: the same facts are matched clause after clause)."""
    return frozenset(content_stems(text, STOPWORDS, IRREGULAR))


# -- news about a held fact ----------------------------------------------------------------

_CANCELLED = re.compile(
    r"\b(?:fell through|falls through|fallen through|falling through|cancel+ed|cancel+ing|"
    r"called off|calling off|called it off|gave up|given up|giving up|dropped|scrapped|abandoned|shelved|"
    r"pulled out|pulled the plug|fell apart|collapsed|is off|was off|are off|off the table|"
    r"dead|killed|rejected|turned down|not happening|no longer|quit|quitting|stopped|"
    r"decided against|backed out|bailed|fizzled|over for|not going ahead|no go|"
    r"put on ice|wound down|closed down|shut down|went bust|folded|withdrew|withdrawn|"
    r"closed (?:it |the \w+ )?for good|for good|came back negative|declined|no luck|"
    r"did not work out|pulled (?:the|it|their|its|her|his))\b",
    re.I,
)
_DONE = re.compile(
    r"\b(?:opened|launched|finished|completed|done|shipped|published|came out|is out|"
    r"went live|is live|wrapped up|graduated|sold|signed|passed|defended|"
    r"delivered|won|got it|got the \w+|got in|got into|accepted|premiered|released|"
    r"up and running|open for business|"
    r"crossed the finish|made it|over the line|succeeded|moved in|finished it|"
    r"ran it|is finished|is complete|is open|has opened|officially open|at last|"
    r"submitted|hit publish|handed in|closed the round|raised|secured|landed|"
    r"moved (?:to|in|into|over)|relocated)\b",
    re.I,
)
_ONGOING = re.compile(
    r"\b(?:still|going well|coming along|progress|progressing|on track|halfway|"
    r"ongoing|continues|continuing|keeps going|pushed back|delayed|postponed|"
    r"rescheduled|behind schedule|slow going|nearly there|almost there|almost done|"
    r"nearly done|getting there|is going|goes well|underway|under way|deferred|put off|"
    r"(?:is|are) (?:set|planned|scheduled|slated|booked) for|"
    r"on hold|(?:is|are) (?:definitely |still |now )?(?:happening|going ahead|on))\b",
    re.I,
)
_NOT_DONE_IS_OFF = re.compile(
    r"\b(?:did not|does not|has not|have not|was not|were not) (?:get|make it|pass|win|"
    r"get in|get into|get accepted|get selected|come through|happen)\b|\bwas not (?:accepted|"
    r"selected|successful)\b|\bunsuccessful\b",
    re.I,
)
_NOT_YET = re.compile(
    r"\b(?:still not|not yet|still has not|still have not|has not yet|is not yet)\b", re.I
)
_NEARLY = re.compile(r"\b(?:nearly|almost|not quite|half|partly|mostly)\s+(?:\w+\s+)?$", re.I)
_PLAIN_FUTURE = re.compile(
    r"\b(?:is|are) (?!not\b)\w+ing\b|\b(?:starts|begins|opens|launches|will start|"
    r"will open|is going to|are going to|is on)\b",
    re.I,
)
_AFTER_ALL = re.compile(r"\b(?:not|no longer|never)\b.*\b(?:after all|anymore|any more)\b", re.I)
_GENERIC = frozenset(
    {"start", "work", "proje", "thing", "plan", "job", "big", "first", "secon", "some"}
)


def _fact_status(c: Clause) -> list[Detected]:
    text = c.text
    if QUESTION.search(c.sentence) or _ASKED.search(text):
        return []
    mentioned = set(resolve.people_in(text))
    candidates: list[tuple[float, int, HeldFact]] = []
    for who in c.facts:
        if mentioned and who not in mentioned and len(c.people) > 1:
            continue
        found = _matching_fact(c, who, text)
        if found is not None:
            candidates.append((found[0], who, found[1]))
    if not candidates:
        return []
    candidates.sort(key=lambda t: t[0], reverse=True)
    if len(candidates) > 1 and candidates[0][0] == candidates[1][0]:
        return []  # two facts fit as well: say nothing rather than pick one
    _, who, fact = candidates[0]
    status = _status_of(text, fact.text)
    if status is None:
        return []
    new_status, confidence, span = status
    if new_status == fact.status and new_status != "ongoing":
        return []
    return [
        Detected(
            FACT_STATUS,
            c.people[who].id,
            c.sentence,
            text=fact.text,
            facet_id=fact.id,
            new_status=new_status,
            confidence=confidence,
            extra={"span": f"{span[0]},{span[1]}"} if span else {},
        )
    ]


_ASKED = re.compile(
    r"\b(?:asked|ask|wondered|wonder)\b(?: \S+)? (?:how|whether|if|about|what)\b", re.I
)
_PREPOSITIONS = frozenset(
    ["in", "on", "at", "for", "with", "to", "of", "from", "about", "into", "by", "near"]
)
_ORDINALS = frozenset(
    ["first", "second", "third", "fourth", "fifth", "another", "new", "next", "2nd", "3rd"]
)


@functools.lru_cache(maxsize=4096)
def _head_stems(fact_text: str) -> frozenset[str]:
    """The words a fact is about: the last noun of its object ("the Berlin marathon"
    in "training for the Berlin marathon") and its last word ("Penguin")."""
    words = list(resolve.WORDS.findall(fact_text))
    if words and words[0].casefold().endswith("ing"):
        words = words[1:]
    while words and (words[0].casefold() in _PREPOSITIONS or words[0].casefold() in STOPWORDS):
        words = words[1:]
    chunk: list[str] = []
    for w in words:
        if w.casefold() in _PREPOSITIONS:
            break
        chunk.append(w)
    heads = set()
    if chunk:
        heads.add(stem(chunk[-1], IRREGULAR))
    if words:
        heads.add(stem(words[-1], IRREGULAR))
    return frozenset(heads)


def _clause_stems(text: str) -> set[str]:
    plain = resolve.TOKEN.sub(" ", text)
    stems = content_stems(plain, STOPWORDS, IRREGULAR)
    words = resolve.WORDS.findall(plain)
    stems |= {stem(a + b, IRREGULAR) for a, b in itertools.pairwise(words)}
    return stems


def _matching_fact(c: Clause, who: int, words: str) -> tuple[float, HeldFact] | None:
    """The held fact of ``who`` that ``words`` speak of: two of its words, or its head."""
    stems = _clause_stems(words)
    ordinals = {w.casefold() for w in resolve.WORDS.findall(words)} & _ORDINALS
    best: tuple[float, HeldFact] | None = None
    for fact in c.facts.get(who, []):
        wanted = _fact_stems(fact.text) - _name_stems(c, who)
        shared = stems & wanted
        strong = [s for s in shared if s not in _GENERIC]
        heads = _head_stems(fact.text) & shared
        fact_ordinals = {w.casefold() for w in fact.text.split()} & _ORDINALS
        if ordinals and fact_ordinals and not ordinals & fact_ordinals:
            continue  # "a third bakery" is not "a second bakery"
        if len(strong) >= 2 or heads:
            score = len(shared) / max(len(wanted), 1) + (0.5 if heads else 0.0)
            if best is None or score > best[0]:
                best = (score, fact)
    return best


def _cue_misses(cue: str, fact_text: str) -> bool:
    """ "got the keys" says nothing about "opening a shop"; "got the grant" does."""
    m = re.fullmatch(r"got the (\w+)", cue, re.I)
    return m is not None and stem(m.group(1), IRREGULAR) not in _fact_stems(fact_text)


def _status_of(text: str, fact_text: str = "") -> tuple[str, float, tuple[int, int] | None] | None:
    """What the words say became of a fact, how sure, and where the cue is."""
    hedged = re.search(
        r"\b(?:might|(?-i:may)|maybe|could|perhaps|possibly|probably|hopes? to|hoping|worried|afraid|"
        r"risk|if|unless|whether|about to|soon|should|will|going to|plans? to|wants? to|"
        r"looks like|fingers crossed)\b",
        text,
        re.I,
    )
    negated = NEGATION.search(text)
    off = _AFTER_ALL.search(text) or _NOT_DONE_IS_OFF.search(text)
    if off:
        return ("cancelled", 0.9, off.span())
    not_yet = _NOT_YET.search(text)
    if not_yet:
        return ("ongoing", 0.75, not_yet.span())
    cancelled = _CANCELLED.search(text)
    if cancelled and not hedged:
        if negated and not re.search(r"\bno longer\b", text, re.I):
            return ("ongoing", 0.6, cancelled.span())
        return ("cancelled", 0.9, cancelled.span())
    done = _DONE.search(text)
    if done and not hedged and not _cue_misses(done.group(0), fact_text):
        if negated or _NEARLY.search(text[: done.start()]):
            return ("ongoing", 0.7, done.span())
        if re.fullmatch(r"got in|got into|accepted", done.group(0), re.I) and not re.match(
            r"appl", fact_text, re.I
        ):
            return ("ongoing", 0.75, done.span())  # in, for a plan: it is on, not over
        return ("done", 0.85, done.span())
    going = _ONGOING.search(text)
    if going and not negated:
        return ("ongoing", 0.75, going.span())
    future = _PLAIN_FUTURE.search(text)
    if (
        future
        and not negated
        and not re.search(
            r"\b(?:might|(?-i:may)|maybe|could|perhaps|possibly|if|unless|whether|thinking|considering|wonder)\b",
            text,
            re.I,
        )
    ):
        return ("ongoing", 0.7, future.span())
    return None


# -- new facts -----------------------------------------------------------------------------

_WORKING_VERBS = (
    r"working on|renovating|building|writing|launching|starting|planning|training for|"
    r"applying (?:for|to)|learning|studying|organi[sz]ing|setting up|raising|running|opening|"
    r"developing|designing|recording|preparing|preparing for|researching|finishing|founding|"
    r"creating|producing|restoring|converting|fixing up|doing up|looking for|looking into|"
    r"teaching|coaching|growing|pitching|fundraising|hiring|rebuilding|remodell?ing|"
    r"translating|editing|composing|directing|filming|shooting|volunteering|bootstrapping|"
    r"launching|putting together|pulling together|busy with|deep in|in the middle of|"
    r"finishing up|knee[- ]deep in|trying to|hoping to|planning to|aiming to|saving for|"
    r"saving up for|campaigning for|running for|retraining as|retraining|negotiating|"
    r"co-?founding|illustrating|self-publishing|publishing|curating|mentoring|"
    r"doing (?:a|an|her|his|their|⟦\d+⟧'s)"
)
_NEW_FACT_RULES: list[tuple[str, re.Pattern[str], float]] = [
    (
        "working_on",
        re.compile(
            rf"^{P}\s+(?:is|are|was|has been|have been|had been)\s+(?:still |now |currently |busy |finally |slowly |really |also |actually |seriously |properly |quietly |apparently |basically )*(?P<what>(?:{_WORKING_VERBS})\b.+)",
            re.I,
        ),
        0.8,
    ),
    (
        "working_on",
        re.compile(
            rf"^{P}\s+(?:also |now |finally |just |apparently |actually )?(?P<what>(?:starts|begins|will start|will begin|is going to start|is about to start|is starting|plans to|is planning to|intends to|aims to|is aiming to|has started|started|just started|launched|has launched|is launching|is thinking (?:about|of)|is considering|might|(?-i:may)|could|wants to|hopes to|is hoping to|applied (?:for|to)|got into|got accepted (?:to|into|for)|has signed up for|signed up for|enrolled in|is enrolled in|is doing|is taking|took on|is going to|will|is writing)\b.+)",
            re.I,
        ),
        0.7,
    ),
    (
        "working_on",
        re.compile(
            rf"^{P}'s (?P<what>(?:new |first |second |big |latest |own )(?:startup|start-up|business|project|book|novel|podcast|shop|restaurant|company|venture|album|film|documentary|app|studio|bakery|café|cafe|gallery|label|charity|practice|course|thesis|campaign|play|exhibition|brand|collection|side project|side hustle)\b.*)",
            re.I,
        ),
        0.75,
    ),
    (
        "hobby",
        re.compile(
            rf"^{P}\s+(?:is |has been |was |got |has got |is getting |is now )?(?:really |super |very |totally |completely |seriously |so |quite |deeply )?(?P<what>(?:into|obsessed with|mad about|passionate about|keen on|hooked on|addicted to|a big fan of|a fan of|crazy about)\b.+)",
            re.I,
        ),
        0.8,
    ),
    (
        "hobby",
        re.compile(
            rf"^{P}\s+(?:has |recently |just )?(?P<what>(?:took up|taken up|picked up|has taken up|started doing|started playing|started learning|joined a)\b.+)",
            re.I,
        ),
        0.75,
    ),
    (
        "can_help_with",
        re.compile(
            rf"^{P}\s+(?P<what>(?:knows (?:a lot|everything|loads|tons|heaps|lots|all|a ton|a great deal) about|is (?:an |a )?(?:expert|specialist|whiz|wizard|guru|pro) (?:in|on|at|with)|is (?:great|brilliant|amazing|excellent|really good|very good|so good) (?:at|with)|used to work (?:in|at|on)|can help (?:me |us |with )|offered to help (?:me |us )?with|has experience (?:in|with)|worked for years (?:in|at|on)|is the person to ask about)\b.+)",
            re.I,
        ),
        0.75,
    ),
]
_WHAT_END = re.compile(
    r",?\s+(?:because|since|so that|so|which|who|and (?:I|⟦|she|he|they|we|it|then)|but|when|"
    r"and (?:sounds|seems|looks|is|was|has|had|says|said|feels|felt|loves|hates|wants|"
    r"thinks|seemed|looked|sounded|asked|told|gave|showed)|"
    r"after|although|though|while|as well|too|lol|haha)\b.*$",
    re.I,
)


def _new_facts(c: Clause) -> list[Detected]:
    text = strip_fillers(c.text)
    if QUESTION.search(c.sentence):
        return []
    for kind, rx, confidence in _NEW_FACT_RULES:
        m = rx.search(text)
        if not m:
            continue
        what = m.group("what")
        if NEGATION.search(text[: m.start("what")] + " " + " ".join(what.split()[:4])):
            return []
        what = _WHAT_END.sub("", what)
        if re.match(r"(?:is going to|will)\b", what, re.I):
            what = re.sub(r"^(?:is going to|will)\s+", "", what, flags=re.I)
            if what.split(" ", 1)[0].casefold() in (
                "be",
                "love",
                "hate",
                "like",
                "miss",
                "need",
                "call",
                "see",
                "come",
                "meet",
                "get",
                "have",
                "do",
            ):
                return []
        first = what.split(" ", 1)[0].casefold()
        if first in ("on",) and not re.match(r"on (?:a|an|her|his|their|⟦)", what, re.I):
            return []
        if first == "is":
            what = what[3:]
        due, span = find_date(what, c.on, "future")
        if span:
            what = (what[: span[0]] + what[span[1] :]).strip()
        rendered = _tidy(resolve.render(what, c.people))
        if len(rendered.split()) < 2 and kind == "working_on":
            return []
        hedge = re.search(
            r"\b(?:might|(?-i:may)|could|thinking|considering|hopes|hoping|wants)\b", what, re.I
        )
        return [
            Detected(
                NEW_FACT,
                c.people[int(m.group(1))].id,
                c.sentence,
                text=_capitalise(rendered),
                facet_kind=kind,
                event_date=due,
                confidence=confidence - (0.2 if hedge else 0.0),
            )
        ]
    return []
