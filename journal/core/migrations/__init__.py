"""Numbered schema migrations, keyed on ``PRAGMA user_version``.

Each step is a module ``mNNNN_name.py`` holding ``SQL`` (a script) and/or
``apply(conn)``; it runs in its own ``BEGIN IMMEDIATE`` transaction with the version
bump, so a crash mid-migration leaves the previous version intact. Modules are found by
name, so adding a step is adding a file.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

#: ``progress(done, total)``: how far a long migration step has gone.
Progress = Callable[[int, int], None]

_NAME = re.compile(r"^m(\d{4})_\w+$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    module: ModuleType

    def says_progress(self) -> bool:
        """Whether the step can say how far it has gone (``apply(conn, progress)``)."""
        apply = getattr(self.module, "apply", None)
        return apply is not None and "progress" in inspect.signature(apply).parameters

    def run(self, conn: Any, progress: Progress | None = None) -> None:
        """Run the step in one transaction. ``progress(done, total)`` hears how far a
        step that can say it (an ``apply(conn, progress)``) has gone."""
        script = getattr(self.module, "SQL", "")
        apply = getattr(self.module, "apply", None)
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in split_statements(script):
                conn.execute(statement)
            if apply is not None:
                if progress is not None and "progress" in inspect.signature(apply).parameters:
                    apply(conn, progress=progress)
                else:
                    apply(conn)
            conn.execute(f"PRAGMA user_version = {self.version}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def split_statements(script: str) -> list[str]:
    """Split a SQL script into complete statements (triggers included).

    ``executescript`` would commit first, which would break the one-transaction-per-step
    promise, so statements are run one by one inside our own transaction.
    """
    import sqlite3

    statements: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                statements.append(current.strip())
            current = ""
    if current.strip() and not current.strip().startswith("--"):
        raise ValueError("incomplete SQL statement at the end of a migration")
    return statements


def all_migrations() -> list[Migration]:
    found: list[Migration] = []
    for info in pkgutil.iter_modules(__path__):
        match = _NAME.match(info.name)
        if match:
            module = importlib.import_module(f"{__name__}.{info.name}")
            found.append(Migration(int(match.group(1)), info.name, module))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..N without gaps: {versions}")
    return found


def latest_version() -> int:
    return len(all_migrations())


def pending(current: int) -> list[Migration]:
    return [m for m in all_migrations() if m.version > current]
