"""Rapport in the tray: the menu and its count, closing to the tray, starting at login,
locking in the background, the day's notification and what its buttons do, and a
desktop with no tray at all.

The session is the real one on a real journal (offscreen Qt); the desktop's
notification service is recorded (``RecordingNotifier``), and the tray's own balloon,
which offscreen Qt cannot draw, is recorded at the ``Tray.balloon`` call. The real
service and tray are exercised end to end in tests/e2e.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from journal.core import engine
from journal.core.journal import Journal
from journal.core.keys import KdfParams
from journal.core.paths import JournalPaths
from journal.gui.desktop.tray import Tray
from journal.gui.dialogs.entry_editor import EntryEditor
from journal.gui.dialogs.unlock import UnlockDialog
from journal.gui.main_window import PageName
from tests.conftest import FAST_KDF_N, TEST_PASSPHRASE
from tests.support.people import add
from tests.support.qt import RecordingNotifier, settle


def _journal(tmp_path, clock, keychain, *names, remember=True, **settings) -> JournalPaths:
    paths = JournalPaths(tmp_path / "journal")
    journal = Journal.create(
        paths,
        TEST_PASSPHRASE,
        remember=remember,
        clock=clock,
        keychain=keychain,
        kdf=KdfParams.fresh(n=FAST_KDF_N),
    )
    for i, name in enumerate(names):
        add(journal, name, last=70 + i)
    if settings:
        value = journal.settings()
        for key, item in settings.items():
            setattr(value, key, item)
        journal.save_settings(value)
    journal.close()
    return paths


@pytest.fixture
def balloons(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        Tray, "balloon", lambda self, title, body, icon=None: shown.append((title, body))
    )
    return shown


def _open(qtbot, session):
    session.start()
    qtbot.waitUntil(lambda: session.window is not None, timeout=10_000)
    settle(qtbot, 20)
    return session.window


def _checked(qtbot, session):
    qtbot.waitUntil(lambda: session.background.last_check is not None, timeout=10_000)
    settle(qtbot, 20)


def _login_start(qtbot, make_session, paths, **kwargs):
    """Rapport started at login (``--minimized``) with a tray, opened with the keychain,
    after its first check."""
    session = make_session(paths, use_tray=True, minimized=True, **kwargs)
    session.start()
    qtbot.waitUntil(lambda: session.window is not None, timeout=10_000)
    _checked(qtbot, session)
    return session


def test_the_tray_menu_counts_todays_check_ins(qtbot, make_session, tmp_path, clock, keychain):
    paths = _journal(tmp_path, clock, keychain, "Ana Lima", "Kofi Berg")
    session = make_session(paths, use_tray=True)
    _open(qtbot, session)
    _checked(qtbot, session)
    tray = session.background.tray
    texts = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
    assert texts == [
        "Today's check-ins (2)",
        "Log a meeting…",
        "Who could help…",
        "Open Rapport",
        "Lock",
        "Quit",
    ]
    assert tray.icon.toolTip() == "Rapport: 2 check-ins for today"
    assert tray.icon.isVisible()


def test_closing_the_window_keeps_rapport_in_the_tray_and_says_so_once(
    qtbot, make_session, tmp_path, clock, keychain, balloons
):
    paths = _journal(tmp_path, clock, keychain, "Ana Lima", notifications="off")
    session = make_session(paths, use_tray=True)
    window = _open(qtbot, session)
    window.close()
    settle(qtbot, 20)
    assert not window.isVisible()
    assert session.journal is not None and session.journal.is_open
    assert balloons == [
        (
            "Rapport is still running",
            "It keeps your reminders coming from the tray. Quit from the tray menu.",
        )
    ]
    session.background.tray.open_action.trigger()
    assert window.isVisible()
    window.close()
    settle(qtbot, 20)
    assert not window.isVisible() and len(balloons) == 1  # said once, not every time


def test_tray_menu_opens_today_and_the_entry_editor(qtbot, make_session, tmp_path, clock, keychain):
    paths = _journal(tmp_path, clock, keychain, "Ana Lima", notifications="off")
    session = make_session(paths, use_tray=True)
    window = _open(qtbot, session)
    window.show_page(PageName.PEOPLE)
    window.close()
    settle(qtbot, 20)
    tray = session.background.tray
    tray.today_action.trigger()
    assert window.isVisible() and window.current_page() is window.today
    tray.log_action.trigger()
    assert isinstance(window.editor, EntryEditor) and window.editor.isVisible()
    window.editor.keep_for_lock()
    window.editor.close()


def test_started_at_login_it_opens_with_the_keychain_and_shows_nothing(
    qtbot, make_session, tmp_path, clock, keychain
):
    paths = _journal(tmp_path, clock, keychain, "Ana Lima")
    session = _login_start(qtbot, make_session, paths)
    assert not session.window.isVisible()
    assert session.dialog is None
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert session.background.tray.today_action.text() == "Today's check-ins (1)"
    assert session.background.notifier.sent[0]["title"] == "Check in with Ana Lima"


def test_started_at_login_without_a_remembered_key_it_waits_quietly_in_the_tray(
    qtbot, make_session, tmp_path, clock, keychain
):
    paths = _journal(tmp_path, clock, keychain, "Ana Lima", remember=False)
    session = make_session(paths, use_tray=True, minimized=True)
    session.start()
    settle(qtbot, 50)
    tray = session.background.tray
    assert session.window is None and session.dialog is None
    assert tray.icon.toolTip() == "Rapport is locked"
    assert tray.today_action.text() == "Today's check-ins…"  # nothing read, nothing told
    assert session.background.notifier.sent == []
    tray.today_action.trigger()  # the user asks for today: unlock first, then Today
    settle(qtbot, 20)
    dialog = session.dialog
    assert isinstance(dialog, UnlockDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.window is not None, timeout=10_000)
    assert session.window.isVisible() and session.window.current_page() is session.window.today


def test_locked_in_the_tray_the_count_stays_only_with_a_remembered_key(
    qtbot, make_session, tmp_path, clock, keychain
):
    paths = _journal(tmp_path, clock, keychain, "Ana Lima", "Kofi Berg")
    session = _login_start(qtbot, make_session, paths)
    tray = session.background.tray
    tray.lock_action.trigger()
    settle(qtbot, 20)
    qtbot.waitUntil(lambda: tray.locked and tray.count == 2, timeout=10_000)
    assert session.journal is None
    assert session.dialog is None  # hidden in the tray: nobody to ask yet
    assert tray.icon.toolTip() == "Rapport: 2 check-ins for today (locked)"
    assert not tray.lock_action.isEnabled()


def test_locked_without_a_remembered_key_the_tray_tells_nothing(
    qtbot, make_session, tmp_path, clock, keychain
):
    paths = _journal(tmp_path, clock, keychain, "Ana Lima", remember=False)
    session = make_session(paths, use_tray=True)
    session.start()
    dialog = session.dialog
    settle(qtbot, 20)
    qtbot.keyClicks(dialog.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.window is not None, timeout=10_000)
    _checked(qtbot, session)
    session.background.tray.lock_action.trigger()
    settle(qtbot, 50)
    tray = session.background.tray
    assert tray.icon.toolTip() == "Rapport is locked"
    assert tray.count is None and tray.today_action.text() == "Today's check-ins…"
    assert isinstance(session.dialog, UnlockDialog)  # the window was on screen: ask


def test_the_days_notification_names_the_person_and_its_buttons_work(
    qtbot, make_session, tmp_path, clock, keychain
):
    paths = _journal(tmp_path, clock, keychain, "Ana Lima")
    session = _login_start(qtbot, make_session, paths)
    notifier = session.background.notifier
    [sent] = notifier.sent
    [suggestion] = engine.today(session.journal)
    assert sent["title"] == "Check in with Ana Lima"
    assert sent["body"] == suggestion.action
    assert sent["actions"] == ("log", "snooze", "open")
    window = session.window

    notifier.click("open")  # a click on the notification opens her page
    settle(qtbot, 20)
    assert window.isVisible() and window.current_page() is window.person_page
    assert window.person_page.person.name == "Ana Lima"

    notifier.click("log")  # Log check-in: the editor, with her picked
    settle(qtbot, 20)
    editor = window.editor
    assert isinstance(editor, EntryEditor) and editor.isVisible()
    assert [a.name for a in editor.attendees] == ["Ana Lima"]
    editor.keep_for_lock()
    editor.close()

    notifier.click("snooze")  # Snooze: until tomorrow, without opening anything
    settle(qtbot, 20)
    assert engine.today(session.journal) == []
    clock.advance(days=1)
    assert [s.person_name for s in engine.today(session.journal)] == ["Ana Lima"]


def test_where_no_notification_service_answers_the_tray_balloon_says_it(
    qtbot, make_session, tmp_path, clock, keychain, balloons
):
    paths = _journal(tmp_path, clock, keychain, "Ana Lima", "Kofi Berg")
    session = make_session(
        paths, use_tray=True, minimized=True, notifier=RecordingNotifier(shown=False)
    )
    session.start()
    qtbot.waitUntil(lambda: session.window is not None, timeout=10_000)
    _checked(qtbot, session)
    qtbot.waitUntil(lambda: bool(balloons), timeout=5000)
    [(title, body)] = balloons
    assert title == "2 check-ins for today"
    assert len(body.splitlines()) == 2
    session.background.tray.message_clicked.emit()  # a click on the balloon: Today
    settle(qtbot, 20)
    assert session.window.isVisible()
    assert session.window.current_page() is session.window.today


def test_private_notifications_name_nobody(qtbot, make_session, tmp_path, clock, keychain):
    paths = _journal(tmp_path, clock, keychain, "Ana Lima", notification_text="count")
    session = _login_start(qtbot, make_session, paths)
    [sent] = session.background.notifier.sent
    assert (sent["title"], sent["body"]) == ("1 check-in for today", "Open Rapport to see who.")
    assert sent["actions"] == ("open",)


def test_in_use_the_window_tells_the_days_check_ins_instead_of_a_pop_up(
    qtbot, make_session, tmp_path, clock, keychain
):
    paths = _journal(tmp_path, clock, keychain, "Ana Lima", "Kofi Berg")
    session = make_session(paths, use_tray=True)
    window = _open(qtbot, session)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    session.background.scheduler.check("test")  # as the alarm would at 9:00
    _checked(qtbot, session)
    qtbot.waitUntil(window.notice.isVisible, timeout=5000)
    assert window.notice.message.text() == "2 check-ins for today."
    assert session.background.notifier.sent == []


def test_one_notification_a_day_across_a_restart(qtbot, make_session, tmp_path, clock, keychain):
    paths = _journal(tmp_path, clock, keychain, "Ana Lima")
    first = _login_start(qtbot, make_session, paths)
    assert len(first.background.notifier.sent) == 1
    first.shutdown()
    again = _login_start(qtbot, make_session, paths)
    assert again.background.notifier.sent == []
    assert again.background.tray.count == 1


def test_closing_the_unlock_dialog_leaves_rapport_in_the_tray_quit_quits(
    qtbot, make_session, tmp_path, clock, keychain
):
    paths = _journal(tmp_path, clock, keychain, "Ana Lima", remember=False)
    session = make_session(paths, use_tray=True)
    session.start()
    settle(qtbot, 20)
    dialog = session.dialog
    dialog.close()
    settle(qtbot, 20)
    assert not session._quitting and session.background.tray.icon.isVisible()
    session.background.tray.open_action.trigger()
    settle(qtbot, 20)
    dialog = session.dialog
    assert isinstance(dialog, UnlockDialog) and dialog.isVisible()
    quit_button = next(
        b for b in dialog.findChildren(type(dialog.unlock_button)) if b.text() == "&Quit"
    )
    qtbot.mouseClick(quit_button, Qt.MouseButton.LeftButton)
    assert session._quitting


# no tray ---------------------------------------------------------------------------------


def _question(qtbot) -> QMessageBox:
    found: list[QMessageBox] = []

    def visible() -> bool:
        found[:] = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox)
            and w.isVisible()
            and w.objectName() == "keepRunningQuestion"
        ]
        return bool(found)

    qtbot.waitUntil(visible, timeout=5000)
    return found[0]


def _button(box: QMessageBox, text: str):
    return next(b for b in box.buttons() if b.text() == text)


def test_without_a_tray_the_window_opens_even_at_login(
    qtbot, make_session, tmp_path, clock, keychain
):
    paths = _journal(tmp_path, clock, keychain, "Ana Lima", notifications="off")
    session = make_session(paths, minimized=True)
    window = _open(qtbot, session)
    assert session.background.tray is None
    assert window.isVisible() and window.isMinimized()  # in the taskbar, not lost


def test_without_a_tray_closing_asks_once_and_keeping_it_hides_the_window(
    qtbot, make_session, tmp_path, clock, keychain, gui_settings
):
    paths = _journal(tmp_path, clock, keychain, "Ana Lima", notifications="off")
    session = make_session(paths)
    window = _open(qtbot, session)
    window.close()
    box = _question(qtbot)
    assert box.text() == "Keep Rapport running in the background?"
    qtbot.mouseClick(_button(box, "&Keep running"), Qt.MouseButton.LeftButton)
    settle(qtbot, 20)
    assert not window.isVisible() and session.journal.is_open
    assert gui_settings.value("background/keep") == "yes"
    session.activate()  # as a second start of Rapport would
    assert window.isVisible()
    window.close()
    settle(qtbot, 50)
    assert not window.isVisible()
    assert not [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]  # asked once


def test_without_a_tray_choosing_quit_quits_and_is_remembered(
    qtbot, make_session, tmp_path, clock, keychain, gui_settings
):
    paths = _journal(tmp_path, clock, keychain, "Ana Lima", notifications="off")
    session = make_session(paths)
    window = _open(qtbot, session)
    window.close()
    box = _question(qtbot)
    qtbot.mouseClick(_button(box, "&Quit"), Qt.MouseButton.LeftButton)
    settle(qtbot, 20)
    assert session._quitting and session.journal is None
    assert gui_settings.value("background/keep") == "no"


def test_without_a_tray_the_days_check_ins_show_in_the_window(
    qtbot, make_session, tmp_path, clock, keychain
):
    paths = _journal(tmp_path, clock, keychain, "Ana Lima")
    session = make_session(paths, minimized=True)
    window = _open(qtbot, session)
    _checked(qtbot, session)
    qtbot.waitUntil(window.notice.isVisible, timeout=5000)
    assert window.notice.message.text().startswith("Check in with Ana Lima: ")
    assert len(session.background.notifier.sent) == 1  # and on the desktop too
    [open_today] = [b for b in window.notice.buttons() if b.text() == "Open &Today"]
    window.show_page(PageName.PEOPLE)
    qtbot.mouseClick(open_today, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.today


def test_quit_from_the_file_menu_quits_even_with_a_tray(
    qtbot, make_session, tmp_path, clock, keychain
):
    paths = _journal(tmp_path, clock, keychain, "Ana Lima", notifications="off")
    session = make_session(paths, use_tray=True)
    window = _open(qtbot, session)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, 20)
    assert session._quitting and session.journal is None


def test_idle_in_the_tray_it_still_locks_after_the_idle_minutes(
    qtbot, make_session, tmp_path, clock, keychain
):
    paths = _journal(
        tmp_path, clock, keychain, "Ana Lima", auto_lock_minutes=1, notifications="off"
    )
    session = make_session(paths, use_tray=True, minimized=True)
    session.idle.ms_per_minute = 300  # a "minute" of 0.3 s
    session.start()
    qtbot.waitUntil(lambda: session.window is not None, timeout=10_000)
    journal = session.journal
    qtbot.waitUntil(lambda: not journal.is_open, timeout=5000)
    assert session.dialog is None  # nobody at the screen: nothing pops up
    qtbot.waitUntil(lambda: session.background.tray.locked, timeout=5000)


def test_a_key_forgotten_since_unlocking_is_not_looked_for_while_locked(
    qtbot, make_session, tmp_path, clock, keychain, memory_keyring, monkeypatch
):
    """Reading a keychain can pop up its unlock prompt: a locked app with no remembered
    key never reads it (not at the lock, not at midnight's check)."""
    paths = _journal(tmp_path, clock, keychain, "Ana Lima", notifications="off")
    session = _login_start(qtbot, make_session, paths)
    session.journal.forget_key()  # Settings > Security, "Remember the key" unticked
    session.background.tray.lock_action.trigger()
    settle(qtbot, 50)
    assert session.background.tray.icon.toolTip() == "Rapport is locked"
    reads: list[str] = []
    original = memory_keyring.get_password
    monkeypatch.setattr(
        memory_keyring,
        "get_password",
        lambda service, user: reads.append(user) or original(service, user),
    )
    clock.advance(days=1)
    session.background.scheduler.alarm.fired.emit()  # midnight
    settle(qtbot, 50)
    assert reads == []
    assert session.background.tray.icon.toolTip() == "Rapport is locked"


def test_cancelling_the_unlock_forgets_what_it_was_for(
    qtbot, make_session, tmp_path, clock, keychain
):
    paths = _journal(tmp_path, clock, keychain, "Ana Lima", remember=False, notifications="off")
    session = make_session(paths, use_tray=True, minimized=True)
    session.start()
    settle(qtbot, 20)
    session.background.tray.log_action.trigger()  # "Log a meeting…" while locked
    settle(qtbot, 20)
    session.dialog.close()  # changed their mind
    settle(qtbot, 20)
    session.background.tray.open_action.trigger()  # later, just to look
    dialog = session.dialog
    settle(qtbot, 20)
    qtbot.keyClicks(dialog.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.window is not None, timeout=10_000)
    settle(qtbot, 20)
    assert session.window.editor is None  # no entry editor from the earlier request


def test_snoozing_from_a_notification_while_locked_snoozes_once_unlocked(
    qtbot, make_session, tmp_path, clock, keychain
):
    paths = _journal(tmp_path, clock, keychain, "Ana Lima")
    session = _login_start(qtbot, make_session, paths)
    notifier = session.background.notifier
    session.background.tray.lock_action.trigger()
    settle(qtbot, 20)
    assert session.journal is None

    notifier.click("snooze")  # the morning's notification, clicked after a lock
    settle(qtbot, 20)
    dialog = session.dialog
    assert isinstance(dialog, UnlockDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.window is not None, timeout=10_000)
    settle(qtbot, 20)
    assert engine.today(session.journal) == []
    assert "Snoozed Ana Lima until" in session.window.notice.message.text()
    clock.advance(days=1)
    assert [s.person_name for s in engine.today(session.journal)] == ["Ana Lima"]
