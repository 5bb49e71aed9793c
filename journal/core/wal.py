"""Reading SQLite's write-ahead log and its index, to tell what a recovery would drop.

After an unclean exit (a crash, a kill, a power cut), the last saved changes may still
sit in ``journal.db-wal``. SQLite recovers them when the journal next opens: it keeps
the frames from the start of the log that carry the log's salts and a correct running
checksum, up to the last one that ends a transaction, and silently drops the rest. A
log damaged while the journal was closed (bytes overwritten, the file cut short) thus
loses every change after the damage without a word, and closing the journal deletes
the log that still held them.

This module reads the log as the SQLite file-format document describes it
(https://www.sqlite.org/fileformat2.html#walformat): a 32-byte header (magic, version,
page size, checkpoint sequence, two salts, a checksum of the header) and frames of a
24-byte header (page number, database size for a commit frame, the salts, a running
checksum over the frame header's first 8 bytes and the page) and a page. It finds the
first frame that does not check, and counts the frames past it that still carry the
log's current salts: those were written after it in this log, so they are changes
SQLite will drop. The log's index (``journal.db-shm``, left behind by a crash) says
how many frames had been committed; if that is more than the log still holds (the file
was cut short), those are lost too. Nothing here writes anything.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WAL_MAGIC = (0x377F0682, 0x377F0683)
WAL_VERSION = 3007000
WAL_HEADER = 32
FRAME_HEADER = 24
#: The log index's header: two copies of 48 bytes, in the machine's byte order.
SHM_HEADER = 48


@dataclass(frozen=True)
class WalScan:
    """What a write-ahead log holds, and what SQLite's recovery will keep of it."""

    #: Whole frames in the file.
    frames: int
    #: Frames SQLite will recover (up to the last commit frame before the first bad one).
    recovered: int
    #: Frames past the first bad one that carry the log's current salts: dropped.
    dropped_after_damage: int
    #: Whether the log's header itself is bad (then SQLite ignores the whole file).
    bad_header: bool = False


@dataclass(frozen=True)
class ShmHeader:
    """The committed state the log's index recorded: frames and the log's salts."""

    max_frame: int
    salts: bytes


def _checksum(data: bytes, big_endian: bool, s0: int = 0, s1: int = 0) -> tuple[int, int]:
    """SQLite's WAL checksum: a running Fibonacci-weighted sum over 32-bit words.

    Per pair of words (a, b): s0 += a + s1; s1 += b + s0, modulo 2^32. That is the
    affine step x -> M·x + (a, a + b) with M = [[1, 1], [1, 2]], so n steps give
    M^n·x + sum of M^(n-1-k)·u_k: one vectorised sum per page (numpy, already a
    dependency for Insights) instead of 512 Python steps. uint64 arithmetic wraps
    modulo 2^64, a multiple of 2^32, so reducing at the end is exact."""
    import numpy as np

    words = np.frombuffer(data, dtype=">u4" if big_endian else "<u4").astype(np.uint64)
    a, b = words[0::2], words[1::2]
    n = len(a)
    powers = _powers(n)  # powers[j] = M^j, as uint64 (2, 2)
    weights = powers[n - 1 :: -1][:n]  # M^(n-1-k) for k = 0..n-1
    u0, u1 = a, a + b
    with np.errstate(over="ignore"):
        t0 = (weights[:, 0, 0] * u0 + weights[:, 0, 1] * u1).sum(dtype=np.uint64)
        t1 = (weights[:, 1, 0] * u0 + weights[:, 1, 1] * u1).sum(dtype=np.uint64)
        m = powers[n]
        r0 = int(m[0, 0] * np.uint64(s0) + m[0, 1] * np.uint64(s1) + t0)
        r1 = int(m[1, 0] * np.uint64(s0) + m[1, 1] * np.uint64(s1) + t1)
    return r0 & 0xFFFFFFFF, r1 & 0xFFFFFFFF


_POWERS: list[Any] = []


def _powers(n: int) -> Any:
    """M^0 .. M^n modulo 2^32, cached (a page needs 513)."""
    import numpy as np

    if len(_POWERS) < 1 or len(_POWERS[0]) <= n:
        size = max(n + 1, 2 * 65536 // 8 + 2)
        out = np.zeros((size, 2, 2), dtype=np.uint64)
        current = [[1, 0], [0, 1]]
        for j in range(size):
            out[j] = current
            c = current
            current = [
                [(c[0][0] + c[1][0]) & 0xFFFFFFFF, (c[0][1] + c[1][1]) & 0xFFFFFFFF],
                [(c[0][0] + 2 * c[1][0]) & 0xFFFFFFFF, (c[0][1] + 2 * c[1][1]) & 0xFFFFFFFF],
            ]
        _POWERS[:] = [out]
    return _POWERS[0]


def _checksum_slow(data: bytes, big_endian: bool, s0: int = 0, s1: int = 0) -> tuple[int, int]:
    """The same, step by step as SQLite's walChecksumBytes: the reference for tests."""
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    mask = 0xFFFFFFFF
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & mask
        s1 = (s1 + words[i + 1] + s0) & mask
    return s0, s1


def scan_wal(path: Path) -> WalScan | None:
    """Read the log at ``path``; None if there is none (or it is empty)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return None
    return scan_wal_bytes(data)


def scan_wal_bytes(data: bytes) -> WalScan | None:
    """``scan_wal`` of a log's bytes."""
    if not data:
        return None
    if len(data) < WAL_HEADER:
        return WalScan(0, 0, 0, bad_header=True)
    magic, version, page_size, _seq, salt1, salt2, c0, c1 = struct.unpack(">8I", data[:32])
    valid_size = 512 <= page_size <= 65536 and not page_size & (page_size - 1)
    frame_size = FRAME_HEADER + (page_size if valid_size else 4096)
    frames = (len(data) - WAL_HEADER) // frame_size
    big_endian = magic & 1 == 1
    if (
        magic not in WAL_MAGIC
        or version != WAL_VERSION
        or not valid_size
        or _checksum(data[:24], big_endian) != (c0, c1)
    ):
        return WalScan(frames, 0, 0, bad_header=True)
    s0, s1 = c0, c1
    recovered = 0
    first_bad = frames
    for index in range(frames):
        start = WAL_HEADER + index * frame_size
        header = data[start : start + FRAME_HEADER]
        page_no, db_size, f_salt1, f_salt2, f0, f1 = struct.unpack(">6I", header)
        if page_no == 0 or (f_salt1, f_salt2) != (salt1, salt2):
            first_bad = index
            break
        s0, s1 = _checksum(header[:8], big_endian, s0, s1)
        s0, s1 = _checksum(data[start + FRAME_HEADER : start + frame_size], big_endian, s0, s1)
        if (s0, s1) != (f0, f1):
            first_bad = index
            break
        if db_size:
            recovered = index + 1
    dropped = 0
    for index in range(first_bad + 1, frames):
        start = WAL_HEADER + index * frame_size
        f_salt1, f_salt2 = struct.unpack(">2I", data[start + 8 : start + 16])
        if (f_salt1, f_salt2) == (salt1, salt2):
            dropped += 1
    return WalScan(frames, recovered, dropped)


def wal_salts(path: Path) -> bytes | None:
    """The log's current salts, as raw bytes (what the index records)."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(WAL_HEADER)
    except OSError:
        return None
    return header[16:24] if len(header) == WAL_HEADER else None


def read_shm_header(path: Path) -> ShmHeader | None:
    """The committed frame count in the log index, if the index is there and whole
    (both copies of its header agree and it says it was initialised)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(2 * SHM_HEADER)
    except OSError:
        return None
    if len(data) < 2 * SHM_HEADER or data[:SHM_HEADER] != data[SHM_HEADER:]:
        return None
    version, _unused, _change, is_init = struct.unpack("=3IB", data[:13])
    if version != WAL_VERSION or not is_init:
        return None
    (max_frame,) = struct.unpack("=I", data[16:20])
    return ShmHeader(max_frame=max_frame, salts=data[32:40])


def frames_lost(scan: WalScan, shm: ShmHeader | None, salts: bytes | None) -> int:
    """How many frames that were in the log (or committed to it) recovery drops."""
    lost = scan.frames if scan.bad_header else scan.dropped_after_damage
    if shm is not None and salts is not None and shm.salts == salts:
        lost = max(lost, shm.max_frame - scan.recovered)
    return max(lost, 0)
