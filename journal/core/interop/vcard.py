"""Reading vCard 2.1, 3.0 and 4.0 files as exported by phones, webmail and desktop clients.

vobject tokenises each content line (name, group, parameters with 2.1 bare types and
quoted values); we do the rest ourselves because real exports break its higher layers:
its unfolding is quadratic (a 5 MB photo took over 30 s), its text decoding keeps only
the part before the first unescaped comma (Outlook and Gmail write commas unescaped in
notes and names), a single bad base64 photo or an undeclared charset byte throws away
the whole card, and a stray ``PROFILE:`` line ends the file. So here: our own linear
unfolding (3.0 folding and 2.1 quoted-printable soft breaks), lenient value decoding,
one bad line costs that line only (with a warning), and each card becomes a Person with
what a person reading the card would expect to find in it.

What is kept where (Rapport has no photo column, and a photo says nothing a reflection
needs): FN (or N, NICKNAME, ORG, e-mail, phone) -> name; NICKNAME -> preferred name;
ORG -> organisation (department in the notes); TITLE (or ROLE) -> role; EMAIL, TEL, ADR
(LABEL when there is no ADR), URL, IMPP and the X- messenger fields -> channels with their
labels; BDAY -> birthday (with or without a year); NOTE -> notes; CATEGORIES -> tags;
anniversaries -> a life event; spouse, children and other family -> family details
(private by default); manager, assistant and other related names -> the notes.
Photos, logos, sounds and keys are left out and counted in the report.
"""

from __future__ import annotations

import binascii
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from vobject.base import ParseError, parseLine

from journal.core.interop.errors import ImportFailed
from journal.core.interop.records import ParsedFile, ParsedPerson, Unreadable
from journal.core.interop.textfile import decode_value
from journal.core.model import (
    Birthday,
    Channel,
    ChannelKind,
    Facet,
    FacetKind,
    Person,
)
from journal.core.wording import plural

_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}
_BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}
_IGNORED_TYPES = {"internet", "pref", "x400", "voice", "msg", "postal", "parcel", "dom", "intl",
                  "text", "video", "x-internet", "uri"}  # fmt: skip
_TYPE_LABELS = {"cell": "mobile", "iphone": "iPhone", "main": "main", "bbs": "BBS",
                "car": "car", "isdn": "ISDN", "modem": "modem", "pcs": "PCS"}  # fmt: skip
_MESSENGERS = {
    "X-AIM": "AIM", "X-ICQ": "ICQ", "X-JABBER": "Jabber", "X-MSN": "MSN", "X-YAHOO": "Yahoo",
    "X-SKYPE": "Skype", "X-SKYPE-USERNAME": "Skype", "X-GTALK": "Google Talk",
    "X-GOOGLE-TALK": "Google Talk", "X-QQ": "QQ", "X-TWITTER": "Twitter",
    "X-MS-IMADDRESS": "IM", "X-GADUGADU": "Gadu-Gadu", "X-GROUPWISE": "GroupWise",
}  # fmt: skip
_IM_SCHEMES = ("xmpp:", "skype:", "aim:", "ymsgr:", "msnim:", "sip:", "im:", "irc:", "gtalk:",
               "icq:", "qq:", "x-apple:")  # fmt: skip
_SPOUSE = ("X-EVOLUTION-SPOUSE", "X-SPOUSE", "X-MS-SPOUSE", "X-KADDRESSBOOK-X-SPOUSENAME")
_ANNIVERSARY = ("ANNIVERSARY", "X-ANNIVERSARY", "X-MS-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY",
                "X-KADDRESSBOOK-X-ANNIVERSARY")  # fmt: skip
_MANAGER = ("X-MS-MANAGER", "X-EVOLUTION-MANAGER", "X-KADDRESSBOOK-X-MANAGERSNAME")
_ASSISTANT = ("X-MS-ASSISTANT", "X-EVOLUTION-ASSISTANT", "X-KADDRESSBOOK-X-ASSISTANTSNAME",
              "X-ASSISTANT")  # fmt: skip
_FAMILY = {"spouse", "partner", "domestic partner", "child", "mother", "father", "parent",
           "brother", "sister", "sibling", "kin", "relative", "husband", "wife", "son",
           "daughter", "fiance", "fiancé", "grandparent", "grandchild"}  # fmt: skip
#: Past this many unreadable lines in one card, the report says "more" instead of each.
_SHOWN_BAD_LINES = 5
#: Groups every contact of an Android/Google account is in: not a tag anyone chose.
_SYSTEM_GROUPS = {"my contacts", "mycontacts", "* mycontacts", "starred in android"}


@dataclass
class _Line:
    name: str
    types: set[str]
    params: dict[str, list[str]]
    value: str
    group: str | None
    number: int


@dataclass
class _Card:
    number: int
    line: int
    lines: list[_Line] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    bad_lines: int = 0

    @property
    def source(self) -> str:
        return f"card {self.number} (line {self.line})"

    def all(self, *names: str) -> list[_Line]:
        return [ln for ln in self.lines if ln.name in names]

    def first(self, *names: str) -> _Line | None:
        found = self.all(*names)
        return found[0] if found else None


# -- reading the file into cards -------------------------------------------------------------


def parse_vcards(text: str) -> ParsedFile:
    """Every card in ``text`` as a person, or a reason it could not be one.

    Raises ImportFailed only when the text holds no vCard at all.
    """
    parsed = ParsedFile(format="vcard")
    cards, outside, photos = _cards(text)
    if not cards:
        raise ImportFailed(
            "This file holds no vCards (no BEGIN:VCARD line was found). Export your "
            "contacts as a vCard (.vcf) file and import that."
        )
    for card in cards:
        try:
            result = _person_from_card(card)
        except (ValueError, LookupError) as exc:  # a card we did not foresee: skip it
            result = f"it could not be read ({exc.__class__.__name__})"
        if isinstance(result, str):
            parsed.unreadable.append(Unreadable(card.source, result))
        else:
            parsed.people.append(ParsedPerson(result, card.source, card.warnings))
    if photos:
        parsed.notes.append(f"{_count(photos, 'photo')} left out: Rapport keeps no photos.")
    if outside:
        parsed.notes.append(f"{_count(outside, 'line')} outside any card ignored.")
    return parsed


def _count(n: int, noun: str) -> str:
    return plural(n, noun)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")


_CARD_EDGE = re.compile(r"^\s*(BEGIN|END)\s*:\s*VCARD\s*$", re.I)


def logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Unfolded lines with their first line number, in linear time.

    A line starting with a space or tab continues the previous one (vCard 3.0/4.0 and
    most 2.1 writers); in a quoted-printable value, a line ending in ``=`` continues on
    the next line whatever it starts with (vCard 2.1 soft line breaks).
    """
    current: list[str] = []
    start = 0
    qp = False
    b64 = False
    for number, raw in enumerate(_normalise_newlines(text).split("\n"), 1):
        if current and qp and current[-1].endswith("=") and not _CARD_EDGE.match(raw):
            current[-1] = current[-1][:-1]
            current.append(raw)
            continue
        if current and raw[:1] in (" ", "\t"):
            current.append(raw[1:])
            continue
        if current and b64 and raw.strip() and ":" not in raw:
            current.append(raw.strip())  # 2.1 base64 without indentation, up to a blank line
            continue
        if current:
            yield start, "".join(current)
            current = []
        if not raw.strip():
            continue
        current = [raw]
        start = number
        head = raw.split(":", 1)[0].upper()
        qp = "QUOTED-PRINTABLE" in head
        b64 = "BASE64" in head or "ENCODING=B" in head
    if current:
        yield start, "".join(current)


def _cards(text: str) -> tuple[list[_Card], int, int]:
    cards: list[_Card] = []
    card: _Card | None = None
    nested = 0
    outside = 0
    photos = 0
    previous = ""
    for number, line in logical_lines(text):
        head = line.split(":", 1)[0].strip().upper()
        value = line.split(":", 1)[1].strip().upper() if ":" in line else ""
        if head == "BEGIN" and value == "VCARD":
            if card is not None and previous == "AGENT":
                nested += 1  # a vCard 2.1 AGENT: someone else's card inside this one
                continue
            if card is not None and not nested:
                card.warnings.append("The card had no END:VCARD line; read up to the next card.")
                cards.append(card)
            card = _Card(len(cards) + 1, number)
            continue
        if head == "END" and value == "VCARD":
            if nested:
                nested -= 1
            elif card is not None:
                cards.append(card)
                card = None
            continue
        if card is None:
            outside += 1
            continue
        if nested:
            continue
        parsed = _parse_line(line, number, card)
        if parsed is None:
            continue
        previous = parsed.name
        if parsed.name in _BINARY:
            photos += parsed.name in ("PHOTO", "LOGO")
            continue
        card.lines.append(parsed)
    if card is not None:
        card.warnings.append("The file ended before the card's END:VCARD line.")
        cards.append(card)
    return cards, outside, photos


def _parse_line(line: str, number: int, card: _Card) -> _Line | None:
    head = line.split(":", 1)[0]
    if head.split(";", 1)[0].split(".")[-1].strip().upper() in _BINARY:
        # Do not tokenise megabytes of base64 we are going to drop anyway.
        return _Line(
            head.split(";", 1)[0].split(".")[-1].strip().upper(), set(), {}, "", None, number
        )
    try:
        name, raw_params, value, group = parseLine(line, number)
    except ParseError:
        card.bad_lines += 1
        if card.bad_lines <= _SHOWN_BAD_LINES:
            card.warnings.append(f"Line {number} could not be read and was left out.")
        elif card.bad_lines == _SHOWN_BAD_LINES + 1:
            card.warnings.append("More lines could not be read and were left out.")
        return None
    params: dict[str, list[str]] = {}
    types: set[str] = set()
    for item in raw_params:
        key = item[0].upper()
        if len(item) == 1:
            if key in _ENCODINGS:
                params.setdefault("ENCODING", []).append(key)
            elif "=" not in key:
                types.add(key.lower())
            continue
        values = [v for part in item[1:] for v in str(part).split(",")]
        params.setdefault(key, []).extend(values)
        if key == "TYPE":
            types.update(v.strip().lower() for v in values if v.strip())
    encoding = {e.upper() for e in params.get("ENCODING", [])}
    if "QUOTED-PRINTABLE" in encoding:
        value, lost = _decode_quoted_printable(value, next(iter(params.get("CHARSET", [])), None))
        if lost:
            card.warnings.append(
                f"Some characters on line {number} could not be read and were left out."
            )
        value = value.replace("\r\n", "\n")
    elif encoding & {"BASE64", "B"}:
        card.warnings.append(f"Line {number} ({name}) is binary data and was left out.")
        return None
    return _Line(name.upper(), types, params, value, group.lower() if group else None, number)


def _decode_quoted_printable(value: str, charset: str | None) -> tuple[str, bool]:
    try:
        raw = value.encode(charset or "utf-8")
    except (LookupError, UnicodeEncodeError):
        raw = value.encode("utf-8", errors="replace")
    try:
        data = binascii.a2b_qp(raw)
    except (binascii.Error, ValueError):
        return value, True
    return decode_value(data, charset)


# -- values ---------------------------------------------------------------------------------


def unescape(text: str) -> str:
    r"""A vCard text value as written: ``\n`` is a new line, ``\x`` is ``x``."""
    if "\\" not in text:
        return text
    out: list[str] = []
    chars = iter(text)
    for ch in chars:
        if ch != "\\":
            out.append(ch)
            continue
        nxt = next(chars, "")
        out.append("\n" if nxt in ("n", "N") else nxt)
    return "".join(out)


def _split(text: str, sep: str, escaped_too: bool = False) -> list[str]:
    """Split on ``sep`` where it is not escaped (or everywhere, if ``escaped_too``)."""
    parts: list[str] = []
    current: list[str] = []
    chars = iter(text)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, "")
            if nxt == sep and escaped_too:
                parts.append("".join(current))
                current = []
            else:
                current.append(ch + nxt)
        elif ch == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [unescape(p) for p in parts]


def one_line(text: str) -> str:
    """A single-line field: control characters and runs of space become one space."""
    cleaned = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)
    return " ".join(cleaned.split())


def _text(line: _Line | None) -> str:
    return one_line(unescape(line.value)) if line else ""


def _multiline(text: str) -> str:
    lines = [
        ln.rstrip() for ln in unescape(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    cleaned = "\n".join(
        "".join(ch for ch in ln if unicodedata.category(ch) != "Cc" or ch == "\t") for ln in lines
    )
    return cleaned.strip()


_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")


def _nice_label(label: str) -> str:
    """'_$!<HomePage>!$_' -> 'home page', 'REFERRED_BY' -> 'referred by'."""
    label = unescape(label).strip()
    match = _APPLE_LABEL.match(label)
    if match:
        label = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", match.group(1)).lower()
    elif label.isupper() or "_" in label:
        label = label.replace("_", " ").lower()
    return one_line(label)


def _labels_by_group(card: _Card) -> dict[str, str]:
    return {
        ln.group: _nice_label(ln.value) for ln in card.lines if ln.name == "X-ABLABEL" and ln.group
    }


def _label(line: _Line, group_labels: dict[str, str], kind: str) -> str:
    if line.group and line.group in group_labels:
        return group_labels[line.group]
    types = sorted(
        (t for t in line.types if t not in _IGNORED_TYPES and not t.startswith("x-")),
        key=lambda t: (t not in ("home", "work", "other"), t),
    )
    if kind == "phone":
        if "fax" in types:
            rest = [t for t in types if t != "fax"]
            return " ".join([*rest, "fax"])
        types = [_TYPE_LABELS.get(t, t) for t in types]
    return " ".join(types)


def _capital(label: str) -> str:
    return label[:1].upper() + label[1:]


def _is_pref(line: _Line) -> bool:
    return "pref" in line.types or "PREF" in line.params


# -- dates ----------------------------------------------------------------------------------

_DATE_FORMS = (
    re.compile(r"^--(\d{2})-?(\d{2})$"),  # --MMDD, --MM-DD: no year
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
)


def parse_vcard_date(value: str, params: dict[str, list[str]] | None = None) -> Birthday | None:
    """A vCard date, with or without year; None when it is not a date we can read.

    Apple writes a birthday without a year as 1604-MM-DD (with X-APPLE-OMIT-YEAR); years
    before 1800 are read as "no year" in general, since no one living was born then.
    """
    text = unescape(value).strip()
    text = re.split(r"[T ]", text, maxsplit=1)[0] if not text.startswith("--") else text
    for number, form in enumerate(_DATE_FORMS):
        match = form.match(text)
        if not match:
            continue
        try:
            if number == 0:
                return Birthday(int(match.group(1)), int(match.group(2)))
            year, month, day = (int(g) for g in match.groups())
            if year < 1800:
                return Birthday(month, day)
            return Birthday(month, day, year)
        except ValueError:
            return None
    return None


def _birthday(card: _Card) -> Birthday | None:
    lines = card.all("BDAY")
    for line in lines:
        found = parse_vcard_date(line.value, line.params)
        if found:
            return found
    if lines:
        shown = one_line(unescape(lines[0].value))[:40]
        card.warnings.append(
            f"The birthday {shown!r} is not a date Rapport can read; it was left out."
        )
    return None


# -- structured values ----------------------------------------------------------------------


def _name(card: _Card) -> tuple[str, str | None]:
    """The person's name and, when it had to be made up, a warning saying from what."""
    fn = _text(card.first("FN"))
    if fn:
        return fn, None
    n_line = card.first("N")
    if n_line:
        parts = [one_line(p.replace(",", " ")) for p in _split(n_line.value, ";")]
        parts += [""] * (5 - len(parts))
        family, given, additional, _prefix, suffix = parts[:5]
        name = " ".join(p for p in (given, additional, family, suffix) if p)
        if name:
            return name, None
    nickname = _nicknames(card)
    if nickname:
        return nickname[0], None
    org = card.first("ORG")
    if org:
        org_name = one_line(_split(org.value, ";")[0])
        if org_name:
            return org_name, "The card has no name; it is named after the organisation."
    for prop, what in (("EMAIL", "email address"), ("TEL", "phone number")):
        line = card.first(prop)
        if line and _text(line):
            return _text(line), f"The card has no name; it is named after the {what}."
    return "", None


def _nicknames(card: _Card) -> list[str]:
    names: list[str] = []
    for line in card.all("NICKNAME"):
        names += [one_line(n) for n in _split(line.value, ",", escaped_too=True) if one_line(n)]
    return names


def _format_address(value: str) -> tuple[str, str]:
    """'street, extended, city, region code, country' and a short location."""
    parts = [_multiline(p) for p in _split(value, ";")]
    parts += [""] * (7 - len(parts))
    pobox, extended, street, locality, region, code, country = parts[:7]
    if ":" in pobox or "^" in pobox:  # a broken LABEL parameter spilled into the value
        pobox = ""

    def flat(text: str) -> str:
        return ", ".join(one_line(x) for x in re.split(r"[\n]", text) if one_line(x))

    region_code = " ".join(x for x in (flat(region), flat(code)) if x)
    pieces = [
        flat(street),
        flat(extended),
        flat(pobox) and f"PO Box {flat(pobox)}",
        flat(locality),
        region_code,
        flat(country),
    ]
    formatted = ", ".join(p for p in pieces if p)
    city = flat(locality) or flat(region)
    location = ", ".join(x for x in (city, flat(country)) if x)
    return formatted, location


def _im_value(value: str) -> tuple[str, str]:
    text = one_line(unescape(value))
    lowered = text.lower()
    for scheme in _IM_SCHEMES:
        if lowered.startswith(scheme):
            return text[len(scheme) :].lstrip("/"), scheme[:-1]
    return text, ""


def _phone_value(value: str) -> str:
    text = one_line(unescape(value))
    if text.lower().startswith("tel:"):
        text = text[4:]
        if ";ext=" in text:
            number, ext = text.split(";ext=", 1)
            text = f"{number} ext. {ext}"
    return text


# -- a card into a person -------------------------------------------------------------------


def _person_from_card(card: _Card) -> Person | str:
    kind = _text(card.first("KIND", "X-ADDRESSBOOKSERVER-KIND")).lower()
    if kind == "group":
        return "it is a contact group, not a person"
    name, warning = _name(card)
    if not name:
        return "it has no name, email address or phone number"
    if warning:
        card.warnings.append(warning)
    labels = _labels_by_group(card)
    extras: list[str] = []
    person = Person(name=name)

    nicknames = _nicknames(card)
    if nicknames and nicknames[0] != name:
        person.preferred_name = nicknames[0]
    if len(nicknames) > 1:
        extras.append("Also called: " + ", ".join(nicknames[1:]))

    for i, org in enumerate(card.all("ORG")):
        parts = [one_line(p) for p in _split(org.value, ";")]
        company, departments = parts[0], [p for p in parts[1:] if p]
        if i == 0 and company:
            person.organisation = company
            if departments:
                extras.append("Department: " + ", ".join(departments))
        elif company or departments:
            extras.append(
                "Also at: " + company + (f" ({', '.join(departments)})" if departments else "")
            )

    titles = [_text(t) for t in card.all("TITLE") if _text(t)]
    roles = [_text(r) for r in card.all("ROLE") if _text(r)]
    if titles:
        person.role = titles[0]
        extras += [f"Title: {t}" for t in titles[1:]]
        extras += [f"Role: {r}" for r in roles]
    elif roles:
        person.role = roles[0]
        extras += [f"Role: {r}" for r in roles[1:]]

    person.birthday = _birthday(card)
    person.channels = _channels(card, labels)
    addresses = [ln for ln in card.all("ADR")]
    if addresses:
        ordered = sorted(addresses, key=lambda ln: (not _is_pref(ln), "home" not in ln.types))
        person.location = _format_address(ordered[0].value)[1]

    person.tags = _tags(card)
    facets, more_extras, met_how = _related(card, labels)
    person.facets = facets
    extras += more_extras
    if met_how:
        person.met_how = met_how

    notes = [_multiline(n.value) for n in card.all("NOTE")]
    notes = [n for n in notes if n]
    text = "\n\n".join(dict.fromkeys(notes))
    if extras:
        text = (text + "\n\n" if text else "") + "\n".join(extras)
    person.notes = text
    return person


def _channels(card: _Card, labels: dict[str, str]) -> list[Channel]:
    channels: list[tuple[bool, int, Channel]] = []
    seen: set[tuple[ChannelKind, str]] = set()

    def add(kind: ChannelKind, value: str, label: str, line: _Line) -> None:
        key = (kind, value.casefold())
        if value and key not in seen:
            seen.add(key)
            channels.append((not _is_pref(line), len(channels), Channel(kind, value, label)))

    for line in card.lines:
        if line.name == "EMAIL":
            value = _text(line)
            if value.lower().startswith("mailto:"):
                value = value[7:]
            add(ChannelKind.EMAIL, value, _label(line, labels, "email"), line)
        elif line.name == "TEL":
            add(ChannelKind.PHONE, _phone_value(line.value), _label(line, labels, "phone"), line)
        elif line.name == "ADR":
            add(
                ChannelKind.ADDRESS,
                _format_address(line.value)[0],
                _label(line, labels, "address"),
                line,
            )
        elif line.name == "URL":
            add(ChannelKind.URL, _text(line), _label(line, labels, "url"), line)
        elif line.name == "IMPP":
            value, scheme = _im_value(line.value)
            service = (line.params.get("X-SERVICE-TYPE") or [""])[0] or scheme
            add(ChannelKind.SOCIAL, value, service, line)
        elif line.name in _MESSENGERS:
            add(ChannelKind.SOCIAL, _text(line), _MESSENGERS[line.name], line)
        elif line.name == "X-SOCIALPROFILE":
            service = " ".join(
                t for t in line.params.get("TYPE", []) if t.lower() not in _IGNORED_TYPES
            )
            add(ChannelKind.SOCIAL, _text(line), service, line)
    if not card.all("ADR"):
        for line in card.all("LABEL"):
            add(
                ChannelKind.ADDRESS,
                ", ".join(
                    x for x in (one_line(p) for p in _multiline(line.value).split("\n")) if x
                ),
                _label(line, labels, "address"),
                line,
            )
    channels.sort(key=lambda item: (item[2].kind != ChannelKind.EMAIL, item[0], item[1]))
    return [c for _, _, c in channels]


def _tags(card: _Card) -> list[str]:
    tags: list[str] = []
    for line in card.all("CATEGORIES"):
        for tag in _split(line.value, ",", escaped_too=True):
            tag = one_line(tag)
            if tag and tag.casefold() not in _SYSTEM_GROUPS and tag not in tags:
                tags.append(tag)
    return tags


def _related(card: _Card, labels: dict[str, str]) -> tuple[list[Facet], list[str], str]:
    """Family, anniversaries and other related people: details, note lines, how we met."""
    facets: list[Facet] = []
    extras: list[str] = []
    met_how = ""

    def relation(label: str, who: str) -> None:
        nonlocal met_how
        label = label.strip() or "related"
        who = one_line(who)
        if not who:
            return
        if label.lower() in _FAMILY:
            facets.append(Facet(FacetKind.FAMILY, f"{_capital(label)}: {who}"))
        elif label.lower() == "referred by" and not met_how:
            met_how = f"Referred by {who}"
        else:
            extras.append(f"{_capital(label)}: {who}")

    def anniversary(label: str, value: str) -> None:
        day = parse_vcard_date(value)
        label = _capital(label or "anniversary")
        if day is None:
            return
        if day.year:
            facets.append(
                Facet(FacetKind.LIFE_EVENT, label, event_date=date(day.year, day.month, day.day))
            )
        else:
            facets.append(
                Facet(FacetKind.LIFE_EVENT, f"{label} on {date(2000, day.month, day.day):%-d %B}")
            )

    for line in card.lines:
        if line.name in _SPOUSE:
            relation("spouse", unescape(line.value))
        elif line.name in _MANAGER:
            relation("manager", unescape(line.value))
        elif line.name in _ASSISTANT:
            relation("assistant", unescape(line.value))
        elif line.name == "X-ABRELATEDNAMES":
            relation(labels.get(line.group or "", "related"), unescape(line.value))
        elif line.name == "RELATED":
            value_type = (line.params.get("VALUE") or ["uri"])[0].lower()
            if value_type == "text" or not re.match(r"^[a-z][a-z0-9+.-]*:", line.value, re.I):
                kinds = [t for t in line.types if t not in _IGNORED_TYPES]
                relation(kinds[0] if kinds else "related", unescape(line.value))
        elif line.name in _ANNIVERSARY:
            anniversary("anniversary", line.value)
        elif line.name == "X-ABDATE":
            anniversary(labels.get(line.group or "", "date"), line.value)
    return facets, extras, met_how
