"""Settings → Backups, driven as a user would: back up now (to the folder or a chosen
file), automatic backups on/off and how many to keep, and restores from the running app:
the old state comes back, the current journal is kept aside, a backup made with another
passphrase asks for it, and a damaged backup is refused with the journal left as it was."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QMessageBox

from journal.core import backup as backup_core
from journal.core.journal import Journal
from journal.core.keys import KdfParams
from journal.core.model import Person
from journal.core.paths import JournalPaths
from journal.gui.dialogs.backups import BackupsTab, RestoreDialog, RestoringDialog
from journal.gui.dialogs.settings import SettingsDialog
from journal.gui.main_window import PageName
from tests.conftest import FAST_KDF_N, TEST_PASSPHRASE
from tests.support.backups import damaged_backup
from tests.support.qt import settle

CLICK = Qt.MouseButton.LeftButton


def _backups_tab(qtbot, window) -> tuple[SettingsDialog, BackupsTab]:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.settings_dialog
    assert isinstance(dialog, SettingsDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
    qtbot.keyClick(dialog.tabs, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.currentWidget() is dialog.backups
    settle()
    return dialog, dialog.backups


def _back_up_now(qtbot, tab: BackupsTab) -> None:
    qtbot.mouseClick(tab.backup_button, CLICK)
    assert not tab.backup_button.isEnabled(), "one backup at a time"
    qtbot.waitUntil(lambda: tab.message.kind == "success", timeout=20_000)
    settle()


def _rows(tab: BackupsTab) -> list[tuple[str, str]]:
    return [(made, how) for made, how, _size in tab.rows()]


def _click_row(qtbot, tab: BackupsTab, row: int) -> None:
    rect = tab.list.visualRect(tab.list.model().index(row, 0))
    qtbot.mouseClick(tab.list.viewport(), CLICK, pos=rect.center())


def test_back_up_now_shows_progress_and_lists_the_backup(qtbot, window, journal):
    journal.add_person(Person(name="Ana Lima"))
    _dialog, tab = _backups_tab(qtbot, window)
    assert tab.folder.text() == str(journal.paths.backups)
    assert tab.last.text().startswith("No backup yet.")
    assert _rows(tab) == []
    progress = []
    tab.progress.valueChanged.connect(progress.append)
    _back_up_now(qtbot, tab)
    assert progress and max(progress) == 100
    assert _rows(tab) == [("24 Nov 2026, 09:00", "By hand")]
    assert tab.rows()[0][2].endswith((" KB", " MB"))
    assert tab.last.text() == "24 Nov 2026, 09:00 (by hand), 1 backup in the folder"
    [made] = tab.backups()
    assert made.parent == journal.paths.backups
    assert tab.message.text() == f"Backed up to {made}."
    assert backup_core.verify_backup(made, passphrase=TEST_PASSPHRASE).people == 1


def test_a_backup_of_another_journal_is_marked_so(qtbot, window, journal, make_journal):
    other = make_journal("other", passphrase="another passphrase")
    journal.paths.backups.mkdir(mode=0o700)
    backup_core.backup(other, journal.paths.backups)  # copied in from elsewhere
    _dialog, tab = _backups_tab(qtbot, window)
    assert _rows(tab) == [("24 Nov 2026, 09:00", "By hand, another journal")]


def test_back_up_to_a_chosen_file(qtbot, window, journal, tmp_path):
    _dialog, tab = _backups_tab(qtbot, window)
    qtbot.mouseClick(tab.backup_to_button, CLICK)
    chooser = tab.file_dialog
    assert isinstance(chooser, QFileDialog) and chooser.isVisible()
    assert chooser.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    target = tmp_path / "usb stick" / "mine.rapport-backup"
    target.parent.mkdir()
    chooser.selectFile(str(target))
    chooser.accept()
    qtbot.waitUntil(lambda: tab.message.kind == "success", timeout=20_000)
    assert target.exists()
    assert tab.message.text() == f"Backed up to {target}."
    assert _rows(tab) == [], "the list shows the backups folder only"


def test_automatic_backups_off_and_how_many_to_keep_are_saved(qtbot, window, journal):
    dialog, tab = _backups_tab(qtbot, window)
    assert tab.auto.isChecked() and tab.keep.value() == 7
    tab.keep.clear()
    qtbot.keyClicks(tab.keep, "3")
    qtbot.mouseClick(tab.auto, CLICK)
    assert not tab.keep.isEnabled()
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Save), CLICK)
    settle()
    saved = journal.settings()
    assert (saved.auto_backup, saved.backups_kept) == (False, 3)


# restoring from the running app ----------------------------------------------------------


def _open_session(qtbot, make_session, tmp_path, clock, keychain) -> tuple:
    paths = JournalPaths(tmp_path / "journal")
    Journal.create(
        paths,
        TEST_PASSPHRASE,
        clock=clock,
        keychain=keychain,
        remember=True,
        kdf=KdfParams.fresh(n=FAST_KDF_N),
    ).close()
    session = make_session(paths)
    session.start()
    qtbot.waitUntil(lambda: session.window is not None, timeout=10_000)
    settle(qtbot, 20)
    return session, paths


def _people_names(window) -> list[str]:
    window.show_page(PageName.PEOPLE)
    settle()
    model = window.people.model
    return sorted(model.index(r, 0).data() for r in range(model.rowCount()))


def _confirm(qtbot, tab: BackupsTab) -> RestoreDialog:
    qtbot.waitUntil(
        lambda: tab.confirm_dialog is not None and tab.confirm_dialog.isVisible(), timeout=10_000
    )
    return tab.confirm_dialog


def test_back_up_change_restore_and_see_the_old_state(
    qtbot, make_session, tmp_path, clock, keychain
):
    session, paths = _open_session(qtbot, make_session, tmp_path, clock, keychain)
    session.journal.add_person(Person(name="Ana Lima"))
    _dialog, tab = _backups_tab(qtbot, session.window)
    _back_up_now(qtbot, tab)
    tab.window().reject()
    session.journal.add_person(Person(name="Kofi After"))
    assert _people_names(session.window) == ["Ana Lima", "Kofi After"]

    old_window = session.window
    _dialog, tab = _backups_tab(qtbot, session.window)
    assert not tab.restore_button.isEnabled(), "nothing chosen yet"
    _click_row(qtbot, tab, 0)
    qtbot.mouseClick(tab.restore_button, CLICK)
    confirm = _confirm(qtbot, tab)
    assert confirm.summary.text().startswith(
        "Your journal as it is now (2 people, 0 entries) will be replaced by this backup, "
        "made by hand on 24 Nov 2026, 09:00."
    )
    assert f"kept aside in {paths.root / 'replaced'}" in confirm.kept.text()
    assert confirm.passphrase is None, "made with the journal's key: nothing to type"
    assert confirm.focusWidget() is not confirm.restore_button, "Enter does not replace"

    qtbot.mouseClick(confirm.restore_button, CLICK)
    assert isinstance(session.dialog, RestoringDialog) and session.dialog.isVisible()
    qtbot.waitUntil(
        lambda: session.window is not None and session.window is not old_window, timeout=20_000
    )
    settle(qtbot, 20)
    window = session.window
    assert window.isVisible()
    assert _people_names(window) == ["Ana Lima"]
    notice = window.notice.message.text()
    assert notice.startswith(
        "Your journal was restored from the backup of 24 Nov 2026, "
        "09:00 (1 person, 0 entries). The journal it replaced is kept in "
    )
    [kept] = (paths.root / "replaced").iterdir()
    assert str(kept) in notice
    aside = Journal.open(JournalPaths(kept), TEST_PASSPHRASE, keychain=keychain, clock=clock)
    try:
        assert sorted(p.name for p in aside.query_people()) == ["Ana Lima", "Kofi After"]
    finally:
        aside.close()


def test_a_backup_from_before_a_passphrase_change_asks_for_that_passphrase(
    qtbot, make_session, tmp_path, clock, keychain
):
    session, _paths = _open_session(qtbot, make_session, tmp_path, clock, keychain)
    session.journal.add_person(Person(name="Ana Lima"))
    made = backup_core.backup(session.journal)
    session.journal.change_passphrase(TEST_PASSPHRASE, "the newer passphrase")
    session.journal.add_person(Person(name="Kofi After"))

    old_window = session.window
    _dialog, tab = _backups_tab(qtbot, session.window)
    qtbot.mouseClick(tab.restore_file_button, CLICK)
    tab.file_dialog.selectFile(str(made))
    tab.file_dialog.accept()
    confirm = _confirm(qtbot, tab)
    assert confirm.passphrase is not None and confirm.passphrase.hasFocus()
    assert not confirm.restore_button.isEnabled()

    qtbot.keyClicks(confirm.passphrase, "the newer passphrase")
    qtbot.mouseClick(confirm.restore_button, CLICK)
    qtbot.waitUntil(lambda: confirm.message.kind == "error", timeout=10_000)
    assert confirm.message.text().startswith("That passphrase does not open this backup.")
    assert confirm.isVisible() and session.window is old_window

    qtbot.keyClicks(confirm.passphrase, TEST_PASSPHRASE)  # replaces the selection
    qtbot.mouseClick(confirm.restore_button, CLICK)
    qtbot.waitUntil(
        lambda: session.window is not None and session.window is not old_window, timeout=20_000
    )
    settle(qtbot, 20)
    assert _people_names(session.window) == ["Ana Lima"]
    assert session.journal.is_remembered(), "the keychain follows the restored journal"
    # Locked, it opens with the passphrase the backup was made with.
    session.lock()
    settle(qtbot, 20)
    qtbot.keyClicks(session.dialog.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(session.dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.window is not None, timeout=10_000)


def test_a_damaged_backup_is_refused_and_the_journal_stays_as_it_was(
    qtbot, make_session, tmp_path, clock, keychain
):
    session, paths = _open_session(qtbot, make_session, tmp_path, clock, keychain)
    session.journal.add_people([Person(name=f"Person {i}", notes="x" * 400) for i in range(150)])
    good = backup_core.backup(session.journal, tmp_path / "good.rapport-backup")
    bad = damaged_backup(good, tmp_path / "bad.rapport-backup")
    session.journal.add_person(Person(name="Only in the journal"))

    old_window = session.window
    _dialog, tab = _backups_tab(qtbot, session.window)
    qtbot.mouseClick(tab.restore_file_button, CLICK)
    tab.file_dialog.selectFile(str(bad))
    tab.file_dialog.accept()
    confirm = _confirm(qtbot, tab)
    qtbot.mouseClick(confirm.restore_button, CLICK)
    qtbot.waitUntil(
        lambda: session.window is not None and session.window is not old_window, timeout=20_000
    )
    box = session.restore_problem
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.windowTitle() == "The backup was not restored"
    assert box.text().startswith(f"The backup {bad} is damaged")
    assert "your journal has not been changed" in box.text()
    assert box.informativeText() == "Your journal is open again, as it was before."
    box.accept()
    settle(qtbot, 20)
    assert "Only in the journal" in _people_names(session.window)
    assert not (paths.root / "replaced").exists()


def test_something_that_is_not_a_backup_is_refused_before_anything_closes(
    qtbot, window, journal, tmp_path
):
    other = tmp_path / "holiday.jpg"
    other.write_bytes(b"\xff\xd8\xff\xe0 not a backup")
    _dialog, tab = _backups_tab(qtbot, window)
    qtbot.mouseClick(tab.restore_file_button, CLICK)
    tab.file_dialog.selectFile(str(other))
    tab.file_dialog.accept()
    qtbot.waitUntil(lambda: tab.message.kind == "error" and tab.message.isVisible(), timeout=10_000)
    assert tab.message.text() == (
        f"{other} is not a Rapport backup (or it is badly damaged); nothing was changed."
    )
    assert tab.confirm_dialog is None and journal.is_open
