"""Reviewing suggested duplicates: a pair dismissed is never suggested again."""

from __future__ import annotations

import pytest

from journal.core import duplicate_review as review
from journal.core import merge
from journal.core.errors import InvalidInput
from journal.core.model import Person


def test_a_dismissal_is_kept_for_good_and_can_be_taken_back(journal, make_journal):
    ana, other = (journal.add_person(Person("Ana Lima")) for _ in range(2))
    assert not review.is_dismissed(journal, ana.id, other.id)
    review.dismiss(journal, other.id, ana.id)
    review.dismiss(journal, ana.id, other.id)  # twice is once
    assert review.is_dismissed(journal, ana.id, other.id)
    with journal.store.reading() as conn:
        assert review.dismissals_of(conn, [ana.id]) == [tuple(sorted((ana.id, other.id)))]
    review.undismiss(journal, ana.id, other.id)
    assert not review.is_dismissed(journal, other.id, ana.id)
    with pytest.raises(InvalidInput):
        review.dismiss(journal, ana.id, ana.id)


def test_dismissals_go_and_come_back_with_the_person(journal):
    ana, other, third = (journal.add_person(Person("Ana Lima")) for _ in range(3))
    review.dismiss(journal, ana.id, other.id)
    trash_id = journal.delete_person(other.id)
    assert not review.is_dismissed(journal, ana.id, other.id)
    journal.restore(trash_id)
    assert review.is_dismissed(journal, ana.id, other.id)
    # Merging the third into Ana keeps Ana's answer about the other record.
    review.dismiss(journal, third.id, other.id)
    plan = merge.propose(journal, [ana.id, third.id]).plan.with_survivor(ana.id)
    merge.merge(journal, plan)
    assert review.is_dismissed(journal, ana.id, other.id)
    with journal.store.reading() as conn:
        assert len(review.dismissals_of(conn, [ana.id])) == 1
