"""Where a journal's files live: one folder per journal, found through platformdirs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

from journal import APP_ID


@dataclass(frozen=True)
class JournalPaths:
    root: Path

    @classmethod
    def default(cls) -> JournalPaths:
        return cls(platformdirs.user_data_path(APP_ID, appauthor=False, roaming=True))

    @classmethod
    def demo(cls) -> JournalPaths:
        return cls(platformdirs.user_data_path(APP_ID, appauthor=False, roaming=True) / "demo")

    @property
    def db(self) -> Path:
        return self.root / "journal.db"

    @property
    def partial_db(self) -> Path:
        return self.root / "journal.db.partial"

    @property
    def meta(self) -> Path:
        return self.root / "journal.meta.json"

    @property
    def pending_meta(self) -> Path:
        return self.root / "journal.meta.pending.json"

    @property
    def lock(self) -> Path:
        return self.root / "journal.lock"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def wal(self) -> Path:
        return self.root / "journal.db-wal"

    @property
    def shm(self) -> Path:
        return self.root / "journal.db-shm"

    def exists(self) -> bool:
        return self.db.exists()


def config_dir() -> Path:
    return platformdirs.user_config_path(APP_ID, appauthor=False, roaming=True)


def log_dir() -> Path:
    return platformdirs.user_log_path(APP_ID, appauthor=False)
