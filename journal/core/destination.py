"""Writing a file the user named (an export, a backup): never over the journal, never over
an existing file without being asked, never half-written.

A path typed by a person can name anything: the journal's own key file
(``export --format json DIR/journal.meta.json`` would make the journal unopenable), its
database, or last month's export. Every exporter and the backup go through
:func:`check_destination` and then :func:`write_new_file` or :func:`place_file`, so the
command line and the app refuse the same things with the same sentence.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from journal.core.errors import InvalidInput
from journal.core.fsutil import PRIVATE_FILE_MODE, disk_errors, expand_user, fsync_dir

#: The file whose presence marks a folder as a Rapport journal's data folder.
JOURNAL_MARKER = "journal.meta.json"
#: The one place inside a journal's folder where a file the user names may go.
BACKUPS = "backups"


class DestinationExists(InvalidInput):
    """The file the user named is already there and replacing it was not asked for."""

    title = "The file already exists"

    def __init__(self, path: Path, message: str | None = None) -> None:
        self.path = path
        super().__init__(
            message or f"{path} already exists, so nothing was written. Choose another name."
        )


class InsideJournalFolder(InvalidInput):
    """The path named lies inside a journal's data folder (outside its backups/)."""

    title = "Not inside the journal's folder"


def _resolved(path: Path) -> Path:
    """``path`` with its folder's symlinks resolved (the name itself is what gets
    replaced by a rename, so a symlink there is not followed)."""
    path = expand_user(path)
    return path.parent.resolve() / path.name


def _journal_folder_of(path: Path, journal_root: Path | None) -> Path | None:
    """The journal data folder that ``path`` lies in (outside its backups/), if any."""
    roots = [journal_root.resolve()] if journal_root is not None else []
    # Any folder holding a journal's files counts, not only the journal being exported:
    # a second journal's key file is just as precious.
    for folder in (path, *path.parents):
        if (folder / JOURNAL_MARKER).exists():
            roots.append(folder)
    for root in roots:
        if path == root or root in path.parents:
            inside = path.relative_to(root).parts
            if inside and inside[0] == BACKUPS and len(inside) > 1:
                continue
            return root
    return None


def check_destination(
    out: Path, *, journal_root: Path | None, force: bool = False, folder: bool = False
) -> Path:
    """Refuse a destination inside a journal's folder (except backups/), a folder where a
    file is expected, and an existing file unless ``force``. Returns the path to write."""
    target = _resolved(out)
    root = _journal_folder_of(target, journal_root)
    if root is not None:
        raise InsideJournalFolder(
            f"{out} is inside the journal's folder ({root}), where Rapport keeps its own "
            "files; nothing was written. Choose a place outside it (backups may go in its "
            "backups/ folder)."
        )
    if not target.parent.is_dir():
        raise InvalidInput(
            f"The folder {target.parent} does not exist, so nothing was written. Choose an "
            "existing folder."
        )
    if folder:
        return target
    if target.is_dir():
        raise InvalidInput(f"{out} is a folder; give a file name to write.")
    if (target.exists() or target.is_symlink()) and not force:
        raise DestinationExists(target)
    return target


def place_file(finished: Path, target: Path, *, force: bool) -> None:
    """Move a complete, flushed file from beside ``target`` into place.

    Without ``force`` the move never replaces a file, even one that appeared since the
    check (a hard link fails if the name is taken); with it, the rename replaces the old
    file in one step, so a crash leaves the old file or the new one, never half of each.
    """
    if force:
        os.replace(finished, target)
    else:
        try:
            os.link(finished, target)
        except FileExistsError:
            raise DestinationExists(target) from None
        except OSError as exc:
            # Some file systems (FAT, some network shares) have no hard links.
            if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK):
                raise
            if target.exists() or target.is_symlink():
                raise DestinationExists(target) from None
            os.replace(finished, target)
        else:
            os.unlink(finished)
    fsync_dir(target.parent)


def write_new_file(
    target: Path, data: bytes, *, force: bool, mode: int = PRIVATE_FILE_MODE
) -> None:
    """Write ``data`` to a temporary name beside ``target``, fsync it, and place it.

    ``target`` comes from :func:`check_destination`. Owner-only permissions from the start.
    """
    with disk_errors():
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name[:80]}.", suffix=".tmp", dir=target.parent
        )
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as handle:
                if os.name == "posix":
                    os.fchmod(handle.fileno(), mode)
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            place_file(tmp, target, force=force)
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()
