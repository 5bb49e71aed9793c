"""Every read command of the CLI, run as a person would, for the tests that promise a
journal holding odd values still lists, shows, searches, plans and exports."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from journal.cli import main


def run_cli(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    root: Path,
    passphrase: str,
    *args: str,
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(passphrase + "\n"))
    code = main([*args, "--data-dir", str(root), "--passphrase-stdin"])
    out, err = capsys.readouterr()
    return code, out, err


def read_commands(name: str, out_dir: Path) -> list[list[str]]:
    """people, show, search, today, insights (text and JSON) and every export format."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return [
        ["people"],
        ["people", "--json"],
        ["show", name],
        ["show", name, "--json"],
        ["search", "a"],
        ["today", "--date", "2026-11-24"],
        ["today", "--date", "2026-11-24", "--json"],
        ["insights", "--date", "2026-11-24"],
        ["insights", "--date", "2026-11-24", "--json"],
        ["export", "--format", "json", str(out_dir / "all.json")],
        ["export", "--format", "md", str(out_dir / "all.md")],
        ["export", "--format", "md", "--per-person", str(out_dir / "people")],
        ["export", "--format", "vcf", str(out_dir / "all.vcf")],
        ["export", "--format", "ics", str(out_dir / "all.ics")],
    ]


def assert_every_read_command_works(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    root: Path,
    passphrase: str,
    name: str,
    out_dir: Path,
    case: str = "",
) -> None:
    for command in read_commands(name, out_dir):
        code, out, err = run_cli(monkeypatch, capsys, root, passphrase, *command)
        assert "Traceback" not in err, f"{case}: journal {' '.join(command)}\n{err}"
        nothing_found = command[0] == "search" and code == 1 and "Nothing found" in err + out
        assert code == 0 or nothing_found, (
            f"{case}: journal {' '.join(command)} exited {code}\n{err}"
        )
