"""Language-neutral text helpers: crude stems, content words, overlap, and dates.

Matching "the bakery finally opened" to the fact "opening a second bakery" needs only
that the two share their content words once endings are cut, so a stem here is a word
without its inflection, cut to five letters ("introduced", "intro" and "introduction"
all become "intro"). Crude, fast (no model to load) and good enough for a user's own
words about their own friends; the labelled set measures it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache

WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
STEM_LENGTH = 5


def stem(word: str, irregular: dict[str, str] | None = None) -> str:
    word = word.casefold().replace("'s", "")
    if irregular and word in irregular:
        word = irregular[word]
    return _stem(word)


@lru_cache(maxsize=16384)
def _stem(word: str) -> str:
    for suffix in ("ings", "ing", "ied", "ies", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix in ("ied", "ies") else "")
            break
    return word[:STEM_LENGTH]


def content_stems(
    text: str, stopwords: frozenset[str], irregular: dict[str, str] | None = None
) -> set[str]:
    """The stems of the words that carry meaning (no stopwords, no person tokens)."""
    return {
        stem(w, irregular)
        for w in WORD.findall(text)
        if w.casefold() not in stopwords and len(w) > 1
    }


def overlap(a: Iterable[str], b: Iterable[str]) -> set[str]:
    return set(a) & set(b)


@lru_cache(maxsize=4096)
def parse_date(phrase: str, base: date, prefer: str, language: str = "en") -> date | None:
    """A date phrase ("next Friday", "in October", "in two weeks") read relative to the
    entry's day, never the wall clock. Future or past preferred as the sentence asks:
    "she starts in October" is the coming one, "had the baby on Tuesday" the last."""
    import dateparser  # imported on first use: ~0.2 s, not on every start of the app

    settings = {
        "PREFER_DATES_FROM": prefer,
        "RELATIVE_BASE": datetime(base.year, base.month, base.day, 12, 0),
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
        "REQUIRE_PARTS": [],
    }
    try:
        found = dateparser.parse(phrase, languages=[language], settings=settings)
    except Exception:  # a phrase dateparser chokes on is just no date
        return None
    if found is None:
        return None
    day: date = found.date()
    if abs((day - base).days) > 3 * 366:
        return None
    return day


def warm_up(language: str = "en") -> None:
    """Load dateparser's language data now (the first parse costs ~0.1 s), so that
    the first save after opening the journal is not the slow one."""
    parse_date("next friday", date(2000, 1, 1), "future", language)


def next_weekday(base: date, weekday: int, *, strictly_after: bool = True) -> date:
    days = (weekday - base.weekday()) % 7
    if days == 0 and strictly_after:
        days = 7
    return base + timedelta(days=days)
