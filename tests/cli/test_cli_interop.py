"""`journal import` and `journal export`, run as a terminal user runs them."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_cli import PASS, journal_cmd
from tests.core.interop_support import fixture


@pytest.fixture
def data_dir(tmp_path):
    result = journal_cmd(tmp_path / "j", "init", "--passphrase-stdin", stdin=PASS + "\n")
    assert result.returncode == 0, result.stderr
    return tmp_path / "j"


def run(data_dir, *args):
    return journal_cmd(data_dir, *args, "--passphrase-stdin", stdin=PASS + "\n")


def people(data_dir):
    return json.loads(run(data_dir, "people", "--json").stdout)


def test_import_prints_the_report_and_dry_run_changes_nothing(data_dir):
    dry = run(data_dir, "import", str(fixture("rfc6350-4.0-several.vcf")), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines()[0] == "Would import: 2 added, 0 merged, 2 skipped."
    assert "  card 2 (line 18) — it is a contact group, not a person" in dry.stdout
    assert "Nothing was changed (--dry-run)." in dry.stdout
    assert people(data_dir) == []

    real = run(data_dir, "import", str(fixture("rfc6350-4.0-several.vcf")))
    assert real.stdout.splitlines()[0] == "Imported: 2 added, 0 merged, 2 skipped."
    assert sorted(p["name"] for p in people(data_dir)) == ["Mei Chen", "Tomás García"]

    again = run(data_dir, "import", str(fixture("rfc6350-4.0-several.vcf")), "--json")
    report = json.loads(again.stdout)
    assert report["added"] == [] and len(report["skipped"]) == 4


def test_import_of_linkedin_and_a_mapped_csv(data_dir):
    result = run(data_dir, "import", str(fixture("linkedin-connections.csv")))
    assert result.stdout.startswith("Imported: 3 added, 0 merged, 1 skipped.")
    mapped = run(
        data_dir,
        "import",
        str(fixture("generic-semicolon-cp1252.csv")),
        "--map",
        "Nom=last_name",
        "--map",
        "Prénom=first_name",
        "--map",
        "Courriel=email",
    )
    assert mapped.returncode == 0, mapped.stderr
    assert "Chloé Dubois" in mapped.stdout
    assert "The file was read as Windows-1252" in mapped.stdout


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["import", "empty.vcf"], 2, "journal: The file is empty; nothing was imported."),
        (["import", "missing.vcf"], 2, "There is no file"),
        (["import", "generic-tab.tsv", "--map", "Full Name"], 2, "should look like"),
        (["import", "generic-tab.tsv", "--map", "Full Name=fullname"], 2, "is not a field"),
    ],
)
def test_import_errors_are_one_clear_line(data_dir, args, code, message):
    args[1] = str(fixture(args[1]))
    result = run(data_dir, *args)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_export_warns_and_writes_each_format(data_dir, tmp_path):
    run(data_dir, "import", str(fixture("iphone-3.0.vcf")))
    for fmt, name in (("json", "j.json"), ("md", "j.md"), ("vcf", "j.vcf"), ("ics", "j.ics")):
        result = run(data_dir, "export", "--format", fmt, str(tmp_path / name))
        assert result.returncode == 0, result.stderr
        assert "Exports are not encrypted" in result.stderr
        assert result.stdout.startswith("Exported")
        assert (tmp_path / name).stat().st_size > 0
    assert "Chidi Okafor" in (tmp_path / "j.md").read_text()
    folder = run(data_dir, "export", "--format", "md", "--per-person", str(tmp_path / "folder"))
    assert "in 2 files" in folder.stdout
    bad = run(data_dir, "export", "--format", "vcf", "--per-person", str(tmp_path / "x"))
    assert bad.returncode == 2 and "--per-person only applies to --format md" in bad.stderr


def test_a_json_export_restores_into_a_new_journal(data_dir, tmp_path):
    run(data_dir, "import", str(fixture("google-contacts.csv")))
    run(data_dir, "log", "--with", "Ana Lima", "Coffee; she launches in March")
    run(data_dir, "export", "--format", "json", str(tmp_path / "all.json"))
    fresh = tmp_path / "fresh"
    journal_cmd(fresh, "init", "--passphrase-stdin", stdin=PASS + "\n")
    restored = run(fresh, "import", str(tmp_path / "all.json"))
    assert restored.returncode == 0, restored.stderr
    assert people(fresh) == people(data_dir)
    refused = run(data_dir, "import", str(tmp_path / "all.json"))
    assert refused.returncode == 2 and "only goes into an empty one" in refused.stderr


def test_an_import_says_how_to_undo_it_and_journal_undo_takes_it_back(data_dir):
    real = run(data_dir, "import", str(fixture("rfc6350-4.0-several.vcf")))
    assert real.returncode == 0, real.stderr
    assert real.stdout.splitlines()[-1] == "To undo: journal undo"
    assert len(people(data_dir)) == 2

    undone = run(data_dir, "undo")
    assert undone.returncode == 0, undone.stderr
    assert undone.stdout.strip() == ("Undone: Imported 2 people from rfc6350-4.0-several.vcf.")
    assert people(data_dir) == []
    # An import that changes nothing has nothing to undo, and says no more.
    again = run(data_dir, "import", str(fixture("rfc6350-4.0-several.vcf")))
    run(data_dir, "import", str(fixture("rfc6350-4.0-several.vcf")))
    assert "To undo" in again.stdout
    unchanged = run(data_dir, "import", str(fixture("rfc6350-4.0-several.vcf")))
    assert unchanged.stdout.splitlines()[0] == "Imported: 0 added, 0 merged, 4 skipped."
    assert "To undo" not in unchanged.stdout
