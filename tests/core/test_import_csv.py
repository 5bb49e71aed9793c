"""CSV imports: Google Contacts (both generations), LinkedIn's Connections.csv, and any
CSV with a column mapping (delimiter and encoding found by themselves)."""

from __future__ import annotations

from datetime import date

import pytest

from journal.core.interop import csvfile
from journal.core.interop.errors import ImportFailed
from journal.core.interop.importing import import_file
from journal.core.model import Birthday, ChannelKind, FacetKind
from tests.core.interop_support import fixture, snapshot


def person_named(journal, name):
    (found,) = journal.find_people(name)
    return found


def test_google_contacts_export(journal):
    report = import_file(journal, fixture("google-contacts.csv"))
    assert report.format == "google"
    assert report.summary() == "Imported: 3 added, 0 merged, 1 skipped."
    assert [(s.name, s.detail) for s in report.skipped] == [
        ("row 5", "it has no name, email address or phone number")
    ]
    ana = person_named(journal, "Ana Lima")
    assert (ana.preferred_name, ana.organisation, ana.role) == (
        "Aninha",
        "Crumb & Co. Bakery",
        "Founder",
    )
    assert ana.birthday == Birthday(3, 10, 1985)
    assert ana.tags == ["Bakers", "Friends"]  # not Google's own "* myContacts"
    assert {c.value: c.label for c in ana.channels if c.kind == ChannelKind.EMAIL} == {
        "ana@crumb.example": "work",
        "ana.lima@mail.example": "home",
    }
    # Two numbers in one cell, joined by " ::: ".
    assert [c.value for c in ana.channels if c.kind == ChannelKind.PHONE] == [
        "+351 912 000 111",
        "+351 913 000 222",
        "+351 213 000 333",
    ]
    assert [c.value for c in ana.channels if c.kind == ChannelKind.ADDRESS] == [
        "Rua das Flores 12, 1200-195 Lisboa, Portugal"
    ]
    assert ana.location == "Lisboa, Portugal"
    assert ana.notes == "Met at the Lisbon food fair.\nLaunching a second shop in March."
    assert [f.text for f in ana.facets if f.kind == FacetKind.FAMILY] == ["Spouse: Rui"]
    anniversary = next(f for f in ana.facets if f.kind == FacetKind.LIFE_EVENT)
    assert anniversary.event_date == date(2014, 9, 6)
    assert person_named(journal, "Kofi Mensah").birthday == Birthday(7, 21)
    assert person_named(journal, "Harbour Kitchen").organisation == "Harbour Kitchen"


def test_google_contacts_legacy_export(journal):
    import_file(journal, fixture("google-contacts-legacy.csv"), "google")
    yuki = person_named(journal, "Yuki Tanaka")
    assert (yuki.organisation, yuki.role, yuki.location) == (
        "Open Learning Trust",
        "Lecturer",
        "Osaka",
    )
    assert yuki.tags == ["Education"]
    assert [f.text for f in yuki.facets if f.kind == FacetKind.HOBBY] == ["climbing", "chess"]
    assert yuki.notes == "Building a robotics kit for schools\n\nDepartment: Engineering"
    assert {c.value: c.label for c in yuki.channels} == {
        "yuki@openlearning.example": "work",
        "+81 90 1234 5678": "mobile",
        "https://yuki.example/blog": "blog",
    }


def test_linkedin_connections_with_its_preamble(journal):
    report = import_file(journal, fixture("linkedin-connections.csv"))
    assert report.format == "linkedin"
    assert report.summary() == "Imported: 3 added, 0 merged, 1 skipped."
    assert report.skipped[0].name == "row 7"
    assert "LinkedIn leaves the names of some members out" in report.skipped[0].detail
    amara = person_named(journal, "Amara Okafor")
    assert (amara.met_on, amara.met_how) == (date(2023, 10, 3), "LinkedIn")
    assert (amara.organisation, amara.role) == ("Refugee Welcome", "Programme Lead")
    assert [(c.kind, c.value, c.label) for c in amara.channels] == [
        (ChannelKind.SOCIAL, "https://www.linkedin.com/in/amara-okafor", "LinkedIn")
    ]
    lucas = person_named(journal, "Lucas Moreau")
    assert lucas.organisation == "Studio Ondas, Lyon"
    assert lucas.met_on == date(2022, 1, 17)
    assert "lucas.moreau@example.fr" in [c.value for c in lucas.channels]
    assert person_named(journal, "Hiro Sato").met_on is None
    assert (
        "Hiro Sato: The date 'sometime' could not be read; 'when you met' was left empty."
        in report.warnings
    )


def test_generic_csv_with_a_mapping_semicolons_and_windows_1252(journal):
    mapping = {
        "Nom": "last_name",
        "Prénom": "first_name",
        "Société": "organisation",
        "Courriel": "email",
        "Téléphone": "phone",
        "Rencontré le": "met_on",
        "Étiquettes": "tags",
        "Remarques": "notes",
    }
    report = import_file(journal, fixture("generic-semicolon-cp1252.csv"), "csv", mapping=mapping)
    assert "The file was read as Windows-1252 (Western European)." in report.warnings
    chloe = person_named(journal, "Chloé Dubois")
    assert chloe.organisation == "Formwork"
    assert chloe.met_on == date(2024, 5, 14)
    assert sorted(chloe.tags) == ["Lyon", "design"]
    assert chloe.notes == "Aime la poterie – très douée"
    assert [c.value for c in chloe.channels] == ["chloe@formwork.example", "+33 6 12 34 56 78"]
    assert person_named(journal, "Sofia Rossi").met_on == date(2023, 5, 14)  # 14/05: day first
    assert person_named(journal, "Felix Weber").met_on is None  # 03/04 could be either
    assert any(
        w.startswith("Felix Weber: The date '03/04/2023' could not be read")
        for w in report.warnings
    )


def test_generic_tab_separated_file_with_guessed_columns(journal):
    text = fixture("generic-tab.tsv").read_text()
    assert csvfile.sniff_delimiter(text) == "\t"
    assert csvfile.guess_mapping(csvfile.csv_headers(text)) == {
        "Full Name": "name",
        "E-mail": "email",
        "Mobile": "phone",
        "Company": "organisation",
        "Birthday": "birthday",
        "Tags": "tags",
    }
    import_file(journal, fixture("generic-tab.tsv"))
    ines = person_named(journal, "Ines Almeida")
    assert (ines.organisation, ines.birthday, ines.tags) == (
        "Green Streets",
        Birthday(8, 30, 1992),
        ["volunteering"],
    )


def test_a_csv_whose_names_cannot_be_found_asks_for_a_mapping(journal):
    with pytest.raises(ImportFailed, match="Say it with --map"):
        import_file(journal, fixture("generic-semicolon-cp1252.csv"))
    assert journal.people() == []


def test_an_unclosed_quote_fails_with_the_line_and_imports_nothing(journal):
    journal.log(["Kofi Mensah"], "Call")
    before = snapshot(journal)
    with pytest.raises(ImportFailed) as raised:
        import_file(
            journal, fixture("broken-quotes.csv"), "csv", mapping={"Name": "name", "Email": "email"}
        )
    assert "line 3" in str(raised.value) and "a quote is opened and never closed" in str(
        raised.value
    )
    assert snapshot(journal) == before


@pytest.mark.parametrize(
    "mapping, message",
    [
        ({"Full Name": "nickname"}, r"Unknown field\(s\) in the column mapping: nickname"),
        ({"Tags": "tags"}, "Say which column holds the name"),
        ({"Nom": "name"}, "The file has no column 'Nom'"),
    ],
)
def test_bad_mappings_are_refused_clearly(journal, mapping, message):
    with pytest.raises(ImportFailed, match=message):
        import_file(journal, fixture("generic-tab.tsv"), "csv", mapping=mapping)


def test_a_header_only_csv_holds_no_contacts(journal, tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text("Name,Email\n")
    with pytest.raises(ImportFailed, match="holds no contacts"):
        import_file(journal, path)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2023-10-03", date(2023, 10, 3)),
        ("03 Oct 2023", date(2023, 10, 3)),
        ("3 October 2023", date(2023, 10, 3)),
        ("Oct 3, 2023", date(2023, 10, 3)),
        ("25/12/2020", date(2020, 12, 25)),
        ("12/25/2020", date(2020, 12, 25)),
        ("05/06/2020", None),
        ("31/02/2020", None),
        ("soon", None),
    ],
)
def test_loose_dates(text, expected):
    assert csvfile.parse_loose_date(text) == expected
