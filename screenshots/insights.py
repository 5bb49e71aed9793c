"""Show the Insights page on the sample journal, for screenshots (light and dark).

    xvfb-run -s "-screen 0 1400x1000x24" python screenshots/insights.py --theme dark

Saves the window and the whole scrolled page under screenshots/out/, then waits a
moment so ``import -window root`` can take the screen as the user would see it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def dark_palette():  # noqa: ANN201 - Qt type imported late
    from PySide6.QtGui import QColor, QPalette

    p = QPalette()
    roles = QPalette.ColorRole
    colours = {
        roles.Window: "#2b2d31", roles.WindowText: "#e8e8ea", roles.Base: "#1e1f22",
        roles.AlternateBase: "#26282c", roles.Text: "#e8e8ea", roles.Button: "#35373c",
        roles.ButtonText: "#e8e8ea", roles.Highlight: "#3d7bd9",
        roles.HighlightedText: "#ffffff", roles.PlaceholderText: "#9a9ca3",
        roles.Link: "#7ab4ff", roles.Mid: "#2f3136", roles.Midlight: "#3d4045",
        roles.Light: "#4a4d53", roles.Dark: "#18191b", roles.ToolTipBase: "#3a3d42",
        roles.ToolTipText: "#e8e8ea",
    }
    for role, colour in colours.items():
        p.setColor(role, QColor(colour))
    return p


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--wait", type=float, default=4.0, help="seconds to stay on screen")
    parser.add_argument("--people", type=int, default=120)
    parser.add_argument("--entries", type=int, default=900)
    args = parser.parse_args()

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QStyleFactory

    from journal.core import sample
    from journal.core.clock import FixedClock
    from journal.core.journal import Journal
    from journal.core.keys import KdfParams
    from journal.core.paths import JournalPaths
    from journal.gui.insights import InsightsPage

    app = QApplication(sys.argv)
    app.setStyle(QStyleFactory.create("Fusion"))
    app.setPalette(dark_palette() if args.theme == "dark" else app.style().standardPalette())
    out = ROOT / "screenshots" / "out"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        journal = Journal.create(JournalPaths(Path(tmp) / "j"), "screenshots",
                                 kdf=KdfParams.fresh(n=2**10),
                                 clock=FixedClock("2026-11-24T09:00:00"))
        sample.populate(journal, sample.SampleSpec(people=args.people, entries=args.entries))
        page = InsightsPage(journal)
        page.setWindowTitle("Rapport — Insights")
        page.resize(1280, 940)
        page.move(0, 0)

        def shoot() -> None:
            page.row("ties.at_risk").button.click()
            app.processEvents()
            page.grab().save(str(out / f"insights-{args.theme}-window.png"))
            content = page.scroll.widget()
            content.grab().save(str(out / f"insights-{args.theme}-page.png"))
            QTimer.singleShot(int(args.wait * 1000), app.quit)

        page.loaded.connect(lambda: QTimer.singleShot(300, shoot))
        page.show()
        code = app.exec()
        journal.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
