"""From passphrase to database key, and the key-check value that tells failures apart.

The passphrase goes through a memory-hard KDF (scrypt) once; SQLCipher is then opened
with the derived 256-bit key as a raw key, so opening costs no second KDF and the OS
keychain can hold the derived key instead of the passphrase. A key-check value (an HMAC
of a constant under the key) kept in the metadata file lets us say "wrong passphrase"
without guessing, and "damaged file" when the key is right but the file does not open.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import math
import os
from dataclasses import dataclass
from typing import NoReturn

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

    def __reduce__(self) -> NoReturn:
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
    def from_json(cls, data: object) -> KdfParams:
        """Parameters read from a key file, each checked before any is used.

        The key file is not secret and not authenticated, so anyone who can write it
        chooses these numbers: scrypt with n=2^24 and r=64 asks for 128 GiB, and n=3 or
        r=0 makes hashlib raise. Raises ``ValueError`` saying which value is wrong."""
        if not isinstance(data, dict):
            raise ValueError("its key derivation is not described")
        if data.get("name") != "scrypt":
            raise ValueError("it names an unknown key derivation")
        n, r, p = (_whole(data, name) for name in ("n", "r", "p"))
        if n < MIN_N or n > MAX_N or n & (n - 1):
            raise ValueError(f"scrypt n={n} is not a power of two from 2^1 to 2^{MAX_N_LOG2}")
        if not 1 <= r <= MAX_R:
            raise ValueError(f"scrypt r={r} is not between 1 and {MAX_R}")
        if not 1 <= p <= MAX_P:
            raise ValueError(f"scrypt p={p} is not between 1 and {MAX_P}")
        if scrypt_memory(n, r, p) > MAX_MEMORY:
            raise ValueError(f"scrypt n={n}, r={r} would need more than 1 GiB of memory")
        if n * r * p > MAX_WORK:
            raise ValueError(f"scrypt n={n}, r={r}, p={p} would take minutes to compute")
        salt_text = data.get("salt")
        if not isinstance(salt_text, str) or len(salt_text) > 256:
            raise ValueError("its salt is missing")
        try:
            salt = base64.b64decode(salt_text, validate=True)
        except (ValueError, binascii.Error):
            raise ValueError("its salt is not base64") from None
        if not MIN_SALT <= len(salt) <= MAX_SALT:
            raise ValueError(f"its salt has {len(salt)} bytes (expected {MIN_SALT} to {MAX_SALT})")
        return cls(salt=salt, n=n, r=r, p=p)


#: Bounds on scrypt's parameters from a key file. Rapport writes n=2^17, r=8, p=1
#: (128 MiB, about 0.3 s); these leave room for a later version to raise them tenfold
#: while refusing values that would exhaust memory or run for minutes.
MIN_N, MAX_N_LOG2 = 2, 22
MAX_N = 2**MAX_N_LOG2
MAX_R, MAX_P = 32, 16
MAX_MEMORY = 1 << 30
MAX_WORK = 2**24
MIN_SALT, MAX_SALT = 8, 64


def scrypt_memory(n: int, r: int, p: int) -> int:
    """Bytes scrypt needs: its V array (128·r·n) and its p blocks (128·r·p)."""
    return 128 * r * n + 128 * r * p


def _whole(data: dict[str, object], name: str) -> int:
    value = data.get(name)
    if type(value) is not int:  # not a bool, a float or a string of digits
        raise ValueError(f"scrypt {name} is not a whole number")
    return value


def derive_key(passphrase: str, params: KdfParams) -> Key:
    """Derive the journal key; slow on purpose (about 0.3 s with the defaults)."""
    maxmem = scrypt_memory(params.n, params.r, params.p) * 2 + 1024 * 1024
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
