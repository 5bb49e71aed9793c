"""Settings: cadences and the daily cap saved in the journal; keychain on/off; rekey."""

from __future__ import annotations

from PySide6.QtCore import Qt

from journal.core.journal import Journal
from journal.core.model import Circle
from journal.gui.dialogs.settings import ChangePassphraseDialog, SettingsDialog
from tests.conftest import TEST_PASSPHRASE
from tests.support.qt import settle


def _open_settings(qtbot, window) -> SettingsDialog:
    from PySide6.QtWidgets import QApplication

    window.activateWindow()  # what a window manager does when a dialog closes
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.settings_dialog
    assert isinstance(dialog, SettingsDialog) and dialog.isVisible()
    settle()
    return dialog


def _save(qtbot, dialog: SettingsDialog) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    settle()


def test_cadences_cap_quiet_hours_and_auto_lock_are_saved(qtbot, window, journal):
    dialog = _open_settings(qtbot, window)
    assert dialog.location.text() == str(journal.paths.root)
    assert dialog.location.isReadOnly()
    dialog.cadences[Circle.NETWORK].setValue(45)
    dialog.cap.setValue(5)
    dialog.quiet_start.setTime(dialog.quiet_start.time().fromString("22:30", "HH:mm"))
    dialog.auto_lock.setValue(10)
    _save(qtbot, dialog)
    saved = journal.settings()
    assert saved.cadence_days[Circle.NETWORK] == 45
    assert saved.daily_cap == 5
    assert saved.quiet_start == "22:30"
    assert saved.auto_lock_minutes == 10
    assert window.notice.message.text() == "Settings saved."


def test_import_and_export_from_the_data_tab(qtbot, window):
    from PySide6.QtWidgets import QPushButton

    from journal.gui.dialogs.interop import ExportDialog, ImportDialog

    dialog = _open_settings(qtbot, window)
    dialog.show_tab("data")
    qtbot.mouseClick(dialog.findChild(QPushButton, "importFromSettings"), Qt.MouseButton.LeftButton)
    settle()
    assert not dialog.isVisible()
    assert isinstance(window.import_dialog, ImportDialog) and window.import_dialog.isVisible()
    window.import_dialog.reject()
    dialog = _open_settings(qtbot, window)
    dialog.show_tab("data")
    qtbot.mouseClick(dialog.findChild(QPushButton, "exportFromSettings"), Qt.MouseButton.LeftButton)
    settle()
    assert isinstance(window.export_dialog, ExportDialog) and window.export_dialog.isVisible()
    window.export_dialog.reject()


def test_turning_the_keychain_off_and_on(qtbot, window, journal):
    journal.remember_key()
    dialog = _open_settings(qtbot, window)
    assert dialog.remember.isEnabled() and dialog.remember.isChecked()
    dialog.remember.setChecked(False)
    _save(qtbot, dialog)
    assert not journal.is_remembered()
    dialog = _open_settings(qtbot, window)
    assert not dialog.remember.isChecked()
    dialog.remember.setChecked(True)
    _save(qtbot, dialog)
    assert journal.is_remembered()


def test_change_passphrase_refuses_a_wrong_current_one_then_rekeys(qtbot, window, journal):
    dialog = _open_settings(qtbot, window)
    qtbot.mouseClick(_button(dialog, "changePassphrase"), Qt.MouseButton.LeftButton)
    change = dialog.passphrase_dialog
    assert isinstance(change, ChangePassphraseDialog)
    qtbot.keyClicks(change.current, "wrong")
    qtbot.keyClicks(change.new, "a brand new passphrase")
    qtbot.keyClicks(change.confirm, "a brand new passphrase")
    qtbot.mouseClick(change.ok, Qt.MouseButton.LeftButton)
    settle()
    assert change.isVisible()
    assert change.message.text() == "The current passphrase is not right; nothing was changed."

    change.current.selectAll()
    qtbot.keyClicks(change.current, TEST_PASSPHRASE)
    qtbot.mouseClick(change.ok, Qt.MouseButton.LeftButton)
    settle()
    assert not change.isVisible()
    paths = journal.paths
    journal.close()
    Journal.open(paths, "a brand new passphrase").close()


def _button(dialog, name):
    from PySide6.QtWidgets import QPushButton

    return dialog.findChild(QPushButton, name)


def test_start_at_login_writes_and_removes_the_autostart_entry(
    qtbot, window, tmp_path, monkeypatch
):
    import configparser
    import shlex

    from journal import APP_ID

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    entry = tmp_path / "config" / "autostart" / f"{APP_ID}.desktop"
    dialog = _open_settings(qtbot, window)
    assert not dialog.start_at_login.isChecked()
    qtbot.mouseClick(dialog.start_at_login, Qt.MouseButton.LeftButton)
    _save(qtbot, dialog)
    parsed = configparser.ConfigParser(interpolation=None)
    parsed.read(entry)
    assert shlex.split(parsed["Desktop Entry"]["Exec"])[-1] == "--minimized"
    dialog = _open_settings(qtbot, window)
    assert dialog.start_at_login.isChecked()
    qtbot.mouseClick(dialog.start_at_login, Qt.MouseButton.LeftButton)
    _save(qtbot, dialog)
    assert not entry.exists()


def test_start_at_login_that_cannot_be_written_says_so(qtbot, window, tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the config folder should be")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocked))
    dialog = _open_settings(qtbot, window)
    dialog.cap.setValue(4)
    qtbot.mouseClick(dialog.start_at_login, Qt.MouseButton.LeftButton)
    _save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.message.text().startswith("Rapport could not change how it starts at login")
    assert window.journal.settings().daily_cap == 4  # the rest was kept


def test_without_a_tray_keeping_rapport_running_can_be_changed(qtbot, window, gui_settings):
    gui_settings.setValue("background/keep", "no")
    dialog = _open_settings(qtbot, window)
    assert dialog.keep_running is not None and not dialog.keep_running.isChecked()
    qtbot.mouseClick(dialog.keep_running, Qt.MouseButton.LeftButton)
    _save(qtbot, dialog)
    assert gui_settings.value("background/keep") == "yes"
