"""Screenshots of Rapport in the tray: the day's notification (dunst) and the tray menu.

    python tests/screenshots/tray_screenshots.py [--out DIR]

Runs the real ``journal --minimized`` in a private desktop session (D-Bus,
gnome-keyring, Xvfb, trayer, dunst: tests/support/desktop.py) on a journal with one
check-in due, waits for the notification, grabs the screen, then right-clicks the tray
icon and grabs the menu; then again on a desktop with no notification service, where
the reminder falls back to the tray's own balloon. Output: tests/screenshots/out/
(ignored by git). Look at them.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.support import desktop  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, desktop.desktop_session() as env:
        folder = Path(tmp) / "journal"
        desktop.build_due_journal(folder, env)
        app = subprocess.Popen(
            [sys.executable, "-m", "journal", "--data-dir", str(folder), "--minimized"],
            env=env,
            cwd=ROOT,
        )
        try:
            icons = desktop.wait_for(lambda: desktop.tray_icons_of(app.pid, env), timeout=60)
            if not icons:
                raise SystemExit("no tray icon appeared")
            time.sleep(1.5)  # let dunst draw the notification
            print(desktop.screenshot(args.out / "tray-notification.png", env))
            subprocess.run(["dunstctl", "close-all"], env=env, check=True)
            x, y = desktop.position(icons[0], env)
            x, y = x + 8, y + 8
            subprocess.run(
                ["xdotool", "mousemove", str(x), str(y), "click", "3"], env=env, check=True
            )
            time.sleep(1.0)
            print(desktop.screenshot(args.out / "tray-menu.png", env))
            subprocess.run(["xdotool", "key", "Escape"], env=env, check=False)
        finally:
            app.terminate()
            app.wait(timeout=30)
    with tempfile.TemporaryDirectory() as tmp, desktop.desktop_session(notifications=False) as env:
        folder = Path(tmp) / "journal"
        desktop.build_due_journal(folder, env)
        app = subprocess.Popen(
            [sys.executable, "-m", "journal", "--data-dir", str(folder), "--minimized"],
            env=env,
            cwd=ROOT,
        )
        try:
            if not desktop.wait_for(lambda: desktop.tray_icons_of(app.pid, env), timeout=60):
                raise SystemExit("no tray icon appeared")
            time.sleep(2.5)  # the notification attempt fails, then the balloon shows
            print(desktop.screenshot(args.out / "tray-balloon.png", env))
        finally:
            app.terminate()
            app.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
