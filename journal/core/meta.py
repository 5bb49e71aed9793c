"""The small non-secret metadata file that sits beside each journal database.

It holds what is needed before the database can be opened: the KDF salt and
parameters, the key-check value, the journal's stable id (the keychain entry's name),
and a tag of the database file it belongs to. Losing it makes the journal unopenable
from a passphrase, so it is written atomically and a pending copy is kept while a
passphrase change is in flight.

Nothing in it is trusted: it is neither secret nor authenticated, so every value is
checked before use (a key file naming scrypt parameters that would exhaust memory is
refused with a sentence, like one that is not JSON).

The database tag lets Rapport tell a key file copied from another journal apart from
a wrong passphrase: it is an HMAC, keyed with the key file's own KDF salt, of the
first 16 bytes of ``journal.db`` (SQLCipher's random per-file salt, stored there in
the clear; it survives a passphrase change and VACUUM). It says nothing about the key
or the passphrase. Key files written before it existed have no tag and keep working:
the tag is optional within format 1 (so an older Rapport still opens the journal),
and is added the next time the journal opens.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

from journal import __version__
from journal.core.errors import MissingKeyFile, NewerVersion
from journal.core.fsutil import atomic_write_text
from journal.core.keys import KdfParams, Key

META_FORMAT = 1
#: A key file is a few hundred bytes; anything far bigger is not one.
MAX_META_BYTES = 64 * 1024
SALT_BYTES = 16
_TAG_LABEL = b"rapport database tag v1"
_HEX64 = re.compile(r"[0-9a-f]{64}")
_TAG = re.compile(r"[0-9a-f]{32}")
_ID = re.compile(r"[A-Za-z0-9_.:-]{1,100}")


@dataclass(frozen=True)
class JournalMeta:
    journal_id: str
    kdf: KdfParams
    key_check: str
    created_by: str = __version__
    #: ``database_tag(kdf, first 16 bytes of journal.db)``; None in older key files.
    db_tag: str | None = None

    def to_json(self) -> str:
        data: dict[str, object] = {
            "format": META_FORMAT,
            "app": "rapport",
            "journal_id": self.journal_id,
            "kdf": self.kdf.to_json(),
            "key_check": self.key_check,
            "created_by": self.created_by,
        }
        if self.db_tag is not None:
            data["db_tag"] = self.db_tag
        return json.dumps(data, indent=2)

    def key_fits(self, key: Key) -> bool:
        return key.matches(self.key_check)

    def fits_database(self, db_salt: bytes) -> bool | None:
        """Whether this key file belongs to the database whose first 16 bytes are
        ``db_salt``; None when the key file is too old to say."""
        if self.db_tag is None:
            return None
        return hmac.compare_digest(self.db_tag, database_tag(self.kdf, db_salt))

    def tagged(self, db_salt: bytes) -> JournalMeta:
        return replace(self, db_tag=database_tag(self.kdf, db_salt))


def database_tag(kdf: KdfParams, db_salt: bytes) -> str:
    return hmac.new(kdf.salt, _TAG_LABEL + db_salt, hashlib.sha256).hexdigest()[:32]


def database_salt(db: Path) -> bytes:
    """The first 16 bytes of a SQLCipher file: its random salt, not secret."""
    with open(db, "rb") as handle:
        return handle.read(SALT_BYTES)


def _unusable(path: Path, why: str) -> MissingKeyFile:
    return MissingKeyFile(
        f"The journal's key file {path} cannot be used ({why}). Put back this journal's "
        "key file from a backup (a backup holds one); Rapport has not changed anything."
    )


def read_meta(path: Path) -> JournalMeta:
    """The key file at ``path``, every value checked; raises MissingKeyFile (or
    NewerVersion) with a sentence naming the file and what to do."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_META_BYTES + 1)
    except FileNotFoundError:
        raise MissingKeyFile(
            f"The journal's key file ({path.name}) is missing, so the journal cannot be "
            "opened. Restore it from a backup of this folder."
        ) from None
    except IsADirectoryError:
        raise _unusable(path, "it is a folder, not a file") from None
    except OSError as exc:
        raise _unusable(path, (exc.strerror or "it cannot be read").lower()) from None
    if len(raw) > MAX_META_BYTES:
        raise _unusable(path, "it is far too big to be one")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise MissingKeyFile(
            f"The journal's key file ({path.name}) is damaged. Restore it from a backup "
            "of this folder."
        ) from None
    if not isinstance(data, dict) or data.get("app") != "rapport":
        raise MissingKeyFile(
            f"{path} is not a Rapport key file. Put back this journal's key file from a "
            "backup (a backup holds one); Rapport has not changed anything."
        )
    version = data.get("format")
    if type(version) is not int or version < 1:
        raise _unusable(path, "its format is not a version number")
    if version > META_FORMAT:
        raise NewerVersion(
            "This journal was made by a newer version of Rapport. Update Rapport to open it."
        )
    try:
        kdf = KdfParams.from_json(data.get("kdf"))
    except ValueError as exc:
        raise _unusable(path, str(exc)) from None
    journal_id, key_check = data.get("journal_id"), data.get("key_check")
    if not isinstance(journal_id, str) or not _ID.fullmatch(journal_id):
        raise _unusable(path, "its journal id is missing or malformed")
    if not isinstance(key_check, str) or not _HEX64.fullmatch(key_check):
        raise _unusable(path, "its key check is missing or malformed")
    db_tag = data.get("db_tag")
    if db_tag is not None and (not isinstance(db_tag, str) or not _TAG.fullmatch(db_tag)):
        raise _unusable(path, "its database tag is malformed")
    created_by = data.get("created_by", "")
    return JournalMeta(
        journal_id=journal_id,
        kdf=kdf,
        key_check=key_check,
        created_by=created_by if isinstance(created_by, str) else "",
        db_tag=db_tag,
    )


def write_meta(path: Path, meta: JournalMeta) -> None:
    atomic_write_text(path, meta.to_json())


def derive_early(meta_path: Path, passphrase: str) -> tuple[KdfParams, Key] | None:
    """The key for the journal's key file, derived before the journal's own modules are
    loaded: scrypt (0.3-0.4 s) lets other threads run, so the app loads the rest
    meanwhile. Hand it to ``Journal.open(derived=...)``, which uses it where it would
    derive the same key and checks everything as it always does. None if the key file
    cannot be read: opening then says why, in its own words."""
    from journal.core.keys import derive_key

    try:
        params = read_meta(meta_path).kdf
    except Exception:  # opening reports a missing or damaged key file itself
        return None
    return params, derive_key(passphrase, params)
