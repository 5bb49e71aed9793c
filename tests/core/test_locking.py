"""The lock file that lets several Rapport processes share a journal."""

from __future__ import annotations

import threading

from journal.core.locking import JournalLock


def test_an_upgrade_that_loses_its_shared_lock_waits_to_share_the_journal_again(
    tmp_path, monkeypatch
):
    """flock drops the shared lock while it tries an upgrade: if another opener takes
    the journal alone in that moment, this one must wait to share it again (opening
    after a crash), not be refused as if the journal were open elsewhere."""
    path = tmp_path / "journal.lock"
    opener, first = JournalLock(path), JournalLock(path)
    opener.acquire_shared()
    first.acquire_shared()
    take_back = opener._try

    def first_takes_it_alone(flag: int) -> bool:
        # In the gap of the failed upgrade: the other opener goes first, and is done
        # with its step a moment later.
        first.release()
        first.acquire_exclusive()
        threading.Timer(0.3, first.downgrade).start()
        return take_back(flag)

    monkeypatch.setattr(opener, "_try", first_takes_it_alone)
    assert opener.try_exclusive(wait=5.0) is False
    assert opener._held == "shared"
    opener.release()
    first.release()
