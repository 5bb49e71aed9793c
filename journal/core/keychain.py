"""The OS keychain, through ``keyring``, holding the derived key (never the passphrase).

Backends come and go (a locked Secret Service at login, a missing D-Bus in a terminal),
so this module asks the keychain at each use and turns each failure into one of three
distinct errors: unavailable, locked, or (checked by the caller) a key that does not fit.
It never falls back to a plaintext store.

Starting costs: keyring finds its backend by importing every one it knows (on Linux,
the macOS backend runs ``ldconfig`` and ``gcc`` looking for Apple's libraries) and
reading every installed package's entry points, about 60-90 ms on the worker before a
remembered key opens the journal. So the backend that answered is written down (its
class name, never a secret) and the next start asks that one first, if keyring itself
still finds it usable; the user's own choice (``PYTHON_KEYRING_BACKEND``, keyring's
``keyringrc.cfg``) always comes first, and anything else goes through keyring's
discovery as before.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
import threading
from collections.abc import Callable
from pathlib import Path
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


#: Only keyring's own backends are asked by name (a plugin goes through discovery), and
#: not its chainer, which runs discovery itself.
_REMEMBERABLE = re.compile(r"keyring\.backends\.(?!chainer\.)[A-Za-z_][\w.]*")

_lock = threading.Lock()
_noted: str | None = None


def backend_note_path() -> Path:
    """Where the name of the backend that answered last is kept (not a secret)."""
    from journal.core.paths import config_dir

    return config_dir() / "keychain-backend"


def _username(journal_id: str) -> str:
    return f"journal-key:{journal_id}"


class Keychain:
    """Remembers journal keys in the OS keychain. Stateless: every call asks the backend."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._backend = backend

    def backend(self) -> keyring.backend.KeyringBackend:
        # keyring is imported at first use (on the worker that opens the journal): with
        # its dependencies it costs about 0.1 s, before the unlock dialog otherwise.
        backend = self._backend or _system_backend()
        if _is_unusable(backend):
            raise KeychainUnavailable()
        if backend is not self._backend:
            _note(backend)
        return backend

    def backend_name(self) -> str:
        """Human-readable backend name, for `--self-check` and Settings."""
        try:
            backend = self._backend or _system_backend()
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
        _load_keyring()
        import keyring.errors

        def delete(b: keyring.backend.KeyringBackend) -> None:
            # Nothing remembered means forgetting is already done.
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                b.delete_password(SERVICE, _username(journal_id))

        self._call(delete)

    def _call(self, action: Callable[[keyring.backend.KeyringBackend], T]) -> T:
        """Run ``action`` on the backend, its failures as Rapport's keychain errors."""
        _load_keyring()
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


def _load_keyring() -> None:
    """Import keyring without the HTTP client its dependency loads (``deferred_http``)."""
    if "keyring" not in sys.modules:
        from journal.core.deferred_http import defer_urllib_request

        defer_urllib_request()
        import keyring  # noqa: F401


def _system_backend() -> keyring.backend.KeyringBackend:
    """keyring's backend for this computer, asking the one noted last time first."""
    _load_keyring()
    import keyring

    if getattr(sys, "frozen", False):  # a PyInstaller bundle: keyring may find no backend
        from journal.frozen import install_keyring_fallback

        install_keyring_fallback()
    _ask_noted_first()
    return keyring.get_keyring()


def _ask_noted_first() -> None:
    """Make keyring's first choice in this process try the noted backend before its
    discovery (the way ``journal.frozen`` adds its fallback after it)."""
    import keyring.core as core

    discover = core.init_backend
    if getattr(discover, "_rapport_noted", False):
        return

    def init_backend(limit: Callable[[keyring.backend.KeyringBackend], bool] | None = None) -> None:
        noted = None if limit is not None or _user_chose() else _noted_backend()
        if noted is None:
            discover(limit)
        else:
            core.set_keyring(noted)

    init_backend._rapport_noted = True  # type: ignore[attr-defined]
    with _lock:
        if not getattr(core.init_backend, "_rapport_noted", False):
            core.init_backend = init_backend


def _user_chose() -> bool:
    """Whether the user told keyring which backend to use (then keyring decides)."""
    from keyring.util import platform_

    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        return True
    try:
        root: Path = platform_.config_root()
        return (root / "keyringrc.cfg").exists()
    except Exception:
        return True  # cannot tell: let keyring decide, as it always did


def _noted_backend() -> keyring.backend.KeyringBackend | None:
    """The noted backend, if keyring loads it and finds it usable here; else None."""
    import keyring.core as core

    global _noted
    try:
        name = backend_note_path().read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not _REMEMBERABLE.fullmatch(name):
        return None
    try:
        backend = core.load_keyring(name)  # keyring's own check that it is viable
    except Exception as exc:  # gone, no D-Bus, no daemon: keyring's discovery decides
        log.debug("the noted keychain %s is not usable: %s", name, type(exc).__name__)
        return None
    if _is_unusable(backend):
        return None
    _noted = name
    return backend


def _note(backend: keyring.backend.KeyringBackend) -> None:
    """Write down the backend that answers (usable: ``Keychain.backend`` checked it),
    when it is one worth asking first."""
    global _noted
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if name == _noted or not _REMEMBERABLE.fullmatch(name):
        return
    _noted = name
    path = backend_note_path()
    try:
        if path.exists() and path.read_text(encoding="utf-8").strip() == name:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.write_text(name + "\n", encoding="utf-8")
        os.replace(partial, path)
    except OSError as exc:  # a read-only home: discovery again next time, nothing worse
        log.debug("could not note the keychain backend: %s", type(exc).__name__)
