"""The small non-secret metadata file that sits beside each journal database.

It holds what is needed before the database can be opened: the KDF salt and
parameters, the key-check value, and the journal's stable id (the keychain entry's
name). Losing it makes the journal unopenable from a passphrase, so it is written
atomically and a pending copy is kept while a passphrase change is in flight.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from journal import __version__
from journal.core.errors import MissingKeyFile, NewerVersion
from journal.core.fsutil import atomic_write_text
from journal.core.keys import KdfParams, Key

META_FORMAT = 1


@dataclass(frozen=True)
class JournalMeta:
    journal_id: str
    kdf: KdfParams
    key_check: str
    created_by: str = __version__

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": META_FORMAT,
                "app": "rapport",
                "journal_id": self.journal_id,
                "kdf": self.kdf.to_json(),
                "key_check": self.key_check,
                "created_by": self.created_by,
            },
            indent=2,
        )

    def key_fits(self, key: Key) -> bool:
        return key.matches(self.key_check)


def read_meta(path: Path) -> JournalMeta:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MissingKeyFile(
            f"The journal's key file ({path.name}) is missing, so the journal cannot be "
            "opened. Restore it from a backup of this folder."
        ) from None
    except (OSError, ValueError):
        raise MissingKeyFile(
            f"The journal's key file ({path.name}) is damaged. Restore it from a backup "
            "of this folder."
        ) from None
    if not isinstance(data, dict) or data.get("app") != "rapport":
        raise MissingKeyFile(f"{path.name} is not a Rapport key file.")
    if int(data.get("format", 0)) > META_FORMAT:
        raise NewerVersion(
            "This journal was made by a newer version of Rapport. Update Rapport to open it."
        )
    try:
        return JournalMeta(
            journal_id=str(data["journal_id"]),
            kdf=KdfParams.from_json(data["kdf"]),
            key_check=str(data["key_check"]),
            created_by=str(data.get("created_by", "")),
        )
    except (KeyError, TypeError, ValueError):
        raise MissingKeyFile(
            f"The journal's key file ({path.name}) is damaged. Restore it from a backup "
            "of this folder."
        ) from None


def write_meta(path: Path, meta: JournalMeta) -> None:
    atomic_write_text(path, meta.to_json())
