"""Words for "who could help with this?": a question and a person's record reduced to
comparable terms.

People describe the same need in many words ("a translator", "translation help",
"someone who interprets"), so matching on the literal text would miss most of what the
journal knows. Each word is folded (accents, case), stemmed with the Snowball English
stemmer (snowballstemmer: the stemmer Sphinx and NLTK use, pure Python, offline), and
then grouped with its synonyms for fields and roles, so a question and a record meet on
concepts rather than spellings. Typos are forgiven later, against the vocabulary the
journal holds (see ``ask``). English first: another language adds its own stop words,
synonym groups and Snowball stemmer here.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterable
from functools import lru_cache
from typing import Protocol

from journal.core.highlight import fold

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)

#: Words that say how a question is asked, not what it is about.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "for",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "about",
        "into",
        "over",
        "under",
        "than",
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
        "have",
        "has",
        "had",
        "having",
        "i",
        "me",
        "my",
        "mine",
        "we",
        "us",
        "our",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "they",
        "them",
        "their",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "who",
        "whom",
        "whose",
        "which",
        "what",
        "when",
        "where",
        "why",
        "how",
        "could",
        "can",
        "would",
        "should",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "need",
        "needs",
        "needed",
        "want",
        "wants",
        "wanted",
        "looking",
        "look",
        "find",
        "someone",
        "somebody",
        "anyone",
        "anybody",
        "person",
        "people",
        "one",
        "ones",
        "help",
        "helps",
        "helped",
        "helping",
        "advice",
        "advise",
        "tips",
        "tip",
        "idea",
        "ideas",
        "ask",
        "asking",
        "know",
        "knows",
        "knew",
        "who's",
        "some",
        "any",
        "good",
        "great",
        "best",
        "really",
        "very",
        "just",
        "get",
        "got",
        "me?",
        "please",
        "thing",
        "things",
        "stuff",
        "maybe",
        "also",
        "like",
        "around",
        "there",
        "here",
        "someone's",
        "other",
        "new",
        "first",
    ]
)

#: Concepts that people name in several ways. Each group is one concept; the first word
#: names it. Words are written plainly and stemmed when the table is built.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("translator", "translation", "translate", "interpreter", "interpreting", "localisation",
     "localization"),
    ("lawyer", "legal", "law", "attorney", "solicitor", "paralegal", "contract", "contracts",
     "counsel"),
    ("doctor", "physician", "medical", "medicine", "gp", "clinic", "health", "healthcare",
     "nurse", "hospital"),
    ("engineer", "engineering", "developer", "software", "coding", "code",
     "tech", "cto", "app", "apps", "ios", "android", "mobile"),
    ("designer", "design", "ux", "ui", "illustrator", "illustration", "art director",
     "branding", "brand"),
    ("hire", "hiring", "recruit", "recruiting", "recruitment", "recruiter", "headhunter",
     "talent"),
    ("sales", "salesperson", "salesman", "saleswoman", "selling", "business development",
     "bizdev"),
    ("marketing", "marketer", "growth", "advertising", "campaign", "seo"),
    ("press", "journalist", "journalism", "media", "reporter", "editor", "pr", "publicity",
     "coverage"),
    ("investor", "investment", "invest", "funding", "fundraising", "venture", "vc", "seed",
     "angel", "capital", "raise"),
    ("accountant", "accounting", "finance", "financial", "tax", "taxes", "bookkeeping",
     "cfo", "analyst"),
    ("teacher", "teaching", "education", "school", "lecturer", "tutor", "tutoring",
     "university", "academic"),
    ("researcher", "research", "scientist", "science", "lab", "phd", "postdoc"),
    ("grant", "grants", "funder", "nonprofit", "charity", "fundraiser"),
    ("chef", "cook", "cooking", "restaurant", "kitchen", "food", "hospitality", "catering",
     "bakery", "baker", "baking", "cafe", "coffee"),
    ("move", "moving", "relocate", "relocation", "emigrate", "immigration", "visa"),
    ("house", "home", "renovation", "renovate", "renovating", "builder", "architect",
     "architecture"),
    ("writer", "writing", "author", "publishing", "publisher", "editor"),
    ("film", "filmmaker", "documentary", "producer", "video", "camera"),
    ("photographer", "photography", "photo", "photos"),
    ("running", "runner", "marathon", "half-marathon", "trail"),
    ("startup", "founder", "entrepreneur", "cofounder", "co-founder", "company"),
    ("manager", "management", "managing", "lead", "leadership", "director", "head"),
    ("pitch", "deck", "presentation", "slides"),
    ("parent", "parenting", "baby", "newborn", "toddler", "kids", "children"),
    ("japanese", "japan"),
    ("data", "analytics", "statistics", "machine learning", "ai"),
    ("climate", "sustainability", "environment", "green", "energy"),
)  # fmt: skip

#: Weight of a match through a synonym rather than the word itself.
SYNONYM_WEIGHT = 0.6


class _Stemmer(Protocol):
    def stemWord(self, word: str) -> str: ...  # snowballstemmer's name


#: The name the English stemmer's modules are loaded under (see ``_stemmer``).
_SNOWBALL_ENGLISH = "journal._snowball_english"


@lru_cache(maxsize=1)
def _stemmer() -> _Stemmer:
    """snowballstemmer's English stemmer, without the other 33 languages.

    ``import snowballstemmer`` loads every language's stemmer (39 modules, about 6 MB,
    at the first Today, whose introductions match words); English is the only one used.
    So its three modules are loaded from snowballstemmer's folder under a package name
    of our own, leaving ``snowballstemmer`` itself untouched for anyone else. The same
    pure-Python code runs either way; if the folder cannot be read so, the package is
    imported whole."""
    try:
        return _english_alone()
    except (ImportError, AttributeError, TypeError):
        import snowballstemmer

        return snowballstemmer.stemmer("english")  # type: ignore[no-any-return]


def _english_alone() -> _Stemmer:
    package = sys.modules.get(_SNOWBALL_ENGLISH)
    if package is None:
        found = importlib.util.find_spec("snowballstemmer")
        if found is None or not found.submodule_search_locations:
            raise ImportError("snowballstemmer")
        spec = importlib.util.spec_from_loader(_SNOWBALL_ENGLISH, loader=None, is_package=True)
        assert spec is not None
        package = importlib.util.module_from_spec(spec)
        package.__path__ = list(found.submodule_search_locations)
        sys.modules[_SNOWBALL_ENGLISH] = package
    english = importlib.import_module(f"{_SNOWBALL_ENGLISH}.english_stemmer")
    return english.EnglishStemmer()  # type: ignore[no-any-return]


#: American -ize spellings, written the British way before stemming, so "localization"
#: and "localisation" meet (Snowball stems them apart).
_IZE = re.compile(r"(?<=\w\w)iz(e|es|ed|ing|ation|ations|er|ers)$")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball stem of one folded word ('translators' → 'translat')."""
    return str(_stemmer().stemWord(_IZE.sub(r"is\1", word)))


@lru_cache(maxsize=1)
def _stop_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in STOP_WORDS)


def words(text: str) -> list[str]:
    """The folded words of ``text``: accents and case gone, apostrophes kept inside."""
    return [w.replace("’", "'") for w in _WORD.findall(fold(text or ""))]


def terms(text: str) -> list[str]:
    """The stems of the words that carry meaning, in order (duplicates kept)."""
    stops = _stop_stems()
    found = (stem(w) for w in words(text) if w not in STOP_WORDS and len(w) > 1)
    return [s for s in found if s not in stops]


@lru_cache(maxsize=1)
def _groups() -> dict[str, frozenset[str]]:
    """Stem → every stem of its concept (itself included)."""
    table: dict[str, set[str]] = {}
    for group in SYNONYM_GROUPS:
        # Phrases ("machine learning") are not split: "machine" alone is not data science.
        stems = {stem(w) for w in group if " " not in w}
        for s in stems:
            table.setdefault(s, set()).update(stems)
    return {s: frozenset(g) for s, g in table.items()}


def group_of(term: str) -> frozenset[str]:
    """The concept ``term`` belongs to (its synonym group), or just itself."""
    return _groups().get(term, frozenset({term}))


def synonyms(term: str) -> frozenset[str]:
    """The other stems that name the same concept as ``term`` (not ``term`` itself)."""
    return _groups().get(term, frozenset()) - {term}


def question_concepts(question: str) -> list[str]:
    """The distinct concepts a question asks about, in the order asked."""
    seen: list[str] = []
    for term in terms(question):
        if term not in seen:
            seen.append(term)
    return seen


def key_concept(text: str) -> str | None:
    """What a need is about: the first meaningful word after a leading verb in -ing
    ("opening a café in Porto" → café; "raising a seed round" → seed)."""
    concepts = question_concepts(text)
    if not concepts:
        return None
    meaningful = [w for w in words(text) if w not in STOP_WORDS and len(w) > 1]
    if len(concepts) > 1 and meaningful and meaningful[0].endswith("ing"):
        return concepts[1]
    return concepts[0]


def unique(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item and item not in out:
            out.append(item)
    return out
