"""Every real-world export in tests/fixtures/vcards-real imports with what a reader sees in it.

Each test imports one file into an empty journal through the same path as
`journal import` and checks the fields a person reading the file would point at.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from journal.core.interop.importing import import_file
from journal.core.model import Birthday, ChannelKind, FacetKind, Person

#: Real exports from ez-vcard's test resources (tests/fixtures/vcards-real/README.md).
SHARED = Path(__file__).resolve().parents[1] / "fixtures" / "vcards-real"


def imported(journal, name: str) -> tuple[list[Person], object]:
    report = import_file(journal, SHARED / name)
    assert not report.skipped, report.lines()
    return journal.people(), report


def values(person: Person, kind: ChannelKind) -> list[str]:
    return [c.value for c in person.channels if c.kind == kind]


def labelled(person: Person, kind: ChannelKind) -> dict[str, str]:
    return {c.value: c.label for c in person.channels if c.kind == kind}


def facets(person: Person, kind: FacetKind) -> list[str]:
    return [f.text for f in person.facets if f.kind == kind]


def test_android_six_cards_quoted_printable_utf8_and_a_bad_photo(journal):
    people, report = imported(journal, "John_Doe_ANDROID.vcf")
    assert len(people) == 6
    by_email = {e: p for p in people for e in values(p, ChannelKind.EMAIL)}
    # Two cards hold only an e-mail address: the address is what a reader sees.
    assert by_email["john.doe@company.com"].name == "john.doe@company.com"
    assert by_email["jane.doe@company.com"].name == "jane.doe@company.com"
    bob = by_email["bob@company.com"]
    assert bob.name == "Ñ Ñ Ñ Ñ"
    assert bob.organisation == "Ñ" * 12  # a QP soft line break inside the value
    assert values(bob, ChannelKind.URL) == ["www.company.com", "http://www.company.com"]
    long_name = next(p for p in people if p.name.count("Ñ") == 11)
    assert values(long_name, ChannelKind.PHONE) == ["123456", "234567", "3456789", "45678901"]
    assert long_name.notes.startswith("Ñ Ñ Ñ")
    henry = by_email["henry@company.com"]
    assert henry.name == "ÑÑÑÑ" and values(henry, ChannelKind.PHONE) == ["55556666"]
    assert henry.organisation == "Ñ" * 44
    # Android's "My Contacts" group is on every card: not a tag anyone chose.
    assert all(not p.tags for p in people)
    assert any("photo" in w for w in report.warnings)


def test_blackberry(journal):
    (john,), report = imported(journal, "John_Doe_BLACK_BERRY.vcf")
    assert john.name == "John Doe"
    assert john.organisation == "Acme Solutions"
    assert labelled(john, ChannelKind.PHONE) == {"+96123456789": "mobile"}
    assert john.notes == ""
    assert "1 photo left out: Rapport keeps no photos." in report.warnings


def test_evolution(journal):
    (john,), _ = imported(journal, "John_Doe_EVOLUTION.vcf")
    assert john.name == "Mr. John Richter, James Doe Sr."
    assert john.preferred_name == "Johny"
    assert (john.organisation, john.role) == ("IBM", "Money Counter")
    assert "Department: Accounting, Dungeon" in john.notes
    assert john.birthday == Birthday(3, 22, 1980)
    assert labelled(john, ChannelKind.EMAIL) == {"john.doe@ibm.com": "work"}
    assert labelled(john, ChannelKind.PHONE) == {"905-666-1234": "mobile", "905-555-1234": "work"}
    assert values(john, ChannelKind.URL) == ["http://www.ibm.com"]
    assert labelled(john, ChannelKind.SOCIAL) == {"johnny5@aol.com": "AIM"}
    (address,) = values(john, ChannelKind.ADDRESS)
    assert "15 Crescent moon drive" in address and "United States of America" in address
    assert john.location == "Albaney, United States of America"
    assert john.tags == ["VIP"]
    assert facets(john, FacetKind.FAMILY) == ["Spouse: Maria"]
    assert "Manager: Big Blue" in john.notes and "Assistant: Little Red" in john.notes
    # The folded note comes back whole, with its escaped commas and semicolons.
    assert "WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED" in john.notes
    assert "SERVICES; LOSS OF USE" in john.notes
    assert john.notes.startswith(
        'THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"'
    )


def test_gmail(journal):
    (john,), _ = imported(journal, "John_Doe_GMAIL.vcf")
    # Gmail writes a comma in FN unescaped: the whole name is kept, not the part before it.
    assert john.name == "Mr. John Richter, James Doe Sr."
    assert (john.organisation, john.role) == ("IBM", "Money Counter")
    assert john.birthday == Birthday(3, 22, 1980)
    assert labelled(john, ChannelKind.EMAIL) == {"john.doe@ibm.com": "home"}
    assert labelled(john, ChannelKind.PHONE) == {"905-555-1234": "mobile", "905-666-1234": "home"}
    assert values(john, ChannelKind.URL) == ["http://www.ibm.com"]  # "http\://" unescaped
    (address,) = values(john, ChannelKind.ADDRESS)
    assert address.startswith("Crescent moon drive, 555-asd, Nice Area, Albaney, New York")
    assert facets(john, FacetKind.FAMILY) == ["Spouse: Jenny"]
    anniversary = next(f for f in john.facets if f.kind == FacetKind.LIFE_EVENT)
    assert (anniversary.text, anniversary.event_date) == ("Anniversary", date(1975, 3, 1))
    assert john.notes.endswith("POSSIBILITY OF SUCH DAMAGE.\nFavotire Color: Blue")


def test_iphone_with_doubled_carriage_returns(journal):
    (john,), report = imported(journal, "John_Doe_IPHONE.vcf")
    assert john.name == "Mr. John Richter James Doe Sr."
    assert john.preferred_name == "Johny"
    assert (john.organisation, john.role) == ("IBM", "Money Counter")
    assert john.birthday == Birthday(6, 6, 2012)
    assert values(john, ChannelKind.EMAIL) == ["john.doe@ibm.com"]
    phones = labelled(john, ChannelKind.PHONE)
    assert phones == {
        "905-555-1234": "mobile",
        "905-666-1234": "home",
        "905-777-1234": "work",
        "905-888-1234": "home fax",
        "905-999-1234": "work fax",
        "905-111-1234": "pager",
        "905-222-1234": "assistant phone",
    }
    assert labelled(john, ChannelKind.URL) == {"http://www.ibm.com": "home page"}
    addresses = labelled(john, ChannelKind.ADDRESS)
    assert addresses["Street4, Building 6, Floor 8, New York, 12345, USA"] == "work"
    assert john.location == "New York, United States of America"
    assert "1 photo left out: Rapport keeps no photos." in report.warnings


def test_lotus_notes_with_a_profile_line(journal):
    (john,), _ = imported(journal, "John_Doe_LOTUS_NOTES.vcf")
    assert john.name == "Mr. Doe John I Johny"
    assert john.preferred_name == "Johny"
    assert (john.organisation, john.role) == ("IBM", "Generic Accountant")
    assert "Role: Counting Money" in john.notes
    assert john.birthday == Birthday(5, 21, 1980)
    assert values(john, ChannelKind.EMAIL) == ["john.doe@ibm.com", "billy_bob@gmail.com"]
    assert labelled(john, ChannelKind.PHONE) == {
        "+1 (212) 204-34456": "mobile",
        "00-1-212-555-7777": "work fax",
    }
    assert values(john, ChannelKind.URL) == ["http://www.sun.com"]
    assert john.notes.startswith(
        "THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND "
        'CONTRIBUTORS "AS IS"\nAND ANY EXPRESS'
    )


def test_mac_address_book(journal):
    (john,), _ = imported(journal, "John_Doe_MAC_ADDRESS_BOOK.vcf")
    assert john.name == "Mr. John Richter,James Doe Sr."
    assert (john.organisation, john.role) == ("IBM", "Money Counter")
    assert labelled(john, ChannelKind.EMAIL) == {"john.doe@ibm.com": "work"}
    assert len(values(john, ChannelKind.PHONE)) == 7
    assert labelled(john, ChannelKind.PHONE)["905-222-1234"] == "AssistantPhone"
    assert facets(john, FacetKind.FAMILY) == ["Spouse: Jenny"]
    assert john.birthday == Birthday(6, 6, 2012)
    assert "Favotire Color: Blue" in john.notes


def test_outlook_2_1_with_quoted_printable_labels(journal):
    (john,), _ = imported(journal, "John_Doe_MS_OUTLOOK.vcf")
    assert john.name == "Mr. John Richter James Doe Sr."
    assert (john.organisation, john.role) == ("IBM", "Money Counter")
    assert john.birthday == Birthday(3, 22, 1980)
    assert values(john, ChannelKind.EMAIL) == ["john.doe@ibm.cm"]
    assert labelled(john, ChannelKind.PHONE) == {"(905) 555-1234": "work", "(905) 666-1234": "home"}
    assert len(values(john, ChannelKind.ADDRESS)) == 2
    assert labelled(john, ChannelKind.SOCIAL) == {"johny5@aol.com": "IM"}
    anniversary = next(f for f in john.facets if f.kind == FacetKind.LIFE_EVENT)
    assert anniversary.event_date == date(2011, 1, 13)
    # Outlook 2.1 writes commas unescaped in the note: all of it is kept.
    assert "WARRANTIES, INCLUDING, BUT NOT LIMITED TO" in john.notes
    assert "Manager: Big Blue" in john.notes


def test_fullcontact_4_0(journal):
    (person,), report = imported(journal, "fullcontact.vcf")
    assert person.name == "Prefix FirstName MiddleName LastName Suffix"
    assert person.preferred_name == "NickName"
    assert (person.organisation, person.role) == ("Organization1", "Title1")
    assert "Also at: Organization2 (Department2)" in person.notes
    assert "Title: Title2" in person.notes
    assert person.birthday == Birthday(8, 1, 2016)
    assert len(values(person, ChannelKind.PHONE)) == 9
    assert labelled(person, ChannelKind.EMAIL) == {
        "home@example.com": "home",
        "work@example.com": "work",
        "school@example.com": "school",
        "other@example.com": "other",
        "custom@example.com": "customtype",
    }
    assert values(person, ChannelKind.URL) == [
        "http://www.homepage.com",
        "http://www.blog.com",
        "http://www.other.com",
        "http://www.custom.com",
    ]
    assert len(values(person, ChannelKind.ADDRESS)) == 4
    assert labelled(person, ChannelKind.SOCIAL)["skype"] == "Skype"
    assert person.tags == ["Tag"]
    assert person.notes.startswith("Notes line 1\nNotes line 2")
    assert "3 photos left out: Rapport keeps no photos." in report.warnings


def test_gmail_list_of_three(journal):
    people, _ = imported(journal, "gmail-list.vcf")
    assert {(p.name, values(p, ChannelKind.EMAIL)[0]) for p in people} == {
        ("Arnold Smith", "asmithk@gmail.com"),
        ("Chris Beatle", "chrisy55d@yahoo.com"),
        ("Doug White", "dwhite@gmail.com"),
    }


def test_gmail_single_with_custom_labels(journal):
    (greg,), _ = imported(journal, "gmail-single.vcf")
    assert (greg.name, greg.preferred_name) == ("Greg Dartmouth", "Gman")
    assert (greg.organisation, greg.role) == ("TheCompany", "TheJobTitle")
    assert greg.birthday == Birthday(9, 10, 1960)
    assert labelled(greg, ChannelKind.PHONE) == {
        "555 555 1111": "mobile",
        "555 555 2222": "grand central",
    }
    addresses = labelled(greg, ChannelKind.ADDRESS)
    assert addresses["321 Custom St, Custom City, TX 98765, USA"] == "CustomAdrType"
    assert addresses["123 Home St, Home City, HM 12345"] == "home"
    assert labelled(greg, ChannelKind.URL) == {"http://TheProfile.com": "profile"}
    assert facets(greg, FacetKind.FAMILY) == ["Spouse: MySpouse"]
    assert "CustomRelationship: MyCustom" in greg.notes
    assert greg.notes.startswith(
        "This is GMail's note field.\nIt should be added as a NOTE type.\nACustomField: CustomField"
    )


def test_gmail_single_with_everything(journal):
    (card,), _ = imported(journal, "gmail-single2.vcf")
    assert (card.name, card.preferred_name) == ("VCard Test", "TheNickname")
    assert len(values(card, ChannelKind.EMAIL)) == 5
    assert labelled(card, ChannelKind.EMAIL)["customcategory@example.com"] == "CustomEmailCategory"
    assert len(values(card, ChannelKind.PHONE)) == 11
    assert len(values(card, ChannelKind.ADDRESS)) == 5
    assert len(values(card, ChannelKind.URL)) == 6
    assert labelled(card, ChannelKind.SOCIAL)["IM5"] == "Skype"
    assert card.birthday == Birthday(6, 23, 1912)
    family = facets(card, FacetKind.FAMILY)
    assert "Spouse: Name2" in family and "Child: Name3" in family and "Mother: Name4" in family
    assert card.met_how == "Referred by Name13"
    assert "Manager: Name11" in card.notes and "Friend: Name9" in card.notes
    assert card.notes.startswith("note line 1\nnote line 2\nCustomField: field value")


def test_issue114_broken_label_parameter(journal):
    (dummy,), _ = imported(journal, "issue114.vcf")
    assert dummy.name == "Dummy, Dummy"
    assert dummy.organisation == "Dummy GmbH"
    assert labelled(dummy, ChannelKind.PHONE) == {
        "+49 1234 56789": "mobile",
        "+49 9876 54321": "work",
    }
    assert values(dummy, ChannelKind.EMAIL) == ["dummy.dummy@dummy.com"]
    (address,) = values(dummy, ChannelKind.ADDRESS)
    assert "Dummy-Dummy-Strasse 1" in address and "Bad Homburg" in address
    assert dummy.location == "Bad Homburg, Germany"


def test_outlook_2003_with_a_certificate(journal):
    (john,), _ = imported(journal, "outlook-2003.vcf")
    assert (john.name, john.preferred_name) == ("John Doe III", "Joey")
    assert (john.organisation, john.role) == ("Company, The", "The Job Title")
    assert john.birthday == Birthday(3, 21, 1980)
    assert values(john, ChannelKind.EMAIL) == ["jdoe@hotmail.com"]
    assert john.notes.startswith("This is the note field!!\nSecond line\n\nThird line is empty")
    assert values(john, ChannelKind.URL) == ["http://web-page-address.com"]


def test_outlook_2007(journal):
    (mike,), _ = imported(journal, "outlook-2007.vcf")
    assert (mike.name, mike.preferred_name) == ("Mr. Michael Angstadt Jr.", "Mike")
    assert mike.birthday == Birthday(3, 10, 1922)
    assert values(mike, ChannelKind.EMAIL) == ["mike.angstadt@gmail.com"]
    assert mike.notes.startswith(
        "This is the NOTE field\nI assume it encodes this text inside "
        "a NOTE vCard type.\nBut I'm not sure"
    )
    assert "It does not preserve the formatting" in mike.notes
    assert facets(mike, FacetKind.FAMILY) == ["Spouse: TheSpouse"]
    assert labelled(mike, ChannelKind.PHONE)["(111) 555-4444"] == "mobile"


def test_rfc2426_example_two_cards_lowercase_begin(journal):
    people, _ = imported(journal, "rfc2426-example.vcf")
    frank = next(p for p in people if p.name == "Frank Dawson")
    tim = next(p for p in people if p.name == "Tim Howes")
    assert frank.organisation == "Lotus Development Corporation"
    assert values(frank, ChannelKind.EMAIL) == ["Frank_Dawson@Lotus.com", "fdawson@earthlink.net"]
    assert labelled(frank, ChannelKind.PHONE) == {
        "+1-919-676-9515": "work",
        "+1-919-676-9564": "work fax",
    }
    assert values(tim, ChannelKind.ADDRESS) == [
        "501 E. Middlefield Rd., Mountain View, CA 94043, U.S.A."
    ]


def test_rfc6350_example_birthday_without_year(journal):
    (simon,), _ = imported(journal, "rfc6350-example.vcf")
    assert simon.name == "Simon Perreault"
    assert simon.birthday == Birthday(2, 3)  # BDAY:--0203
    assert simon.organisation == "Viagenie"
    assert labelled(simon, ChannelKind.PHONE) == {
        "+1-418-656-9254 ext. 102": "work",
        "+1-418-262-6501": "work mobile",
    }
    assert values(simon, ChannelKind.URL) == ["http://nomis80.org"]
    anniversary = next(f for f in simon.facets if f.kind == FacetKind.LIFE_EVENT)
    assert anniversary.event_date == date(2009, 8, 8)


def test_thunderbird(journal):
    (john,), _ = imported(journal, "thunderbird-MoreFunctionsForAddressBook-extension.vcf")
    assert (john.name, john.preferred_name) == ("John Doe", "Johnny")
    assert (john.organisation, john.role) == ("TheOrganization", "TheTitle")
    assert john.birthday == Birthday(9, 21, 1970)
    assert len(values(john, ChannelKind.EMAIL)) == 5
    assert john.tags == ["category1", "category2", "category3"]
    assert john.notes.startswith(
        "This is the notes field.\nSecond Line\n\nFourth Line\nYou can "
        'put anything in the "note" field; even curse words.'
    )
    assert facets(john, FacetKind.FAMILY) == ["Spouse: TheSpouse"]


def test_every_shared_file_has_a_test():
    tested = {
        "John_Doe_ANDROID.vcf",
        "John_Doe_BLACK_BERRY.vcf",
        "John_Doe_EVOLUTION.vcf",
        "John_Doe_GMAIL.vcf",
        "John_Doe_IPHONE.vcf",
        "John_Doe_LOTUS_NOTES.vcf",
        "John_Doe_MAC_ADDRESS_BOOK.vcf",
        "John_Doe_MS_OUTLOOK.vcf",
        "fullcontact.vcf",
        "gmail-list.vcf",
        "gmail-single.vcf",
        "gmail-single2.vcf",
        "issue114.vcf",
        "outlook-2003.vcf",
        "outlook-2007.vcf",
        "rfc2426-example.vcf",
        "rfc6350-example.vcf",
        "thunderbird-MoreFunctionsForAddressBook-extension.vcf",
    }
    assert {p.name for p in SHARED.glob("*.vcf")} == tested
