"""The reliability suite's shared parts: one summary line per promise, and journals on disk.

Each test states the promise it proved as one line ("crash safety: 100 kills, 0 lost,
0 integrity failures"). The line is printed (seen with ``pytest -s``), put in the
assertion message when the promise fails, and gathered into a section at the end of the
run by the terminal-summary hook below, so CI logs show every line without ``-s``.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

_LINES: list[str] = []


@pytest.fixture
def summary(request: pytest.FixtureRequest) -> Callable[[str], str]:
    """Record (and print) this test's summary line; returns it for assertion messages."""

    def report(line: str) -> str:
        print(f"\n[rapport guarantee] {line}")
        _LINES.append(f"{line}    ({request.node.name})")
        return line

    return report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _LINES:
        return
    terminalreporter.section("What Rapport guarantees: reliability suite")
    for line in _LINES:
        terminalreporter.write_line(line)
