"""Real components (D-Bus, gnome-keyring, Xvfb, dunst...) for the tests that need them.

A test that needs a component it cannot find is skipped with the reason, except when
``CI`` is set: there, a missing component is a failure, so CI never passes by skipping.
"""

from __future__ import annotations

import os
import shutil

import pytest


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


def require_programs(*programs: str) -> None:
    missing = [p for p in programs if shutil.which(p) is None]
    if missing:
        message = f"needs {', '.join(missing)} (see docs/e2e-desktop.md)"
        if in_ci():
            pytest.fail(f"CI is set but this machine lacks {', '.join(missing)}")
        pytest.skip(message)


def require(available: bool, what: str) -> None:
    """Skip (locally) or fail (in CI) when a real component or capability is missing.

    ``what`` says what is missing, e.g. "mounting a small tmpfs (needs root)".
    """
    if available:
        return
    if in_ci():
        pytest.fail(f"CI is set but this machine lacks {what}")
    pytest.skip(f"needs {what}")
