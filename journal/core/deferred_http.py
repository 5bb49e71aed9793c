"""Python's HTTP client, loaded only if something ever reads from it.

keyring imports ``jaraco.context``, which imports ``urllib.request`` (and with it
``http.client``, ``email`` and ``ssl``: ~30 ms, a third of keyring's import) for a
download helper keyring never calls. Rapport makes no network connection, so before
keyring loads, ``urllib.request`` is put in place as a module that imports the real one
at the first read of any of its attributes: code that uses it gets it, unchanged; a
start that does not never loads it.

(``importlib.util.LazyLoader`` cannot do this on Python 3.11: the import system reads
``__spec__`` of a module it finds in ``sys.modules``, which loads a lazy module at once.)
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types
from typing import Any

NAME = "urllib.request"

_lock = threading.RLock()


class _Deferred(types.ModuleType):
    """Stands in for ``urllib.request`` until something reads from it."""

    def __getattr__(self, attribute: str) -> Any:
        # Only for what the stand-in lacks: everything but __name__ and __spec__.
        with _lock:
            if sys.modules.get(NAME) is self:
                del sys.modules[NAME]
            real = importlib.import_module(NAME)  # binds urllib.request to it, too
        return getattr(real, attribute)


def defer_urllib_request() -> None:
    """Put the stand-in in place, unless ``urllib.request`` is loaded already."""
    with _lock:
        if NAME in sys.modules:
            return
        spec = importlib.util.find_spec(NAME)  # found, not run
        if spec is None:
            return
        stand_in = _Deferred(NAME)
        stand_in.__spec__ = spec
        import urllib

        sys.modules[NAME] = stand_in
        urllib.request = stand_in  # type: ignore[attr-defined]  # as an import binds it
