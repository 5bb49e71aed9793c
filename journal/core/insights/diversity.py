"""How varied the active network is, and how much of it is one cluster.

Research behind it: star performers at Bell Labs kept ties with experts across related
fields; Ibarra & Hunter's leaders keep operational, personal and strategic networks;
Burt's brokers reach groups that do not talk to each other. The measures are Shannon
entropy (shown as an effective number of categories), Blau's index normalised to its
maximum, and Burt's effective size with "same organisation" standing in for "know each
other" unless the journal records who knows whom.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from journal.core.insights import measures
from journal.core.insights.findings import Finding, count_word, names, percent, plural
from journal.core.insights.snapshot import TieState, category_key
from journal.core.model import NetworkKind
from journal.core.wording import plural_word

#: Flags worth raising (guesses from the research notes): few strategic ties, or one
#: organisation holding over half the active network. Not raised for tiny networks,
#: where a share says little.
STRATEGIC_FLOOR = 0.10
ONE_ORGANISATION_CEILING = 0.5
FLAG_MIN_PEOPLE = 5
KIND_LABELS = {k: k.value.capitalize() for k in NetworkKind}


@dataclass(frozen=True)
class ShareRow:
    label: str
    people: tuple[str, ...]
    #: People counted in this row; someone in two network kinds counts half in each.
    weight: float
    share: float


@dataclass(frozen=True)
class Diversity:
    dimension: str  # "field", "organisation", "network kind", "place"
    noun: str  # plural: "fields"
    rows: tuple[ShareRow, ...]  # biggest first
    #: Active people with nothing recorded for this dimension (left out of the shares).
    unknown: tuple[str, ...]
    entropy: float
    effective: float
    blau: float
    normalised_blau: float | None
    categories: int
    finding: Finding

    @property
    def counted(self) -> int:
        return len({pid for row in self.rows for pid in row.people})


@dataclass(frozen=True)
class Cluster:
    """The biggest field in the active network and the organisations inside it."""

    field: str
    share: float
    people: tuple[str, ...]
    organisations: tuple[str, ...]  # biggest first
    finding: Finding


@dataclass(frozen=True)
class Brokerage:
    n: int
    ties: int
    #: Of ``ties``, how many come from links the user recorded (the rest: same organisation).
    recorded_links: int
    effective_size: float
    #: Effective size over n: 1 when no two contacts know each other.
    efficiency: float | None
    #: Organisations with two or more active ties: the redundant clusters.
    groups: tuple[ShareRow, ...]
    finding: Finding


def _labelled(values: Iterable[tuple[str, str]]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Group (person id, raw text) by normalised text; label each group by its commonest
    spelling, so "Software" and "software " are one field."""
    by_raw: dict[str, list[str]] = {}
    for pid, raw in values:
        by_raw.setdefault(raw, []).append(pid)
    groups: dict[str, list[str]] = {}
    spellings: dict[str, Counter[str]] = {}
    for raw, ids in by_raw.items():
        key = category_key(raw)
        if not key:
            continue
        groups.setdefault(key, []).extend(ids)
        spellings.setdefault(key, Counter())[" ".join(raw.split())] += len(ids)
    labels = {
        k: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for k, c in spellings.items()
    }
    return groups, labels


DIMENSIONS: dict[str, tuple[str, Callable[[TieState], str]]] = {
    "field": ("fields", lambda t: t.facts.field),
    "organisation": ("organisations", lambda t: t.facts.organisation),
    "place": ("places", lambda t: t.facts.location),
}


def diversity(active: Sequence[TieState], dimension: str) -> Diversity:
    """Shares, entropy and Blau of the active network over one dimension."""
    if dimension == "network kind":
        return _kind_diversity(active)
    noun, value = DIMENSIONS[dimension]
    groups, labels = _labelled((t.facts.id, value(t)) for t in active)
    weights = {labels[k]: float(len(ids)) for k, ids in groups.items()}
    people = {labels[k]: tuple(ids) for k, ids in groups.items()}
    known = {pid for ids in groups.values() for pid in ids}
    unknown = tuple(t.facts.id for t in active if t.facts.id not in known)
    return _build(dimension, noun, weights, people, unknown, categories=len(weights))


def _kind_diversity(active: Sequence[TieState]) -> Diversity:
    weights: dict[str, float] = {}
    people: dict[str, list[str]] = {}
    unknown = []
    for tie in active:
        kinds = sorted(tie.facts.kinds)
        if not kinds:
            unknown.append(tie.facts.id)
        for kind in kinds:
            label = KIND_LABELS[kind]
            weights[label] = weights.get(label, 0.0) + 1.0 / len(kinds)
            people.setdefault(label, []).append(tie.facts.id)
    # Ibarra & Hunter's three networks are the whole set, so K is 3 even when one is
    # missing: a network with no strategic ties is not "evenly spread".
    return _build(
        "network kind",
        "kinds of network",
        weights,
        {k: tuple(v) for k, v in people.items()},
        tuple(unknown),
        categories=len(NetworkKind),
    )


def _build(
    dimension: str,
    noun: str,
    weights: dict[str, float],
    people: dict[str, tuple[str, ...]],
    unknown: tuple[str, ...],
    categories: int,
) -> Diversity:
    share = measures.shares(weights)
    rows = tuple(
        sorted(
            (ShareRow(label, people[label], weights[label], share[label]) for label in share),
            key=lambda r: (-r.weight, r.label.casefold()),
        )
    )
    entropy = measures.shannon_entropy(share.values())
    effective = measures.effective_number(share.values())
    blau = measures.blau(share.values())
    normalised = measures.normalised_blau(share.values(), categories)
    counted = tuple(dict.fromkeys(pid for r in rows for pid in r.people))
    how = (
        f"Shannon H = {entropy:.2f} over {plural(len(rows), dimension)}, exp(H) = "
        f"{effective:.2f}; Blau 1 - sum p² = {blau:.2f}"
        + (
            f", normalised over K = {categories}: {normalised:.2f}"
            if normalised is not None
            else ""
        )
        + (
            f"; {plural(len(unknown), 'active tie')} with no {dimension} recorded"
            if unknown
            else ""
        )
    )
    if not rows:
        text = (
            f"None of your active ties has {_a(dimension)} recorded yet."
            if unknown
            else f"No active ties to look at by {dimension} yet."
        )
    else:
        word = noun if effective >= 1.05 else dimension
        text = (
            f"Your active network spans {_about(effective)} {word}"
            f" ({plural(len(counted), 'person', 'people')} with {_a(dimension)} recorded)."
        )
    return Diversity(
        dimension,
        noun,
        rows,
        unknown,
        entropy,
        effective,
        blau,
        normalised,
        categories,
        Finding(f"diversity.{dimension}", text, counted, how),
    )


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _about(value: float) -> str:
    rounded = round(value)
    if abs(value - rounded) < 0.05:
        return count_word(rounded) if rounded < 10 else str(rounded)
    return f"about {value:.1f}"


def cluster(active: Sequence[TieState], fields: Diversity) -> Cluster | None:
    """Name the biggest field and where its people work: the echo chamber, if any."""
    if not fields.rows:
        return None
    top = fields.rows[0]
    members = set(top.people)
    groups, labels = _labelled(
        (t.facts.id, t.facts.organisation) for t in active if t.facts.id in members
    )
    orgs = tuple(
        labels[k] for k, _ in sorted(groups.items(), key=lambda kv: (-len(kv[1]), labels[kv[0]]))
    )
    total = fields.counted
    if total == 1:
        text = f"Your one active tie with a field recorded is in {top.label}."
    elif len(top.people) == total:
        text = f"All {total} of your active ties with a field recorded are in {top.label}"
    else:
        text = (
            f"{percent(top.share)} of your active ties are in {top.label} "
            f"({len(top.people)} of {total})"
        )
    if total > 1:
        if not orgs:
            text += "."
        elif len(orgs) <= 3:
            word = plural_word(len(orgs), "organisation")
            text += f", at {count_word(len(orgs))} {word} ({names(orgs)})."
        else:
            text += f", across {len(orgs)} organisations."
    return Cluster(
        top.label,
        top.share,
        top.people,
        orgs,
        Finding(
            "diversity.cluster",
            text,
            top.people,
            f"{top.label}: {len(top.people)} of {total} active ties with a field recorded",
        ),
    )


def flags(active: Sequence[TieState], kinds: Diversity, orgs: Diversity) -> list[Finding]:
    """The two warnings the research supports, worded as invitations, not verdicts."""
    out: list[Finding] = []
    if len(active) < FLAG_MIN_PEOPLE:
        return out
    strategic = next((r for r in kinds.rows if r.label == KIND_LABELS[NetworkKind.STRATEGIC]), None)
    marked = kinds.counted
    if marked >= FLAG_MIN_PEOPLE:
        share = strategic.share if strategic else 0.0
        if share < STRATEGIC_FLOOR:
            who = strategic.people if strategic else ()
            out.append(
                Finding(
                    "diversity.strategic",
                    f"Few of your active ties are strategic ({percent(share)}). Ibarra & Hunter "
                    "found that people who help you see what is coming next are the ones most "
                    "often missing; one or two such conversations a quarter go a long way.",
                    who,
                    f"strategic weight {strategic.weight if strategic else 0:g} of {marked} "
                    "active ties marked with a kind of network",
                )
            )
    if orgs.rows and orgs.counted >= FLAG_MIN_PEOPLE:
        top = orgs.rows[0]
        if top.share > ONE_ORGANISATION_CEILING:
            out.append(
                Finding(
                    "diversity.one_organisation",
                    f"{percent(top.share)} of your active ties are at {top.label}. Ties outside "
                    "it bring news your colleagues will not hear first.",
                    top.people,
                    f"{len(top.people)} of {orgs.counted} active ties with an "
                    "organisation recorded",
                )
            )
    return out


def brokerage(active: Sequence[TieState], links: set[tuple[str, str]]) -> Brokerage:
    """Burt's effective size of the active network.

    Where the journal records who knows whom (links between people), those links are
    the truth for the people they involve; for everyone else, two contacts at the same
    organisation count as knowing each other (the proxy). Each pair counts once.
    """
    n = len(active)
    groups, labels = _labelled((t.facts.id, t.facts.organisation) for t in active)
    ids = {t.facts.id for t in active}
    recorded = {(a, b) if a < b else (b, a) for a, b in links if a in ids and b in ids and a != b}
    linked = {p for pair in recorded for p in pair}
    same_org = measures.pairs_within(
        sum(1 for pid in members if pid not in linked) for members in groups.values()
    )
    extra = len(recorded)
    ties = same_org + extra
    size = measures.effective_size(n, ties)
    rows = tuple(
        sorted(
            (
                ShareRow(labels[k], tuple(v), float(len(v)), len(v) / n)
                for k, v in groups.items()
                if len(v) > 1
            ),
            key=lambda r: (-r.weight, r.label.casefold()),
        )
    )
    overlapping = len({p for r in rows for p in r.people})
    how = (
        "Burt's effective size. "
        f"n = {plural(n, 'active tie')}, t = {plural(ties, 'pair')} who probably know "
        "each other "
        f"({same_org} at the same organisation, among people with no recorded links"
        + (f"; {extra} recorded links" if extra else "")
        + f"); effective size n - 2t/n = {size:.1f}"
    )
    if n == 0:
        text = "No active ties yet, so there is no network to measure."
    elif n == 1:
        text = "With one active tie, every bit of news comes through them."
    elif ties == 0:
        text = (
            f"As far as the journal knows, none of your {plural(n, 'active tie')} know "
            "each other: each one is a separate window on the world."
        )
    else:
        text = (
            f"Your {plural(n, 'active tie')} count as about {size:.0f} independent "
            f"contacts: {plural(overlapping, 'person', 'people')} among them share an "
            "organisation with someone else you know, and people who know each other "
            "tend to hear the same news."
        )
    return Brokerage(
        n,
        ties,
        extra,
        size,
        size / n if n else None,
        rows,
        Finding(
            "diversity.brokerage",
            text,
            tuple(dict.fromkeys(p for r in rows for p in r.people)),
            how,
        ),
    )
