"""What a frozen (PyInstaller) Rapport needs for its keychain: a backend keyring finds.

keyring finds its backends through package entry points. A frozen app that lost
keyring's metadata finds none and silently uses ``keyring.backends.fail.Keyring``
(keyring issues #324 and #468), so "remember on this computer" would never work. The
PyInstaller spec ships the metadata and the backend modules, which is the real fix; this
module is the second line: when discovery still ends with the fail backend, it tries the
platform's own backend by name, and uses it only if keyring itself finds it viable.

It changes nothing when discovery works, and never picks a backend that stores secrets
in a file. ``journal.core.keychain`` installs it in a frozen app when it first asks
keyring for a backend (so keyring loads on the worker, not before the first window).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

import keyring.backend
import keyring.core
from keyring.backends import fail

log = logging.getLogger(__name__)

#: The backends worth trying, by platform, best first (keyring's own class names).
PLATFORM_BACKENDS: dict[str, tuple[str, ...]] = {
    "linux": ("keyring.backends.SecretService.Keyring", "keyring.backends.kwallet.DBusKeyring"),
    "darwin": ("keyring.backends.macOS.Keyring",),
    "win32": ("keyring.backends.Windows.WinVaultKeyring",),
}


def platform_backend(platform: str = sys.platform) -> keyring.backend.KeyringBackend | None:
    """The first of this platform's backends that keyring finds viable here, or None."""
    for name in PLATFORM_BACKENDS.get(platform, ()):
        try:
            return keyring.core.load_keyring(name)
        except Exception as exc:  # not installed, no D-Bus, no daemon: try the next
            log.debug("keyring backend %s is not viable: %s", name, type(exc).__name__)
    return None


def install_keyring_fallback() -> None:
    """Make keyring fall back to the platform backend instead of the fail backend.

    Wraps ``keyring.core.init_backend``, which ``keyring.get_keyring()`` calls on first
    use, so nothing is probed (no D-Bus call) until the app first needs the keychain.
    """
    discover = keyring.core.init_backend
    if getattr(discover, "_rapport_fallback", False):
        return

    def init_backend(
        limit: Callable[[keyring.backend.KeyringBackend], bool] | None = None,
    ) -> None:
        discover(limit)
        if isinstance(keyring.core.get_keyring(), fail.Keyring):
            backend = platform_backend()
            if backend is not None:
                log.info("keyring found no backend; using %s", type(backend).__module__)
                keyring.core.set_keyring(backend)

    init_backend._rapport_fallback = True  # type: ignore[attr-defined]
    keyring.core.init_backend = init_backend
