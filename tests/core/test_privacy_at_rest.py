"""Nothing written into a journal can be read from its files without the key."""

from __future__ import annotations

from datetime import datetime

from journal.core.journal import Journal
from journal.core.model import Entry, Facet, FacetKind, FollowUp, Person
from tests.conftest import TEST_PASSPHRASE

MARKER = "zebra-quartz-MARKER-4417"


def files_containing(root, needle: bytes) -> list[str]:
    found = []
    for path in root.rglob("*"):
        if path.is_file() and needle in path.read_bytes():
            found.append(path.name)
    return found


def test_marker_never_appears_in_any_file_open_or_closed(journal):
    person = journal.add_person(Person(name=f"Person {MARKER}", notes=MARKER))
    journal.add_facet(person.id, Facet(FacetKind.FAMILY, f"daughter {MARKER}"))
    journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 11, 20, 10),
            body=f"secret {MARKER}",
            people=[person.id],
            follow_ups=[FollowUp(f"send {MARKER}", person_id=person.id)],
        )
    )
    journal.save_draft("draft-1", {"body": MARKER})
    root = journal.paths.root
    needles = [MARKER.encode(), MARKER.encode("utf-16-le")]
    # While open: the database, its WAL and shm files.
    assert {p.name for p in root.iterdir()} >= {"journal.db", "journal.db-wal"}
    for needle in needles:
        assert files_containing(root, needle) == []
    journal.close()
    for needle in needles:
        assert files_containing(root, needle) == []
    with Journal.open(journal.paths, TEST_PASSPHRASE) as reopened:
        assert reopened.person(person.id).notes == MARKER


def test_deleted_text_does_not_linger_in_plaintext_either(journal):
    person = journal.add_person(Person(name="Leila Karimi", notes=MARKER))
    journal.delete_person(person.id)
    journal.purge_trash()
    root = journal.paths.root
    journal.close()
    assert files_containing(root, MARKER.encode()) == []
