"""Screenshots of the question box ("Who could help?") on the sample journal, light and
dark: python tests/screenshots/take_ask_screenshots.py (Xvfb and ImageMagick; writes
tests/screenshots/out/{light,dark}-ask*.png). Look at every one."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.screenshots.take_screenshots import SIZE, Shots, run_by_theme  # noqa: E402


def main() -> int:
    return run_by_theme(__file__, shoot)


def shoot(theme: str, out: Path) -> int:
    os.environ["RAPPORT_THEME"] = theme
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    shots = Shots(theme, out, "rapport-ask-shots-")
    try:
        shots.settle(600)
        for name, question in (
            ("ask", "someone who can help with a pitch deck"),
            ("ask-distant", "a documentary about the harbour"),
            ("ask-none", "quantum chromodynamics"),
        ):
            dialog = shots.window.ask_network()
            w, h = 680, 600
            dialog.setGeometry((SIZE[0] - w) // 2, (SIZE[1] - h) // 2, w, h)
            dialog.set_question(question)
            shots.settle(900)
            shots.grab(name)
            dialog.close()
    finally:
        shots.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
