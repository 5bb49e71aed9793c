"""Where the text of ``journal log`` comes from: the arguments, standard input, or an editor.

Text given as arguments is readable by every local user in ``/proc/PID/cmdline`` while
the command runs, and stays in the shell's history afterwards. ``-`` reads it from
standard input instead (after the passphrase line with ``--passphrase-stdin``), and no
text at all opens ``$VISUAL`` or ``$EDITOR`` the way ``git commit`` does, on a file in a
private folder in memory-backed storage where there is one, removed afterwards.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from journal.cli.common import CliError

#: The longest entry read from standard input or the editor, in bytes.
MAX_ENTRY_BYTES = 10 * 1024 * 1024

TEMPLATE = """
# Write what happened above, then save and close the editor.
# Lines starting with '#' are left out; an empty entry logs nothing.
# With: {people}
"""


class Aborted(CliError):
    """Nothing was done because there was nothing to do (an empty entry)."""

    exit_code = 1


def read_entry_text(words: Sequence[str], people: Sequence[str] = ()) -> str:
    """The entry's text: ``words`` joined, standard input for ``-``, else an editor."""
    if list(words) == ["-"]:
        text = _decoded(_read_stdin(), "standard input")
    elif words:
        return " ".join(words)
    else:
        text = _without_instructions(_decoded(_edit(people), "the editor's file"))
    text = text.strip()
    if not text:
        raise Aborted("The entry is empty, so nothing was logged.")
    return text


def _read_stdin() -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is not None:
        data: bytes = stream.read(MAX_ENTRY_BYTES + 1)
    else:  # an in-memory text stream
        data = sys.stdin.read(MAX_ENTRY_BYTES + 1).encode("utf-8", "surrogateescape")
    if len(data) > MAX_ENTRY_BYTES:
        raise CliError(
            f"The entry on standard input is longer than {MAX_ENTRY_BYTES // (1024 * 1024)} "
            "MB; nothing was logged."
        )
    return data


def _decoded(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise CliError(
            f"The entry in {where} is not valid UTF-8 text; nothing was logged."
        ) from None


def _without_instructions(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("#"))


def private_scratch_folder() -> Path | None:
    """Where to put the draft: memory-backed and private when the system has such a
    place ($XDG_RUNTIME_DIR, else /dev/shm), so the text never reaches a disk."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    for candidate in (runtime, "/dev/shm"):
        if candidate and os.path.isdir(candidate) and os.access(candidate, os.W_OK | os.X_OK):
            return Path(candidate)
    return None


def editor_command() -> str:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or ""
    if not editor.strip() and shutil.which("vi"):
        editor = "vi"
    if not editor.strip():
        raise CliError(
            "No text was given and no editor is set. Write the text after the names, "
            "give - to read it from standard input, or set $EDITOR."
        )
    return editor


def _edit(people: Sequence[str]) -> bytes:
    editor = editor_command()
    folder = Path(tempfile.mkdtemp(prefix="rapport-entry-", dir=private_scratch_folder()))
    try:
        os.chmod(folder, 0o700)
        draft = folder / "ENTRY.txt"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(TEMPLATE.format(people=", ".join(people) or "no one named"))
        if os.name == "posix":  # like git: the editor may carry options, "code --wait"
            command = ["/bin/sh", "-c", f'{editor} "$@"', editor, str(draft)]
        else:
            command = [*shlex.split(editor, posix=False), str(draft)]
        try:
            finished = subprocess.run(command, check=False)
        except OSError as exc:
            raise CliError(
                f"The editor {editor!r} could not be started ({exc.strerror or exc}); "
                "nothing was logged."
            ) from None
        if finished.returncode != 0:
            raise Aborted(
                f"The editor {editor!r} ended with an error (exit {finished.returncode}); "
                "nothing was logged."
            )
        with open(draft, "rb") as handle:
            data = handle.read(MAX_ENTRY_BYTES + 1)
        if len(data) > MAX_ENTRY_BYTES:
            raise CliError("The entry is longer than 10 MB; nothing was logged.")
        return data
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(folder)
