"""How Rapport writes counts, dates, excerpts and sorted names: one place for each, so the
CLI, the app and the exports say them the same way (and a later translation has one
place to change).

- ``plural``: "1 entry", "2 entries", "1,204 people".
- ``format_date``/``day_month``: "6 Dec 2026", "22 Jul" (no leading zeros, no ISO).
- ``excerpt``: a text cut at a word with an ellipsis, never mid-word.
- ``sort_key``: names in the order a reader expects ("Mária" before "Maya"), from the
  Unicode Collation Algorithm (pyuca) rather than code points.
- ``parse_when``: "next Friday", "in two weeks", "15 Jan" as a date (dateparser).
- ``duration``/``ago``: how long, by one rule everywhere ("55 days", "about 6 months",
  "about two years"), so one screen never says "6 months" beside "195 days".
- ``every``: a rhythm ("every day", "every 30 days"); ``month_text``: "Jan 2025";
  ``and_list``: "Ana, Ben and Chen"; ``channel_label``: "Email", "Web", or its own label.
"""

from __future__ import annotations

import functools
import re
import struct
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

#: Words whose plural is not "+s" (the irregular ones Rapport prints).
_PLURALS = {
    "person": "people",
    "entry": "entries",
    "activity": "activities",
    "family": "families",
    "reply": "replies",
    "company": "companies",
    "has": "have",
    "is": "are",
    "was": "were",
    "this": "these",
    "it": "they",
}


def plural_word(count: float, one: str, many: str | None = None) -> str:
    """The word alone for ``count`` things: "entry" for 1, "entries" otherwise."""
    if count == 1:
        return one
    if many:
        return many
    if one in _PLURALS:
        return _PLURALS[one]
    if one.endswith(("s", "sh", "ch", "x")):
        return one + "es"
    if one.endswith("y") and one[-2:-1] not in "aeiou":
        return one[:-1] + "ies"
    return one + "s"


def plural(count: float, one: str, many: str | None = None) -> str:
    """ "1 person", "2 people", "1,000 entries", "2.5 fields"."""
    if isinstance(count, float) and not count.is_integer():
        shown = f"{count:g}"
    else:
        shown = f"{int(count):,}"
    return f"{shown} {plural_word(count, one, many)}"


def format_date(day: date | datetime, *, year: bool = True) -> str:
    """ "6 Dec 2026" (or "6 Dec" without the year): the one date format of the CLI,
    the app and the exports."""
    text = f"{day.day} {day:%b}"
    return f"{text} {day.year}" if year else text


#: Words that open a note typed as a sentence ("The grant application") and read in
#: lower case inside one; names and acronyms ("Penguin", "NHS") stay as typed.
_OPENERS = frozenset(
    [
        "the",
        "a",
        "an",
        "my",
        "our",
        "their",
        "his",
        "her",
        "its",
        "this",
        "that",
        "these",
        "those",
        "some",
    ]
)


def mid_sentence(text: str) -> str:
    """A note set inside a sentence: "working on The grant application" reads "working
    on the grant application". Only an opening article or possessive is lowered."""
    first, _, rest = text.partition(" ")
    if (
        first.lower() in _OPENERS
        and first[:1].isupper()
        and (len(first) == 1 or first[1:].islower())
    ):
        return first.lower() + (" " + rest if rest else "")
    return text


def month_text(month: str) -> str:
    """A month stored as "2025-01", as the dates around it read: "Jan 2025"."""
    day = date.fromisoformat(month + "-01")
    return f"{day:%b} {day.year}"


def format_datetime(moment: datetime) -> str:
    """ "6 Dec 2026, 14:05"."""
    return f"{format_date(moment)}, {moment:%H:%M}"


def day_month(month: int, day: int) -> str:
    """A year-less date such as a birthday: "22 Jul" (never "--07-22")."""
    return format_date(date(2000, month, day), year=False)


ELLIPSIS = "…"


def excerpt(text: str, limit: int, *, more: bool = False) -> str:
    """``text`` on one line, at most ``limit`` characters, cut after a whole word and
    marked with an ellipsis when cut ("she hinted she might…", never "might le").
    ``more``: ``text`` is already the start of a longer text (a database prefix), so its
    last word may be partial."""
    flat = " ".join(text.split())
    if len(flat) <= limit and not more:
        return flat
    # One character is kept for the ellipsis; the character after the cut tells whether
    # the cut falls between words.
    window = flat[: limit - 1]
    next_char = flat[limit - 1 : limit] if len(flat) >= limit else ("" if not more else "x")
    if next_char and next_char != " ":
        space = window.rfind(" ")
        if space > len(window) // 3:  # a very long first word is cut rather than dropped
            window = window[:space]
    return window.rstrip(" ,;:.-–—") + ELLIPSIS


@functools.cache
def _collator() -> Any:
    from pyuca import Collator

    return Collator()


@functools.lru_cache(maxsize=50_000)  # re-sorting 10,000 people costs 0.2 s uncached
def sort_key(text: str) -> tuple[int, ...]:
    """A key that sorts names as a reader expects, whatever their alphabet: accents
    after the plain letter but not after the whole alphabet ("Mária" before "Maya"),
    case ignored first. The Unicode Collation Algorithm's default table (pyuca)."""
    return _collation_weights(text)


def _collation_weights(text: str) -> tuple[int, ...]:
    """``sort_key``'s weights, uncached (``sort_bytes`` keeps its own cache)."""
    key: tuple[int, ...] = _collator().sort_key(" ".join(text.split()).casefold())  # pyuca: untyped
    return key


@functools.lru_cache(maxsize=150_000)
def sort_bytes(text: str) -> bytes:
    """``sort_key`` packed as bytes that sort the same (each weight is 16 bits, big
    endian): a third of its memory, so a list's worth of names can stay cached (50,000
    people: about 9 MB, and the People list re-sorts without recomputing them)."""
    weights = _collation_weights(text)
    return struct.pack(f">{len(weights)}H", *weights)


def sorted_by_name(items: list[Any], name: Callable[[Any], str]) -> list[Any]:
    return sorted(items, key=lambda item: sort_key(name(item)))


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_when(text: str, today: date) -> date | None:
    """A day typed in words, relative to ``today``: "next Friday", "in two weeks",
    "tomorrow", "15 Jan" (the next 15 January), "2027-03-01". None when it is not a
    date. Dates without a year fall in the future, as a follow-up's do."""
    text = " ".join(text.split())
    if not text:
        return None
    if _ISO.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    lowered = text.casefold()
    if lowered == "today":
        return today
    if lowered == "tomorrow":
        return today + timedelta(days=1)
    import dateparser

    base = datetime(today.year, today.month, today.day, 12, 0)
    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": "future",
            "DATE_ORDER": "DMY",
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    return parsed.date() if parsed is not None else None


def birthday_text(month: int, day: int, year: int | None = None) -> str:
    """ "22 Jul" for a birthday without a year, "22 Jul 1990" with one."""
    text = day_month(month, day)
    return f"{text} {year}" if year else text


_SINGULAR_VERBS = {"have": "has", "are": "is", "were": "was", "do": "does"}


def agree(count: float, phrase: str) -> str:
    """A verb phrase written for many ("have something noted", "are in touch"), made to
    agree with ``count``: "1 of 3 ties has something noted"."""
    if count != 1:
        return phrase
    first, _, rest = phrase.partition(" ")
    if first in _SINGULAR_VERBS:
        return f"{_SINGULAR_VERBS[first]} {rest}".rstrip()
    return phrase


_SMALL = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")

#: Below this many days a span is said in days ("99 days"); from it, in months.
DAYS_UNTIL = 100
#: Below this many months a span is said in months ("about 17 months"); from it, in years.
MONTHS_UNTIL = 18


def duration(days: int) -> str:
    """How long ``days`` is, the one way Rapport says it: exact days up to 99 ("1 day",
    "55 days"), then rounded months ("about 6 months") up to a year and a half, then
    years ("about a year", "about two years")."""
    days = max(0, days)
    if days < DAYS_UNTIL:
        return plural(days, "day")
    months = round(days / 30.44)
    if months < MONTHS_UNTIL:
        return f"about {plural(months, 'month')}"
    years = round(days / 365.25)
    if years <= 1:
        return "about a year"
    return f"about {_SMALL[years] if years < len(_SMALL) else f'{years:,}'} years"


def ago(days: int) -> str:
    """ "today", "yesterday", "55 days ago", "about 6 months ago" (``duration``'s rule)."""
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{duration(days)} ago"


def every(days: int) -> str:
    """A rhythm: "every day", "every 30 days" (never "every 1 days")."""
    return "every day" if days == 1 else f"every {days:,} days"


def and_list(items: list[str]) -> str:
    """ "Ana", "Ana and Ben", "Ana, Ben and Chen": a list as a sentence says it."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


_CHANNEL_WORDS = {"email": "Email", "url": "Web", "social": "Social profile"}


def channel_label(kind: str, label: str = "") -> str:
    """How a contact detail is labelled on a page: its own label ("Work", "Mobile")
    or its kind in words ("Email", "Web"; never "url" or "Url")."""
    text = label.strip() or _CHANNEL_WORDS.get(kind, kind)
    return text[:1].upper() + text[1:]
