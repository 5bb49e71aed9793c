"""Dates and times as stored: ISO text, so SQL can sort and compare them directly."""

from __future__ import annotations

from datetime import date, datetime

from journal.core.stored import stored_date, stored_datetime


def date_to_db(value: date | None) -> str | None:
    return value.isoformat() if value else None


def date_from_db(value: str | None) -> date | None:
    """None for NULL and for a stored value that is not a date (see ``stored``)."""
    if value is None:  # most stored dates are NULL (engine hot path)
        return None
    return stored_date(value)


def datetime_to_db(value: datetime) -> str:
    """Local wall-clock time, to the second, without zone: what the user wrote down."""
    return value.replace(tzinfo=None, microsecond=0).isoformat(timespec="seconds")


def datetime_from_db(value: str | None) -> datetime | None:
    """None for NULL and for a stored value that is not a date-time (see ``stored``)."""
    return stored_datetime(value)


def parse_user_date(text: str) -> date:
    """A date typed by a person: YYYY-MM-DD, or today/tomorrow/yesterday."""
    from datetime import timedelta

    text = text.strip().lower()
    words = {"today": 0, "tomorrow": 1, "yesterday": -1}
    if text in words:
        return date.today() + timedelta(days=words[text])
    return date.fromisoformat(text)
