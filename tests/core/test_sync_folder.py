"""The sync folder: nothing readable in it, only its own journal, and whatever a sync
tool leaves there (half-written files, conflict copies, stray files) never breaks a sync.
Also the promises a user reads about: both versions of an entry kept, a deleted record
edited elsewhere kept, an entry added to a person merged elsewhere landing on the merged
person, and a clock that is hours off not making old edits win."""

from __future__ import annotations

import io
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.cli import main
from journal.core import links, merge
from journal.core.errors import WrongPassphrase
from journal.core.journal import Journal
from journal.core.model import Entry, Person
from journal.core.paths import JournalPaths
from journal.core.sync import engine, history
from journal.core.sync.hlc import Clock, Stamp, now_ms
from tests.conftest import TEST_PASSPHRASE
from tests.support.sync import Carrier, files, make_replicas, normalised


@pytest.fixture
def pair(tmp_path: Path, clock: Any, keychain: Any) -> tuple[Journal, Journal, Carrier]:
    a, b = make_replicas(tmp_path, 2, clock, keychain)
    yield a, b, Carrier([tmp_path / "view0", tmp_path / "view1"])
    a.close()
    b.close()


def _round(a: Journal, b: Journal, carrier: Carrier) -> list[str]:
    lines = engine.sync_now(a).lines() + engine.sync_now(b).lines()
    carrier.everything_everywhere()
    lines += engine.sync_now(a).lines() + engine.sync_now(b).lines()
    return lines


def test_the_folder_holds_nothing_readable(pair: tuple[Journal, Journal, Carrier]) -> None:
    a, b, carrier = pair
    ada = a.add_person(Person(name="Adaplaintext Lovelace", organisation="Plaintextcorp"))
    a.add_entry(
        Entry(occurred_at=datetime(2026, 11, 20, 10), body="secretmarker lunch", people=[ada.id])
    )
    b.add_person(Person(name="Bobplaintext"))
    _round(a, b, carrier)
    assert [p.name for p in b.people() if p.name.startswith("Ada")] == ["Adaplaintext Lovelace"]
    for view in carrier.views:
        for name, data in files(view).items():
            for marker in (b"plaintext", b"Plaintext", b"secretmarker", a.journal_id.encode()):
                assert marker not in data, f"{marker!r} readable in {name}"
            for part in Path(name).parts:
                assert "lovelace" not in part.lower() and "journal" not in part.lower()


def test_a_folder_of_another_journal_is_refused(
    pair: tuple[Journal, Journal, Carrier], make_journal: Any
) -> None:
    a, _b, carrier = pair
    other = make_journal("other")
    with pytest.raises(engine.FolderRefused, match="another journal's sync files"):
        engine.enable(other, carrier.views[0])
    assert engine.configured_folder(other) is None
    assert engine.sync_now(a).lines()  # the folder's own journal still syncs


def test_half_written_conflicted_and_stray_files_are_ignored(
    pair: tuple[Journal, Journal, Carrier],
) -> None:
    a, b, carrier = pair
    a.add_person(Person(name="Chidi"))
    engine.sync_now(a)
    new = carrier.missing(0, 1)
    batch = [n for n in new if not n.endswith("/h")]
    assert batch
    for name in batch:
        carrier.deliver_half(0, 1, name)
        carrier.deliver_conflict_copy(0, 1, name)
    stray = carrier.views[1] / Path(batch[0]).parent
    (stray / ("0" * 32)).write_bytes(b"not a sealed file")
    (stray / ".syncthing.tmp").write_bytes(b"partial")
    (carrier.views[1] / "desktop.ini").write_text("[.ShellClassInfo]")
    result = engine.sync_now(b)
    assert "Chidi" not in [p.name for p in b.people()]
    assert not result.received
    carrier.everything_everywhere()  # the whole file arrives
    lines = engine.sync_now(b).lines()
    assert [p.name for p in b.people() if p.name == "Chidi"] == ["Chidi"]
    assert any("new: 1 person" in line for line in lines)
    assert engine.sync_now(b).lines() == ["Nothing new: this computer and the sync folder agree."]


def test_both_versions_of_an_entry_edited_on_two_computers_are_kept(
    pair: tuple[Journal, Journal, Carrier],
) -> None:
    a, b, carrier = pair
    entry = a.add_entry(Entry(occurred_at=datetime(2026, 11, 20, 10), body="Lunch."))
    _round(a, b, carrier)
    on_a, on_b = a.entry(entry.id), b.entry(entry.id)
    on_a.body = "Lunch. Talked about her move to Lisbon."
    on_b.body = "Lunch. She starts at the lab in March."
    a.save_entry(on_a)
    b.save_entry(on_b)
    lines = _round(a, b, carrier)
    assert any("edited on both computers" in line for line in lines)
    assert a.entry(entry.id).body == b.entry(entry.id).body
    shown = a.entry(entry.id).body
    other = ({on_a.body, on_b.body} - {shown}).pop()
    for journal in (a, b):
        kept = [k for k in history.kept_values(journal) if k.column == "body"]
        assert [k.value for k in kept] == [other]
        assert "edited on both computers" in kept[0].sentence()
    history.put_back(a, history.kept_values(a)[0].id)
    _round(a, b, carrier)
    assert a.entry(entry.id).body == b.entry(entry.id).body == other


def test_a_delete_on_one_computer_and_an_edit_on_the_other_keeps_the_edit(
    pair: tuple[Journal, Journal, Carrier],
) -> None:
    a, b, carrier = pair
    dana = a.add_person(Person(name="Dana"))
    _round(a, b, carrier)
    a.delete_person(dana.id)
    on_b = b.person(dana.id)
    on_b.notes = "Moved to Porto"
    b.save_person(on_b)
    lines = _round(a, b, carrier)
    assert a.person(dana.id).notes == b.person(dana.id).notes == "Moved to Porto"
    assert any("deleted on one computer and edited on the other" in line for line in lines)
    assert normalised(a)["tables"] == normalised(b)["tables"]


def test_a_delete_from_the_other_computer_takes_what_only_this_one_kept(
    pair: tuple[Journal, Journal, Carrier],
) -> None:
    """This computer's own diary of suggestions shown (not synced) does not bring back
    a person deleted on the other computer."""
    a, b, carrier = pair
    ivo = a.add_person(Person(name="Ivo"))
    _round(a, b, carrier)
    with b.store.transaction() as conn:
        conn.execute(
            "INSERT INTO suggestion_log (day, suggestion_id, person_id, kind, event, at) "
            "VALUES ('2026-11-24', 's1', ?, 'checkin', 'shown', '2026-11-24T09:00:00')",
            (ivo.id,),
        )
    a.delete_person(ivo.id)
    _round(a, b, carrier)
    assert ivo.id not in [p.id for p in b.people()]
    assert b.store.query("SELECT count(*) FROM suggestion_log")[0][0] == 0
    assert [t.label for t in b.trash()] == ["Ivo"]


def test_an_entry_added_to_a_person_merged_elsewhere_lands_on_the_merged_person(
    pair: tuple[Journal, Journal, Carrier],
) -> None:
    a, b, carrier = pair
    kept = a.add_person(Person(name="Eve Martin"))
    twin = a.add_person(Person(name="Eve M."))
    _round(a, b, carrier)
    merge.merge(a, merge.MergePlan(kept.id, [twin.id]))
    entry = b.add_entry(
        Entry(occurred_at=datetime(2026, 11, 21, 9), body="Coffee.", people=[twin.id])
    )
    _round(a, b, carrier)
    for journal in (a, b):
        assert journal.entry(entry.id).people == [kept.id]
        assert twin.id not in [p.id for p in journal.people()]
    assert normalised(a)["tables"] == normalised(b)["tables"]


def test_the_same_link_made_on_both_computers_at_once_ends_as_one(
    pair: tuple[Journal, Journal, Carrier],
) -> None:
    a, b, carrier = pair
    gia = a.add_person(Person(name="Gia"))
    hal = a.add_person(Person(name="Hal"))
    _round(a, b, carrier)
    links.add_link(a, gia.id, "friend", hal.id, note="met at the climbing gym")
    links.add_link(b, gia.id, "friend", hal.id, note="old school friends")
    _round(a, b, carrier)
    rows = [
        a.store.query("SELECT id, note FROM person_links"),
        b.store.query("SELECT id, note FROM person_links"),
    ]
    assert len(rows[0]) == 1 and [tuple(r) for r in rows[0]] == [tuple(r) for r in rows[1]]
    assert normalised(a)["tables"] == normalised(b)["tables"]
    lost = ({"met at the climbing gym", "old school friends"} - {rows[0][0][1]}).pop()
    assert any(lost in str(k.value) for k in history.kept_values(a) + history.kept_values(b))


def test_a_column_added_by_a_later_migration_travels_too(
    pair: tuple[Journal, Journal, Carrier],
) -> None:
    a, b, carrier = pair
    jo = a.add_person(Person(name="Jo"))
    _round(a, b, carrier)
    for journal in (a, b):  # what a later migration would do on each computer
        with journal.store.transaction() as conn:
            conn.execute("ALTER TABLE people ADD COLUMN nickname TEXT NOT NULL DEFAULT ''")
    with a.store.transaction() as conn:
        conn.execute("UPDATE people SET nickname = 'JJ' WHERE id = ?", (jo.id,))
    _round(a, b, carrier)
    assert b.store.query("SELECT nickname FROM people WHERE id = ?", (jo.id,))[0][0] == "JJ"


def test_preferences_travel_and_this_computers_own_settings_stay(
    pair: tuple[Journal, Journal, Carrier],
) -> None:
    a, b, carrier = pair
    a.put_setting("calendar", {"sources": ["/home/a/calendar.ics"]})
    a.put_setting("introductions.never", [["x", "y"]])
    _round(a, b, carrier)
    assert b.get_setting("introductions.never") == [["x", "y"]]
    assert b.get_setting("calendar") is None
    engine.write_snapshot(a)  # a third computer joining later gets none of A's own either
    carrier.everything_everywhere()
    third = engine.join(
        JournalPaths(carrier.views[0].parent / "third"), carrier.views[1], TEST_PASSPHRASE
    )
    try:
        assert third.get_setting("introductions.never") == [["x", "y"]]
        assert third.get_setting("calendar") is None
    finally:
        third.close()


def test_joining_with_the_wrong_passphrase_writes_nothing(
    pair: tuple[Journal, Journal, Carrier], tmp_path: Path
) -> None:
    _a, _b, carrier = pair
    paths = JournalPaths(tmp_path / "third")
    with pytest.raises(WrongPassphrase, match="does not open the journal in this sync folder"):
        engine.join(paths, carrier.views[0], "not the passphrase")
    assert not paths.exists()


def test_a_clock_hours_behind_cannot_make_its_old_edits_win() -> None:
    late = Clock("laptop")
    ahead = Clock("desktop")
    hours = 6 * 3600 * 1000
    remote = ahead.next(1_000_000 + hours)  # the desktop's clock runs 6 hours ahead
    late.observe(remote)
    mine = late.next(1_000_000)  # the laptop edits after hearing from the desktop
    assert mine > remote


def test_a_computer_whose_clock_runs_hours_ahead_does_not_win_with_older_edits(
    pair: tuple[Journal, Journal, Carrier],
) -> None:
    a, b, carrier = pair
    kim = a.add_person(Person(name="Kim"))
    _round(a, b, carrier)
    ahead = Stamp(now_ms() + 6 * 3600 * 1000, 0, "x").text()  # computer A's clock: +6 h
    with a.store.transaction() as conn:
        conn.execute("UPDATE sync_config SET value = ? WHERE key = 'clock'", (ahead,))
    on_a = a.person(kim.id)
    on_a.organisation = "Old employer"
    a.save_person(on_a)
    _round(a, b, carrier)
    assert b.person(kim.id).organisation == "Old employer"
    on_b = b.person(kim.id)  # later, on B, whose clock is right
    on_b.organisation = "New employer"
    b.save_person(on_b)
    _round(a, b, carrier)
    assert a.person(kim.id).organisation == b.person(kim.id).organisation == "New employer"


@given(
    walls=st.lists(st.integers(min_value=0, max_value=10**13), min_size=1, max_size=30),
    seen=st.lists(st.integers(min_value=0, max_value=10**13), max_size=10),
)
def test_stamps_only_move_forward(walls: list[int], seen: list[int]) -> None:
    clock = Clock("a")
    last = ""
    for i, wall in enumerate(walls):
        if i < len(seen):
            other = Stamp(seen[i], 0, "b").text()
            clock.observe(other)
            assert clock.next(wall) > other
        stamp = clock.next(wall)
        assert stamp > last
        assert Stamp.parse(stamp).text() == stamp
        last = stamp


def test_the_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: Any, make_journal: Any
) -> None:
    journal = make_journal("first")
    journal.add_person(Person(name="Farah"))
    journal.remember_key()
    journal.close()
    folder = tmp_path / "Sync"
    folder.mkdir()
    first = ["--data-dir", str(tmp_path / "first")]
    assert main(["sync", *first, "--folder", str(folder)]) == 0
    out = capsys.readouterr().out
    assert f"now syncs through {folder}" in out and "journal sync --join" in out
    second = tmp_path / "second"
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{TEST_PASSPHRASE}\n"))
    assert (
        main(["sync", "--data-dir", str(second), "--passphrase-stdin", "--join", str(folder)]) == 0
    )
    assert "(1 person, 0 entries)" in capsys.readouterr().out
    assert main(["sync", *first]) == 0
    assert "Nothing new" in capsys.readouterr().out
    assert main(["sync", *first, "--status"]) == 0
    assert f"Syncs through {folder}" in capsys.readouterr().out
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert (
        main(["sync", "--data-dir", str(elsewhere), "--passphrase-stdin", "--join", str(tmp_path)])
        == 2
    )
    assert "holds no Rapport journal to join" in capsys.readouterr().err
    shutil.rmtree(folder)
    assert main(["sync", *first]) == 2
    assert "is not there" in capsys.readouterr().err
