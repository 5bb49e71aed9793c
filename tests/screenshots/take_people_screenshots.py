"""Screenshots of the people-at-scale screens on the sample journal, light and dark.

    python tests/screenshots/take_people_screenshots.py [--out DIR] [--people N]

Like ``take_screenshots.py`` (whose X server helper it uses): a real X server (Xvfb
unless $DISPLAY is set), one process per palette, the whole screen grabbed with
ImageMagick's ``import -window root``. Shots: the relationship map page, the map
zoomed in, the People list with 50 people selected and the bulk menu, a person page
with links, the merge view of two records of one person, and the duplicate review.
Output: tests/screenshots/out/ (ignored by git).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "out"
sys.path.insert(0, str(ROOT))

from tests.screenshots.take_screenshots import Shots, display  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--theme", choices=("light", "dark"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.theme:
        return shoot(args.theme, args.out, args.people)
    for program in ("Xvfb", "import"):
        if shutil.which(program) is None:
            print(f"needs {program} (apt-get install xvfb imagemagick)", file=sys.stderr)
            return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with display() as env:
        for theme in ("light", "dark"):
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--theme",
                    theme,
                    "--out",
                    str(args.out),
                    "--people",
                    str(args.people),
                ],
                check=True,
                env=env,
                cwd=ROOT,
            )
    print(f"screenshots in {args.out}")
    return 0


def shoot(theme: str, out: Path, people: int) -> int:
    from journal.gui.main_window import PageName

    os.environ["RAPPORT_THEME"] = theme
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    from PySide6.QtWidgets import QApplication, QMessageBox

    import journal.core.store as store
    from journal.core import links, sample
    from journal.core.model import Channel, ChannelKind, Circle, Entry, Person
    from journal.gui.dialogs.merge import MergeDialog

    store.MEMORY_SECURITY = False  # a throwaway journal, written fast
    shots = Shots(
        theme, out, "rapport-people-shots-", sample.SampleSpec(people=people, entries=people * 8)
    )
    journal, window = shots.journal, shots.window
    settle, grab = shots.settle, shots.grab

    try:
        settle(600)
        window.show_page(PageName.MAP)
        settle(600)
        grab("map")
        page = window.map_page.map
        assert page is not None
        ana = next(p for p in journal.people() if p.circle is Circle.CLOSE)
        page.show_person(ana.id)
        grab("map-zoomed")

        # A person with links from both sides.
        kin = [p for p in journal.people() if p.id != ana.id][:3]
        links.add_link(journal, kin[0].id, "daughter", ana.id, mention_ok=True)
        links.add_link(journal, ana.id, "introduced-by", kin[1].id, since=ana.met_on or None)
        links.add_link(journal, kin[2].id, "colleague", ana.id)
        window.open_person(ana.id)
        grab("person-links")

        # Fifty people selected in the People list, and what can be done to them.
        window.show_page(PageName.PEOPLE)
        people_page = window.people
        settle(600)
        people_page.table.selectAll()
        rows = people_page.table.selectionModel().selectedRows()
        keep = {r.row() for r in rows[:50]}
        people_page.table.clearSelection()
        from PySide6.QtCore import QItemSelectionModel

        for row in sorted(keep):
            people_page.table.selectionModel().select(
                people_page.proxy.index(row, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )
        settle()
        people_page.show_bulk_menu()
        settle()
        menu = QApplication.activePopupWidget()
        if menu is not None:
            circle = next(a.menu() for a in menu.actions() if "circle" in a.text())
            menu.setActiveAction(next(a for a in menu.actions() if "circle" in a.text()))
            circle.popup(menu.mapToGlobal(menu.actionGeometry(menu.activeAction()).topRight()))
        grab("people-bulk-menu")
        for popup in (QApplication.activePopupWidget(), QApplication.activePopupWidget()):
            if popup is not None:
                popup.close()
        people_page.bulk.set_circle(people_page.selected_ids(), Circle.CLOSE)
        box = people_page.bulk.pending
        if isinstance(box, QMessageBox):
            grab("people-bulk-confirm")
            box.reject()

        # Two records of one person, merged side by side.
        twin = journal.add_person(
            Person(
                ana.name,
                preferred_name=ana.first_name + "y",
                organisation=ana.organisation,
                role="co-founder",
                circle=Circle.INNER,
                notes="Imported from my phone.",
                channels=[
                    Channel(ChannelKind.EMAIL, ana.channels[0].value.upper()),
                    Channel(ChannelKind.PHONE, "+351 912 345 678", "mobile"),
                ],
                tags=["neighbour"],
            )
        )
        journal.add_entry(
            Entry(
                occurred_at=datetime(2026, 10, 3, 9),
                people=[twin.id],
                body="Quick call about the launch",
            )
        )
        dialog = MergeDialog(journal, [ana.id, twin.id], window, reason="the same e-mail address")
        dialog.move(120, 40)
        dialog.open()
        grab("merge")
        dialog.reject()
        if people_page.duplicates_button.isVisible():
            people_page.review_duplicates()
            review = people_page.duplicates_dialog
            if review is not None:
                review.move(200, 120)
                grab("duplicates")
                review.reject()
    finally:
        shots.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
