"""A small, real file system to fill up, for the full-disk tests.

Tried in order: a tmpfs of the given size (``mount -t tmpfs``, root in a container that
allows it), then an ext2 image on a loop device. Both give real ENOSPC from the kernel,
which is what SQLite and the file code see on a full disk. Without either (no root, no
mount rights) the test is skipped with the reason, and fails when ``CI`` is set.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tests.support.components import require


def _run(*command: str) -> bool:
    try:
        return subprocess.run(command, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _mount_tmpfs(point: Path, size: int) -> bool:
    return _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(point))


def _mount_loop(point: Path, size: int, image: Path) -> bool:
    if shutil.which("mkfs.ext2") is None:
        return False
    with open(image, "wb") as handle:
        handle.truncate(max(size, 1024 * 1024))
    return _run("mkfs.ext2", "-q", "-F", "-m", "0", str(image)) and _run(
        "mount", "-o", "loop", str(image), str(point)
    )


@contextlib.contextmanager
def small_disk(size: int) -> Iterator[Path]:
    """Yield the root of a fresh file system of about ``size`` bytes; unmount after."""
    work = Path(tempfile.mkdtemp(prefix="rapport-small-disk-"))
    point = work / "mnt"
    point.mkdir()
    mounted = _mount_tmpfs(point, size) or _mount_loop(point, size, work / "disk.img")
    try:
        require(
            mounted,
            "a small file system to fill up (mount -t tmpfs, or a loop device; both need root)",
        )
        yield point
    finally:
        if mounted and not _run("umount", str(point)):
            _run("umount", "-l", str(point))
        shutil.rmtree(work, ignore_errors=True)


def free_bytes(path: Path) -> int:
    return shutil.disk_usage(path).free


def fill(path: Path, leave: int) -> Path:
    """Write a filler file so that about ``leave`` bytes stay free; returns the filler."""
    filler = path / "filler"
    room = free_bytes(path) - leave
    with open(filler, "ab") as handle:
        chunk = b"\0" * 65536
        while room > 0:
            try:
                handle.write(chunk[:room])
                handle.flush()
            except OSError:
                break
            room -= min(room, len(chunk))
        os.fsync(handle.fileno())
    return filler
