"""The day's upkeep in the running app: the automatic backup after unlocking (once the
window is usable), again when the scheduler wakes on a new day, never twice a day, and a
failure told once in a notice that stays until dismissed, or in the tray."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from journal.core import backup as backup_core
from journal.core import maintenance
from journal.core.journal import Journal
from journal.core.keys import KdfParams
from journal.core.paths import JournalPaths
from journal.gui.desktop.tray import Tray
from tests.conftest import FAST_KDF_N, TEST_PASSPHRASE
from tests.support.people import add
from tests.support.qt import settle


def _journal(tmp_path, clock, keychain, remember=True) -> JournalPaths:
    paths = JournalPaths(tmp_path / "journal")
    journal = Journal.create(
        paths,
        TEST_PASSPHRASE,
        remember=remember,
        clock=clock,
        keychain=keychain,
        kdf=KdfParams.fresh(n=FAST_KDF_N),
    )
    add(journal, "Ana Lima", last=70)
    journal.close()
    return paths


def automatic(paths: JournalPaths) -> list[str]:
    return sorted(b.path.name for b in backup_core.list_backups(paths) if b.automatic)


def _wait_for_upkeep(qtbot, session):
    reports: list[maintenance.MaintenanceReport] = []
    session.background.maintained.connect(reports.append)
    return reports


def test_after_unlocking_the_backup_is_made_once_the_window_is_usable(
    qtbot, make_session, tmp_path, clock, keychain
):
    paths = _journal(tmp_path, clock, keychain)
    session = make_session(paths)
    backups_when_ready = []
    session.unlocked.connect(
        lambda window: window.ready.connect(lambda: backups_when_ready.append(automatic(paths)))
    )
    reports = _wait_for_upkeep(qtbot, session)
    session.start()
    qtbot.waitUntil(lambda: bool(reports), timeout=20_000)
    assert backups_when_ready == [[]], "the window was usable before the backup began"
    assert len(automatic(paths)) == 1
    assert reports[0].ran and reports[0].ok
    notice = session.window.notice
    assert not notice.isVisible() or "backup" not in notice.message.text()


def test_the_midnight_wake_up_backs_up_once_on_the_new_day(
    qtbot, make_session, tmp_path, clock, keychain
):
    paths = _journal(tmp_path, clock, keychain)
    session = make_session(paths)
    reports = _wait_for_upkeep(qtbot, session)
    session.start()
    qtbot.waitUntil(lambda: len(reports) == 1, timeout=20_000)

    clock.set("2026-11-25T00:00:01")  # the alarm set for midnight goes off
    session.background.scheduler.alarm.fired.emit()
    qtbot.waitUntil(lambda: len(reports) == 2, timeout=20_000)
    assert reports[-1].ran and len(automatic(paths)) == 2
    assert maintenance.last_run(session.journal).isoformat() == "2026-11-25"

    checks = []
    session.background.scheduler.checked.connect(checks.append)
    clock.set("2026-11-25T09:00:01")  # the day's delivery: no second backup
    session.background.scheduler.alarm.fired.emit()
    qtbot.waitUntil(lambda: bool(checks), timeout=20_000)
    settle(qtbot, 50)
    assert len(reports) == 2 and len(automatic(paths)) == 2


def test_a_failed_backup_is_told_once_in_a_notice_that_stays(
    qtbot, make_session, tmp_path, clock, keychain
):
    paths = _journal(tmp_path, clock, keychain)
    paths.backups.write_text("a file where the backups folder should be")
    session = make_session(paths)
    reports = _wait_for_upkeep(qtbot, session)
    session.start()
    qtbot.waitUntil(lambda: bool(reports), timeout=20_000)
    window = session.window
    assert window.notice.isVisible()
    text = window.notice.message.text()
    assert text.startswith("Today's automatic backup was not made (")
    assert "Your journal is safe" in text and "Back up now" in text
    assert not window._notice_timer.isActive(), "it stays until the user dismisses it"
    assert window.notice.warning, "tinted as a warning, not a passing 'Saved.'"
    [open_backups] = window.notice.buttons()
    qtbot.mouseClick(open_backups, Qt.MouseButton.LeftButton)
    settle()
    assert window.settings_dialog.tabs.currentWidget() is window.settings_dialog.backups
    window.settings_dialog.reject()

    window.notice.dismiss()
    session.lock()  # and unlock again, later the same day
    settle(qtbot, 20)
    qtbot.keyClicks(session.dialog.passphrase, TEST_PASSPHRASE)
    session.dialog.submit()
    qtbot.waitUntil(lambda: len(reports) == 2, timeout=20_000)
    settle(qtbot, 20)
    assert not reports[-1].ran
    notice = session.window.notice
    assert "backup" not in notice.message.text() or not notice.isVisible(), (
        "told once, not at every unlock"
    )


@pytest.fixture
def balloons(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        Tray, "balloon", lambda self, title, body, icon=None: shown.append((title, body))
    )
    return shown


def test_locked_in_the_tray_with_a_remembered_key_the_new_day_is_still_backed_up(
    qtbot, make_session, tmp_path, clock, keychain, balloons
):
    paths = _journal(tmp_path, clock, keychain)
    session = make_session(paths, use_tray=True)
    reports = _wait_for_upkeep(qtbot, session)
    session.start()
    qtbot.waitUntil(lambda: len(reports) == 1, timeout=20_000)
    settle(qtbot, 20)
    session.lock()
    settle(qtbot, 20)
    assert session.journal is None and session.remembered

    paths.backups.rename(paths.root / "elsewhere")
    paths.backups.write_text("in the way")
    clock.set("2026-11-25T00:00:01")
    session.background.scheduler.alarm.fired.emit()
    qtbot.waitUntil(lambda: len(reports) == 2, timeout=20_000)
    assert reports[-1].ran and not reports[-1].ok
    assert [title for title, _ in balloons if "backup" in title] == [
        "Rapport could not make today's backup"
    ]
