"""First run and unlock, driven through the real dialogs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from journal.core.journal import Journal
from journal.core.keys import KdfParams
from journal.core.paths import JournalPaths
from journal.gui.dialogs.unlock import SetupDialog, StartWith, UnlockDialog
from journal.gui.main_window import MainWindow
from tests.conftest import FAST_KDF_N, TEST_PASSPHRASE
from tests.support.qt import settle


def test_first_run_creates_an_empty_journal_and_opens_it(
    qtbot, make_session, tmp_path, memory_keyring
):
    session = make_session()
    session.start()
    dialog = session.dialog
    assert isinstance(dialog, SetupDialog)
    settle()
    assert dialog.pages.currentIndex() == dialog.CHOOSE
    qtbot.mouseClick(dialog.start_empty, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == dialog.PASSPHRASE
    assert dialog.passphrase.hasFocus()
    assert dialog.remember.isChecked() and dialog.remember.isEnabled()

    qtbot.keyClicks(dialog.passphrase, "abc")
    assert dialog.strength_hint.text().startswith("Very weak")
    assert not dialog.create_button.isEnabled()
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, "paper lantern river seventeen")
    assert dialog.strength_hint.text() in ("Good.", "Strong.")
    qtbot.keyClicks(dialog.confirm, "paper lantern river")
    assert dialog.match_hint.text() == "The two passphrases differ."
    line = dialog.match_hint.fontMetrics().lineSpacing()
    assert dialog.match_hint.sizeHint().height() < 2 * line, "one line, not wrapped early"
    assert not dialog.create_button.isEnabled()
    qtbot.keyClicks(dialog.confirm, " seventeen")
    assert dialog.match_hint.text() == "The passphrases match."
    assert dialog.start_choice() is StartWith.EMPTY

    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: session.window is not None, timeout=10_000)
    window = session.window
    assert isinstance(window, MainWindow)
    assert window.isVisible()
    assert not dialog.isVisible()
    assert (tmp_path / "journal" / "journal.db").exists()
    assert memory_keyring.secrets, "the key should be remembered in the keychain"
    assert dialog.passphrase.text() == "" and dialog.confirm.text() == ""

    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, 50)
    assert window.current_page() is window.people
    assert window.people.count.text() == "0 people"


def _closed_journal(tmp_path, clock, keychain, remember=False) -> JournalPaths:
    paths = JournalPaths(tmp_path / "journal")
    Journal.create(
        paths,
        TEST_PASSPHRASE,
        kdf=KdfParams.fresh(n=FAST_KDF_N),
        clock=clock,
        keychain=keychain,
        remember=remember,
    ).close()
    return paths


def test_wrong_passphrase_then_the_right_one(qtbot, make_session, tmp_path, clock, keychain):
    paths = _closed_journal(tmp_path, clock, keychain)
    session = make_session(paths)
    session.start()
    dialog = session.dialog
    assert isinstance(dialog, UnlockDialog)
    settle()  # the keychain holds nothing: the dialog asks
    assert dialog.passphrase.isEnabled()
    assert not dialog.message.isVisible()

    qtbot.keyClicks(dialog.passphrase, "not the passphrase")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: dialog.message.isVisible() and dialog.message.kind == "error", timeout=10_000
    )
    assert dialog.message.text() == (
        "That passphrase does not open this journal. Check Caps Lock and try again."
    )
    assert not dialog.problem.isVisible()
    assert session.window is None
    assert dialog.passphrase.selectedText() == "not the passphrase"

    qtbot.keyClicks(dialog.passphrase, TEST_PASSPHRASE)  # replaces the selection
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.window is not None, timeout=10_000)
    assert session.journal is not None and session.journal.is_open
    assert not dialog.isVisible()


def test_a_remembered_key_opens_without_asking(qtbot, make_session, tmp_path, clock, keychain):
    paths = _closed_journal(tmp_path, clock, keychain, remember=True)
    session = make_session(paths)
    session.start()
    qtbot.waitUntil(lambda: session.window is not None, timeout=10_000)


def test_a_damaged_file_is_told_apart_from_a_wrong_passphrase(
    qtbot, make_session, tmp_path, clock, keychain
):
    paths = _closed_journal(tmp_path, clock, keychain)
    data = bytearray(paths.db.read_bytes())
    data[100:4000] = bytes(3900)  # the first page: its contents no longer decrypt
    paths.db.write_bytes(bytes(data))
    session = make_session(paths)
    session.start()
    dialog = session.dialog
    settle()
    qtbot.keyClicks(dialog.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: dialog.message.isVisible() and dialog.message.kind == "error", timeout=10_000
    )
    assert dialog.problem.isVisible()
    assert dialog.problem.text() == "The journal file is damaged"
    assert "Your passphrase is right" in dialog.message.text()
    assert "Traceback" not in dialog.message.text()


def test_a_locked_keychain_is_explained_and_the_passphrase_still_works(
    qtbot, make_session, tmp_path, clock, keychain, memory_keyring
):
    paths = _closed_journal(tmp_path, clock, keychain, remember=True)
    memory_keyring.locked = True
    session = make_session(paths)
    session.start()
    dialog = session.dialog
    qtbot.waitUntil(lambda: dialog.passphrase.isEnabled(), timeout=10_000)
    assert dialog.message.isVisible() and dialog.message.kind == "info"
    assert "keychain is locked" in dialog.message.text()
    qtbot.keyClicks(dialog.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.window is not None, timeout=10_000)


def test_lock_now_keeps_the_draft_and_asks_for_the_passphrase(
    qtbot, make_session, tmp_path, clock, keychain
):
    paths = _closed_journal(tmp_path, clock, keychain, remember=True)
    session = make_session(paths)
    session.start()
    qtbot.waitUntil(lambda: session.window is not None, timeout=10_000)
    window = session.window
    journal = session.journal
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.editor
    assert editor is not None and editor.isVisible()
    qtbot.keyClicks(editor.body, "Half-written thoughts about lunch with Ana")

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, 10)
    assert not journal.is_open, "locking closes the journal"
    assert session.window is None
    dialog = session.dialog
    assert isinstance(dialog, UnlockDialog) and dialog.isVisible()
    assert dialog.title.text() == "Rapport is locked"
    assert dialog.remember.isChecked(), "the key is remembered, and the box says so"

    qtbot.keyClicks(dialog.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.window is not None, timeout=10_000)
    window = session.window
    qtbot.waitUntil(lambda: "unfinished entry" in window.notice.message.text(), timeout=10_000)
    assert window.notice.isVisible()
    [continue_button, _discard] = window.notice.buttons()
    qtbot.mouseClick(continue_button, Qt.MouseButton.LeftButton)
    assert window.editor.body.toPlainText() == "Half-written thoughts about lunch with Ana"


def _unlocked_with_a_one_second_auto_lock(qtbot, make_session, tmp_path, clock, keychain):
    """A session unlocked by the keychain, set to lock after one idle "minute" of 1 s."""
    paths = _closed_journal(tmp_path, clock, keychain, remember=True)
    session = make_session(paths)
    # A "minute" of 1 s keeps the tests quick; the gaps between key presses (0.2 s) stay
    # far below it even on a loaded machine, while the typing lasts longer than it.
    session.idle.ms_per_minute = 1000
    session.start()
    qtbot.waitUntil(lambda: session.window is not None, timeout=10_000)
    # The day's backup after unlocking is done first: waiting for it is not idling.
    qtbot.waitUntil(lambda: session.background.last_upkeep is not None, timeout=10_000)
    journal = session.journal
    settings = journal.settings()
    settings.auto_lock_minutes = 1
    journal.save_settings(settings)
    settle()
    return session


def test_auto_lock_after_idle_minutes_and_activity_postpones_it(
    qtbot, make_session, tmp_path, clock, keychain
):
    session = _unlocked_with_a_one_second_auto_lock(qtbot, make_session, tmp_path, clock, keychain)
    journal, window = session.journal, session.window
    window.search.setFocus()
    for _ in range(8):  # typing keeps it open past the idle time
        qtbot.wait(200)
        # Through the window, as the system delivers a key, on to the focused field.
        QTest.keyClick(window.windowHandle(), Qt.Key.Key_A)
    assert window.search.text() == "a" * 8
    assert journal.is_open
    qtbot.waitUntil(lambda: not journal.is_open, timeout=5000)
    assert isinstance(session.dialog, UnlockDialog) and session.dialog.isVisible()


def test_typing_in_a_dialog_postpones_the_auto_lock_too(
    qtbot, make_session, tmp_path, clock, keychain
):
    session = _unlocked_with_a_one_second_auto_lock(qtbot, make_session, tmp_path, clock, keychain)
    journal, window = session.journal, session.window
    window.new_entry()  # the entry editor: a window of its own, opened after the unlock
    editor = window.editor
    qtbot.waitUntil(lambda: editor.isActiveWindow(), timeout=5000)
    editor.body.setFocus()
    for _ in range(8):
        qtbot.wait(200)
        QTest.keyClick(editor.windowHandle(), Qt.Key.Key_B)
    assert editor.body.toPlainText() == "b" * 8
    assert journal.is_open
    qtbot.waitUntil(lambda: not journal.is_open, timeout=5000)


def test_locking_twice_in_a_row_is_harmless(qtbot, make_session, tmp_path, clock, keychain):
    paths = _closed_journal(tmp_path, clock, keychain, remember=True)
    session = make_session(paths)
    session.start()
    qtbot.waitUntil(lambda: session.window is not None, timeout=10_000)
    window = session.window
    window.lock_action.trigger()
    window.lock_action.trigger()
    settle()
    assert session.journal is None
    assert (
        sum(isinstance(w, UnlockDialog) and w.isVisible() for w in QApplication.topLevelWidgets())
        == 1
    )


def test_unticking_remember_when_unlocking_forgets_the_key(
    qtbot, make_session, tmp_path, clock, keychain, memory_keyring
):
    paths = _closed_journal(tmp_path, clock, keychain, remember=True)
    session = make_session(paths)
    session.start()
    qtbot.waitUntil(lambda: session.window is not None, timeout=10_000)
    qtbot.keyClick(session.window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, 10)
    dialog = session.dialog
    assert dialog.remember.isChecked()
    dialog.remember.setChecked(False)
    qtbot.keyClicks(dialog.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.window is not None, timeout=10_000)
    assert not session.journal.is_remembered()


def test_an_older_journal_is_updated_with_its_progress_in_the_dialog(
    qtbot, make_session, tmp_path, clock, keychain, monkeypatch
):
    from journal.core import migrations

    everything = migrations.all_migrations()
    monkeypatch.setattr(
        migrations, "all_migrations", lambda: [m for m in everything if m.version <= 8]
    )
    paths = _closed_journal(tmp_path, clock, keychain)
    monkeypatch.undo()
    session = make_session(paths)
    session.start()
    dialog = session.dialog
    assert isinstance(dialog, UnlockDialog)
    settle()
    heard: list[tuple[int, int]] = []
    dialog.migrating.connect(lambda done, total: heard.append((done, total)))
    qtbot.keyClicks(dialog.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.window is not None, timeout=20_000)
    assert heard and heard[-1][0] == heard[-1][1]
    # The dialog said it last, with its bar full, before it gave way to the window.
    assert dialog.message.text() == (
        "Updating your journal for this version of Rapport (only this once): 100%…"
    )
    assert dialog.progress.value() == dialog.progress.maximum()


def test_the_keychain_answer_ticks_remember_but_never_undoes_the_users_click(
    qtbot, tmp_path, clock, keychain
):
    """The dialog is on screen before the keychain is asked (on the worker); its answer
    ticks "Remember", unless the user already clicked the box meanwhile."""
    paths = _closed_journal(tmp_path, clock, keychain, remember=True)
    asked: list[bool] = []

    def is_remembered() -> bool:
        asked.append(True)
        return True

    dialog = UnlockDialog(paths, lambda *a, **k: None, is_remembered=is_remembered)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.remember.isChecked(), "not known yet"
    dialog.ask_keychain()
    qtbot.waitUntil(lambda: dialog.remember.isChecked(), timeout=10_000)
    assert asked == [True]

    dialog.remember.setFocus()
    qtbot.keyClick(dialog.remember, Qt.Key.Key_Space)  # the user unticks it
    assert not dialog.remember.isChecked()
    dialog.set_remembered(True)  # a late answer
    assert not dialog.remember.isChecked(), "the user's click stands"
