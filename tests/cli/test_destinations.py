"""Files a user names (every export format, a backup) never land on the journal's own
files, never replace a file without --force, and are never left half-written."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from journal.core import backup as backup_core
from journal.core.destination import DestinationExists, InsideJournalFolder
from journal.core.interop.exporting import export_journal
from journal.core.journal import Journal
from journal.core.paths import JournalPaths
from tests.conftest import TEST_PASSPHRASE

FORMATS = ("json", "md", "vcf", "ics")


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "journal.lock"
    }


@pytest.fixture
def folder(journal: Journal) -> Path:
    journal.log(["Ana Lima"], "Coffee at Verde")
    root = journal.paths.root
    journal.close()
    return root


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", ["journal.meta.json", "journal.db", "journal.db-wal", "new.txt"])
def test_export_refuses_every_name_inside_the_journal_folder(cli, folder, fmt, name):
    before = digests(folder)
    result = cli("--data-dir", str(folder), "export", "--format", fmt, str(folder / name))
    assert result.code == 2
    assert "inside the journal's folder" in result.err and "nothing was written" in result.err
    assert digests(folder) == before
    assert not (folder / "new.txt").exists()
    # --force does not make it acceptable: the key file is never replaced.
    forced = cli(
        "--data-dir", str(folder), "export", "--format", fmt, "--force", str(folder / name)
    )
    assert forced.code == 2 and digests(folder) == before
    # And the journal still opens with its passphrase.
    Journal.open(JournalPaths(folder), TEST_PASSPHRASE).close()


def test_a_path_through_a_symlink_into_the_journal_folder_is_refused(cli, folder, tmp_path):
    alias = tmp_path / "alias"
    alias.symlink_to(folder)
    before = digests(folder)
    result = cli(
        "--data-dir", str(folder), "export", "--format", "json", str(alias / "journal.meta.json")
    )
    assert result.code == 2 and "inside the journal's folder" in result.err
    assert digests(folder) == before


def test_another_journals_folder_is_refused_too(cli, folder, make_journal):
    other = make_journal("other")
    other_root = other.paths.root
    other.close()
    before = digests(other_root)
    result = cli(
        "--data-dir", str(folder), "export", "--format", "json", str(other_root / "x.json")
    )
    assert result.code == 2 and "inside the journal's folder" in result.err
    assert digests(other_root) == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_replaces_an_existing_file_only_with_force(cli, folder, tmp_path, fmt):
    out = tmp_path / f"mine.{fmt}"
    out.write_text("keep me")
    result = cli("--data-dir", str(folder), "export", "--format", fmt, str(out))
    assert result.code == 2
    assert f"{out} exists; add --force to replace it." in result.err
    assert out.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "journal") == [out.name]
    forced = cli("--data-dir", str(folder), "export", "--format", fmt, "--force", str(out))
    assert forced.code == 0, forced.err
    assert out.read_text() != "keep me"
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    # Written beside it under a temporary name and renamed: no temporary file left over.
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "journal") == [out.name]


def test_export_does_not_follow_a_symlink_at_the_name(cli, folder, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "out.json"
    link.symlink_to(victim)
    result = cli("--data-dir", str(folder), "export", "--format", "json", str(link))
    assert result.code == 2 and "add --force" in result.err
    forced = cli("--data-dir", str(folder), "export", "--format", "json", "--force", str(link))
    assert forced.code == 0, forced.err
    assert victim.read_text() == "keep me"  # the link was replaced, not its target
    assert not link.is_symlink()


def test_backup_into_the_journal_folder_is_refused_but_backups_is_fine(cli, folder):
    before = digests(folder)
    for target in (folder / "journal.meta.json", folder / "mine.rapport-backup", folder):
        result = cli("--data-dir", str(folder), "backup", str(target))
        assert result.code == 2, (target, result.err)
        assert "inside the journal's folder" in result.err
    assert digests(folder) == before
    assert cli("--data-dir", str(folder), "backup").code == 0  # makes backups/
    into = cli("--data-dir", str(folder), "backup", str(folder / "backups"))
    assert into.code == 0, into.err
    named = cli(
        "--data-dir", str(folder), "backup", str(folder / "backups" / "mine.rapport-backup")
    )
    assert named.code == 0, named.err


def test_backup_replaces_a_named_file_only_with_force(cli, folder, tmp_path):
    out = tmp_path / "mine.rapport-backup"
    out.write_text("keep me")
    result = cli("--data-dir", str(folder), "backup", str(out))
    assert result.code == 2 and f"{out} exists; add --force to replace it." in result.err
    assert out.read_text() == "keep me"
    forced = cli("--data-dir", str(folder), "backup", "--force", str(out))
    assert forced.code == 0, forced.err
    assert backup_core.verify_backup(out, passphrase=TEST_PASSPHRASE).people == 1
    # A folder still gets a new dated name each time, never replacing one.
    first = backup_core.backup(Journal.open(JournalPaths(folder), TEST_PASSPHRASE), tmp_path)
    assert first.parent == tmp_path


def test_the_core_refuses_for_the_app_too(journal, tmp_path):
    """The GUI calls the same functions, so the app gets the same refusals."""
    before = journal.paths.meta.read_bytes()
    with pytest.raises(InsideJournalFolder):
        export_journal(journal, "json", journal.paths.meta, force=True)
    with pytest.raises(InsideJournalFolder):
        backup_core.backup(journal, journal.paths.db, force=True)
    assert journal.paths.meta.read_bytes() == before
    out = tmp_path / "x.md"
    out.write_text("keep")
    with pytest.raises(DestinationExists):
        export_journal(journal, "md", out)
    assert out.read_text() == "keep"
    export_journal(journal, "md", out, force=True)
    assert out.read_text().startswith("#")
