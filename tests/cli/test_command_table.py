"""``journal`` loads only what the command given needs: the app's start loads no
command, a command its own module. The table that says which module registers which
command must stay true, or a command would be parsed by the wrong module (or not found).
"""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys

from journal.cli import COMMANDS, build_parser


def test_the_table_names_the_commands_each_module_registers():
    for module, names in COMMANDS.items():
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers(dest="command")
        importlib.import_module(module).register(sub)
        assert sorted(sub.choices) == sorted(names), module
    every = [name for names in COMMANDS.values() for name in names]
    assert len(every) == len(set(every)), "a command named by two modules"
    full = build_parser()
    [sub_action] = [a for a in full._actions if isinstance(a, argparse._SubParsersAction)]
    assert sorted(sub_action.choices) == sorted(every)


_LOADED = r"""
import json, sys
from journal.cli import parse_args
args = parse_args(sys.argv[1:])
print(json.dumps({"command": args.command,
                  "loaded": sorted(m for m in sys.modules if m.startswith("journal.cli.")),
                  "core": sorted(m for m in sys.modules if m.startswith("journal.core.")),
                  "qt": "PySide6" in sys.modules}))
"""


def _parse(*words: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _LOADED, *words], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_the_app_start_loads_no_command_and_a_command_loads_its_own_module():
    start = _parse("--data-dir", "/tmp/somewhere")
    assert start["command"] is None
    assert start["loaded"] == ["journal.cli.options", "journal.cli.terminal"]
    today = _parse("--data-dir", "/tmp/somewhere", "today")
    assert today["command"] == "today"
    commands = [m for m in today["loaded"] if m in COMMANDS]  # type: ignore[union-attr]
    assert commands == ["journal.cli.today"]


def test_an_unknown_command_is_told_with_every_command():
    done = subprocess.run([sys.executable, "-m", "journal", "tody"], capture_output=True, text=True)
    assert done.returncode == 2
    assert "invalid choice: 'tody'" in done.stderr
    assert "'today'" in done.stderr and "'trash'" in done.stderr


def test_journal_demo_can_begin_the_samples_key_before_the_journal_and_qt_load():
    """``journal demo`` begins scrypt before anything heavy loads: its command module
    brings neither the journal's modules nor Qt (they load while scrypt runs)."""
    demo = _parse("--data-dir", "/tmp/somewhere", "demo")
    assert demo["command"] == "demo"
    assert [m for m in demo["loaded"] if m in COMMANDS] == ["journal.cli.demo"]  # type: ignore[union-attr]
    assert demo["core"] == ["journal.core.errors", "journal.core.fsutil", "journal.core.paths"]
    assert demo["qt"] is False
