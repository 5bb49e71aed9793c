"""Helpers shared by the import and export tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from journal.core.interop.jsonfile import dump_journal

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "interop"


def snapshot(journal: Any) -> dict[str, Any]:
    """Every row of every table: two equal snapshots mean nothing changed."""
    data = dump_journal(journal)
    data.pop("exported_at")
    return data


def fixture(name: str) -> Path:
    return FIXTURES / name


def card(*lines: str) -> str:
    return "\r\n".join(("BEGIN:VCARD", "VERSION:3.0", *lines, "END:VCARD")) + "\r\n"


def big_photo_card(name: str, megabytes: float = 5.0) -> str:
    """A card with a base64 photo of about ``megabytes`` MB, folded at 75 columns."""
    import base64

    raw = bytes(range(256)) * int(megabytes * 1024 * 1024 / 256)
    encoded = base64.b64encode(raw).decode("ascii")
    folded = "\r\n ".join(encoded[i : i + 74] for i in range(0, len(encoded), 74))
    return card(
        f"FN:{name}",
        f"EMAIL:{name.split()[0].lower()}@example.com",
        f"PHOTO;ENCODING=b;TYPE=JPEG:{folded}",
        "NOTE:has a big photo",
    )
