"""The sync folder's layout: what is in it, and how a file gets there whole.

    FOLDER/m                   the manifest: the passphrase's KDF parameters (not
                               secret) and, sealed, the journal's id
    FOLDER/<replica>/h         each computer's head: its latest change-file number and
                               its newest snapshot (sealed)
    FOLDER/<replica>/<random>  change files and snapshots (sealed)

``<replica>`` is a keyed hash of the computer's replica id and ``<random>`` is random:
names say nothing. Only a computer writes in its own folder, so the sync tool never has
two writers for one file; a file appears under its final name by rename, whole. Files
this code did not name (a ``.sync-conflict-…`` copy, a "conflicted copy", a partial
download, a temp file) do not match ``FILE_NAME`` and are never read.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

from journal.core.fsutil import fsync_dir

MANIFEST = "m"
HEAD = "h"
FILE_NAME = re.compile(r"^[0-9a-f]{32}$")
FOLDER_NAME = re.compile(r"^[0-9a-f]{32}$")


def new_name() -> str:
    return os.urandom(16).hex()


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` so that ``path`` holds either nothing or all of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    with contextlib.suppress(OSError):
        fsync_dir(path.parent)


def read(path: Path) -> bytes | None:
    """A file's bytes, or None if it vanished or cannot be read (the sync tool may be
    replacing it right now: the next look will find it)."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def replica_folders(root: Path) -> Iterator[Path]:
    try:
        children = sorted(root.iterdir())
    except OSError:
        return
    for child in children:
        if FOLDER_NAME.match(child.name) and child.is_dir():
            yield child


def change_files(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if FILE_NAME.match(p.name) and p.is_file())
    except OSError:
        return []
