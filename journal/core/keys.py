"""From passphrase to database key, and the key-check value that tells failures apart.

The passphrase goes through a memory-hard KDF (scrypt) once; SQLCipher is then opened
with the derived 256-bit key as a raw key, so opening costs no second KDF and the OS
keychain can hold the derived key instead of the passphrase. A key-check value (an HMAC
of a constant under the key) kept in the metadata file lets us say "wrong passphrase"
without guessing, and "damaged file" when the key is right but the file does not open.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import os
from dataclasses import dataclass

KEY_BYTES = 32
_CHECK_CONSTANT = b"rapport key check v1"


class Key:
    """A 256-bit journal key that never shows itself in a repr, log or traceback."""

    __slots__ = ("_raw",)

    def __init__(self, raw: bytes | bytearray) -> None:
        if len(raw) != KEY_BYTES:
            raise ValueError("a journal key has 32 bytes")
        self._raw = bytearray(raw)

    @classmethod
    def from_hex(cls, text: str) -> Key:
        try:
            raw = bytes.fromhex(text.strip())
        except ValueError:
            raise ValueError("not a journal key") from None
        return cls(raw)

    def hex(self) -> str:
        return self._raw.hex()

    def raw(self) -> bytes:
        return bytes(self._raw)

    def sqlcipher_pragma_value(self) -> str:
        """The value for ``PRAGMA key``/``rekey``: a raw key, so SQLCipher runs no KDF."""
        return f"\"x'{self._raw.hex()}'\""

    def check_value(self) -> str:
        return hmac.new(bytes(self._raw), _CHECK_CONSTANT, hashlib.sha256).hexdigest()

    def matches(self, check_value: str) -> bool:
        return hmac.compare_digest(self.check_value(), check_value)

    def wipe(self) -> None:
        for i in range(len(self._raw)):
            self._raw[i] = 0

    def __repr__(self) -> str:
        return "Key(<hidden>)"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Key) and hmac.compare_digest(self._raw, other._raw)

    def __hash__(self) -> int:
        return hash(self.check_value())

    def __reduce__(self) -> object:
        raise TypeError("journal keys are not picklable")


@dataclass(frozen=True)
class KdfParams:
    """scrypt parameters; stored beside the journal so a later version can raise them."""

    salt: bytes
    n: int = 2**17
    r: int = 8
    p: int = 1
    name: str = "scrypt"

    @classmethod
    def fresh(cls, n: int = 2**17) -> KdfParams:
        return cls(salt=os.urandom(16), n=n)

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "n": self.n,
            "r": self.r,
            "p": self.p,
            "salt": base64.b64encode(self.salt).decode("ascii"),
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> KdfParams:
        if data.get("name") != "scrypt":
            raise ValueError("unknown key derivation")
        return cls(
            salt=base64.b64decode(str(data["salt"])),
            n=int(data["n"]),  # type: ignore[arg-type]
            r=int(data["r"]),  # type: ignore[arg-type]
            p=int(data["p"]),  # type: ignore[arg-type]
        )


def derive_key(passphrase: str, params: KdfParams) -> Key:
    """Derive the journal key; slow on purpose (about 0.3 s with the defaults)."""
    maxmem = 128 * params.r * params.n * 2 + 1024 * 1024
    raw = hashlib.scrypt(
        passphrase.encode("utf-8"),
        salt=params.salt,
        n=params.n,
        r=params.r,
        p=params.p,
        maxmem=maxmem,
        dklen=KEY_BYTES,
    )
    return Key(raw)


def passphrase_strength(passphrase: str) -> tuple[int, str]:
    """A rough 0-4 score and a hint, so the setup screen can nudge without nagging.

    Estimates entropy from length and character classes; long passphrases of plain
    words score well, as they should.
    """
    if not passphrase:
        return 0, "Choose a passphrase."
    pools = 0
    if any(c.islower() for c in passphrase):
        pools += 26
    if any(c.isupper() for c in passphrase):
        pools += 26
    if any(c.isdigit() for c in passphrase):
        pools += 10
    if any(not c.isalnum() for c in passphrase):
        pools += 33
    unique = len(set(passphrase))

    bits = min(len(passphrase), unique * 2) * math.log2(max(pools, 2))
    if bits < 28:
        return 0, "Very weak: use a few unrelated words."
    if bits < 40:
        return 1, "Weak: make it longer."
    if bits < 60:
        return 2, "Fair: a few more words would help."
    if bits < 80:
        return 3, "Good."
    return 4, "Strong."
