"""Putting back a value kept when two computers disagreed: one step, undone by Ctrl+Z."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from journal.core import operations
from journal.core.errors import NotFound
from journal.core.model import Entry
from journal.core.sync import engine, history
from tests.support.sync import Carrier, make_replicas


def test_putting_back_a_kept_value_is_a_step_and_undo_shows_the_synced_one_again(
    tmp_path: Path, clock: Any, keychain: Any
) -> None:
    a, b = make_replicas(tmp_path, 2, clock, keychain)
    carrier = Carrier([tmp_path / "view0", tmp_path / "view1"])

    def sync_round() -> None:
        engine.sync_now(a), engine.sync_now(b)
        carrier.everything_everywhere()
        engine.sync_now(a), engine.sync_now(b)

    try:
        entry = a.add_entry(Entry(occurred_at=datetime(2026, 11, 20, 10), body="Lunch."))
        sync_round()
        on_a, on_b = a.entry(entry.id), b.entry(entry.id)
        on_a.body, on_b.body = "Lunch at the market.", "Lunch; she moves to Lisbon."
        a.save_entry(on_a)
        b.save_entry(on_b)
        sync_round()
        shown = a.entry(entry.id).body
        [kept] = [k for k in history.kept_values(a) if k.column == "body"]
        heard: list[tuple[str, tuple[str, ...]]] = []
        a.on_change(lambda kind, ids: heard.append((kind, tuple(ids))))

        change = operations.put_back_kept(a, kept.id)
        assert change.label == "Put back the entry's text"
        assert change.done == (
            "Put back the entry's text. It reaches your other computers at the next sync."
        )
        assert change.entries == {entry.id} and change.step is not None
        assert a.entry(entry.id).body == kept.value != shown
        assert ("entry", (entry.id,)) in heard  # the pages showing it reload

        operations.undo(a)
        assert a.entry(entry.id).body == shown
        sync_round()  # the undo is an edit like any other: both computers agree again
        assert a.entry(entry.id).body == b.entry(entry.id).body == shown

        a.delete_entry(entry.id)
        with pytest.raises(NotFound, match="no longer in the journal"):
            operations.put_back_kept(a, kept.id)
    finally:
        a.close()
        b.close()
