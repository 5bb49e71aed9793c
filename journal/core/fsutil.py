"""Private directories and atomic files.

A half-written file is how journals get lost, and a world-readable one is how they
leak: every file Rapport writes goes through here (temp file in the same directory,
fsync, rename, then fsync of the directory), with owner-only permissions.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from journal.core.errors import DiskFull, InvalidInput, UnsafeFiles

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def expand_user(path: str | os.PathLike[str]) -> Path:
    """``path`` with a leading ``~`` or ``~user`` expanded. Unlike ``Path.expanduser``
    this never raises: "~nosuchuser/x" is left as it is (a relative path), as a shell does."""
    return Path(os.path.expanduser(os.fspath(path)))


def ensure_private_dir(path: Path) -> Path:
    """Make the folder (0700), or check the one that is there: a folder someone else
    could change is refused, and a symlink the user made is used as it is (its
    target's mode is never changed)."""
    if check_private(path, folder=True):
        if os.name == "posix" and not path.is_symlink():
            os.chmod(path, PRIVATE_DIR_MODE)
        return path
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    if os.name == "posix":
        os.chmod(path, PRIVATE_DIR_MODE)
    return path


def check_private(path: Path, *, folder: bool, symlink_ok: bool = True) -> bool:
    """Like OpenSSH's StrictModes: refuse a journal's folder or file that someone else
    could change, and say the command that fixes it. Returns whether it exists.

    Refused: something owned by another user, or writable by group or others; a
    symlink, unless the user made it and its target is theirs and not writable by
    others; a file where a folder belongs, or the other way round. Nothing is changed.
    """
    if os.name != "posix":
        return path.exists()
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return False
    uid = os.getuid()
    shown = str(path)
    if stat.S_ISLNK(info.st_mode):
        if not symlink_ok:
            raise UnsafeFiles(
                f"{path} is a symbolic link, where Rapport keeps a plain file of its own. "
                f"Remove it (run rm {_quote(path)}); Rapport makes a new one."
            )
        if info.st_uid != uid:
            raise UnsafeFiles(
                f"{path} is a symbolic link made by another user, so Rapport will not "
                f"follow it. Remove it (run rm {_quote(path)}) and let Rapport make the "
                "real one."
            )
        try:
            info = os.stat(path)
        except OSError:
            raise UnsafeFiles(
                f"{path} is a symbolic link to something that is not there. Remove it "
                f"(run rm {_quote(path)}) or point it at the right place."
            ) from None
        target = Path(os.path.realpath(path))
        shown = f"{path} (a symbolic link to {target})"
        path = target
    if folder and not stat.S_ISDIR(info.st_mode):
        raise InvalidInput(
            f"{shown} is a file, not a folder, so it cannot hold a journal's files. Name "
            "a folder instead, or move the file away; Rapport has not changed it."
        )
    if not folder and not stat.S_ISREG(info.st_mode):
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise UnsafeFiles(
            f"{shown} is {what}, where Rapport keeps a file of the journal. Move it out of "
            "the journal's folder; Rapport has not changed anything."
        )
    if info.st_uid != uid:
        raise UnsafeFiles(
            f"{shown} belongs to another user, so it could have been put there to "
            "read or change your journal, and Rapport will not use it. If it is yours, "
            f"run sudo chown {_user()} {_quote(path)}; if not, move it away."
        )
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        mode = "700" if folder else "600"
        raise UnsafeFiles(
            f"{shown} can be changed by other users, so Rapport will not use it. Run "
            f"chmod {mode} {_quote(path)}, then try again."
        )
    return True


def _quote(path: Path) -> str:
    text = str(path)
    return f"'{text}'" if any(c in text for c in " '\"$`\\;&|()<>*?") else text


def _user() -> str:
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):
        return str(os.getuid())


def make_private(path: Path) -> None:
    if os.name == "posix" and path.exists():
        os.chmod(path, PRIVATE_FILE_MODE)


def fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def disk_errors() -> Iterator[None]:
    """A full disk (or quota) while writing files, as the DiskFull the user can act on."""
    try:
        yield
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFull() from None
        raise


def atomic_write_bytes(path: Path, data: bytes, mode: int = PRIVATE_FILE_MODE) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves either the old or the new file."""
    with disk_errors():
        _atomic_write_bytes(Path(path), data, mode)


def _atomic_write_bytes(path: Path, data: bytes, mode: int) -> None:
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            if os.name == "posix":
                os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


def atomic_write_text(path: Path, text: str, mode: int = PRIVATE_FILE_MODE) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), mode)
