"""Reading contacts from CSV: Google Contacts, LinkedIn's Connections.csv, and any CSV
with a column mapping.

Google's export exists in two generations ("Given Name"/"E-mail 1 - Type" before 2020,
"First Name"/"E-mail 1 - Label" since), with several values in one cell joined by
" ::: ". LinkedIn's starts with a "Notes:" preamble before its header row and dates
connections "03 Oct 2023". A generic CSV needs the user to say which column is what:
``guess_mapping`` proposes it from the headers, ``parse_csv`` takes it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from journal.core.interop.errors import ImportFailed
from journal.core.interop.records import ParsedFile, ParsedPerson, Unreadable
from journal.core.interop.vcard import one_line
from journal.core.model import Birthday, Channel, ChannelKind, Facet, FacetKind, Person

csv.field_size_limit(64 * 1024 * 1024)  # Google puts photo URLs, others whole notes, in cells

_MULTI = " ::: "
_SYSTEM_LABELS = {"mycontacts", "my contacts", "starred"}


def _is_system_label(label: str) -> bool:
    """Google's own groups ("* myContacts", "* starred"), not labels the user chose."""
    return label.strip().lstrip("*").strip().lower() in _SYSTEM_LABELS


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    repeatable: bool = False


#: What a column of a generic CSV can be (the GUI's mapping step offers these).
TARGETS: tuple[Target, ...] = (
    Target("ignore", "Ignore this column", True),
    Target("name", "Full name"),
    Target("first_name", "First name"),
    Target("last_name", "Last name"),
    Target("preferred_name", "Preferred name / nickname"),
    Target("organisation", "Organisation"),
    Target("role", "Role / job title"),
    Target("field", "Field"),
    Target("location", "Location"),
    Target("met_how", "How we met"),
    Target("met_on", "When we met"),
    Target("birthday", "Birthday"),
    Target("email", "E-mail", True),
    Target("phone", "Phone", True),
    Target("address", "Address", True),
    Target("url", "Web address", True),
    Target("social", "Social profile", True),
    Target("tags", "Tags (comma-separated)", True),
    Target("notes", "Notes", True),
)
TARGET_KEYS = {t.key for t in TARGETS}

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "fullname", "display name", "contact name", "contact"),
    "first_name": ("first name", "firstname", "given name", "forename", "first"),
    "last_name": ("last name", "lastname", "surname", "family name", "last"),
    "preferred_name": ("nickname", "preferred name", "nick name", "known as"),
    "organisation": (
        "organisation",
        "organization",
        "company",
        "employer",
        "org",
        "organization name",
        "company name",
        "organization 1 - name",
    ),
    "role": (
        "role",
        "title",
        "job title",
        "position",
        "occupation",
        "organization title",
        "organization 1 - title",
    ),
    "field": ("field", "industry", "sector"),
    "location": ("location", "city", "town", "place"),
    "met_how": ("met how", "how we met", "how met", "source"),
    "met_on": ("met on", "met", "date met", "connected on", "first met"),
    "birthday": ("birthday", "birth date", "birthdate", "date of birth", "dob", "bday"),
    "email": (
        "email",
        "e-mail",
        "email address",
        "e-mail address",
        "mail",
        "work email",
        "home email",
        "personal email",
        "e-mail 1 - value",
        "e-mail 2 - value",
    ),
    "phone": (
        "phone",
        "telephone",
        "mobile",
        "cell",
        "phone number",
        "mobile phone",
        "work phone",
        "home phone",
        "tel",
        "phone 1 - value",
        "phone 2 - value",
    ),
    "address": (
        "address",
        "street address",
        "postal address",
        "home address",
        "work address",
        "address 1 - formatted",
    ),
    "url": ("url", "website", "web site", "web page", "homepage", "web"),
    "social": ("linkedin", "twitter", "social", "profile", "mastodon", "github"),
    "tags": ("tags", "tag", "labels", "groups", "categories", "category", "group membership"),
    "notes": ("notes", "note", "comments", "comment", "description", "remarks"),
}


# -- reading the table ------------------------------------------------------------------------


def sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        first = next((ln for ln in text.splitlines() if ln.strip()), "")
        counts = {d: first.count(d) for d in ",;\t|"}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def read_rows(text: str, delimiter: str | None = None) -> list[list[str]]:
    """All rows of a CSV text; ImportFailed when it is not a table we can read.

    Strict quoting: an unclosed quote would otherwise swallow the rest of the file into
    one cell and import it as one odd person.
    """
    delimiter = delimiter or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:
        hint = " (a quote is opened and never closed)" if "end of data" in str(exc) else ""
        raise ImportFailed(
            f"This CSV file cannot be read: line {reader.line_num}: {exc}{hint}. Nothing was "
            "imported; fix that line or save the file again from your spreadsheet as CSV."
        ) from None
    return rows


Records = list[tuple[int, dict[str, str]]]


def _table(rows: list[list[str]], header_at: int = 0) -> tuple[list[str], Records]:
    if len(rows) <= header_at or not any(c.strip() for c in rows[header_at]):
        raise ImportFailed(
            "The CSV file has no header row naming its columns; nothing was imported."
        )
    header = [h.strip().lstrip("\ufeff") for h in rows[header_at]]
    records = []
    for number, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if not any(cell.strip() for cell in row):
            continue
        cells = row + [""] * (len(header) - len(row))
        records.append((number, {h: cells[i] for i, h in enumerate(header) if h}))
    return header, records


def _get(record: Mapping[str, str], *names: str) -> str:
    for name in names:
        value = record.get(name)
        if value and value.strip():
            return value.strip()
    return ""


def _multi(value: str) -> list[str]:
    return [v.strip() for v in value.split(_MULTI) if v.strip()]


# -- dates ------------------------------------------------------------------------------------

_TEXT_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%d-%b-%Y", "%d-%b-%y",
                 "%b %d %Y", "%d %b %y", "%Y/%m/%d", "%Y.%m.%d")  # fmt: skip


def parse_loose_date(text: str) -> date | None:
    """A date as spreadsheets write it; None when ambiguous or unreadable.

    ISO, "03 Oct 2023", "October 3, 2023"; numeric d/m/y or m/d/y only when one part is
    over 12, since 03/10/2023 could be either.
    """
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    for fmt in _TEXT_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})", text)
    if match:
        a, b, year = (int(g) for g in match.groups())
        year += (
            2000 if year < 100 and year <= date.today().year % 100 else (1900 if year < 100 else 0)
        )
        try:
            if a > 12 >= b:
                return date(year, b, a)
            if b > 12 >= a:
                return date(year, a, b)
            if a == b:
                return date(year, a, b)
        except ValueError:
            return None
    return None


def parse_birthday(text: str) -> Birthday | None:
    text = text.strip()
    match = re.fullmatch(r"--(\d{2})-?(\d{2})", text) or re.fullmatch(r"(\d{1,2})-(\d{1,2})", text)
    try:
        if match:
            return Birthday(int(match.group(1)), int(match.group(2)))
        day = parse_loose_date(text)
        if day:
            return Birthday(day.month, day.day, day.year if day.year >= 1800 else None)
    except ValueError:
        return None
    return None


# -- Google Contacts ---------------------------------------------------------------------------


def looks_like_google(header: Sequence[str]) -> bool:
    names = {h.strip().lower() for h in header}
    return ("e-mail 1 - value" in names or "phone 1 - value" in names) and (
        "given name" in names or "first name" in names or "name" in names
    )


def parse_google_csv(text: str) -> ParsedFile:
    rows = read_rows(text)
    header, records = _table(rows)
    if not looks_like_google(header):
        raise ImportFailed(
            "This is not a Google Contacts export (no 'E-mail 1 - Value' "
            "column). Import it as a generic CSV instead."
        )
    parsed = ParsedFile(format="google")
    for number, record in records:
        person, warnings = _google_person(record)
        source = f"row {number}"
        if person is None:
            parsed.unreadable.append(Unreadable(source, warnings[0]))
        else:
            parsed.people.append(ParsedPerson(person, source, warnings))
    return parsed


def _numbered(record: Mapping[str, str], prefix: str) -> Iterable[tuple[str, dict[str, str]]]:
    """('1', {'value': ..., 'label': ...}) for 'E-mail 1 - Value', 'E-mail 1 - Label'..."""
    groups: dict[str, dict[str, str]] = {}
    pattern = re.compile(rf"^{re.escape(prefix)} (\d+) - (.+)$", re.I)
    for key, value in record.items():
        match = pattern.match(key)
        if match:
            part = match.group(2).strip().lower()
            part = "label" if part == "type" else part
            groups.setdefault(match.group(1), {})[part] = value.strip()
    return sorted(groups.items(), key=lambda kv: int(kv[0]))


def _label(text: str) -> str:
    label = text.strip().lstrip("*").strip()
    return "" if label.lower() in ("other", "") else label.lower()


def _google_person(record: Mapping[str, str]) -> tuple[Person | None, list[str]]:
    warnings: list[str] = []
    parts = [
        _get(record, "Name Prefix"),
        _get(record, "First Name", "Given Name"),
        _get(record, "Middle Name", "Additional Name"),
        _get(record, "Last Name", "Family Name"),
        _get(record, "Name Suffix"),
    ]
    name = one_line(_get(record, "Name") or " ".join(p for p in parts[1:] if p))
    nickname = one_line(_get(record, "Nickname"))
    organisation, role, department = (
        one_line(_get(record, "Organization Name", "Organization 1 - Name")),
        one_line(_get(record, "Organization Title", "Organization 1 - Title", "Occupation")),
        one_line(_get(record, "Organization Department", "Organization 1 - Department")),
    )
    channels: list[Channel] = []
    for prefix, kind in (
        ("E-mail", ChannelKind.EMAIL),
        ("Phone", ChannelKind.PHONE),
        ("Website", ChannelKind.URL),
        ("IM", ChannelKind.SOCIAL),
    ):
        for _n, group in _numbered(record, prefix):
            label = group.get("service") or _label(group.get("label", ""))
            for value in _multi(group.get("value", "")):
                channels.append(Channel(kind, one_line(value), label))
    location = ""
    for _n, group in _numbered(record, "Address"):
        formatted = group.get("formatted", "")
        for value in _multi(formatted) or [
            ", ".join(
                v
                for v in (
                    group.get("street"),
                    group.get("extended address"),
                    group.get("city"),
                    group.get("region"),
                    group.get("postal code"),
                    group.get("country"),
                )
                if v
            )
        ]:
            if value.strip():
                channels.append(
                    Channel(
                        ChannelKind.ADDRESS,
                        ", ".join(one_line(x) for x in value.splitlines() if x.strip()),
                        _label(group.get("label", "")),
                    )
                )
        if not location:
            location = ", ".join(
                v for v in (group.get("city") or group.get("region"), group.get("country")) if v
            )
    location = location or one_line(_get(record, "Location"))
    if not name:
        name = (
            nickname
            or organisation
            or next(
                (c.value for c in channels if c.kind in (ChannelKind.EMAIL, ChannelKind.PHONE)), ""
            )
        )
        if not name:
            return None, ["it has no name, email address or phone number"]
        warnings.append(
            "The row has no name; it is named after "
            + (
                "the nickname."
                if name == nickname
                else "the organisation."
                if name == organisation
                else "its email address or phone."
            )
        )
    person = Person(
        name=name, organisation=organisation, role=role, location=location, channels=channels
    )
    if nickname and nickname != name:
        person.preferred_name = nickname
    birthday_text = _get(record, "Birthday")
    if birthday_text:
        person.birthday = parse_birthday(birthday_text)
        if person.birthday is None:
            warnings.append(
                f"The birthday {birthday_text!r} is not a date Rapport can read; it was left out."
            )
    labels = _get(record, "Labels", "Group Membership")
    person.tags = [
        t.lstrip("* ").strip()
        for t in _multi(labels)
        if not _is_system_label(t) and t.lstrip("* ").strip()
    ]
    for hobby in re.split(r"[,;]", _get(record, "Hobby")):
        if hobby.strip():
            person.facets.append(Facet(FacetKind.HOBBY, one_line(hobby)))
    extras = []
    if department:
        extras.append(f"Department: {department}")
    for _n, group in _numbered(record, "Relation"):
        label, value = _label(group.get("label", "")) or "related", group.get("value", "")
        for who in _multi(value):
            if label in (
                "spouse",
                "partner",
                "child",
                "mother",
                "father",
                "parent",
                "brother",
                "sister",
                "relative",
                "domestic partner",
            ):
                person.facets.append(Facet(FacetKind.FAMILY, f"{label.capitalize()}: {who}"))
            else:
                extras.append(f"{label.capitalize()}: {who}")
    for _n, group in _numbered(record, "Event"):
        label = _label(group.get("label", "")) or "date"
        day = parse_loose_date(group.get("value", ""))
        if day:
            person.facets.append(Facet(FacetKind.LIFE_EVENT, label.capitalize(), event_date=day))
    for _n, group in _numbered(record, "Custom Field"):
        if group.get("value"):
            extras.append(f"{group.get('label') or 'Custom'}: {group['value']}")
    notes = _get(record, "Notes").replace("\r\n", "\n")
    person.notes = (notes + ("\n\n" if notes and extras else "") + "\n".join(extras)).strip()
    return person, warnings


# -- LinkedIn ----------------------------------------------------------------------------------


def _linkedin_header(rows: list[list[str]]) -> int | None:
    for i, row in enumerate(rows[:30]):
        names = {c.strip().lower() for c in row}
        if "first name" in names and "last name" in names:
            return i
    return None


def looks_like_linkedin(rows: list[list[str]]) -> bool:
    at = _linkedin_header(rows)
    return at is not None and any(c.strip().lower() == "connected on" for c in rows[at])


def parse_linkedin_csv(text: str) -> ParsedFile:
    rows = read_rows(text, ",")
    at = _linkedin_header(rows)
    if at is None:
        raise ImportFailed(
            "This is not LinkedIn's Connections.csv (no 'First Name' and "
            "'Last Name' columns). Import it as a generic CSV instead."
        )
    _header, records = _table(rows, at)
    parsed = ParsedFile(format="linkedin")
    for number, record in records:
        source = f"row {number}"
        name = one_line(f"{_get(record, 'First Name')} {_get(record, 'Last Name')}")
        if not name:
            parsed.unreadable.append(
                Unreadable(source, "it has no name (LinkedIn leaves the names of some members out)")
            )
            continue
        person = Person(
            name=name,
            organisation=one_line(_get(record, "Company")),
            role=one_line(_get(record, "Position")),
            met_how="LinkedIn",
        )
        warnings = []
        connected = _get(record, "Connected On")
        if connected:
            person.met_on = parse_loose_date(connected)
            if person.met_on is None:
                warnings.append(
                    f"The date {connected!r} could not be read; 'when you met' was left empty."
                )
        email = _get(record, "Email Address", "E-mail Address")
        if email:
            person.channels.append(Channel(ChannelKind.EMAIL, email))
        url = _get(record, "URL", "Profile URL")
        if url:
            person.channels.append(Channel(ChannelKind.SOCIAL, url, "LinkedIn"))
        parsed.people.append(ParsedPerson(person, source, warnings))
    return parsed


# -- any CSV with a mapping ----------------------------------------------------------------------


def csv_headers(text: str, delimiter: str | None = None) -> list[str]:
    rows = read_rows(text, delimiter)
    header, _ = _table(rows)
    return header


def guess_mapping(headers: Sequence[str]) -> dict[str, str]:
    """A first guess at what each column is, from its header (the user confirms it)."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    repeatable = {t.key for t in TARGETS if t.repeatable}
    for header in headers:
        lowered = " ".join(header.strip().lower().replace("_", " ").split())
        target = next((key for key, words in _SYNONYMS.items() if lowered in words), "ignore")
        if target in taken and target not in repeatable:
            target = "ignore"
        taken.add(target)
        mapping[header] = target
    return mapping


def check_mapping(mapping: Mapping[str, str]) -> None:
    unknown = sorted(set(mapping.values()) - TARGET_KEYS)
    if unknown:
        raise ImportFailed(
            f"Unknown field(s) in the column mapping: {', '.join(unknown)}. "
            f"Use one of: {', '.join(t.key for t in TARGETS)}."
        )
    values = set(mapping.values())
    if not values & {"name", "first_name", "last_name", "email", "phone", "organisation"}:
        raise ImportFailed(
            "Say which column holds the name (or first and last name); "
            "without it no one can be imported."
        )


def parse_csv(text: str, mapping: Mapping[str, str], delimiter: str | None = None) -> ParsedFile:
    """People from any CSV, reading each column as ``mapping`` says (header -> field)."""
    check_mapping(mapping)
    rows = read_rows(text, delimiter)
    header, records = _table(rows)
    missing = [h for h in mapping if h not in header]
    if missing:
        raise ImportFailed(f"The file has no column {missing[0]!r}; check the column mapping.")
    parsed = ParsedFile(format="csv")
    for number, record in records:
        source = f"row {number}"
        person, warnings = _mapped_person(record, mapping)
        if person is None:
            parsed.unreadable.append(Unreadable(source, warnings[0]))
        else:
            parsed.people.append(ParsedPerson(person, source, warnings))
    return parsed


def _mapped_person(
    record: Mapping[str, str], mapping: Mapping[str, str]
) -> tuple[Person | None, list[str]]:
    values: dict[str, list[tuple[str, str]]] = {}
    for column, target in mapping.items():
        value = (record.get(column) or "").strip()
        if value and target != "ignore":
            values.setdefault(target, []).append((column, value))

    def first(key: str) -> str:
        return one_line(values[key][0][1]) if key in values else ""

    warnings: list[str] = []
    name = first("name") or one_line(f"{first('first_name')} {first('last_name')}")
    channels: list[Channel] = []
    kinds = {
        "email": ChannelKind.EMAIL,
        "phone": ChannelKind.PHONE,
        "address": ChannelKind.ADDRESS,
        "url": ChannelKind.URL,
        "social": ChannelKind.SOCIAL,
    }
    for key, kind in kinds.items():
        for column, value in values.get(key, []):
            label = column if len(values[key]) > 1 or kind == ChannelKind.SOCIAL else ""
            for part in (
                re.split(r"\s*[;\n]\s*|\s+:::\s+", value)
                if kind != ChannelKind.ADDRESS
                else [value]
            ):
                if part.strip():
                    channels.append(
                        Channel(
                            kind,
                            one_line(part),
                            label.lower() if kind != ChannelKind.SOCIAL else label,
                        )
                    )
    if not name:
        name = (
            first("preferred_name")
            or first("organisation")
            or next(
                (c.value for c in channels if c.kind in (ChannelKind.EMAIL, ChannelKind.PHONE)), ""
            )
        )
        if not name:
            return None, ["it has no name, email address or phone number"]
        warnings.append("The row has no name; it is named after another of its columns.")
    person = Person(
        name=name,
        preferred_name=first("preferred_name"),
        organisation=first("organisation"),
        role=first("role"),
        field=first("field"),
        location=first("location"),
        met_how=first("met_how"),
        channels=channels,
    )
    if person.preferred_name == name:
        person.preferred_name = ""
    if "met_on" in values:
        person.met_on = parse_loose_date(first("met_on"))
        if person.met_on is None:
            warnings.append(
                f"The date {first('met_on')!r} could not be read (write it like "
                "2023-10-03); 'when you met' was left empty."
            )
    if "birthday" in values:
        person.birthday = parse_birthday(first("birthday"))
        if person.birthday is None:
            warnings.append(
                f"The birthday {first('birthday')!r} could not be read; it was left out."
            )
    tags: list[str] = []
    for _column, value in values.get("tags", []):
        for tag in re.split(r"\s*[,;]\s*|\s+:::\s+", value):
            tag = one_line(tag.lstrip("* "))
            if tag and not _is_system_label(tag) and tag not in tags:
                tags.append(tag)
    person.tags = tags
    notes = [v.replace("\r\n", "\n").strip() for _c, v in values.get("notes", [])]
    if len(notes) > 1:
        notes = [f"{c}: {v}" for (c, _), v in zip(values["notes"], notes, strict=True)]
    person.notes = "\n\n".join(notes)
    return person, warnings
