"""The bundle's strip step leaves wheel-vendored libraries alone.

A stripped copy of numpy's vendored OpenBLAS does not load, and then the frozen app's
Insights charts fail to start (CI caught it in the bundle's self-check). These tests
pin the rule on real ELF files, without building a bundle.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging" / "pyinstaller"))

import trim  # noqa: E402

pytestmark = pytest.mark.skipif(
    shutil.which("strip") is None, reason="binutils' strip is not installed"
)


def _elf_with_symbols() -> Path:
    """A real shared library that still carries symbols strip can remove."""
    import sqlcipher3

    return Path(sqlcipher3.__file__).parent / next(
        p.name for p in Path(sqlcipher3.__file__).parent.iterdir() if p.suffix == ".so"
    )


def test_vendored_libraries_are_left_byte_identical(tmp_path):
    source = _elf_with_symbols()
    vendored = tmp_path / "numpy.libs" / "libscipy_openblas.so"
    own = tmp_path / "sqlcipher3" / "_sqlite3.so"
    for target in (vendored, own):
        target.parent.mkdir(parents=True)
        shutil.copy2(source, target)
    (tmp_path / "notes.txt").write_text("not a binary")

    stripped, _saved = trim.strip_bundle(tmp_path)

    assert stripped == 1
    assert vendored.read_bytes() == source.read_bytes()
    assert (tmp_path / "notes.txt").read_text() == "not a binary"


def test_only_folders_named_like_a_wheels_vendored_libs_count():
    assert trim.is_wheel_vendored(Path("numpy.libs/libgfortran.so"))
    assert trim.is_wheel_vendored(Path("_internal/pillow.libs/libjpeg.so"))
    assert not trim.is_wheel_vendored(Path("PySide6/Qt/lib/libQt6Core.so.6"))
    assert not trim.is_wheel_vendored(Path("numpy.libs.so"))
