"""Screenshots of the main screens on the sample journal, in light and dark palettes.

    python tests/screenshots/take_screenshots.py [--out DIR]

Runs under a real X server: an existing $DISPLAY, or an Xvfb it starts (and stops) on
a free display. Each palette runs in its own process (a fresh QApplication, as a user
with that desktop theme would get), writes the sample journal to a temporary folder
with a fixed date (24 Nov 2026), and grabs the whole screen with ImageMagick's
``import -window root`` for Today, People, a Person page, the Journal, the entry
editor, the search popup, Settings (each tab, with backups listed), a restore's
confirmation, the import dialog, Insights, the first-run and unlock dialogs, a notice
that stays, and the sample journal's banner. Output: tests/screenshots/out/ (ignored by
git). Look at every one.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "out"
SIZE = (1280, 800)


def main() -> int:
    return run_by_theme(__file__, shoot)


def run_by_theme(
    script: str,
    shoot_one: Callable[[str, Path], int],
    after: Callable[[Path], None] | None = None,
) -> int:
    """A screenshot script's command line: each palette in a process of its own (a fresh
    QApplication, as a user with that desktop theme would get) on one X server, then
    ``after(out)`` for shots taken outside the app (the desktop's notifications)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--theme",
        choices=("light", "dark"),
        help="(internal) take one palette's shots in this process",
    )
    args = parser.parse_args()
    if args.theme:
        return shoot_one(args.theme, args.out)
    for program in ("Xvfb", "import"):
        if shutil.which(program) is None:
            print(f"needs {program} (apt-get install xvfb imagemagick)", file=sys.stderr)
            return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with display() as env:
        for theme in ("light", "dark"):
            subprocess.run(
                [sys.executable, script, "--theme", theme, "--out", str(args.out)],
                check=True,
                env=env,
                cwd=ROOT,
            )
    if after is not None:
        after(args.out)
    print(f"screenshots in {args.out}")
    return 0


class display:
    """$DISPLAY if there is one, else a private Xvfb for the duration."""

    def __enter__(self) -> dict[str, str]:
        self.proc: subprocess.Popen[bytes] | None = None
        env = dict(os.environ)
        env.pop("QT_QPA_PLATFORM", None)
        if env.get("DISPLAY") and not env.get("RAPPORT_SCREENSHOT_XVFB"):
            return env
        for number in range(90, 140):
            if (
                not Path(f"/tmp/.X11-unix/X{number}").exists()
                and not Path(f"/tmp/.X{number}-lock").exists()
            ):
                break
        self.proc = subprocess.Popen(
            ["Xvfb", f":{number}", "-screen", "0", f"{SIZE[0]}x{SIZE[1]}x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise RuntimeError("Xvfb did not start")
            time.sleep(0.05)
        env["DISPLAY"] = f":{number}"
        return env

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


class Shots:
    """The main window on a throwaway sample journal (never the real keychain), with the
    settle-then-grab steps every screenshot script takes."""

    def __init__(self, theme: str, out: Path, prefix: str, spec: object = None) -> None:
        import keyring
        from PySide6.QtCore import QSettings

        from journal.core import sample
        from journal.core.clock import FixedClock
        from journal.core.journal import Journal
        from journal.core.keys import KdfParams
        from journal.core.paths import JournalPaths
        from journal.gui.app import make_application
        from journal.gui.main_window import MainWindow
        from tests.support.keyrings import MemoryKeyring

        keyring.set_keyring(MemoryKeyring())  # never the real keychain
        self.theme, self.out = theme, out
        self.app = make_application([sys.argv[0]])
        self.work = Path(tempfile.mkdtemp(prefix=prefix))
        self.journal = Journal.create(
            JournalPaths(self.work / "journal"),
            "screenshots",
            kdf=KdfParams.fresh(n=2**10),
            clock=FixedClock("2026-11-24T09:00"),
        )
        if spec is None:
            sample.populate(self.journal)
        else:
            sample.populate(self.journal, spec)
        self.window = MainWindow(
            self.journal, settings=QSettings(str(self.work / "gui.ini"), QSettings.Format.IniFormat)
        )
        self.window.setGeometry(0, 0, *SIZE)
        self.window.show()

    def settle(self, ms: int = 300) -> None:
        """Let background work finish and the screen repaint before a grab."""
        from journal.gui.desktop import tasks

        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            tasks.wait_all()
            self.app.processEvents()
            time.sleep(0.02)

    def grab(self, name: str) -> None:
        self.settle()
        path = self.out / f"{self.theme}-{name}.png"
        subprocess.run(["import", "-window", "root", str(path)], check=True)
        print(f"  {path.name}")

    def close(self) -> None:
        self.window.prepare_to_lock()
        self.journal.close()
        self.app.quit()
        shutil.rmtree(self.work, ignore_errors=True)


def shoot(theme: str, out: Path) -> int:
    sys.path.insert(0, str(ROOT))
    os.environ["RAPPORT_THEME"] = theme
    os.environ.setdefault("RAPPORT_ICONS", "bundled")  # the same icons on every machine
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    from PySide6.QtCore import QSettings

    from journal.core.clock import FixedClock
    from journal.core.journal import Journal
    from journal.core.keys import KdfParams
    from journal.core.paths import JournalPaths
    from journal.gui.main_window import MainWindow, PageName

    shots = Shots(theme, out, "rapport-shots-")
    journal, window, work = shots.journal, shots.window, shots.work
    settle, grab = shots.settle, shots.grab

    def grab_dialog(name: str, dialog: object, width: int = 0, height: int = 0) -> None:
        """A dialog on its own: no window manager places it, so put it mid-screen."""
        from PySide6.QtWidgets import QDialog

        assert isinstance(dialog, QDialog)
        dialog.show()
        settle(200)
        size = dialog.sizeHint()
        w, h = max(width, size.width(), dialog.width()), max(height, size.height())
        dialog.setGeometry((SIZE[0] - w) // 2, max(40, (SIZE[1] - h) // 2), w, h)
        grab(name)

    try:
        settle(800)
        grab("today")
        window.show_page(PageName.PEOPLE)
        settle(500)
        person_id = _showcase_person(journal)
        window.people.select(person_id)
        grab("people")
        window.open_person(person_id)
        grab("person")
        bar = window.person_page.scroll_area.verticalScrollBar()
        bar.setValue(bar.maximum() // 2)
        grab("person-middle")
        bar.setValue(bar.maximum())
        grab("person-end")
        bar.setValue(0)
        window.show_page(PageName.JOURNAL)
        grab("journal")
        others = [p.id for p in journal.query_people() if p.id != person_id][:1]
        window.new_entry([person_id, *others], title="Coffee at Verde Café")
        editor = window.editor
        assert editor is not None
        editor.setGeometry(120, 60, 900, 660)
        editor.body.setPlainText(
            "Long coffee after the conference. She is nervous about the second clinic but "
            "the funding came through. We swapped climbing stories."
        )
        form = editor.answers_form(editor.attendees[0].name)
        form.fields["working_on"].setText("opening a second clinic in the spring")
        form.fields["could_offer"].setText("an intro to the architect who did our office")
        form.fields["follow_up"].setText("send the architect's details")
        form.due.setChecked(True)
        grab("entry-editor")
        editor.keep_for_lock()
        _search(window, "cla", settle)
        grab("search")
        window.search.clear()
        window.search_popup.hide()
        from journal.core import backup as backup_core

        backup_core.backup(journal)
        journal.clock.advance(hours=-15)  # type: ignore[attr-defined]
        backup_core.backup(journal, automatic=True)
        journal.clock.advance(hours=15)  # type: ignore[attr-defined]
        # One made before a passphrase change: restoring it asks for that passphrase.
        older = Journal.create(
            JournalPaths(work / "older"),
            "the old passphrase",
            kdf=KdfParams.fresh(n=2**10),
            clock=FixedClock("2026-10-02T18:30"),
        )
        backup_core.backup(older, journal.paths.backups)
        older.close()
        for tab in ("check-ins", "security", "backups", "calendar", "sync", "data"):
            dialog = window.open_settings(tab)
            dialog.move(240, 90)
            grab(f"settings-{tab}")
            if tab == "backups":
                tabs = dialog.backups
                tabs.select(1)
                tabs.restore_selected()
                settle(300)
                confirm = tabs.confirm_dialog
                assert confirm is not None
                confirm.move(360, 200)
                grab("restore-confirm")
                confirm.reject()
                tabs.select(2)
                tabs.restore_selected()
                settle(300)
                confirm = tabs.confirm_dialog
                confirm.move(360, 180)
                grab("restore-passphrase")
                confirm.reject()
            dialog.close()
        exporter = window.export_journal()
        exporter.move(300, 140)
        grab("export")
        exporter.reject()
        importer = window.import_contacts(_contacts(work))
        importer.move(230, 100)
        grab("import-file")
        importer.next_button.click()
        settle(600)
        grab("import-preview")
        importer.reject()
        window.warn(
            "Today's automatic backup was not made: the disk is full. Your journal "
            "is safe. Free some space (older backups are in "
            f"{journal.paths.backups}); Rapport will try again tomorrow, or use "
            "Settings → Backups → Back up now.",
            [("Open &Backups", lambda: None)],
        )
        window.show_page(PageName.TODAY)
        grab("notice")
        window.notice.dismiss()
        _snooze_first(window, journal, settle)
        grab("today-snoozed")
        from journal.gui.dialogs.about import show_about

        about = show_about(window)
        about.move((SIZE[0] - about.width()) // 2, 120)
        grab("about")
        about.close()
        window.show_page(PageName.INSIGHTS)
        settle(1500)
        insights = window.insights
        insights.row("ties.at_risk").button.click()  # the people behind an insight
        grab("insights")
        bar = insights.scroll_area.verticalScrollBar()
        bar.setValue(insights.month_chart.parentWidget().y() - 20)
        grab("insights-charts")
        bar.setValue(bar.maximum())
        grab("insights-quotient")
        window.show_page(PageName.MAP)
        settle(1500)
        grab("map")
        window.setGeometry(0, 0, 1180, SIZE[1])  # a smaller laptop screen: the toolbar fits
        settle(800)
        grab("map-1180")
        window.setGeometry(0, 0, *SIZE)
        window.hide()
        _dialogs(journal, work, grab_dialog, settle)
        sample_window = MainWindow(
            journal,
            settings=QSettings(str(work / "gui.ini"), QSettings.Format.IniFormat),
            sample=True,
        )
        sample_window.setGeometry(0, 0, *SIZE)
        sample_window.show()
        settle(800)
        grab("sample-banner")
        sample_window.prepare_to_lock()
        sample_window.close()
        _empty_today(work, grab, settle)
        _small_map(work, grab, settle)
    finally:
        shots.close()
    return 0


def _empty_today(work: Path, grab: object, settle: object) -> None:
    """A new user's first screen: an empty journal's Today."""
    from PySide6.QtCore import QSettings

    from journal.core.clock import FixedClock
    from journal.core.journal import Journal
    from journal.core.keys import KdfParams
    from journal.core.paths import JournalPaths
    from journal.gui.main_window import MainWindow

    empty = Journal.create(
        JournalPaths(work / "empty"),
        "screenshots",
        kdf=KdfParams.fresh(n=2**10),
        clock=FixedClock("2026-11-24T09:00"),
    )
    window = MainWindow(
        empty, settings=QSettings(str(work / "empty.ini"), QSettings.Format.IniFormat)
    )
    window.setGeometry(0, 0, *SIZE)
    window.show()
    settle(800)  # type: ignore[operator]
    grab("today-empty")  # type: ignore[operator]
    window.prepare_to_lock()
    window.close()
    empty.close()


def _snooze_first(window: object, journal: object, settle: object) -> None:
    """Snooze Today's first suggestion for a week, as its menu does: the notice says
    until when."""
    from datetime import timedelta

    page = window.today  # type: ignore[attr-defined]
    page.act(page.suggestions[0], "snooze", page.today_date() + timedelta(days=7))
    settle(600)  # type: ignore[operator]


def _small_map(work: Path, grab: object, settle: object) -> None:
    """A new user's map: 13 people, at 1180 px wide, at its default zoom (names and the
    legend should read without zooming)."""
    from PySide6.QtCore import QSettings

    from journal.core.clock import FixedClock
    from journal.core.journal import Journal
    from journal.core.keys import KdfParams
    from journal.core.model import Circle, Person
    from journal.core.paths import JournalPaths
    from journal.gui.main_window import MainWindow, PageName

    small = Journal.create(
        JournalPaths(work / "small"),
        "screenshots",
        kdf=KdfParams.fresh(n=2**10),
        clock=FixedClock("2026-11-24T09:00"),
    )
    circles = list(Circle)
    names = [
        "Ana Lima", "Kofi Mensah", "Mária Horváth", "Tomás Reyes", "Leila Aziz", "Hiro Iyer",
        "Søren Dahl", "Mei Chen", "Ravi Kamau", "Zanele Ndlovu", "Łucja Nowak", "Omar Haddad",
        "Ines Bianchi",
    ]  # fmt: skip
    fields = ("Software", "Law", "Design", "Education", "Healthcare")
    small.add_people(
        [
            Person(name, field=fields[i % len(fields)], circle=circles[i % len(circles)])
            for i, name in enumerate(names)
        ]
    )
    window = MainWindow(
        small, settings=QSettings(str(work / "small.ini"), QSettings.Format.IniFormat)
    )
    window.setGeometry(0, 0, 1180, SIZE[1])
    window.show()
    window.show_page(PageName.MAP)
    settle(1200)  # type: ignore[operator]
    grab("map-13-people")  # type: ignore[operator]
    window.prepare_to_lock()
    window.close()
    small.close()


def _search(window: object, text: str, settle: object) -> None:
    from PySide6.QtTest import QTest

    window.focus_search()  # type: ignore[attr-defined]
    QTest.keyClicks(window.search, text)  # type: ignore[attr-defined]
    settle(600)  # type: ignore[operator]


def _contacts(work: Path) -> Path:
    """A small phone export: one already in the journal, two new, one with no name."""
    path = work / "phone.vcf"
    cards = [
        ("Lucas Novak", "lucas.novak103@example.org", ""),
        ("Ana Ferreira", "ana@crumb.example", "Crumb Bakery"),
        ("Tomás Reyes", "tomas@northwind.example", "Northwind Labs"),
        ("", "", ""),
    ]
    text = ""
    for name, email, org in cards:
        lines = ["BEGIN:VCARD", "VERSION:3.0"]
        lines += [f"FN:{name}"] if name else ["NOTE:no name here"]
        lines += [f"EMAIL:{email}"] if email else []
        lines += [f"ORG:{org}"] if org else []
        text += "\r\n".join([*lines, "END:VCARD"]) + "\r\n"
    path.write_text(text, encoding="utf-8")
    return path


def _dialogs(journal: object, work: Path, grab_dialog: object, settle: object) -> None:
    """The first-run steps and the unlock dialog, as a new user and a returning one see
    them (their work is never started here)."""
    from journal.core.errors import WrongPassphrase
    from journal.core.paths import JournalPaths
    from journal.gui.dialogs.unlock import SetupDialog, UnlockDialog

    paths = JournalPaths(work / "new journal")
    setup = SetupDialog(paths, lambda *a, **k: None, lambda: True, lambda progress: None)
    grab_dialog("first-run-choose", setup)  # type: ignore[operator]
    setup.start_empty.click()
    from PySide6.QtTest import QTest

    QTest.keyClicks(setup.passphrase, "paper lantern river")
    QTest.keyClicks(setup.confirm, "paper lantern")
    grab_dialog("first-run-passphrase", setup)  # type: ignore[operator]
    setup.done(0)
    unlock = UnlockDialog(paths, lambda *a, **k: None, locked=True)
    grab_dialog("unlock", unlock)  # type: ignore[operator]
    QTest.keyClicks(unlock.passphrase, "not it")
    unlock.show_problem(WrongPassphrase())
    grab_dialog("unlock-wrong", unlock)  # type: ignore[operator]
    unlock.done(0)
    from journal.gui.dialogs.backups import RestoringDialog

    restoring = RestoringDialog("23 Nov 2026, 18:00")
    grab_dialog("restoring", restoring)  # type: ignore[operator]
    restoring.finish()


def _showcase_person(journal: object) -> str:
    """Someone close with much on their page: shared facets, entries, a give or take."""
    from journal.core.entries import EntryQuery
    from journal.core.journal import Journal
    from journal.core.model import Circle

    assert isinstance(journal, Journal)
    best, score = None, -1
    for person in journal.people():
        if person.circle not in (Circle.INNER, Circle.CLOSE):
            continue
        shared = sum(f.shared for f in person.facets)
        entries = journal.count_entries(EntryQuery(person_id=person.id, limit=None))
        ledger = len(journal.ledger_for(person.id))
        value = shared * 5 + min(entries, 12) + ledger * 3 + len(person.facets)
        if value > score:
            best, score = person.id, value
    assert best is not None
    return best


if __name__ == "__main__":
    sys.exit(main())
