"""The PyInstaller bundle, as a user would run it.

These run against a built bundle named by RAPPORT_BUNDLE (the dist/rapport folder);
.ci/run builds one with packaging/pyinstaller/build.sh and sets it. Without it they skip
locally and fail under CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import journal
from tests.support.components import in_ci, require_programs
from tests.support.session_bus import gnome_keyring, private_session_bus
from tests.support.xvfb import xvfb

#: A trimmed Linux bundle is ~204 MiB, 42 of them numpy for the Insights charts (an
#: untrimmed one ~270 MiB): under this unless something big (QML, WebEngine, a GTK
#: stack) sneaks back in.
SIZE_BUDGET_MIB = 230


@pytest.fixture(scope="module")
def bundle() -> Path:
    path = os.environ.get("RAPPORT_BUNDLE")
    if not path:
        message = (
            "RAPPORT_BUNDLE is not set: build with packaging/pyinstaller/build.sh and "
            "set it to the dist/rapport folder (.ci/run does)"
        )
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    folder = Path(path)
    assert (folder / "journal").is_file(), f"no journal executable in {folder}"
    return folder


def _run(
    executable: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(executable), *args], capture_output=True, text=True, timeout=120, env=env
    )


def _offscreen_env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def test_frozen_app_reports_the_package_version(bundle):
    result = _run(bundle / "journal", "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Rapport {journal.__version__}"


def test_frozen_self_check_passes_offscreen(bundle):
    result = _run(bundle / "journal", "--self-check", env=_offscreen_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-check passed" in result.stdout
    assert "Qt starts (platform offscreen)" in result.stdout
    assert "SQLCipher has FTS5" in result.stdout


def test_frozen_command_line_does_a_days_work(bundle, tmp_path):
    """Every library the core loads lazily, with its data files, is in the bundle: the
    sample journal (search folding, anyascii), people sorted (pyuca), a question (the
    stemmer, rapidfuzz), a reflection read for news (dateparser), exports (vobject,
    icalendar)."""
    data = str(tmp_path / "journal")
    demo = _run(bundle / "journal", "--data-dir", data, "demo", "--no-gui")
    assert demo.returncode == 0, demo.stdout + demo.stderr

    def run(*args: str) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [str(bundle / "journal"), "--data-dir", data, *args, "--passphrase-stdin"],
            input="rapport demo\n",
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        return result

    assert len(run("people").stdout.splitlines()) == 120
    assert run("search", "chloe").stdout.strip()
    assert run("ask", "grant writing").stdout.startswith("Who could help with")
    logged = run(
        "log", "--new", "Zed Amari", "She starts a PhD in October; I said I'd send her my notes."
    )
    assert "Noticed" in logged.stdout
    for fmt, name in (("vcf", "out.vcf"), ("ics", "out.ics"), ("md", "out.md")):
        run("export", "--format", fmt, str(tmp_path / name))
        assert (tmp_path / name).stat().st_size > 0


def test_frozen_app_starts_qt_on_a_real_x_server(bundle):
    """The trimmed bundle still has the xcb platform plugin and the libraries it needs."""
    require_programs("Xvfb")
    with xvfb() as display:
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        env["DISPLAY"] = display
        result = _run(bundle / "journal", "--self-check", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Qt starts (platform xcb)" in result.stdout


@pytest.mark.keyring_real
def test_frozen_app_finds_the_secret_service(bundle):
    require_programs("dbus-daemon", "gnome-keyring-daemon")
    with private_session_bus() as address, gnome_keyring(address) as env:
        result = _run(
            bundle / "journal", "--self-check", env={**env, "QT_QPA_PLATFORM": "offscreen"}
        )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "keyring backend: keyring.backends.SecretService.Keyring\n" in result.stdout


@pytest.mark.keyring_real
def test_frozen_app_finds_the_secret_service_even_without_keyring_metadata(bundle, tmp_path):
    """The keychain's fallback (``journal.frozen``), on a copy of the bundle missing
    keyring's dist-info."""
    require_programs("dbus-daemon", "gnome-keyring-daemon")
    copy = tmp_path / "rapport"
    shutil.copytree(bundle, copy, symlinks=True, copy_function=os.link)
    removed = list((copy / "_internal").glob("keyring-*.dist-info"))
    assert removed, "the bundle should carry keyring's metadata"
    for folder in removed:
        shutil.rmtree(folder)
    with private_session_bus() as address, gnome_keyring(address) as env:
        result = _run(copy / "journal", "--self-check", env={**env, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "keyring backend: keyring.backends.SecretService.Keyring\n" in result.stdout


def test_bundle_is_trimmed(bundle):
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    size_mib = sum(p.stat().st_size for p in files) / 2**20
    assert size_mib < SIZE_BUDGET_MIB, f"the bundle grew to {size_mib:.0f} MiB"
    names = {p.name for p in files}
    assert not any(n.startswith(("libQt6Qml", "libQt6Quick", "libQt6WebEngine")) for n in names)
    assert not any(n.startswith("libgtk-3") for n in names)
    assert not list(bundle.rglob("translations/qtbase_*.qm"))
    plugins = {p.name for p in bundle.rglob("plugins/platforms/*")}
    assert {"libqxcb.so", "libqoffscreen.so"} <= plugins
    assert any(name.startswith("libqwayland") for name in plugins)


def test_bundle_install_script_points_the_launcher_at_the_bundle(bundle, tmp_path):
    result = subprocess.run(
        ["sh", str(bundle / "install.sh"), "--prefix", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    launcher = (tmp_path / "share" / "applications" / f"{journal.APP_ID}.desktop").read_text()
    assert f"Exec={bundle.resolve() / 'journal'}\n" in launcher
    assert (tmp_path / f"share/icons/hicolor/256x256/apps/{journal.APP_ID}.png").is_file()


def test_frozen_app_lives_in_the_tray_and_notifies(bundle, tmp_path):
    """The frozen app, started at login on a real desktop: keychain unlock, tray icon,
    the day's notification through dunst (desktop-notifier's D-Bus backend frozen)."""
    from tests.support import desktop

    with desktop.desktop_session() as env:
        due = desktop.build_due_journal(tmp_path / "journal", env)
        app = subprocess.Popen(
            [str(bundle / "journal"), "--data-dir", str(tmp_path / "journal"), "--minimized"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            received = desktop.wait_for(
                lambda: [n for n in desktop.notifications(env) if n["appname"] == "Rapport"],
                timeout=60,
            )
            assert received, "no notification from the frozen app"
            assert received[0]["body"] == due["action"]
            assert desktop.wait_for(lambda: desktop.tray_icons_of(app.pid, env), timeout=20)
        finally:
            app.terminate()
            errors = app.communicate(timeout=30)[1]
        assert app.returncode == 0, errors
        assert "Traceback" not in errors, errors
