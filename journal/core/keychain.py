"""The OS keychain, through ``keyring``, holding the derived key (never the passphrase).

Backends come and go (a locked Secret Service at login, a missing D-Bus in a terminal),
so this module asks the keychain at each use and turns each failure into one of three
distinct errors: unavailable, locked, or (checked by the caller) a key that does not fit.
It never falls back to a plaintext store.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from journal import APP_ID
from journal.core.errors import KeychainLocked, KeychainUnavailable

if TYPE_CHECKING:
    import keyring.backend

    from journal.core.keys import Key

log = logging.getLogger(__name__)

T = TypeVar("T")

SERVICE = APP_ID

# Backends that store secrets in plain files or refuse everything: treat as "no keychain".
_UNSAFE_BACKENDS = {"PlaintextKeyring", "EncryptedKeyring", "Keyring"}


def _username(journal_id: str) -> str:
    return f"journal-key:{journal_id}"


class Keychain:
    """Remembers journal keys in the OS keychain. Stateless: every call asks the backend."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._backend = backend

    def backend(self) -> keyring.backend.KeyringBackend:
        # keyring is imported at first use (on the worker that opens the journal): with
        # its dependencies it costs about 0.1 s, before the unlock dialog otherwise.
        import keyring

        backend = self._backend or keyring.get_keyring()
        if _is_unusable(backend):
            raise KeychainUnavailable()
        return backend

    def backend_name(self) -> str:
        """Human-readable backend name, for `--self-check` and Settings."""
        import keyring

        try:
            backend = self._backend or keyring.get_keyring()
        except Exception:
            return "none"
        name = f"{type(backend).__module__}.{type(backend).__name__}"
        return f"{name} (unusable)" if _is_unusable(backend) else name

    def available(self) -> bool:
        try:
            self.backend()
        except KeychainUnavailable:
            return False
        return True

    def get(self, journal_id: str) -> Key | None:
        """The remembered key, or None when nothing is remembered for this journal."""
        secret = self._call(lambda b: b.get_password(SERVICE, _username(journal_id)))
        if secret is None:
            return None
        from journal.core.keys import Key  # hashlib's OpenSSL: loaded when a key is read

        try:
            return Key.from_hex(secret)
        except ValueError:
            log.warning("the keychain holds something that is not a journal key; ignoring it")
            return None

    def store(self, journal_id: str, key: Key) -> None:
        self._call(lambda b: b.set_password(SERVICE, _username(journal_id), key.hex()))

    def forget(self, journal_id: str) -> None:
        import keyring.errors

        def delete(b: keyring.backend.KeyringBackend) -> None:
            # Nothing remembered means forgetting is already done.
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                b.delete_password(SERVICE, _username(journal_id))

        self._call(delete)

    def _call(self, action: Callable[[keyring.backend.KeyringBackend], T]) -> T:
        """Run ``action`` on the backend, its failures as Rapport's keychain errors."""
        import keyring.errors

        backend = self.backend()
        try:
            return action(backend)
        except keyring.errors.KeyringLocked:
            raise KeychainLocked() from None
        except keyring.errors.KeyringError as exc:
            if "locked" in str(exc).lower() or "dismissed" in str(exc).lower():
                raise KeychainLocked() from None
            log.warning("keychain error: %s", type(exc).__name__)
            raise KeychainUnavailable() from None
        except Exception as exc:
            log.warning("keychain backend failed: %s", type(exc).__name__)
            raise KeychainUnavailable() from None


def _is_unusable(backend: keyring.backend.KeyringBackend) -> bool:
    try:
        priority = backend.priority
    except Exception:
        return True
    if priority < 1:
        return True
    return type(backend).__name__ in _UNSAFE_BACKENDS and "keyrings.alt" in type(backend).__module__
