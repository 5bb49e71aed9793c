"""Folding words for search: the one form the index holds and a query is compared in.

"soren" finds Søren, "l" finds Łukasz, "jose" finds José, "moskva" finds Москва and
"beijing" 北京: every word that is not plain ASCII is transliterated with ``anyascii``
(ISC licence, no dependencies, tables for every script Unicode has, kept up to date),
which also removes accents, so letters that do not decompose (ø, ł, ß, æ, đ) fold like
those that do. Case is folded by the index's tokenizer and by ``fold_word``.

The index is fed ``fold_text(text)`` through the SQL function ``search_fold`` that every
connection registers (``store.connect``), and a query's words go through ``fold_word``:
the same function on both sides, so what a name folds to is always found by typing it.
A word is folded as a whole and stays one word (its ASCII letters and digits kept
together), so a search term is still one FTS5 token. A word with no transliteration
(none is known for it) stays as written.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

#: The name of the SQL function the search index is built with (see ``store.connect``).
SQL_FUNCTION = "search_fold"
#: The one character the index's tokenizer keeps inside a word besides letters and
#: digits (m0010). Words the index marks with it (names, a name's first word, filter
#: tokens) can never be typed: what is typed is cut into words without it, and it is
#: taken out of every text the index is fed.
MARK = "_"


def is_word_char(char: str) -> bool:
    """Whether SQLite's ``unicode61`` tokenizer keeps ``char`` inside a word."""
    category = unicodedata.category(char)
    return category[0] in "LNM" or category == "Co"


#: In ASCII, the characters ``unicode61`` keeps inside a word are the letters and digits.
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")


def word_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the words in ``text``, cut as ``unicode61`` cuts them."""
    if text.isascii():
        # Most text: one regular expression instead of a look-up per character (search
        # ranks a hundred entries per word by their titles through this).
        return [m.span() for m in _ASCII_WORD.finditer(text)]
    spans: list[tuple[int, int]] = []
    start = None
    for index, char in enumerate(text):
        if is_word_char(char):
            if start is None:
                start = index
        elif start is not None:
            spans.append((start, index))
            start = None
    if start is not None:
        spans.append((start, len(text)))
    return spans


def fold_word(word: str) -> str:
    """One word, lower case, in ASCII letters and digits where a transliteration exists."""
    if word.isascii():
        return word.lower()
    word = unicodedata.normalize("NFC", word)
    ascii_form = "".join(c for c in anyascii(word) if c.isascii() and c.isalnum())
    return (ascii_form or word).lower()


def fold_sql_value(value: object) -> str | None:
    """The index's SQL function: ``fold_text`` of whatever a row holds. A blob or a
    number where text belongs (an older version's row, a damaged one) is indexed as text
    rather than failing the write that touched it, and with it the whole transaction."""
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    elif not isinstance(value, str):
        value = str(value)
    return fold_text(value)


def fold_sql_value_unmarked(value: object) -> str | None:
    """The index's SQL function with one argument (m0010): ``fold_sql_value`` with the
    ``MARK`` character turned into a space, so a row's text never forges a marked word
    (the tokenizer would otherwise keep "a_b" as one word where it used to see two)."""
    folded = fold_sql_value(value)
    if folded is None or MARK not in folded:
        return folded
    return folded.replace(MARK, " ")


def marked_words_sql(value: object, mark: str, first_only: int = 0) -> str:
    """The index's SQL function with two or three arguments: the folded words of
    ``value``, each with ``mark`` in front (``first_only``: the first word only), so a
    name's words are searched apart from the text around them (m0010)."""
    folded = fold_sql_value(value)
    if not folded:
        return ""
    words = [folded[s:e].lower() for s, e in word_spans(folded)]
    if first_only:
        words = words[:1]
    return " ".join(mark + w for w in words)


def fold_text(text: str | None) -> str | None:
    """``text`` with each word folded (``fold_word``), for the index. ASCII text is
    returned as it is: the tokenizer folds its case, and most text is ASCII."""
    if not text or text.isascii():
        return text
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    last = 0
    for start, end in word_spans(text):
        out += [text[last:start], fold_word(text[start:end])]
        last = end
    out.append(text[last:])
    return "".join(out)
