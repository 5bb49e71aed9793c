"""Setting one field of a person from text ("circle=close", "deceased=2026-03-04"), for
``journal edit --set`` and anything else that edits by name and value.

The GUI's dialog edits the same ``Person`` fields directly; this module exists so that
the command line accepts the same values the dialog does and refuses the rest with a
sentence that says what would be accepted.
"""

from __future__ import annotations

from datetime import date

from journal.core.errors import InvalidInput
from journal.core.model import Birthday, Circle, Person

#: Field names as typed, to the attribute they set (with a few friendly spellings).
FIELDS: dict[str, str] = {
    "name": "name",
    "preferred_name": "preferred_name",
    "preferred": "preferred_name",
    "organisation": "organisation",
    "organization": "organisation",
    "org": "organisation",
    "role": "role",
    "field": "field",
    "location": "location",
    "met_how": "met_how",
    "met_on": "met_on",
    "met": "met_on",
    "circle": "circle",
    "cadence": "cadence_days",
    "cadence_days": "cadence_days",
    "birthday": "birthday",
    "pronouns": "pronouns",
    "deceased": "deceased_on",
    "deceased_on": "deceased_on",
    "died": "deceased_on",
    "notes": "notes",
}
_CLEAR = ("", "none", "-")


def set_field(person: Person, field: str, value: str) -> str:
    """Set ``field`` of ``person`` from ``value``; returns the attribute set. An empty
    value (or "none") clears an optional field."""
    key = field.strip().lower().replace("-", "_")
    attr = FIELDS.get(key)
    if attr is None:
        names = ", ".join(sorted({k for k in FIELDS if "_" not in k or k in FIELDS.values()}))
        raise InvalidInput(f"{field!r} is not a field a person has. Use one of: {names}.")
    value = value.strip()
    clear = value.lower() in _CLEAR
    if attr == "name":
        if clear:
            raise InvalidInput("A person needs a name.")
        person.name = value
    elif attr in ("met_on", "deceased_on"):
        setattr(person, attr, None if clear else _date(value, key))
    elif attr == "circle":
        try:
            person.circle = Circle(value.lower())
        except ValueError:
            circles = ", ".join(c.value for c in Circle)
            raise InvalidInput(f"{value!r} is not a circle. Use one of: {circles}.") from None
        person.placed = True
    elif attr == "cadence_days":
        if clear or value.lower() == "default":
            person.cadence_days = None
        else:
            try:
                days = int(value.split()[0])
            except (ValueError, IndexError):
                days = 0
            if days <= 0:
                raise InvalidInput(
                    f"cadence {value!r} is not a number of days above zero (or 'default')."
                )
            person.cadence_days = days
    elif attr == "birthday":
        if clear:
            person.birthday = None
        else:
            try:
                person.birthday = Birthday.parse(value)
            except (ValueError, TypeError):
                raise InvalidInput(
                    f"birthday {value!r} is not a date like 1990-05-17, or 05-17 without a year."
                ) from None
    else:
        setattr(person, attr, "" if clear else value)
    return attr


def _date(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{field} {value!r} is not a date like 2026-03-04.") from None
