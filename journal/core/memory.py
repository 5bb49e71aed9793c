"""Giving memory back to the system once a burst of work is over.

Opening a journal and computing Today read thousands of pages, which SQLCipher keeps
decrypted in its page cache (up to ``store.configure``'s 32 MiB, sized for search) and
Python's objects leave freed blocks behind in the C heap. Both stay in the process's
resident memory unless handed back: ``release_memory`` empties the connection's cache
(SQLCipher wipes each page as it frees it, so less decrypted journal text stays in
memory too) and asks the C library to return the freed heap pages to the system.
Pages are decrypted again when next read: about 10 ms for everything Today reads on a
10,000-person journal.
"""

from __future__ import annotations

import ctypes
import functools
import sys
from collections.abc import Callable


def return_free_heap() -> None:
    """Hand the C heap's free pages back to the system (glibc's ``malloc_trim``).

    A no-op where there is no such call (macOS, Windows, musl): those allocators give
    memory back by themselves, or not at all."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)  # the process's own symbols, libc's among them
    except OSError:
        return None
    trim: Callable[[int], int] | None = getattr(libc, "malloc_trim", None)
    return trim
