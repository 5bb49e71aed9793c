"""Several computers syncing one journal, each with its own copy of the sync folder.

A real sync tool carries files late, out of order, twice, half-written or under a
conflict name; ``Carrier`` does each of those on request so tests can choose when.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from journal.core.interop.jsonfile import dump_journal
from journal.core.journal import Journal
from journal.core.keys import KdfParams
from journal.core.paths import JournalPaths
from journal.core.sync import engine
from tests.conftest import FAST_KDF_N, TEST_PASSPHRASE


def make_replicas(root: Path, count: int, clock: Any, keychain: Any) -> list[Journal]:
    """``count`` computers holding one journal: the first sets up sync in its folder
    view, the others join from a copy of that view (as after the sync tool ran)."""
    first_view = root / "view0"
    first_view.mkdir(parents=True)
    first = Journal.create(
        JournalPaths(root / "computer0"),
        TEST_PASSPHRASE,
        kdf=KdfParams.fresh(n=FAST_KDF_N),
        clock=clock,
        keychain=keychain,
    )
    engine.enable(first, first_view)
    replicas = [first]
    for i in range(1, count):
        view = root / f"view{i}"
        shutil.copytree(first_view, view)
        replicas.append(
            engine.join(
                JournalPaths(root / f"computer{i}"),
                view,
                TEST_PASSPHRASE,
                keychain=keychain,
                clock=clock,
            )
        )
    return replicas


def files(view: Path) -> dict[str, bytes]:
    """Every file in a folder view by relative path (temp files left out)."""
    return {
        str(p.relative_to(view)): p.read_bytes()
        for p in sorted(view.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


class Carrier:
    """Moves files between folder views the way a sync tool might."""

    def __init__(self, views: list[Path]) -> None:
        self.views = views

    def missing(self, src: int, dst: int) -> list[str]:
        """What ``src`` holds that ``dst`` lacks, or holds otherwise; a half-delivered
        file is never carried back over the whole copy it is a prefix of (a sync tool
        finishes a download, it does not spread the unfinished part to the owner)."""
        have = files(self.views[dst])
        return [
            name
            for name, data in files(self.views[src]).items()
            if have.get(name) != data
            and not (name in have and len(data) < len(have[name]) and have[name].startswith(data))
        ]

    def deliver(self, src: int, dst: int, name: str) -> None:
        target = self.views[dst] / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.views[src] / name, target)

    def deliver_half(self, src: int, dst: int, name: str) -> None:
        """A partial download left under the final name (some tools do)."""
        data = (self.views[src] / name).read_bytes()
        target = self.views[dst] / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            target.write_bytes(data[: len(data) // 2])

    def deliver_conflict_copy(self, src: int, dst: int, name: str) -> None:
        """Syncthing's and Dropbox's way of keeping two versions of one file."""
        data = (self.views[src] / name).read_bytes()
        path = Path(name)
        for variant in (
            f"{path.name}.sync-conflict-20261124-090000-ABCDEFG",
            f"{path.name} (conflicted copy 2026-11-24)",
        ):
            target = self.views[dst] / path.parent / variant
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data[:-3] + b"xyz")

    def everything_everywhere(self) -> None:
        """Every file reaches every view whole, as once the sync tool has caught up.

        The first view's copy of a file wins, except that a half-delivered file (a
        prefix of another view's copy) is made whole from that copy, never spread back
        over the owner's whole one (looping over sources in order once did that, and a
        change then reached nobody: a harness fault, not the product's).
        """
        whole: dict[str, bytes] = {}
        for view in self.views:
            for name, data in files(view).items():
                held = whole.get(name)
                if held is None or (len(held) < len(data) and data.startswith(held)):
                    whole[name] = data
        for view in self.views:
            have = files(view)
            for name, data in whole.items():
                if have.get(name) != data:
                    target = view / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)


def normalised(journal: Journal) -> dict[str, Any]:
    """The full JSON export, without what differs between two exports of one journal."""
    data = dump_journal(journal)
    data.pop("exported_at", None)
    data = json.loads(json.dumps(data, sort_keys=True))
    # Rows come in insertion order, which differs between computers: sort them.
    data["tables"] = {
        table: sorted(rows, key=lambda row: json.dumps(row, sort_keys=True))
        for table, rows in data["tables"].items()
    }
    return data


def everything_text(journal: Journal) -> str:
    """All the journal holds as text, history included (for "nothing was lost")."""
    with journal.store.reading() as conn:
        history = [list(r) for r in conn.execute("SELECT * FROM sync_history")]
    return json.dumps(normalised(journal)) + json.dumps(history)
