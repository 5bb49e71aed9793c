"""Hand-written vCards that mimic real exports, good and bad: each gives a clear report,
and a file that cannot be imported changes nothing."""

from __future__ import annotations

import pytest

from journal.core.interop.errors import ImportFailed
from journal.core.interop.importing import import_file
from journal.core.model import Birthday, ChannelKind, Circle, FacetKind
from tests.core.interop_support import big_photo_card, card, fixture, snapshot


def person_named(journal, name):
    (found,) = journal.find_people(name)
    return found


def test_android_2_1_quoted_printable_with_soft_line_breaks(journal):
    report = import_file(journal, fixture("android-2.1-quoted-printable.vcf"))
    assert report.summary() == "Imported: 2 added, 0 merged, 0 skipped."
    joao = person_named(journal, "João Gonçalves")
    assert joao.organisation == "Padaria Estrela"
    assert joao.role == "Mestre padeiro"
    assert joao.birthday == Birthday(4, 15)  # --0415: no year
    assert joao.notes.startswith(
        "Conhecemo-nos na feira do pão, 2019.\nGosta de ciclismo e de jazz."
    )
    assert "Department: Pastelaria" in joao.notes
    assert joao.tags == ["Suppliers"]
    assert [c.value for c in joao.channels if c.kind == ChannelKind.EMAIL] == [
        "joao@example.pt",
        "joao.goncalves@padaria.example",
    ]
    assert {c.value: c.label for c in joao.channels if c.kind == ChannelKind.PHONE} == {
        "+351 912 345 678": "mobile",
        "+351 213 456 789": "home",
        "+351 213 456 780": "work fax",
    }
    assert joao.circle == Circle.ACQUAINTANCE
    marta = person_named(journal, "marta.novak@example.com")
    assert [c.value for c in marta.channels] == ["marta.novak@example.com"]
    assert (
        "marta.novak@example.com: The card has no name; it is named after the email address."
    ) in report.warnings
    assert "1 photo left out: Rapport keeps no photos." in report.warnings


def test_iphone_birthday_without_year_labels_and_family(journal):
    import_file(journal, fixture("iphone-3.0.vcf"))
    chidi = person_named(journal, "Chidi Okafor")
    assert chidi.preferred_name == "Chi"
    assert chidi.birthday == Birthday(9, 30)  # Apple's 1604 means "no year"
    assert {c.value: c.label for c in chidi.channels if c.kind == ChannelKind.PHONE} == {
        "+234 803 555 0101": "mobile",
        "+234 1 555 0199": "Chambers",
    }
    assert [c.value for c in chidi.channels if c.kind == ChannelKind.URL] == [
        "https://okafor-partners.example"
    ]
    assert chidi.location == "Lagos, Nigeria"
    (spouse,) = [f for f in chidi.facets if f.kind == FacetKind.FAMILY]
    assert spouse.text == "Spouse: Ngozi" and spouse.mention_ok is False
    assert chidi.notes == (
        "Introduced by Ana at the Lagos fintech meetup. Working on a "
        "legal-aid app, asks about mentoring law students.\n\n"
        "Department: Litigation"
    )


def test_vcard_4_with_a_group_and_a_nameless_card(journal):
    report = import_file(journal, fixture("rfc6350-4.0-several.vcf"))
    assert report.summary() == "Imported: 2 added, 0 merged, 2 skipped."
    assert [(s.name, s.detail) for s in report.skipped] == [
        ("card 2 (line 18)", "it is a contact group, not a person"),
        ("card 4 (line 30)", "it has no name, email address or phone number"),
    ]
    mei = person_named(journal, "Mei Chen")
    assert mei.birthday == Birthday(4, 15)
    assert mei.tags == ["climate", "research"]
    assert "+44-20-7946-0000 ext. 42" in [c.value for c in mei.channels]
    assert [f.text for f in mei.facets if f.kind == FacetKind.FAMILY] == ["Child: Lin"]
    assert person_named(journal, "Tomás García").birthday == Birthday(2, 29, 1988)


def test_broken_lines_are_left_out_and_said(journal):
    report = import_file(journal, fixture("broken-lines.vcf"))
    assert report.summary() == "Imported: 3 added, 0 merged, 0 skipped."
    text = "\n".join(report.lines())
    assert "Priya Sharma: Line 5 could not be read and was left out." in text
    assert "Priya Sharma: The birthday 'sometime in spring' is not a date" in text
    assert "Jonas Berg: The card had no END:VCARD line" in text
    assert "Signe Nielsen: The file ended before the card's END:VCARD line." in text
    assert "Jonas Berg: Some characters on line 16 could not be read" in text
    assert "1 line outside any card ignored." in text
    priya = person_named(journal, "Priya Sharma")
    assert priya.organisation == "Clearview Clinic" and priya.birthday is None
    assert person_named(journal, "Jonas Berg").notes.startswith("Café owner")


def test_missing_names_fall_back_to_what_the_card_has(journal):
    report = import_file(journal, fixture("missing-names.vcf"))
    names = sorted(p.name for p in journal.people())
    assert names == ["+91 98765 43210", "Green Streets", "Kofi Mensah", "ravi.iyer@example.in"]
    assert [(s.name, s.detail) for s in report.skipped] == [
        ("card 4 (line 14)", "it has no name, email address or phone number")
    ]
    assert (
        "Green Streets: The card has no name; it is named after the organisation."
        in report.warnings
    )


@pytest.mark.parametrize(
    "name, message",
    [
        ("empty.vcf", "The file is empty; nothing was imported."),
        ("blank.vcf", "The file is empty; nothing was imported."),
        ("not-a-vcard.vcf", "This file holds no vCards (no BEGIN:VCARD line was found)."),
    ],
)
def test_files_that_cannot_be_imported_change_nothing(journal, name, message):
    journal.log(["Ana Lima"], "Coffee")
    before = snapshot(journal)
    with pytest.raises(ImportFailed) as raised:
        import_file(journal, fixture(name))
    assert str(raised.value).startswith(message)
    assert snapshot(journal) == before


def test_a_picture_is_refused_as_not_text(journal, tmp_path):
    png = tmp_path / "contact.vcf"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    with pytest.raises(ImportFailed, match="This file is not text"):
        import_file(journal, png)
    assert journal.people() == []


@pytest.mark.parametrize(
    "name, encoding, who, where",
    [
        ("outlook-cp1252.vcf", "Windows-1252", "José Müller", "Café Crème"),
        ("outlook-utf16.vcf", "UTF-16", "Zanele Dlamini", "Literacy Now"),
        ("utf16-no-bom.vcf", "UTF-16", "Zanele Dlamini", "Literacy Now"),
    ],
)
def test_non_utf8_files_are_read_in_their_encoding(journal, name, encoding, who, where):
    report = import_file(journal, fixture(name))
    assert any(w.startswith(f"The file was read as {encoding}") for w in report.warnings)
    person = person_named(journal, who)
    assert person.organisation == where
    if name == "outlook-cp1252.vcf":
        assert person.notes == "Loves crêpes – and the €5 espresso"
        assert person.role == "Propriétaire"
    else:
        assert person.notes == "Ngiyabonga – “reading is power”"


def test_bytes_undefined_in_windows_1252_fall_back_to_latin_1(journal):
    report = import_file(journal, fixture("latin1-only.vcf"))
    assert "The file was read as Latin-1 (ISO 8859-1)." in report.warnings
    assert journal.people()[0].name.endswith("Désiré")


def test_a_5_mb_photo_does_not_break_the_import(journal, tmp_path):
    path = tmp_path / "with-photo.vcf"
    path.write_text(big_photo_card("Elena Petrova") + card("FN:Kenji Mori"), newline="")
    assert path.stat().st_size > 5 * 1024 * 1024
    report = import_file(journal, path)
    assert report.summary() == "Imported: 2 added, 0 merged, 0 skipped."
    elena = person_named(journal, "Elena Petrova")
    assert elena.notes == "has a big photo"
    assert [c.value for c in elena.channels] == ["elena@example.com"]
    assert "1 photo left out: Rapport keeps no photos." in report.warnings


def test_a_2_1_agent_card_inside_a_card_is_not_a_second_person(journal, tmp_path):
    path = tmp_path / "agent.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Omar Hassan\r\nAGENT:\r\nBEGIN:VCARD\r\n"
        "VERSION:2.1\r\nFN:His Assistant\r\nEND:VCARD\r\nTEL:+20 100 555 0000\r\n"
        "END:VCARD\r\n"
    )
    import_file(journal, path)
    (omar,) = journal.people()
    assert omar.name == "Omar Hassan"
    assert [c.value for c in omar.channels] == ["+20 100 555 0000"]


def test_an_unindented_2_1_photo_is_one_property_not_thousands_of_bad_lines(journal, tmp_path):
    import base64

    encoded = base64.b64encode(bytes(range(256)) * 400).decode("ascii")
    photo = "\r\n".join(encoded[i : i + 76] for i in range(0, len(encoded), 76))
    path = tmp_path / "nokia.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Eze;Emeka\r\nPHOTO;ENCODING=BASE64;TYPE=JPEG:"
        + photo
        + "\r\n\r\nTEL;CELL:+234 803 555 0199\r\nbroken one\r\nbroken two\r\n"
        "b3\r\nb4\r\nb5\r\nb6\r\nb7\r\nEND:VCARD\r\n",
        newline="",
    )
    report = import_file(journal, path)
    (emeka,) = journal.people()
    assert emeka.name == "Emeka Eze"
    assert [c.value for c in emeka.channels] == ["+234 803 555 0199"]
    assert "1 photo left out: Rapport keeps no photos." in report.warnings
    mine = [w for w in report.warnings if w.startswith("Emeka Eze:")]
    assert len(mine) == 6 and mine[-1] == (
        "Emeka Eze: More lines could not be read and were left out."
    )
