"""Running ``journal`` in-process the way a terminal user runs it: argv, standard input
holding the passphrase line (and whatever follows it), and what was printed."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from journal.cli import main
from journal.core.journal import Journal
from tests.conftest import TEST_PASSPHRASE


@dataclass
class Run:
    code: int
    out: str
    err: str


class _Stdin(io.TextIOWrapper):
    """A piped standard input: text over bytes, never a terminal."""

    def isatty(self) -> bool:
        return False


def stdin_of(data: bytes) -> io.TextIOWrapper:
    return _Stdin(io.BytesIO(data), encoding="utf-8")


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """``cli(*argv, stdin=...)``: run ``journal`` and return its exit code and output.

    ``stdin`` is text or bytes; by default the test passphrase and a newline, read with
    ``--passphrase-stdin`` (given unless ``piped=False``).
    """

    def run(*argv: str, stdin: str | bytes | None = None, piped: bool = True) -> Run:
        data = TEST_PASSPHRASE + "\n" if stdin is None else stdin
        raw = data.encode("utf-8") if isinstance(data, str) else data
        monkeypatch.setattr(sys, "stdin", stdin_of(raw))
        try:
            code = main((["--passphrase-stdin"] if piped else []) + list(argv))
        except SystemExit as exc:  # argparse's own usage errors and --help
            code = exc.code if isinstance(exc.code, int) else 2
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


@pytest.fixture
def closed(journal: Journal) -> Path:
    """The fixture journal's folder, closed so that commands open it themselves."""
    root = journal.paths.root
    journal.close()
    return root
