"""scrypt begun as the process starts, for a passphrase known then (the sample journal's).

A start that knows the passphrase (``journal demo``) used to run scrypt (0.3-0.4 s)
only once the unlock dialog was up, after Qt and the app's modules had loaded. Begun
on a thread of its own before Qt is imported, it runs beside that loading (hashlib's
scrypt lets other threads run) and the journal opens as soon as both are done. The key
is handed to ``Journal.open(derived=...)``, which uses it only where it would derive
the same key, and checks everything as it always does.
"""

from __future__ import annotations

import hmac
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journal.core.keys import KdfParams, Key


class EarlyKey:
    """The key for ``meta_path``'s journal from ``passphrase``, derived on a thread."""

    def __init__(self, meta_path: Path, passphrase: str) -> None:
        self.meta_path = meta_path
        self._passphrase = passphrase
        self._lock = threading.Lock()
        self._derived: tuple[KdfParams, Key] | None = None
        self._done = False  # taken or discarded: a key derived later is wiped at once
        self._thread = threading.Thread(target=self._derive, name="rapport-early-key", daemon=True)
        self._thread.start()

    def take(self, meta_path: Path, passphrase: str) -> tuple[KdfParams, Key] | None:
        """The derived key, if it is for this key file and passphrase (else None, and
        the caller derives as usual). Waits for scrypt to finish; only the first call
        gets the key."""
        self._thread.join()
        with self._lock:
            derived, self._derived = self._derived, None
            self._done = True
        if derived is None:
            return None
        if meta_path != self.meta_path or not hmac.compare_digest(
            passphrase.encode(), self._passphrase.encode()
        ):
            derived[1].wipe()
            return None
        return derived

    def discard(self) -> None:
        """Never used (the start ended before the journal opened): wipe the key now, or
        as soon as scrypt ends, without waiting for it."""
        with self._lock:
            derived, self._derived = self._derived, None
            self._done = True
        if derived is not None:
            derived[1].wipe()

    def _derive(self) -> None:
        from journal.core.meta import derive_early

        try:
            derived = derive_early(self.meta_path, self._passphrase)
        except Exception:  # opening derives again and says what went wrong, in its words
            derived = None
        with self._lock:
            if self._done:
                if derived is not None:
                    derived[1].wipe()
                return
            self._derived = derived
