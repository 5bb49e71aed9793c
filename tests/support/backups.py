"""Damaged backups, as a bad disk or a cut-short copy leaves them, for restore tests."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path


def damaged_backup(good: Path, out: Path, flipped: int = 32) -> Path:
    """A copy of the backup ``good`` at ``out`` whose database has ``flipped`` bytes
    inverted in the middle: the archive itself still reads, the journal inside does not."""
    with tarfile.open(good) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    db = bytearray(members["journal.db"])
    middle = len(db) // 2
    db[middle : middle + flipped] = bytes(b ^ 0xFF for b in db[middle : middle + flipped])
    members["journal.db"] = bytes(db)
    with tarfile.open(out, "w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out
