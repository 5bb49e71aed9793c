"""The journal page's preview writes an entry's date as its list does ("24 Nov 2026,
14:05"), not in full ("Tuesday 24 November 2026, 14:05")."""

from __future__ import annotations

from datetime import datetime

from journal.core.model import Entry, Person
from journal.gui.main_window import PageName
from tests.support.qt import settle


def test_the_preview_writes_the_date_as_the_list_does(qtbot, window, journal):
    ana = journal.add_person(Person(name="Ana Lima"))
    journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 11, 24, 14, 5), body="Coffee at the harbour", people=[ana.id]
        )
    )
    window.show_page(PageName.JOURNAL)
    settle()
    page = window.journal_page
    qtbot.waitUntil(lambda: "Coffee at the harbour" in page.preview.toPlainText())
    lines = page.preview.toPlainText().splitlines()
    assert "24 Nov 2026, 14:05 · meeting" in lines
    assert "Tuesday" not in page.preview.toPlainText()
    assert "November" not in page.preview.toPlainText()
    listed = page.model.index(0, 0).data()
    assert listed == "24 Nov 2026, 14:05" and lines.count(f"{listed} · meeting") == 1
