"""Screenshots of meetings on screen, light and dark: the brief before lunch with Kwame
(opened from its notification), Today's "To reflect on" after it, the entry editor the
prompt opens (filled in), and Settings → Calendar.

    python tests/screenshots/take_meetings_screenshots.py [--out DIR]

Then, on a real desktop (D-Bus, gnome-keyring, Xvfb, trayer, dunst:
tests/support/desktop.py), the real ``journal --minimized`` with a calendar written
around now: the brief's and the reflection's notifications as dunst shows them
(``desktop-meeting-notifications.png``), and the editor the prompt's button opens, in
light and dark (``*-meeting-editor-from-notification.png``).

Like ``take_screenshots.py`` (whose X server helper and ``Shots`` it uses): a sample
journal at the fixed clock (24 November 2026), with Kwame, Ana and Li added and the
invitations fixture read in London time. Output: tests/screenshots/out/ (ignored by git).
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.screenshots.take_screenshots import Shots, run_by_theme  # noqa: E402


def main() -> int:
    return run_by_theme(__file__, shoot, desktop_shots)


def desktop_shots(out: Path) -> None:
    import tempfile
    import time
    from datetime import UTC, datetime

    from tests.e2e import test_meetings_desktop as e2e
    from tests.support import desktop

    for theme in ("light", "dark"):
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            config, choice = desktop.dunst_config_choosing(work)
            with desktop.desktop_session(dunst_config=config) as env:
                env = {**env, "TZ": "UTC", "RAPPORT_THEME": theme}
                calendar = work / "calendar.ics"
                e2e._calendar(calendar, datetime.now(UTC).replace(second=0, microsecond=0))
                e2e._core(e2e._BUILD, env, str(work / "journal"), str(calendar))
                app = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "journal",
                        "--data-dir",
                        str(work / "journal"),
                        "--minimized",
                    ],
                    env=env,
                    cwd=ROOT,
                )
                try:
                    if not desktop.wait_for(lambda e=env: desktop.displayed(e) >= 2, timeout=90):
                        raise SystemExit("the meeting notifications did not arrive")
                    time.sleep(1.0)  # let dunst draw them
                    if theme == "light":
                        desktop.screenshot(out / "desktop-meeting-notifications.png", env)
                    choice.write_text("Write it down")
                    subprocess.run(["dunstctl", "context"], env=env, check=True, timeout=30)
                    time.sleep(4.0)
                    desktop.screenshot(out / f"{theme}-meeting-editor-from-notification.png", env)
                finally:
                    desktop.stop(app)


def shoot(theme: str, out: Path) -> int:
    from journal.gui.main_window import PageName

    os.environ["RAPPORT_THEME"] = theme
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    import journal.core.store as store
    from journal.core import sample
    from journal.core.calendar import meetings
    from journal.core.model import Direction, Entry, FollowUp, LedgerItem, LedgerKind
    from journal.gui.desktop.meeting_watch import open_brief
    from journal.gui.dialogs.meetings import open_reflection
    from tests.support.meetings import people, reader, titled

    store.MEMORY_SECURITY = False  # a throwaway journal, written fast
    shots = Shots(theme, out, "rapport-meeting-shots-", sample.SampleSpec(people=40, entries=200))
    journal, window = shots.journal, shots.window
    settle, grab = shots.settle, shots.grab
    try:
        found = people(journal)
        kwame = found["kwame"]
        journal.add_entry(
            Entry(
                occurred_at=datetime(2026, 10, 2, 12),
                title="Coffee at the station",
                body="Talked about Leeds: he may move there in spring. Abena loves her new bike.",
                people=[kwame.id],
            )
        )
        journal.add_entry(
            Entry(
                occurred_at=datetime(2026, 11, 1, 18),
                body="The grant went in on Friday! He wants a second reader for the budget.",
                people=[kwame.id],
                follow_ups=[FollowUp("Send him the reading list", date(2026, 11, 30), kwame.id)],
                ledger=[
                    LedgerItem(
                        kwame.id,
                        Direction.RECEIVED,
                        LedgerKind.INTRODUCTION,
                        "Introduced me to the Leeds Trust board",
                        date(2026, 9, 1),
                    )
                ],
            )
        )
        meetings.save_settings(
            journal,
            meetings.CalendarSettings(
                sources=[str(ROOT / "tests/fixtures/calendars/invitations_made_for_rapport.ics")],
                own_emails=["me@example.org"],
            ),
        )
        meetings.sync(journal, reader())
        lunch = titled(journal, "Lunch with Kwame")

        journal.clock.set("2026-11-24T12:15:00")  # the brief's moment
        window.today.reload()
        settle(400)
        dialog = open_brief(window, lunch.id)
        dialog.move(360, 20)
        dialog.resize(640, 760)
        settle(500)
        grab("meeting-brief")
        dialog.close()

        review = titled(journal, "Design review")
        dialog = open_brief(window, review.id)
        dialog.move(360, 20)
        dialog.resize(640, 760)
        settle(500)
        grab("meeting-brief-several")
        dialog.close()

        journal.clock.set("2026-11-24T14:00:00")  # after lunch
        window.show_page(PageName.TODAY)
        window.today.reload()
        settle(600)
        grab("meeting-reflect-today")

        open_reflection(window, lunch.id)
        settle(400)
        editor = window.editor
        if editor is not None:
            editor.move(200, 60)
            settle(300)
            grab("meeting-reflect-editor")
            editor.keep_for_lock()
            editor.close()

        settings = window.open_settings("calendar")
        settings.move(260, 80)
        settle(400)
        grab("meeting-settings-calendar")
        settings.reject()
    finally:
        shots.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
