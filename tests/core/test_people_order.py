"""The People list's order from the core: filtered and sorted as a reader expects, ids
only, and its rows read by id a window at a time."""

from __future__ import annotations

from datetime import datetime

from journal.core.model import Circle, Entry, Person
from journal.core.people import PeopleOrder, PeopleQuery


def _names(journal, ids):
    return [s.name for s in journal.people_summaries(ids)]


def _people(journal):
    people = [
        Person(name="Maya Osei", organisation="Verde", role="chef", circle=Circle.CLOSE),
        Person(name="Mária Lima", organisation="", role="nurse", circle=Circle.INNER),
        Person(name="ana berg", organisation="Alpha", role="Head Chef", tags=["climbing"]),
        Person(name="Zoë Kim", organisation="Zulu", role="", archived=True),
    ]
    journal.add_people(people)
    journal.add_entries([Entry(occurred_at=datetime(2026, 11, 1, 9), people=[people[0].id])])
    journal.add_entries([Entry(occurred_at=datetime(2026, 10, 1, 9), people=[people[2].id])])
    return people


def test_names_sort_as_a_reader_expects_and_archived_stay_out(journal):
    _people(journal)
    ordering = journal.order_people(PeopleOrder())
    assert _names(journal, ordering.ids) == ["ana berg", "Mária Lima", "Maya Osei"]
    assert ordering.total == 3
    everyone = journal.order_people(PeopleOrder(PeopleQuery(include_archived=True), "name", True))
    assert _names(journal, everyone.ids) == ["Zoë Kim", "Maya Osei", "Mária Lima", "ana berg"]


def test_other_columns_put_empty_cells_and_never_in_touch_last(journal):
    _people(journal)
    by_org = journal.order_people(PeopleOrder(column="organisation"))
    assert _names(journal, by_org.ids) == ["ana berg", "Maya Osei", "Mária Lima"]
    by_contact = journal.order_people(PeopleOrder(column="last_contact", descending=True))
    assert _names(journal, by_contact.ids) == ["Maya Osei", "ana berg", "Mária Lima"]
    by_circle = journal.order_people(PeopleOrder(column="circle"))
    assert _names(journal, by_circle.ids) == ["Mária Lima", "Maya Osei", "ana berg"]


def test_typed_text_matches_role_in_any_case_and_only_narrows(journal):
    people = _people(journal)
    chefs = journal.order_people(PeopleOrder(text="CHEF"))
    assert _names(journal, chefs.ids) == ["ana berg", "Maya Osei"]
    assert chefs.total == 3
    only = journal.order_people(PeopleOrder(text="chef", only=frozenset({people[0].id})))
    assert _names(journal, only.ids) == ["Maya Osei"]


def test_rows_by_id_keep_the_order_asked_and_skip_who_is_gone(journal):
    people = _people(journal)
    ids = [people[2].id, "gone", people[0].id]
    assert _names(journal, ids) == ["ana berg", "Maya Osei"]
    assert journal.all_archived([people[3].id])
    assert not journal.all_archived([people[3].id, people[0].id])
