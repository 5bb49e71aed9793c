"""Where a journal's files live: one folder per journal, found through platformdirs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

from journal import APP_ID
from journal.core.fsutil import check_private


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

    @property
    def recovery(self) -> Path:
        return self.root / "recovery"

    @property
    def replaced(self) -> Path:
        return self.root / "replaced"

    def exists(self) -> bool:
        return self.db.exists()

    def check_private(self) -> bool:
        """Refuse (UnsafeFiles) a journal folder or file someone else could change or
        have planted; checked at every open, not only at creation. Returns whether the
        folder exists."""
        if not check_private(self.root, folder=True):
            return False
        for folder in (self.backups, self.recovery, self.replaced):
            # Only as a folder: a file in the way fails the step that needs it (a
            # backup says so), not the whole journal.
            if folder.is_dir() or folder.is_symlink():
                check_private(folder, folder=True)
        for path in (self.db, self.wal, self.shm, self.meta, self.pending_meta):
            check_private(path, folder=False)
        check_private(self.lock, folder=False, symlink_ok=False)
        return True


def config_dir() -> Path:
    return platformdirs.user_config_path(APP_ID, appauthor=False, roaming=True)


def log_dir() -> Path:
    return platformdirs.user_log_path(APP_ID, appauthor=False)
