"""The thin Qt layer over ``journal.core``: it shows what the core returns, nothing more."""

from __future__ import annotations

import linecache
from types import ModuleType


def _uses_pyside(module: ModuleType) -> bool:
    """Whether ``module``'s source names PySide6, read through its loader, kept nowhere."""
    get_source = getattr(getattr(module, "__loader__", None), "get_source", None)
    if get_source is None:
        return False
    try:
        source = get_source(module.__name__)
    except Exception:  # no source, or undecodable: PySide's own check says False too
        return False
    return isinstance(source, str) and "PySide6" in source


def _keep_no_module_sources() -> None:
    """Stop PySide6 keeping the source of every module imported after it.

    To know which modules opt in to its ``__feature__`` switches, PySide6 reads each
    newly imported module with ``inspect.getsource``, which goes through ``linecache``:
    every line of every module stayed in memory for the whole session (about 10 MB at
    Today, over 200 files). The same question, asked through the module's loader, keeps
    nothing. If PySide changes its internals, this does nothing.
    """
    import PySide6.QtCore  # noqa: F401  (installs the import hook this adjusts)

    try:
        from shibokensupport import feature
    except ImportError:
        return
    if callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = _uses_pyside
        for name, entry in list(linecache.cache.items()):
            if len(entry) == 4 and entry[1] is not None:  # read from a file: reread on need
                del linecache.cache[name]


_keep_no_module_sources()
