"""The shape every insight shares: a sentence and the people behind it.

A finding is what the user reads ("3 close friends are slipping away") and the ids that
make it clickable, so nothing on the Insights screen is a number without names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from journal.core import wording


@dataclass(frozen=True)
class Finding:
    #: Stable key ("ties.at_risk"), for the GUI and for tests.
    key: str
    text: str
    people: tuple[str, ...] = ()
    #: How the figure was worked out, for the curious ("exp(H) with H = ...").
    how: str = ""


def plural(count: float, one: str, many: str | None = None) -> str:
    """'1 person', '3 people', '2.5 fields' (the one plural helper, ``wording``)."""
    return wording.plural(count, one, many)


def percent(share: float) -> str:
    return f"{round(share * 100)}%"


def names(labels: Sequence[str], limit: int = 3) -> str:
    """'Ana', 'Ana and Ben', 'Ana, Ben and Caro', 'Ana, Ben, Caro and 4 more'."""
    labels = list(labels)
    if not labels:
        return ""
    if len(labels) <= limit:
        return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    return ", ".join(labels[:limit]) + f" and {len(labels) - limit} more"


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def count_word(count: int) -> str:
    return NUMBER_WORDS[count] if 0 <= count < len(NUMBER_WORDS) else str(count)
