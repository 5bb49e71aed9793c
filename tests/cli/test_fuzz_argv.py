"""Hypothesis writes command lines from the real parser (every subcommand, its options and
their choices) filled with any unicode, and runs them against a small real journal:
never a traceback, always an exit code the README documents."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.cli import build_parser
from journal.core.journal import Journal
from journal.core.paths import JournalPaths
from tests.conftest import TEST_PASSPHRASE

#: Opening the app (no command, demo without --no-gui) is the GUI's business.
SKIPPED = {"demo"}


def documented_codes() -> set[int]:
    """The exit codes in README's table."""
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    return {int(code) for code in re.findall(r"^\| (\d+) \|", readme, flags=re.M)}


#: Every exit code in README's table, plus argparse's 0 for --help.
DOCUMENTED = documented_codes() | {0}


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {name: p for name, p in sub.choices.items() if name not in SKIPPED}


#: What a real argv can hold: any text but NUL (which no process receives), including
#: the lone surrogates Python makes of bytes that are not UTF-8.
values = st.text(
    alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))
    | st.sampled_from(["\udcff", "\udc80"]),
    max_size=12,
) | st.sampled_from(["-", "--", "=", "Ana", "Ana Lima", "2026-11-24", "7", "-1", "friend"])


def option_values(action: argparse.Action) -> st.SearchStrategy[list[str]]:
    if action.choices:
        value = st.sampled_from([str(c) for c in action.choices]) | values
    elif action.type is int:
        value = st.integers(-5, 10**6).map(str) | values
    else:
        value = values
    if action.nargs == 0:
        return st.just([])
    return st.lists(value, min_size=1, max_size=2 if action.nargs in ("*", "+") else 1)


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    commands = subcommands()
    name = draw(st.sampled_from(sorted(commands)))
    parser = commands[name]
    argv = [name]
    optional = [
        a
        for a in parser._actions
        if a.option_strings
        and not isinstance(a, argparse._HelpAction)
        and "--data-dir" not in a.option_strings
    ]
    for action in draw(st.lists(st.sampled_from(optional), max_size=4)) if optional else []:
        argv.append(draw(st.sampled_from(action.option_strings)))
        argv += draw(option_values(action))
    for action in parser._actions:
        if not action.option_strings and draw(st.integers(0, 9)) > 0:
            argv += draw(option_values(action))
    if draw(st.integers(0, 19)) == 0:
        argv.append(draw(st.sampled_from(["--help", "--bogus", "-x"])))
    return argv


@pytest.fixture
def small(journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    journal.log(["Ana Lima", "Kofi Mensah"], "Coffee at Verde; the bakery opens in March")
    journal.log(["Ana Lima"], "Walk by the river")
    root = journal.paths.root
    journal.close()
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)  # relative export and backup paths land here
    monkeypatch.setenv("EDITOR", "true")  # `log` with no text: an empty draft
    monkeypatch.delenv("VISUAL", raising=False)
    return root


def test_every_error_exit_code_is_in_the_readme_table():
    import journal.core.interop.errors  # noqa: F401 - its error classes count too
    from journal.cli.common import CliError
    from journal.core.errors import JournalError

    def classes(base: type) -> list[type]:
        return [base, *(c for sub in base.__subclasses__() for c in classes(sub))]

    codes = {c.exit_code for c in [*classes(JournalError), *classes(CliError)]}
    assert codes <= DOCUMENTED, codes - DOCUMENTED
    assert {1, 2, 7, 141} <= DOCUMENTED


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(argv=command_lines())
def test_any_command_line_gives_a_sentence_and_a_documented_code(cli, small, argv):
    result = cli("--data-dir", str(small), *argv)
    assert result.code in DOCUMENTED, (argv, result.code, result.err)
    assert "Traceback" not in result.err
    if result.code not in (0, 141) and not (result.code == 1 and "search" in argv):
        assert result.err.strip(), (argv, result.code)  # a failure says why
    # The journal still opens afterwards, whatever the command did.
    Journal.open(JournalPaths(small), TEST_PASSPHRASE).close()
