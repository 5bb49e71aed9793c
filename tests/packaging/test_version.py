"""The version and the app's identity live in one place each, and everything agrees."""

from __future__ import annotations

import configparser
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import journal
from journal.cli import main
from journal.gui.dialogs.about import LICENCE_SPDX

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
METAINFO = LINUX / f"{journal.APP_ID}.metainfo.xml"
DESKTOP = LINUX / f"{journal.APP_ID}.desktop"


def _metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


def _desktop() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_metainfo_newest_release_is_the_package_version():
    releases = _metainfo().findall("./releases/release")
    assert releases, "the metainfo lists no release"
    assert releases[0].get("version") == journal.__version__, (
        f"bump the newest <release> in {METAINFO.name} to {journal.__version__}"
    )


def test_metainfo_releases_are_newest_first():
    dates = [r.get("date") for r in _metainfo().findall("./releases/release")]
    assert dates == sorted(dates, reverse=True)


def test_version_command_prints_the_package_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"Rapport {journal.__version__}"


def test_pyproject_takes_the_version_from_the_package():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in project["project"]
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "journal.__version__"}


def test_licence_is_the_same_in_pyproject_metainfo_and_about():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["license"]["text"] == LICENCE_SPDX
    assert _metainfo().findtext("project_license") == LICENCE_SPDX


def test_desktop_entry_and_metainfo_use_the_app_id():
    root = _metainfo()
    assert root.findtext("id") == journal.APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("name") == journal.APP_NAME
    entry = _desktop()
    assert entry["Icon"] == journal.APP_ID
    assert entry["Name"] == journal.APP_NAME
    # Qt's WM_CLASS class is the application name (journal.gui.identity sets it).
    assert entry["StartupWMClass"] == journal.APP_NAME


def test_desktop_entry_runs_the_installed_command():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert _desktop()["Exec"].split()[0] in project["project"]["scripts"]
    binaries = [b.text for b in _metainfo().findall("./provides/binary")]
    assert binaries == [_desktop()["Exec"].split()[0]]
