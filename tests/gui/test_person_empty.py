"""A new person's page: every empty section says what goes there and what to do, and
the hint goes once there is something in it."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QLabel

from journal.core.model import Entry, Facet, FacetKind, FollowUp, Person
from journal.gui.pages.person import NO_ENTRIES, NO_FOLLOW_UPS, SECTIONS
from tests.gui.helpers import open_person


def _hints(widget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel, "emptyHint")]


def test_every_empty_section_says_what_to_do(qtbot, window, journal):
    ana = journal.add_person(Person(name="Ana Lima"))
    open_person(qtbot, window, ana.id)
    page = window.person_page
    for kind in SECTIONS:
        [hint] = _hints(page.sections[kind.value])
        assert hint.startswith("Nothing noted yet. ") and hint.endswith(("?", ".")), kind
    assert _hints(page.sections["in_common"]) == [
        "Nothing noted yet. What do you share: a hobby, a background, a place?"
    ]
    assert "Add what they are working on" in _hints(page.sections["working_on"])[0]
    assert NO_FOLLOW_UPS in _hints(page)
    assert NO_FOLLOW_UPS.startswith("No promises yet. When you offer to help, add it")
    assert NO_ENTRIES in _hints(page)


def test_a_hint_goes_once_the_section_has_something(qtbot, window, journal):
    ana = journal.add_person(Person(name="Ana Lima"))
    journal.add_facet(ana.id, Facet(FacetKind.HOBBY, "climbing"))
    journal.add_follow_up(FollowUp("send the supplier intro", person_id=ana.id))
    journal.add_entry(Entry(occurred_at=datetime(2026, 11, 20, 9), body="Coffee.", people=[ana.id]))
    open_person(qtbot, window, ana.id)
    page = window.person_page
    assert _hints(page.sections["hobby"]) == []
    assert len(_hints(page.sections["family"])) == 1
    assert NO_FOLLOW_UPS not in _hints(page) and NO_ENTRIES not in _hints(page)
