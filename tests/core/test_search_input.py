"""Whatever a person types, search answers (never an FTS5 syntax error), and can be stopped."""

from __future__ import annotations

import threading
import unicodedata
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.core import search
from journal.core.highlight import MARK_END, MARK_START, mark, plain, query_terms, snippet
from journal.core.model import Entry, Person
from journal.core.search import CancelToken, LatestOnly, SearchCancelled, SearchFilters

FTS_SYNTAX = st.sampled_from(
    [
        '"',
        "'",
        "*",
        "^",
        "(",
        ")",
        ":",
        "{",
        "}",
        "-",
        "+",
        "NEAR",
        "AND",
        "OR",
        "NOT",
        "near/3",
        "title:",
        "meta:",
        "\\",
        "\x00",
        "\x02",
        "\x03",
        "%",
        "_",
        "é",
        "ß",
        "İ",
        "東京",
        "🙂",
        "e\u0301",
        "\u200b",
        "ﬁ",
        " ",
    ]
)


@pytest.fixture(scope="module")
def shared_journal(tmp_path_factory):
    from journal.core.clock import FixedClock
    from journal.core.journal import Journal
    from journal.core.keychain import Keychain
    from journal.core.keys import KdfParams
    from journal.core.paths import JournalPaths
    from tests.conftest import FAST_KDF_N, TEST_PASSPHRASE
    from tests.support.keyrings import MemoryKeyring

    journal = Journal.create(
        JournalPaths(tmp_path_factory.mktemp("j") / "journal"),
        TEST_PASSPHRASE,
        kdf=KdfParams.fresh(n=FAST_KDF_N),
        clock=FixedClock("2026-11-24T09:00:00"),
        keychain=Keychain(MemoryKeyring()),
    )
    ana = journal.add_person(Person(name="Ana Lima", notes='She said "NEAR" (twice) *wow*'))
    journal.add_person(Person(name="東京 Taro", organisation="Crème brûlée & Co"))
    journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 1, 1, 9),
            people=[ana.id],
            body='AND OR NOT: quotes " and stars * and carets ^ everywhere',
        )
    )
    yield journal
    journal.close()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(max_size=60),
        st.lists(FTS_SYNTAX, max_size=12).map("".join),
        st.lists(st.one_of(FTS_SYNTAX, st.text(max_size=4)), max_size=10).map(" ".join),
    )
)
def test_any_query_string_returns_hits_without_raising(shared_journal, typed):
    hits = search.search(shared_journal, typed)
    assert isinstance(hits, list)
    for hit in hits:
        assert plain(hit.title).strip()
        assert hit.title.count(MARK_START) == hit.title.count(MARK_END)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.text(max_size=200))
def test_marking_never_loses_or_invents_text(typed, text):
    terms = query_terms(typed)
    marked = mark(text, terms)
    expected = " ".join(unicodedata.normalize("NFC", plain(text)).split())
    assert plain(marked) == expected
    assert marked.count(MARK_START) == marked.count(MARK_END)
    window = snippet(text, terms)
    assert window.count(MARK_START) == window.count(MARK_END)


def test_quoted_and_operator_words_are_searched_as_words(shared_journal):
    hits = search.search(shared_journal, '"near" (twice)')
    assert [plain(h.title) for h in hits] == ["Ana Lima"]
    hits = search.search(shared_journal, "creme brulee")
    assert [plain(h.title) for h in hits] == ["東京 Taro"]
    assert [plain(h.title) for h in search.search(shared_journal, "東京")] == ["東京 Taro"]


def test_query_terms_fold_and_cap():
    assert query_terms("José  GARCÍA, josé") == ["jose", "garcia"]
    assert query_terms("e\u0301cole") == ["ecole"]
    assert len(query_terms(" ".join(f"w{i}" for i in range(50)))) == search_max_terms()
    assert query_terms("***") == []


def search_max_terms() -> int:
    from journal.core.highlight import MAX_TERMS

    return MAX_TERMS


class _CancelOnFirstCheck(CancelToken):
    """Becomes cancelled the first time the search looks: as if a keystroke came in."""

    def __init__(self) -> None:
        super().__init__()
        self.checks = 0

    @property
    def cancelled(self) -> bool:
        self.checks += 1
        return self.checks > 1


def test_a_cancelled_search_stops_and_leaves_the_journal_working(journal):
    journal.add_people([Person(name=f"Ana {i}", notes="word " * 200) for i in range(300)])
    token = _CancelOnFirstCheck()
    with pytest.raises(SearchCancelled):
        search.search(journal, "word", cancel=token)
    assert token.checks >= 2
    # The progress handler is gone: a write and an uncancelled search work.
    journal.add_person(Person(name="Zed Afterwards"))
    assert plain(search.search(journal, "zed")[0].title) == "Zed Afterwards"


def test_a_token_cancelled_before_the_search_runs_nothing(journal):
    token = CancelToken()
    token.cancel()
    with pytest.raises(SearchCancelled):
        search.search(journal, "anything", cancel=token)


def test_latest_only_cancels_the_previous_search():
    latest = LatestOnly()
    first = latest.begin()
    second = latest.begin()
    assert first.cancelled and not second.cancelled
    assert latest.generation == 2
    latest.cancel()
    assert second.cancelled


def test_search_from_another_thread_while_writing(journal):
    journal.add_people([Person(name=f"Kofi {i}") for i in range(50)])
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(30):
                search.search(journal, "kofi", SearchFilters(), cancel=CancelToken())
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    for i in range(30):
        journal.add_person(Person(name=f"Kofi extra {i}"))
    thread.join()
    assert errors == []
    assert len(search.search(journal, "kofi extra", limit=100)) == 30
