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


def test_no_links_and_no_gives_read_like_the_other_empty_hints(qtbot, window, journal):
    """ "No links yet" was drawn disabled (lighter than the other hints), and "You gave 0
    · you received 0" said nothing about what goes there or how to record a give."""
    ana = journal.add_person(Person(name="Ana Lima"))
    open_person(qtbot, window, ana.id)
    page = window.person_page
    hints = {label.text(): label for label in page.findChildren(QLabel, "emptyHint")}
    links = next(text for text in hints if text.startswith("No links yet"))
    gives = next(text for text in hints if text.startswith("Nothing given or received yet."))
    assert "Did you give them something?" in gives
    entries = hints[NO_ENTRIES]
    for text in (links, gives):
        label = hints[text]
        assert label.isEnabled() and label.isVisible()
        assert label.palette().color(label.foregroundRole()) == entries.palette().color(
            entries.foregroundRole()
        )
        assert label.font() == entries.font()


def test_the_gives_hint_goes_once_something_was_given(qtbot, window, journal):
    ana = journal.add_person(Person(name="Ana Lima"))
    journal.add_follow_up(FollowUp("send the supplier intro", person_id=ana.id))
    follow_up = journal.follow_ups_for(ana.id)[0]
    journal.complete_follow_up(follow_up.id)
    open_person(qtbot, window, ana.id)
    texts = _hints(window.person_page)
    assert not any(text.startswith("Nothing given or received yet.") for text in texts)
