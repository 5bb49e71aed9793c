"""What a person typed into the search field, as safe FTS5 terms, and marked-up snippets.

The user's text is never handed to FTS5 as syntax: it is cut into words the way the
index's ``unicode61`` tokenizer cuts text (letters, digits and private-use characters;
everything else separates), and each word becomes a quoted prefix phrase. Quotes,
``AND``/``OR``/``NOT``, ``NEAR``, ``*``, ``^``, column filters and stray brackets are
therefore plain text, and no input can raise a syntax error.

Highlighting is done here rather than with FTS5's ``highlight()``/``snippet()``, which
would need one extra query per hit for rows ranked outside FTS5. It folds words the way
the index does (``folding``), so "jose" marks "José" and "soren" marks "Søren".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from journal.core.folding import fold_text, word_spans

#: Marks around highlighted text in titles and snippets (control characters that do not
#: occur in what people write). ``segments()`` and ``to_html()`` turn them into markup.
MARK_START = "\x02"
MARK_END = "\x03"
ELLIPSIS = "…"

MAX_TERMS = 8
MAX_TERM_LENGTH = 64

_TOKEN = re.compile(r"[^\W_]+")
#: What ``unicode61`` keeps inside a word, in ASCII text.
_ASCII_WORD = re.compile(r"[a-z0-9]+")
_MARKS = re.compile(f"[{MARK_START}{MARK_END}]")
_SPACES = re.compile(r"\s+")


def _tokens(text: str) -> list[tuple[int, int]]:
    """Spans of the words in ``text`` (NFC), as unicode61 would cut them."""
    return word_spans(text)


def fold(text: str) -> str:
    """Lower case, transliterated, without accents: the form the index compares (see
    ``folding``). Each word is folded on its own; what lies between words is kept."""
    return (fold_text(text) or "").lower()


def query_terms(text: str) -> list[str]:
    """The words of a search, folded and de-duplicated, at most ``MAX_TERMS`` of them."""
    text = unicodedata.normalize("NFC", text or "")
    terms: list[str] = []
    for start, end in _tokens(text):
        term = fold(text[start:end])[:MAX_TERM_LENGTH]
        if term and term not in terms:
            terms.append(term)
        if len(terms) == MAX_TERMS:
            break
    return terms


def phrase(term: str, prefix: bool = True) -> str:
    """One term as an FTS5 string (quotes doubled), matching as a prefix by default."""
    quoted = '"' + term.replace('"', '""') + '"'
    return quoted + "*" if prefix else quoted


def _matches(word: str, terms: Sequence[str]) -> bool:
    folded = fold(word)
    return any(folded.startswith(term) for term in terms)


def matched_terms(text: str, terms: Sequence[str]) -> set[str]:
    """The terms that start some word of ``text``."""
    text = unicodedata.normalize("NFC", text or "")
    if text.isascii():
        # ASCII folds to its lower case: one pass over the text, not a fold per word
        # (search ranks a hundred entries per word by their titles through this).
        words = _ASCII_WORD.findall(text.lower())
    else:
        words = [fold(text[s:e]) for s, e in _tokens(text)]
    return {t for t in terms if any(w.startswith(t) for w in words)}


def mark(text: str, terms: Sequence[str]) -> str:
    """``text`` (whitespace collapsed) with every word that a term starts marked."""
    text = _clean(text)
    out: list[str] = []
    last = 0
    for start, end in _tokens(text):
        if _matches(text[start:end], terms):
            out += [text[last:start], MARK_START, text[start:end], MARK_END]
            last = end
    out.append(text[last:])
    return "".join(out)


def snippet(text: str, terms: Sequence[str], words: int = 16) -> str:
    """A window of about ``words`` words around the first match, marked; '' if none."""
    text = _clean(text)
    spans = _tokens(text)
    first = next((i for i, (s, e) in enumerate(spans) if _matches(text[s:e], terms)), None)
    if first is None:
        return ""
    begin = max(0, min(first - words // 4, len(spans) - words))
    end = min(len(spans), begin + words)
    start_char = 0 if begin == 0 else spans[begin][0]
    end_char = len(text) if end == len(spans) else spans[end - 1][1]
    body = mark(text[start_char:end_char], terms)
    prefix = ELLIPSIS if start_char > 0 else ""
    suffix = ELLIPSIS if end_char < len(text) else ""
    return prefix + body + suffix


def excerpt(text: str, words: int = 16) -> str:
    """The first ``words`` words of ``text``, unmarked (for a hit matched elsewhere)."""
    text = _clean(text)
    spans = _tokens(text)
    if len(spans) <= words:
        return text
    return text[: spans[words - 1][1]] + ELLIPSIS


def has_mark(text: str) -> bool:
    return MARK_START in text


def plain(text: str) -> str:
    return _MARKS.sub("", text)


def segments(text: str) -> list[tuple[str, bool]]:
    """``[(text, highlighted), ...]`` for drawing a marked string."""
    out: list[tuple[str, bool]] = []
    highlighted = False
    for part in re.split(f"([{MARK_START}{MARK_END}])", text):
        if part == MARK_START:
            highlighted = True
        elif part == MARK_END:
            highlighted = False
        elif part:
            out.append((part, highlighted))
    return out


def to_html(text: str, tag: str = "b") -> str:
    import html

    return "".join(
        f"<{tag}>{html.escape(part)}</{tag}>" if marked else html.escape(part)
        for part, marked in segments(text)
    )


def _clean(text: str) -> str:
    return _SPACES.sub(" ", _MARKS.sub("", unicodedata.normalize("NFC", text or ""))).strip()
