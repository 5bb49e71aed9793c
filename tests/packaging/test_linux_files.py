"""The launcher and the AppStream metadata pass the freedesktop validators, and
install.sh puts a working launcher and every icon size where desktops look."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtGui import QImage

import journal
from journal import resources
from tests.support.components import require_programs

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / f"{journal.APP_ID}.desktop"
METAINFO = LINUX / f"{journal.APP_ID}.metainfo.xml"
INSTALL = LINUX / "install.sh"


def _problems(output: str, markers: tuple[str, ...]) -> list[str]:
    return [
        line
        for line in output.splitlines()
        if line.strip().startswith(markers) or any(f": {m}" in line for m in markers)
    ]


def test_desktop_file_is_valid():
    require_programs("desktop-file-validate")
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert not _problems(output, ("error", "warning")), output


#: appstreamcli remarks that are not problems: AppStream before 1.0 (Debian 12 has
#: 0.16) does not know the <developer> tag that 1.0 asks for instead of <developer_name>.
ACCEPTED_REMARKS = ("unknown-tag developer",)


def test_metainfo_is_valid():
    require_programs("appstreamcli")
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    remarks = [
        line
        for line in _problems(output, ("E:", "W:", "I:"))
        if not line.rstrip().endswith(ACCEPTED_REMARKS)
    ]
    assert not remarks, output


def test_install_puts_launcher_metainfo_and_every_icon_size(tmp_path):
    require_programs("desktop-file-validate")
    prefix = tmp_path / "prefix"
    subprocess.run(
        ["sh", str(INSTALL), "--prefix", str(prefix), "--exec", "/opt/rapport/journal"],
        check=True,
        capture_output=True,
        text=True,
    )
    share = prefix / "share"
    launcher = share / "applications" / f"{journal.APP_ID}.desktop"
    assert "Exec=/opt/rapport/journal\n" in launcher.read_text()
    subprocess.run(["desktop-file-validate", str(launcher)], check=True)
    assert (share / "metainfo" / METAINFO.name).read_bytes() == METAINFO.read_bytes()
    assert (share / "icons/hicolor/scalable/apps" / f"{journal.APP_ID}.svg").is_file()
    for size in resources.APP_ICON_SIZES:
        icon = QImage(str(share / f"icons/hicolor/{size}x{size}/apps/{journal.APP_ID}.png"))
        assert (icon.width(), icon.height()) == (size, size)


def test_uninstall_removes_what_install_added(tmp_path):
    prefix = tmp_path / "prefix"
    subprocess.run(["sh", str(INSTALL), "--prefix", str(prefix)], check=True, capture_output=True)
    subprocess.run(
        ["sh", str(INSTALL), "--prefix", str(prefix), "--uninstall"],
        check=True,
        capture_output=True,
    )
    left = [p for p in prefix.rglob("*") if p.is_file() and journal.APP_ID in p.name]
    assert left == []


def test_install_refuses_an_executable_path_it_cannot_quote(tmp_path):
    result = subprocess.run(
        ["sh", str(INSTALL), "--prefix", str(tmp_path), "--exec", "/home/me/My Apps/journal"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "without spaces" in result.stderr
    assert not (tmp_path / "share" / "applications").exists()
