"""What reaches the terminal: never a control character or a bidirectional override from
the journal's data, and never a traceback for a closed pipe.

A name imported from someone else's vCard can hold ESC (recolour or retitle the
terminal, move the cursor), CR (overwrite the line just printed), BEL, or U+202E (make
"Ana gpj.exe" read backwards). Rather than trust every ``print`` of every command to
remember, :func:`safe_output` puts a filter on standard output and standard error for
the whole run: each such character is written as a visible ``\\uXXXX`` escape. That form
is also a valid escape inside a JSON string, so ``--json`` output stays JSON and decodes
to the same text. Newline and tab pass: they are the layout of the output itself.

The few sequences Rapport itself means to send (bold search matches, a progress line
that rewrites itself) go through :func:`raw` with the user's text passed through
:func:`escape` first.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Iterator
from typing import Any, TextIO

#: C0 controls but tab and newline, DEL, C1 controls, and the characters that reorder
#: or hide text: Arabic letter mark, LRM/RLM, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI, the
#: line and paragraph separators, the zero-width no-break space / byte order mark, and
#: lone surrogates (bytes that were not UTF-8 in a file name or argument; printed raw
#: they would fail to encode).
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff\ufeff]"
)

#: The exit code of a command whose output was closed early (`journal people | head`):
#: what a shell reports for a process ended by SIGPIPE (128 + 13).
BROKEN_PIPE = 141


def escape(text: str) -> str:
    """``text`` with every unsafe character as a visible ``\\uXXXX``."""
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def one_line(text: str) -> str:
    """A name or title for a one-line-per-record listing: also a newline or tab in it is
    escaped, so that a name cannot print as a second, made-up record."""
    return escape(text).replace("\n", "\\u000a").replace("\t", "\\u0009")


class SafeStream:
    """A text stream that escapes what it is given before passing it on."""

    def __init__(self, inner: TextIO) -> None:
        self.inner = inner

    def write(self, text: str) -> int:
        self.inner.write(escape(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding...
        return getattr(self.inner, name)


def raw(stream: TextIO) -> TextIO:
    """The stream under the filter, for control sequences Rapport means to send."""
    return stream.inner if isinstance(stream, SafeStream) else stream


@contextlib.contextmanager
def safe_output() -> Iterator[None]:
    """Filter standard output and standard error for the duration of one command."""
    saved = sys.stdout, sys.stderr
    sys.stdout = SafeStream(saved[0])
    sys.stderr = SafeStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def silence_stdout() -> None:
    """After a broken pipe: point standard output at /dev/null, so that Python's own
    flush at exit does not fail a second time (the recipe in Python's signal docs)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, raw(sys.stdout).fileno())
        os.close(devnull)
