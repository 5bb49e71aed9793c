"""The arithmetic behind the insights, small enough to check by hand.

Each function is pure and takes plain numbers, so a test can write the expected value as
a sum on paper. The sources are in ``docs/reminder-engine.md`` ("Network health").
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

#: Dunbar: closeness fades roughly 15% a year without contact.
YEARLY_FADE = 0.85
DAYS_PER_YEAR = 365.25


def shares(weights: Mapping[str, float]) -> dict[str, float]:
    """Each category's share of the total (empty when there is nothing to share)."""
    total = sum(weights.values())
    if total <= 0:
        return {}
    return {key: value / total for key, value in weights.items() if value > 0}


def shannon_entropy(proportions: Iterable[float]) -> float:
    """H = -sum p ln p, in nats (0 for one category or none)."""
    h = -sum(p * math.log(p) for p in proportions if p > 0)
    return h if h > 0 else 0.0  # never "-0.00"


def effective_number(proportions: Iterable[float]) -> float:
    """exp(H): how many equally common categories would give the same entropy.

    "Your active network spans about 3.2 fields" reads better than "H = 1.16 nats", and
    it is 1 for one category and K for K equal ones.
    """
    values = [p for p in proportions if p > 0]
    return math.exp(shannon_entropy(values)) if values else 0.0


def blau(proportions: Iterable[float]) -> float:
    """Blau's index 1 - sum p^2: the chance two ties picked at random differ."""
    values = list(proportions)
    return 1.0 - sum(p * p for p in values) if values else 0.0


def normalised_blau(proportions: Iterable[float], categories: int) -> float | None:
    """Blau over its maximum 1 - 1/K, so 1 means spread evenly over the K categories.

    Undefined (None) for fewer than two categories: there is nothing to spread over.
    """
    if categories < 2:
        return None
    return blau(proportions) / (1.0 - 1.0 / categories)


def effective_size(n: int, ties: int) -> float:
    """Burt's effective size n - 2t/n: alters minus how redundant they are with each other.

    ``n`` is the number of contacts, ``t`` the number of ties among them (each pair once).
    """
    if n <= 0:
        return 0.0
    return n - 2.0 * ties / n


def pairs_within(group_sizes: Iterable[int]) -> int:
    """Ties among contacts when everyone in a group knows everyone else: sum g(g-1)/2."""
    return sum(g * (g - 1) // 2 for g in group_sizes)


def closeness(days_since_contact: int) -> float:
    """Estimated closeness left after a gap: 0.85 ** years (1.0 on the day you met)."""
    return float(YEARLY_FADE ** (max(0, days_since_contact) / DAYS_PER_YEAR))
