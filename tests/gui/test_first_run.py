"""First run, end to end through the real dialogs: the choice comes first; the user's own
journal (empty, or with contacts imported right after it is created), or the sample
journal, which is a separate journal with a banner that leads back to setting up one's
own. ``journal demo`` shows the same banner."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from journal.core import sample
from journal.core.early_key import EarlyKey
from journal.core.journal import Journal
from journal.core.keys import KdfParams
from journal.core.paths import JournalPaths
from journal.gui.dialogs.interop import ImportDialog
from journal.gui.dialogs.unlock import SetupDialog, StartWith, UnlockDialog
from journal.gui.main_window import MainWindow, PageName
from tests.conftest import FAST_KDF_N, TEST_PASSPHRASE
from tests.core.interop_support import card
from tests.support.qt import settle

CLICK = Qt.MouseButton.LeftButton
PASSPHRASE = "paper lantern river seventeen"


def _setup(session) -> SetupDialog:
    session.start()
    dialog = session.dialog
    assert isinstance(dialog, SetupDialog) and dialog.isVisible()
    settle()
    return dialog


def _create(qtbot, dialog: SetupDialog) -> None:
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.confirm, PASSPHRASE)
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)  # Enter creates


def _window(qtbot, session, other_than=None) -> MainWindow:
    qtbot.waitUntil(
        lambda: session.window is not None and session.window is not other_than, timeout=60_000
    )
    settle(qtbot, 20)
    window = session.window
    assert isinstance(window, MainWindow) and window.isVisible()
    return window


def _visible_windows() -> list[MainWindow]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    ]


def _people_count(qtbot, window) -> str:
    window.show_page(PageName.PEOPLE)
    qtbot.waitUntil(lambda: window.people.count.text() != "", timeout=10_000)
    settle()
    return window.people.count.text()


def test_the_choice_comes_first_and_back_returns_to_it(qtbot, make_session):
    dialog = _setup(make_session())
    assert dialog.pages.currentIndex() == dialog.CHOOSE
    assert not dialog.create_button.isVisible() and not dialog.back_button.isVisible()
    assert [
        b.accessibleName() for b in (dialog.start_empty, dialog.start_import, dialog.start_sample)
    ] == [
        "Start my own journal",
        "Start my own journal and import my contacts",
        "Explore a sample journal first",
    ]
    qtbot.mouseClick(dialog.start_import, CLICK)
    assert dialog.pages.currentIndex() == dialog.PASSPHRASE
    assert dialog.create_button.text() == "&Create journal and import"
    qtbot.mouseClick(dialog.back_button, CLICK)
    assert dialog.pages.currentIndex() == dialog.CHOOSE
    assert dialog.start_import.hasFocus(), "back where the user was"
    qtbot.mouseClick(dialog.start_empty, CLICK)
    assert dialog.create_button.text() == "&Create journal"
    qtbot.mouseClick(dialog.back_button, CLICK)

    # With the keyboard: Tab to a choice, Enter takes it.
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
    dialog.start_empty.setFocus()
    qtbot.keyClick(dialog.start_empty, Qt.Key.Key_Tab)
    assert dialog.start_import.hasFocus()
    qtbot.keyClick(dialog.start_import, Qt.Key.Key_Return)
    assert dialog.pages.currentIndex() == dialog.PASSPHRASE
    assert dialog.start_choice() is StartWith.IMPORT


def test_starting_with_contacts_opens_the_import_right_after_creating(
    qtbot, make_session, tmp_path
):
    contacts = tmp_path / "phone.vcf"
    contacts.write_text(
        card("FN:Ana Lima", "EMAIL:ana@crumb.example")
        + card("FN:Kofi Mensah", "ORG:Northwind Labs")
    )
    session = make_session()
    dialog = _setup(session)
    qtbot.mouseClick(dialog.start_import, CLICK)
    _create(qtbot, dialog)
    window = _window(qtbot, session)
    assert (tmp_path / "journal" / "journal.db").exists()
    assert window.banner is None
    qtbot.waitUntil(
        lambda: isinstance(window.import_dialog, ImportDialog) and window.import_dialog.isVisible(),
        timeout=5000,
    )
    importer = window.import_dialog
    assert "not part of this version" not in window.notice.message.text()

    qtbot.keyClicks(importer.path_edit, str(contacts))
    qtbot.mouseClick(importer.next_button, CLICK)
    qtbot.waitUntil(lambda: importer.stack.currentIndex() == importer.PREVIEW, timeout=10_000)
    qtbot.mouseClick(importer.next_button, CLICK)  # Import
    qtbot.waitUntil(lambda: importer.stack.currentIndex() == importer.REPORT, timeout=10_000)
    importer.accept()
    assert _people_count(qtbot, window) == "2 people"


def test_exploring_opens_a_separate_sample_journal_with_a_banner_then_my_own(
    qtbot, make_session, tmp_path, memory_keyring
):
    session = make_session()
    dialog = _setup(session)
    progress = []
    dialog.progress.valueChanged.connect(progress.append)
    qtbot.mouseClick(dialog.start_sample, CLICK)
    assert not dialog.start_empty.isEnabled(), "one thing at a time while it is written"
    sample_window = _window(qtbot, session)
    assert progress, "the progress bar moved while the sample was written"

    own = tmp_path / "journal"
    assert not (own / "journal.db").exists(), "nothing was written into my own journal"
    assert (own / "demo" / "journal.db").exists()
    assert session.journal.paths == JournalPaths(own / "demo")
    banner = sample_window.banner
    assert banner is not None and banner.isVisible()
    assert banner.message.text() == "This is a sample journal: nothing here is yours."
    # The platform adds " — Rapport" itself: the title bar reads "Sample journal — Rapport".
    assert sample_window.windowTitle() == "Sample journal"
    assert _people_count(qtbot, sample_window) == "120 people"
    assert not memory_keyring.secrets, "the sample's key is not kept in the keychain"

    [own_button] = banner.buttons
    assert own_button.text() == "Set up &my own journal"
    qtbot.mouseClick(own_button, CLICK)
    settle(qtbot, 20)
    assert session.window is None
    assert not _visible_windows(), "the sample's window is closed"
    setup = session.dialog
    assert isinstance(setup, SetupDialog) and setup.isVisible()
    qtbot.mouseClick(setup.start_empty, CLICK)
    _create(qtbot, setup)
    window = _window(qtbot, session)
    assert window.banner is None and window.windowTitle() == "Rapport"
    assert session.journal.paths == JournalPaths(own)
    assert _people_count(qtbot, window) == "0 people"
    assert memory_keyring.secrets, "my own journal's key is remembered"

    # Locked and unlocked again, it is my own journal that opens, with my passphrase.
    session.lock()
    settle(qtbot, 20)
    unlock = session.dialog
    assert isinstance(unlock, UnlockDialog)
    qtbot.keyClicks(unlock.passphrase, PASSPHRASE)
    qtbot.keyClick(unlock.passphrase, Qt.Key.Key_Return)
    window = _window(qtbot, session, other_than=window)
    assert window.banner is None


def _sample_journal(paths: JournalPaths) -> None:
    journal = Journal.create(paths, sample.DEMO_PASSPHRASE, kdf=KdfParams.fresh(n=FAST_KDF_N))
    sample.populate(journal, sample.SampleSpec(people=6, entries=12))
    journal.close()


def test_journal_demo_shows_the_banner_and_it_leads_to_my_existing_journal(
    qtbot, make_session, tmp_path, clock, keychain
):
    demo, own = JournalPaths(tmp_path / "demo"), JournalPaths(tmp_path / "mine")
    _sample_journal(demo)
    Journal.create(
        own, TEST_PASSPHRASE, kdf=KdfParams.fresh(n=FAST_KDF_N), clock=clock, keychain=keychain
    ).close()
    # As `journal demo` starts it: the sample's key begun before the app.
    early = EarlyKey(demo.meta, sample.DEMO_PASSPHRASE)
    session = make_session(
        demo, demo_passphrase=sample.DEMO_PASSPHRASE, own_paths=own, early_key=early
    )
    session.start()
    sample_window = _window(qtbot, session)
    assert sample_window.banner is not None and sample_window.banner.isVisible()
    assert _people_count(qtbot, sample_window) == "6 people"
    assert early.take(demo.meta, sample.DEMO_PASSPHRASE) is None, "opening took it"

    qtbot.mouseClick(sample_window.banner.buttons[0], CLICK)
    settle(qtbot, 20)
    unlock = session.dialog
    assert isinstance(unlock, UnlockDialog) and unlock.isVisible()
    assert not _visible_windows()
    qtbot.keyClicks(unlock.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(unlock.passphrase, Qt.Key.Key_Return)
    window = _window(qtbot, session, other_than=sample_window)
    assert window.banner is None
    assert session.journal.paths == own
    assert _people_count(qtbot, window) == "0 people"


def test_journal_demo_the_first_time_shows_its_window_then_writes_the_sample_in_it(
    qtbot, make_session, tmp_path
):
    demo = JournalPaths(tmp_path / "demo")
    # As `journal demo` starts it when there is no sample journal yet.
    session = make_session(
        demo,
        demo_passphrase=sample.DEMO_PASSPHRASE,
        own_paths=JournalPaths(tmp_path / "mine"),
        sample_spec=sample.SampleSpec(people=6, entries=40),
    )
    session.start()
    dialog = session.dialog
    assert isinstance(dialog, UnlockDialog) and dialog.isVisible(), "the window comes first"
    progress: list[int] = []
    dialog.progress.valueChanged.connect(progress.append)
    messages: list[str] = []
    dialog.progress.valueChanged.connect(lambda _v: messages.append(dialog.message.text()))
    sample_window = _window(qtbot, session)
    assert progress, "the progress bar moved while the sample was written"
    assert any(m.startswith("Writing the sample journal: ") for m in messages), messages
    assert sample_window.banner is not None and sample_window.banner.isVisible()
    assert _people_count(qtbot, sample_window) == "6 people"
    assert demo.db.exists()


def test_exploring_again_reopens_the_same_sample_without_rewriting_it(
    qtbot, make_session, tmp_path
):
    _sample_journal(JournalPaths(tmp_path / "journal" / "demo"))
    session = make_session()
    dialog = _setup(session)
    qtbot.mouseClick(dialog.start_sample, CLICK)
    window = _window(qtbot, session)
    assert _people_count(qtbot, window) == "6 people"
    assert window.banner is not None
    assert not any(
        isinstance(w, SetupDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
    )


def test_the_choices_arrows_read_on_a_dark_palette(qtbot, monkeypatch, tmp_path):
    """Qt's own arrow before each choice is black, lost on a dark window (issue 14's
    dark screenshots): the arrow is drawn in the palette's text colour."""
    from journal.core.paths import JournalPaths
    from journal.gui import theme
    from journal.gui.dialogs.unlock import SetupDialog

    monkeypatch.setenv("RAPPORT_ICONS", "bundled")
    app = QApplication.instance()
    before = app.palette()
    app.setPalette(theme.dark_palette())
    try:
        setup = SetupDialog(
            JournalPaths(tmp_path / "new"), lambda *a, **k: None, lambda: True, lambda p: None
        )
        qtbot.addWidget(setup)
        image = setup.start_empty.icon().pixmap(20, 20).toImage()
        drawn = [
            image.pixelColor(x, y)
            for x in range(image.width())
            for y in range(image.height())
            if image.pixelColor(x, y).alpha() > 128
        ]
        assert drawn, "no arrow drawn"
        assert max(c.lightness() for c in drawn) > 150, "a dark arrow on a dark window"
    finally:
        app.setPalette(before)
