"""Screenshots of the About dialog and of the icons, on a real X server (Xvfb).

    python packaging/screenshots.py [OUTDIR]     # default: packaging/screenshots/

Starts its own Xvfb, shows each subject with Qt's xcb platform, captures the screen with
ImageMagick's ``import -window root``, and stops the X server it started. Needs the
Debian packages xvfb and imagemagick. Look at the results before calling a change done.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUBJECTS = ("about", "icons")


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--show":
        return _show(argv[1], Path(argv[2]))
    sys.path.insert(0, str(ROOT))
    from tests.support.xvfb import xvfb

    outdir = Path(argv[0]) if argv else ROOT / "packaging" / "screenshots"
    outdir.mkdir(parents=True, exist_ok=True)
    with xvfb() as display:
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        for subject in SUBJECTS:
            shot = outdir / f"{subject}.png"
            subprocess.run(
                [sys.executable, __file__, "--show", subject, str(shot)],
                env=env,
                check=True,
                timeout=60,
            )
            print(shot)
    return 0


def _show(subject: str, shot: Path) -> int:
    """In the child process: show one subject, capture the whole screen, quit."""
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    window = _about() if subject == "about" else _icon_board()
    window.show()
    screen = app.primaryScreen().geometry()
    window.move(screen.center() - window.rect().center())

    def capture() -> None:
        subprocess.run(["import", "-window", "root", str(shot)], check=True, timeout=30)
        app.quit()

    QTimer.singleShot(1500, capture)
    return app.exec()


def _about():
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    from journal.gui.dialogs.about import AboutDialog

    palette = QApplication.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#f6f5f4"))
    QApplication.setPalette(palette)
    dialog = AboutDialog()
    dialog.adjustSize()
    return dialog


def _icon_board():
    """The app icon at 32 and 256 px and the tray icons, on light and dark backgrounds."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

    from journal import resources

    board = QWidget()
    board.setWindowTitle("Rapport icons")
    grid = QGridLayout(board)
    grid.setSpacing(0)
    grid.setContentsMargins(0, 0, 0, 0)
    for column, (background, foreground, dark) in enumerate(
        (("#f6f5f4", "#2e3436", False), ("#242424", "#f4f4f4", True))
    ):

        def cell(
            widget: QWidget, row: int, bg: str = background, fg: str = foreground, col: int = column
        ) -> None:
            widget.setStyleSheet(f"background: {bg}; color: {fg}; padding: 10px;")
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(widget, row, col)

        for row, size in enumerate((32, 256)):
            label = QLabel()
            label.setPixmap(resources.app_icon().pixmap(size, size))
            cell(label, row)
        tray = QLabel()
        tray.setText(
            " ".join(
                f'<img src="{resources.tray_icon_png(size, due=due, dark=dark)}">'
                for due in (False, True)
                for size in (22, 32)
            )
        )
        cell(tray, 2)
        cell(
            QLabel(
                f"{'dark' if dark else 'light'} panel · app icon 32 and 256 px · "
                "tray icons 22/32 px, plain and due"
            ),
            3,
        )
    return board


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
