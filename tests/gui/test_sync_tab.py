"""Settings → Sync, driven as a user would: choose a folder (the folder dialog answered),
sync now, see what came in from the other computer and when, and put back a value kept
from an edit made on both computers."""

from __future__ import annotations

import re
import shutil
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from journal.core.model import Entry
from journal.core.paths import JournalPaths
from journal.core.sync import engine
from journal.gui.dialogs.settings import SettingsDialog
from journal.gui.dialogs.sync import SyncTab
from tests.conftest import TEST_PASSPHRASE
from tests.support.qt import settle
from tests.support.sync import Carrier

CLICK = Qt.MouseButton.LeftButton


def _sync_tab(qtbot, window) -> SyncTab:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.settings_dialog
    assert isinstance(dialog, SettingsDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
    qtbot.keyClick(dialog.tabs, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.currentWidget() is dialog.sync
    settle()
    return dialog.sync


def test_choose_a_folder_sync_and_see_what_came_in(
    qtbot, window, journal, tmp_path, monkeypatch, keychain
):
    entry = journal.add_entry(Entry(occurred_at=datetime(2026, 11, 20, 10), body="Lunch with Ana."))
    tab = _sync_tab(qtbot, window)
    assert tab.folder.text() == "This journal does not sync. Choose a folder to start."
    assert not tab.now.isEnabled()
    assert not tab.history.isVisible()  # no empty boxes before there is anything to show
    folder = tmp_path / "Sync"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    qtbot.mouseClick(tab.choose, CLICK)
    qtbot.waitUntil(lambda: tab.choose.isEnabled(), timeout=30_000)
    assert tab.folder.text() == f"Syncs through {folder}"
    assert tab.last.text().startswith("Last synced ")
    # In the app's one date format and local time, not "2026-11-24 09:00 UTC".
    assert re.match(r"Last synced \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d", tab.last.text())
    assert "UTC" not in tab.last.text() and tab.history.isVisible()

    # The other computer joins, edits the same entry and adds one.
    view = tmp_path / "view-other"

    shutil.copytree(folder, view)
    other = engine.join(JournalPaths(tmp_path / "other"), view, TEST_PASSPHRASE, keychain=keychain)
    try:
        theirs = other.entry(entry.id)
        theirs.body = "Lunch with Ana; she moves to Lisbon."
        other.save_entry(theirs)
        mine = journal.entry(entry.id)
        mine.body = "Lunch with Ana at the market."
        journal.save_entry(mine)
        other.add_entry(Entry(occurred_at=datetime(2026, 11, 21, 9), body="Call with Ben."))
        engine.sync_now(other)
        carrier = Carrier([folder, view])
        carrier.everything_everywhere()
        qtbot.mouseClick(tab.now, CLICK)
        qtbot.waitUntil(lambda: tab.now.isEnabled(), timeout=30_000)
        assert "From " in tab.last.text() and "edited on both computers" in tab.last.text()
        assert tab.came_in.count() >= 1
        assert "new: 1 entry" in tab.came_in.item(0).text()
        assert tab.kept.count() == 1
        kept_text = tab.kept.item(0).text()
        assert "edited on both computers" in kept_text
        shown = journal.entry(entry.id).body
        tab.kept.setCurrentRow(0)
        qtbot.mouseClick(tab.put_back, CLICK)
        qtbot.waitUntil(  # the put back runs on the worker, like any operation
            lambda: tab.last.text() == "Put back. It reaches your other computers at the next sync."
        )
        assert journal.entry(entry.id).body != shown
    finally:
        other.close()


def test_the_app_syncs_when_the_folder_changes(qtbot, tmp_path, clock, keychain):
    """What the sync tool brings is applied without a click, off the window's thread."""
    from types import SimpleNamespace

    from journal.gui.desktop.session import SessionSignals
    from journal.gui.desktop.sync_watch import SyncWatch
    from tests.support.sync import make_replicas

    mine, theirs = make_replicas(tmp_path, 2, clock, keychain)
    try:
        signals = SessionSignals()
        watch = SyncWatch(SimpleNamespace(journal=mine, signals=signals))
        with qtbot.waitSignal(watch.synced, timeout=30_000):
            signals.unlocked.emit(mine)  # the session says it is unlocked
        theirs.add_entry(Entry(occurred_at=datetime(2026, 11, 21, 9), body="Call with Ben."))
        engine.sync_now(theirs)
        with qtbot.waitSignal(watch.synced, timeout=30_000) as arrived:
            Carrier([tmp_path / "view0", tmp_path / "view1"]).everything_everywhere()
        assert any("new: 1 entry" in line for line in arrived.args[0])
        assert mine.count_entries() == 1
        watch.stop()
    finally:
        mine.close()
        theirs.close()


def test_a_second_computer_joins_from_the_first_run_screen(
    qtbot, make_session, tmp_path, clock, keychain, monkeypatch
):
    from journal.core.journal import Journal
    from journal.core.keys import KdfParams
    from journal.core.model import Person
    from journal.gui.dialogs.sync import JoinDialog
    from journal.gui.dialogs.unlock import SetupDialog
    from journal.gui.main_window import MainWindow
    from tests.conftest import FAST_KDF_N

    first = Journal.create(
        JournalPaths(tmp_path / "first"),
        TEST_PASSPHRASE,
        kdf=KdfParams.fresh(n=FAST_KDF_N),
        clock=clock,
        keychain=keychain,
    )
    first.add_person(Person(name="Lena Park"))
    folder = tmp_path / "Sync"
    folder.mkdir()
    engine.enable(first, folder)
    first.close()

    session = make_session(JournalPaths(tmp_path / "second"))
    session.start()
    setup = session.dialog
    assert isinstance(setup, SetupDialog)
    settle()
    qtbot.mouseClick(setup.start_join, CLICK)
    join = setup.join_dialog
    assert isinstance(join, JoinDialog) and join.isVisible()
    assert not join.join_button.isEnabled()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    qtbot.mouseClick(join.findChild(type(join.join_button), "joinChoose"), CLICK)
    qtbot.keyClicks(join.passphrase, "not the passphrase")
    qtbot.mouseClick(join.join_button, CLICK)
    qtbot.waitUntil(lambda: join.join_button.isEnabled(), timeout=30_000)
    assert "does not open the journal in this sync folder" in join.message.text()
    join.passphrase.clear()
    qtbot.keyClicks(join.passphrase, TEST_PASSPHRASE)
    qtbot.mouseClick(join.join_button, CLICK)
    qtbot.waitUntil(lambda: isinstance(session.window, MainWindow), timeout=60_000)
    settle()
    assert [p.name for p in session.journal.people()] == ["Lena Park"]
    assert engine.configured_folder(session.journal) == folder
