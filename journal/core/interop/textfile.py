"""Reading an import file's bytes as text, whatever its encoding.

Contact exports come in every encoding there is: UTF-8 with or without a byte-order
mark, UTF-16 from Outlook and Windows tools, Windows-1252 from older Excel and Outlook,
and Latin-1. We decide in a fixed, explainable order (BOM, UTF-16 without BOM by its
zero bytes, strict UTF-8, Windows-1252, Latin-1) rather than guess statistically, so
the same file always reads the same way and the report can say how it was read.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from journal.core.interop.errors import ImportFailed

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "utf-32-le": "UTF-32",
    "utf-32-be": "UTF-32",
    "cp1252": "Windows-1252 (Western European)",
    "latin-1": "Latin-1 (ISO 8859-1)",
}

#: Bigger than any real contact export; a guard against picking the wrong file.
MAX_IMPORT_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str

    @property
    def note(self) -> str | None:
        """A line for the report when the file was not plain UTF-8."""
        if self.encoding in ("utf-8",):
            return None
        return f"The file was read as {ENCODING_NAMES.get(self.encoding, self.encoding)}."


def read_file(path: Path) -> DecodedText:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise ImportFailed(
                f"{path.name} is {size // (1024 * 1024)} MB, too big to be a contact list; "
                "nothing was imported."
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(f"There is no file {str(path)!r}; check the name.") from None
    except IsADirectoryError:
        raise ImportFailed(f"{str(path)!r} is a folder; choose a file to import.") from None
    except PermissionError:
        raise ImportFailed(f"{path.name} cannot be read (permission denied).") from None
    except OSError as exc:
        raise ImportFailed(f"{path.name} cannot be read ({exc.strerror}).") from None
    return decode(data)


def decode(data: bytes) -> DecodedText:
    """Text from bytes, or ImportFailed for an empty or binary file."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ImportFailed("The file is empty; nothing was imported.")
    text, encoding = _decode(data)
    text = text.lstrip("\ufeff")
    if _looks_binary(text):
        raise ImportFailed(
            "This file is not text (it looks like a picture, a spreadsheet or an archive). "
            "Export your contacts as vCard (.vcf) or CSV and import that."
        )
    return DecodedText(text, encoding)


def _decode(data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace"), encoding
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text of mostly ASCII has a zero in every other byte."""
    sample = data[:4096]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd > 3 * even and odd >= len(sample) // 4:
        return "utf-16-le"
    if even > 3 * odd and even >= len(sample) // 4:
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f\v")
    return "\x00" in sample or controls > len(sample) // 20


def decode_value(data: bytes, charset: str | None, fallback: str = "utf-8") -> tuple[str, bool]:
    """Bytes of one value (quoted-printable vCard 2.1) in their declared charset.

    Returns the text and whether some bytes could not be read (they are left out).
    """
    for encoding in filter(None, (charset, fallback, "utf-8")):
        try:
            codecs.lookup(encoding)
        except LookupError:
            continue
        try:
            return data.decode(encoding), False
        except UnicodeDecodeError:
            text = data.decode(encoding, errors="replace").replace("\ufffd", "")
            return text, True
    return data.decode("cp1252", errors="replace").replace("\ufffd", ""), True
