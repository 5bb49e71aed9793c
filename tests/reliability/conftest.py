"""The reliability suite's shared parts: one summary line per promise, and journals on disk.

Each test states the promise it proved as one line ("crash safety: 100 kills, 0 lost,
0 integrity failures"). The line is printed (seen with ``pytest -s``), put in the
assertion message when the promise fails, and gathered into a section at the end of the
run by the terminal-summary hook below, so CI logs show every line without ``-s``.

Also here: a pristine closed journal and a fresh copy of it for each damaged-file case
(the core and the GUI tests damage the same files), and the GUI's app-session fixtures.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from journal.core.journal import Journal
from journal.core.keys import KdfParams
from journal.core.model import Entry, Facet, FacetKind, Person
from journal.core.paths import JournalPaths
from tests.gui.conftest import gui_settings, make_session  # noqa: F401 (fixtures, re-exported)
from tests.reliability.harness import PASSPHRASE, copy_journal
from tests.reliability.worker import FAST_KDF_N

_LINES: list[str] = []


@pytest.fixture
def summary(request: pytest.FixtureRequest) -> Callable[[str], str]:
    """Record (and print) this test's summary line; returns it for assertion messages."""

    def report(line: str) -> str:
        print(f"\n[rapport guarantee] {line}")
        _LINES.append(f"{line}    ({request.node.name})")
        return line

    return report


def _build(root: Path) -> JournalPaths:
    """A closed journal with enough in it to span a few dozen pages."""
    paths = JournalPaths(root)
    journal = Journal.create(paths, PASSPHRASE, kdf=KdfParams.fresh(n=FAST_KDF_N))
    ana = journal.add_person(Person(name="Ana Lima", organisation="Verde Bakery"))
    journal.add_facet(ana.id, Facet(kind=FacetKind.WORKING_ON, text="bakery launch"))
    journal.add_entries(
        [
            Entry(
                occurred_at=datetime(2026, 1, 1) + timedelta(days=n),
                title=f"coffee {n}",
                body="we talked about the launch and the supplier " * 8,
                people=[ana.id],
            )
            for n in range(300)
        ]
    )
    journal.close()
    return paths


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> JournalPaths:
    return _build(tmp_path_factory.mktemp("pristine") / "journal")


@pytest.fixture
def damaged(pristine: JournalPaths, tmp_path: Path) -> JournalPaths:
    """A fresh copy of the pristine journal for each case to damage."""
    return copy_journal(pristine, tmp_path / "journal")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _LINES:
        return
    terminalreporter.section("What Rapport guarantees: reliability suite")
    for line in _LINES:
        terminalreporter.write_line(line)
