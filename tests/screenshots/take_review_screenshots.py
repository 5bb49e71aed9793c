"""Screenshots of the review after saving an entry, light and dark.

    python tests/screenshots/take_review_screenshots.py [--out DIR]

Like ``take_screenshots.py`` (whose X server helper and ``Shots`` it uses): a small
sample journal, one person with a fact the journal holds, an entry written in the editor
that brings news of it, a new fact and a promise; saved, the review opens over the
window and is grabbed (the whole screen, ImageMagick's ``import -window root``).
Output: tests/screenshots/out/{light,dark}-review.png (ignored by git).
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.screenshots.take_screenshots import SIZE, Shots, run_by_theme  # noqa: E402

TEXT = (
    "Long lunch with Ana at Verde. Her book deal with Penguin fell through, the editor "
    "left. She is renovating a farmhouse in Alentejo and sounds happier than in months. "
    "I said I'd put her in touch with my old landlord by Friday. Her dad had knee "
    "surgery last week, he's fine."
)


def main() -> int:
    return run_by_theme(__file__, shoot)


def shoot(theme: str, out: Path) -> int:
    os.environ["RAPPORT_THEME"] = theme
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    from journal.core import facts, sample
    from journal.core.model import Circle, Person
    from journal.gui.dialogs.proposals import ProposalReview

    shots = Shots(theme, out, "rapport-review-shots-", sample.SampleSpec(people=30, entries=120))
    journal, window = shots.journal, shots.window
    try:
        ana = journal.add_person(
            Person(name="Ana Ribeiro", pronouns="she/her", circle=Circle.CLOSE)
        )
        facts.add_fact(journal, ana.id, "working_on", "book deal with Penguin", on=date(2026, 6, 2))
        shots.settle(500)
        window.new_entry([ana.id], title="Lunch at Verde")
        editor = window.editor
        assert editor is not None
        editor.setGeometry(120, 60, 900, 660)
        editor.body.setPlainText(TEXT)
        shots.grab("review-editor")
        editor.save()
        shots.settle(400)
        review = window.findChild(ProposalReview, "proposalReview")
        assert review is not None, "the review did not open"
        w, h = max(review.width(), 640), review.sizeHint().height()
        review.setGeometry((SIZE[0] - w) // 2, max(40, (SIZE[1] - h) // 2), w, h)
        shots.grab("review")
        review.reject()
    finally:
        shots.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
