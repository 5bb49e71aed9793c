"""The core must be usable without Qt (a headless `journal today`, the tests, a future
other front end): importing every core module loads no PySide6."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import journal.core


def _core_modules() -> list[str]:
    return sorted(
        info.name for info in pkgutil.walk_packages(journal.core.__path__, "journal.core.")
    )


def test_importing_every_core_module_loads_no_qt():
    modules = _core_modules()
    assert "journal.core.engine" in modules and "journal.core.insights" in modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'pyqtgraph')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]", f"Qt loaded by the core: {result.stdout}"
