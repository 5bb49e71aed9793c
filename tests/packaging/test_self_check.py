"""`journal --self-check` from a checkout: the same proof the bundle gives, run before
anyone builds one (a GUI module that fails to import fails here first)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_self_check_passes_and_starts_qt(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "journal", "--self-check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Qt starts (platform offscreen), every window module loads, icons found" in result.stdout
    assert "keyring backend:" in result.stdout
    assert list(tmp_path.iterdir()) == [], "the temporary journal must be removed"
