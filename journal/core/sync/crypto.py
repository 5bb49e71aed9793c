"""Sealing what goes into the sync folder, with a key only the journal's holders have.

Every file is AES-GCM (``cryptography``'s, a well-kept implementation of an
authenticated cipher): a file that was cut short, flipped or written by anyone without
the key fails its tag and is ignored, never half-read. The key is derived from the
journal's own key with HKDF and an info string of its own, so the sync files and the
SQLCipher database never share a key. Each file's role and owner are bound in as
associated data, so a change file cannot be passed off as a manifest or as another
computer's.
"""

from __future__ import annotations

import os
import zlib
from typing import TYPE_CHECKING

from journal.core.keys import Key

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

# ``cryptography`` is imported by the first key made, not with this module: the app
# imports the sync engine at start to watch a folder, and cryptography's Rust library
# and OpenSSL take about 8 MB of memory that a journal without sync never needs.

_INFO = b"rapport sync folder v1"
_NONCE = 12
#: The first bytes of every sealed file: a format number, nothing about the journal.
MAGIC = b"\x01"
#: The same, for a file sealed without compression.
RAW = b"\x02"


class Unsealable(Exception):
    """The file is not one this journal sealed whole (partial, damaged, or foreign)."""


class SyncKey:
    """The folder key and the name key, derived from the journal key; never printed."""

    __slots__ = ("_aead", "_names")

    def __init__(self, journal_key: Key) -> None:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        material = HKDF(algorithm=hashes.SHA256(), length=64, salt=None, info=_INFO).derive(
            journal_key.raw()
        )
        self._aead: AESGCM = AESGCM(material[:32])
        self._names = material[32:]

    def __repr__(self) -> str:
        return "SyncKey(<hidden>)"

    def seal(self, plain: bytes, role: bytes, *, compress: bool = True) -> bytes:
        """Seal ``plain``; change files are compressed first (JSON shrinks several
        times), a snapshot is not (a SQLCipher file is already random bytes)."""
        nonce = os.urandom(_NONCE)
        if compress:
            return MAGIC + nonce + self._aead.encrypt(nonce, zlib.compress(plain, 6), role)
        return RAW + nonce + self._aead.encrypt(nonce, plain, role)

    def open(self, sealed: bytes, role: bytes) -> bytes:
        from cryptography.exceptions import InvalidTag

        if len(sealed) < 1 + _NONCE + 16 or sealed[:1] not in (MAGIC, RAW):
            raise Unsealable()
        nonce = sealed[1 : 1 + _NONCE]
        try:
            packed = self._aead.decrypt(nonce, sealed[1 + _NONCE :], role)
            return zlib.decompress(packed) if sealed[:1] == MAGIC else packed
        except (InvalidTag, zlib.error):
            raise Unsealable() from None

    def opaque_name(self, label: str) -> str:
        """A stable name that says nothing (a keyed hash): a replica's folder name."""
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.hmac import HMAC

        mac = HMAC(self._names, hashes.SHA256())
        mac.update(label.encode("utf-8"))
        return mac.finalize()[:16].hex()
