"""The import preview (add / merge into X / skip, with reasons), the caller's changes to it,
and applying it in one transaction: cancel or failure leaves the journal unchanged."""

from __future__ import annotations

import threading

import pytest

from journal.core.interop.errors import ImportCancelled
from journal.core.interop.importing import import_file
from journal.core.interop.plan import Action, apply_import, plan_import, preview_report
from journal.core.interop.vcard import parse_vcards
from journal.core.model import Birthday, Channel, ChannelKind, Person
from tests.core.interop_support import card, snapshot


def plan_of(journal, text):
    return plan_import(journal, parse_vcards(text))


@pytest.fixture
def ana(journal):
    return journal.add_person(
        Person(
            name="Ana Lima",
            organisation="Crumb & Co.",
            role="founder",
            notes="Met at the fair.",
            channels=[Channel(ChannelKind.EMAIL, "ana@crumb.example")],
        )
    )


def test_same_email_merges_and_adds_only_what_is_new(journal, ana):
    plan = plan_of(
        journal,
        card(
            "FN:Ana L.",
            "EMAIL:ANA@crumb.example",
            "TEL:+351 912 000 111",
            "ORG:Another Org",
            "BDAY:1985-03-10",
            "NOTE:Loves jazz.",
        ),
    )
    (item,) = plan.items
    assert (item.action, item.target_id) == (Action.MERGE, ana.id)
    assert item.reason == "same email address, ana@crumb.example"
    assert item.merge_adds == ["birthday", "1 phone number", "notes"]
    report = apply_import(journal, plan)
    assert [(r.name, r.detail) for r in report.merged] == [
        (
            "Ana L.",
            "into Ana Lima (same email address, ana@crumb.example): added birthday, "
            "1 phone number, notes",
        )
    ]
    merged = journal.person(ana.id)
    assert merged.name == "Ana Lima" and merged.organisation == "Crumb & Co."  # not overwritten
    assert merged.birthday == Birthday(3, 10, 1985)
    assert [c.value for c in merged.channels] == ["ana@crumb.example", "+351 912 000 111"]
    assert merged.notes == "Met at the fair.\n\nLoves jazz."
    assert len(journal.people()) == 1


def test_same_phone_with_a_country_code_merges(journal):
    kofi = journal.add_person(
        Person(name="Kofi Mensah", channels=[Channel(ChannelKind.PHONE, "024 555 0102")])
    )
    (item,) = plan_of(journal, card("FN:Kofi", "TEL:+233 24 555 0102", "TITLE:Engineer")).items
    assert (item.action, item.target_id, item.reason) == (
        Action.MERGE,
        kofi.id,
        "same phone number",
    )


def test_close_name_at_the_same_organisation_merges(journal, ana):
    (item,) = plan_of(
        journal, card("FN:Ana  Lima", "ORG:Crumb & Co", "TITLE:Owner", "TEL:+351 1")
    ).items
    assert item.action == Action.MERGE
    assert item.reason == "similar name at the same organisation (Crumb & Co.)"
    (item,) = plan_of(journal, card("FN:Anna Lima", "ORG:CRUMB & CO. LTD", "NOTE:x")).items
    assert item.action == Action.MERGE


def test_same_name_elsewhere_is_added_with_a_note(journal, ana):
    (other_org,) = plan_of(journal, card("FN:Ana Lima", "ORG:Harbour Kitchen")).items
    assert other_org.action == Action.ADD and other_org.matches == []
    (no_org,) = plan_of(journal, card("FN:Ana Lima", "EMAIL:other.ana@example.com")).items
    assert no_org.action == Action.ADD
    assert no_org.reason == (
        "new to the journal, but possibly the same person as Ana Lima "
        "(same name, and no organisation to tell them apart)"
    )
    assert no_org.reason.count("(") == 1, "no brackets inside brackets"


def test_importing_the_same_file_twice_skips_everyone_the_second_time(journal, tmp_path):
    path = tmp_path / "contacts.vcf"
    path.write_text(
        card("FN:Mei Chen", "EMAIL:mei@example.com", "BDAY:--04-15")
        + card("FN:Jonas Berg", "TEL:+47 912 34 567")
    )
    first = import_file(journal, path)
    assert first.summary() == "Imported: 2 added, 0 merged, 0 skipped."
    second = import_file(journal, path)
    assert second.summary() == "Imported: 0 added, 0 merged, 2 skipped."
    assert second.skipped[0].detail.startswith("already in the journal as Mei Chen")
    assert len(journal.people()) == 2


def test_the_same_person_twice_in_one_file_becomes_one(journal):
    plan = plan_of(
        journal,
        card("FN:Yuki Tanaka", "EMAIL:yuki@example.jp")
        + card("FN:Yuki T.", "EMAIL:yuki@example.jp", "TEL:+81 90 1234 5678"),
    )
    first, second = plan.items
    assert first.action == Action.ADD
    assert (second.action, second.target_id) == (Action.MERGE, first.incoming.person.id)
    apply_import(journal, plan)
    (yuki,) = journal.people()
    assert [c.value for c in yuki.channels] == ["yuki@example.jp", "+81 90 1234 5678"]


def test_the_caller_decides_per_person(journal, ana):
    plan = plan_of(
        journal,
        card("FN:Ana Lima", "EMAIL:ana@crumb.example", "TEL:+351 999 888 777")
        + card("FN:Rosa Bianchi")
        + card("FN:Luca Costa"),
    )
    merge, rosa, luca = plan.items
    merge.add()  # "they are two different people"
    rosa.skip()
    luca.merge_into(ana.id, "Ana Lima")
    report = apply_import(journal, plan)
    assert report.summary() == "Imported: 1 added, 1 merged, 1 skipped."
    assert [r.detail for r in report.skipped] == ["you chose to skip them"]
    names = sorted(p.name for p in journal.people())
    assert names == ["Ana Lima", "Ana Lima"]


def test_a_merge_into_a_skipped_card_adds_it_instead(journal):
    plan = plan_of(
        journal,
        card("FN:Elena Petrova", "EMAIL:elena@example.com")
        + card("FN:Elena P.", "EMAIL:elena@example.com", "TITLE:Editor"),
    )
    plan.items[0].skip()
    report = apply_import(journal, plan)
    assert [p.name for p in journal.people()] == ["Elena P."]
    assert "was not imported" in report.added[0].detail


def test_dry_run_preview_changes_nothing(journal, ana):
    before = snapshot(journal)
    plan = plan_of(
        journal,
        card("FN:Ana", "EMAIL:ana@crumb.example", "TEL:+351 1234567") + card("FN:Kenji Mori"),
    )
    report = preview_report(plan)
    assert report.summary() == "Would import: 1 added, 1 merged, 0 skipped."
    assert report.merged[0].detail == (
        "into Ana Lima (same email address, ana@crumb.example): adds 1 phone number"
    )
    assert snapshot(journal) == before


def many_cards(n: int) -> str:
    return "".join(card(f"FN:Person {i:04d}", f"EMAIL:person{i}@example.com") for i in range(n))


def test_progress_counts_up_to_the_total(journal):
    plan = plan_of(journal, many_cards(250))
    seen = []
    apply_import(journal, plan, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 250) and seen[-1] == (250, 250)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert len(journal.people()) == 250


def test_cancel_mid_import_leaves_the_journal_unchanged(journal, ana):
    journal.log(["Ana Lima"], "Coffee at Verde")
    plan = plan_of(
        journal, many_cards(500) + card("FN:Ana", "EMAIL:ana@crumb.example", "TEL:+351 912 000 111")
    )
    before = snapshot(journal)
    cancel = threading.Event()

    def progress(done, total):
        if done >= 200:
            cancel.set()  # the user presses Cancel while people are being written

    with pytest.raises(ImportCancelled) as raised:
        apply_import(journal, plan, progress=progress, cancel=cancel)
    assert str(raised.value) == "The import was cancelled; nothing was changed in the journal."
    assert snapshot(journal) == before


def test_a_failure_during_the_merges_rolls_back_the_adds(journal, ana, monkeypatch):
    plan = plan_of(
        journal, many_cards(120) + card("FN:Ana", "EMAIL:ana@crumb.example", "TEL:+351 912 000 111")
    )
    before = snapshot(journal)

    def broken(person):
        raise OSError("disk went away")

    monkeypatch.setattr(journal, "save_person", broken)
    with pytest.raises(OSError):
        apply_import(journal, plan)
    monkeypatch.undo()
    assert snapshot(journal) == before


def test_changes_are_announced_once_after_the_commit(journal):
    heard = []
    journal.on_change(lambda kind, ids: heard.append((kind, len(ids))))
    apply_import(journal, plan_of(journal, many_cards(150)))
    assert sum(n for kind, n in heard if kind == "person") == 150


def test_two_cards_for_one_person_merge_in_turn(journal, ana):
    plan = plan_of(
        journal,
        card("FN:Ana L.", "EMAIL:ana@crumb.example", "TEL:+351 912 000 111")
        + card("FN:Ana Lima", "EMAIL:ana@crumb.example", "TEL:+351 912 000 111")
        + card("FN:A. Lima", "EMAIL:ana@crumb.example", "BDAY:--03-10"),
    )
    first, second, third = plan.items
    # Each is matched to the person already in the journal, not to an earlier card.
    assert [i.target_id for i in (first, third)] == [ana.id, ana.id]
    assert first.merge_adds == ["1 phone number"]
    assert second.action == Action.SKIP and "nothing new" in second.reason
    assert third.merge_adds == ["birthday"]
    report = apply_import(journal, plan)
    assert report.summary() == "Imported: 0 added, 2 merged, 1 skipped."
    (merged,) = journal.people()
    assert merged.birthday == Birthday(3, 10)
    assert [c.value for c in merged.channels] == ["ana@crumb.example", "+351 912 000 111"]


def test_the_dry_run_prints_the_same_notes_as_the_real_run(journal):
    text = card("FN:Kofi Mensah", "ORG:Northwind") + card("ORG:Crumb Bakery")
    dry = preview_report(plan_of(journal, text))
    real = apply_import(journal, plan_of(journal, text))
    assert dry.warnings == real.warnings
    assert any("no name" in w for w in dry.warnings)
    assert any("circle" in w for w in dry.warnings)
