"""End to end with a real sync engine: two Syncthing instances on this machine, each
serving one computer's sync folder, and two Rapport journals syncing through them.

Each Syncthing is configured before it starts (its config.xml written here) to talk only
to the other at a fixed 127.0.0.1 address: no global or local discovery, no relays, no
NAT traversal, no STUN, no usage or crash reporting, no upgrades, GUI/API on 127.0.0.1.
Every wait is bounded. Skipped with the reason where Syncthing is absent; CI fails then.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest

from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.core.keys import KdfParams
from journal.core.model import Entry, Person
from journal.core.paths import JournalPaths
from journal.core.sync import engine, history
from tests.conftest import FAST_KDF_N, TEST_PASSPHRASE
from tests.support.components import require_programs
from tests.support.sync import normalised

T = TypeVar("T")
FOLDER_ID = "rapport-sync-test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _config(
    me: str, my_port: int, gui_port: int, api_key: str, peer: str, peer_port: int, folder: Path
) -> str:
    devices = "".join(f'<device id="{d}" introducedBy=""></device>' for d in (me, peer))
    return f"""<configuration version="36">
    <folder id="{FOLDER_ID}" label="rapport" path="{folder}" type="sendreceive"
            rescanIntervalS="2" fsWatcherEnabled="true" fsWatcherDelayS="1"
            ignorePerms="false" autoNormalize="true">
        <filesystemType>basic</filesystemType>
        {devices}
        <minDiskFree unit="%">0</minDiskFree>
        <markerName>.stfolder</markerName>
    </folder>
    <device id="{me}" name="self" compression="metadata" introducer="false">
        <address>tcp://127.0.0.1:{my_port}</address>
    </device>
    <device id="{peer}" name="peer" compression="metadata" introducer="false">
        <address>tcp://127.0.0.1:{peer_port}</address>
        <autoAcceptFolders>false</autoAcceptFolders>
    </device>
    <gui enabled="true" tls="false" debugging="false">
        <address>127.0.0.1:{gui_port}</address>
        <apikey>{api_key}</apikey>
    </gui>
    <options>
        <listenAddress>tcp://127.0.0.1:{my_port}</listenAddress>
        <globalAnnounceServer>http://127.0.0.1:1</globalAnnounceServer>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <localAnnouncePort>0</localAnnouncePort>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <stunKeepaliveStartS>0</stunKeepaliveStartS>
        <stunKeepaliveMinS>0</stunKeepaliveMinS>
        <stunServer>127.0.0.1:1</stunServer>
        <urAccepted>-1</urAccepted>
        <urSeen>3</urSeen>
        <urURL>http://127.0.0.1:1/</urURL>
        <crashReportingEnabled>false</crashReportingEnabled>
        <crashReportingURL>http://127.0.0.1:1/</crashReportingURL>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <releasesURL>http://127.0.0.1:1/</releasesURL>
        <startBrowser>false</startBrowser>
        <announceLANAddresses>false</announceLANAddresses>
        <setLowPriority>false</setLowPriority>
    </options>
</configuration>
"""


def _device_id(home: Path, env: dict[str, str]) -> str:
    out = subprocess.run(
        ["syncthing", "serve", f"--home={home}", "--device-id"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    return out.stdout.strip().splitlines()[-1]


@pytest.fixture
def two_syncthings(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    require_programs("syncthing")
    env = {
        **os.environ,
        "STNODEFAULTFOLDER": "1",
        "STNOUPGRADE": "1",
        "STNORESTART": "1",
        "HOME": str(tmp_path / "home"),
    }
    homes = [tmp_path / "st-a", tmp_path / "st-b"]
    folders = [tmp_path / "Sync-a", tmp_path / "Sync-b"]
    ids = []
    for home, folder in zip(homes, folders, strict=True):
        subprocess.run(
            ["syncthing", "generate", f"--home={home}", "--no-default-folder"],
            capture_output=True,
            env=env,
            timeout=60,
            check=True,
        )
        ids.append(_device_id(home, env))
        folder.mkdir()
        (folder / ".stfolder").mkdir()
    ports = [_free_port() for _ in range(4)]
    for i in range(2):
        (homes[i] / "config.xml").write_text(
            _config(
                ids[i],
                ports[i],
                ports[2 + i],
                secrets.token_hex(16),
                ids[1 - i],
                ports[1 - i],
                folders[i],
            )
        )
    procs = []
    try:
        for home in homes:
            log = open(home / "syncthing.log", "wb")  # noqa: SIM115 - closed with the process
            procs.append(
                (
                    subprocess.Popen(
                        [
                            "syncthing",
                            "serve",
                            f"--home={home}",
                            "--no-browser",
                            "--no-restart",
                            "--no-upgrade",
                            "--logflags=0",
                        ],
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        env=env,
                    ),
                    log,
                )
            )
        yield folders[0], folders[1]
    finally:
        for proc, log in procs:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
            log.close()


def _until(what: str, attempt: Callable[[], T | None], timeout: float = 120) -> T:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            result = attempt()
            if result is not None:
                return result
        except JournalError as exc:
            last = exc
        time.sleep(0.5)
    raise AssertionError(f"{what} did not happen within {timeout:.0f} s ({last})")


def test_two_computers_converge_through_syncthing(
    two_syncthings: tuple[Path, Path], tmp_path: Path, clock: Any, keychain: Any
) -> None:
    folder_a, folder_b = two_syncthings
    a = Journal.create(
        JournalPaths(tmp_path / "rapport-a"),
        TEST_PASSPHRASE,
        kdf=KdfParams.fresh(n=FAST_KDF_N),
        clock=clock,
        keychain=keychain,
    )
    b: Journal | None = None
    try:
        ada = a.add_person(Person(name="Ada"))
        lunch = a.add_entry(
            Entry(occurred_at=datetime(2026, 11, 20, 12), body="Lunch.", people=[ada.id])
        )
        engine.enable(a, folder_a)

        def joined() -> Journal | None:
            return engine.join(
                JournalPaths(tmp_path / "rapport-b"),
                folder_b,
                TEST_PASSPHRASE,
                keychain=keychain,
                clock=clock,
            )

        def join_when_ready() -> Journal | None:
            try:
                return joined()
            except JournalError:
                shutil.rmtree(tmp_path / "rapport-b", ignore_errors=True)
                raise

        b = _until("the second computer joining through Syncthing", join_when_ready)
        assert [p.name for p in b.people()] == ["Ada"]

        # Edits on both sides, one of them on the same entry's text.
        on_a = a.entry(lunch.id)
        on_a.body = "Lunch. She is moving to Lisbon."
        a.save_entry(on_a)
        on_b = b.entry(lunch.id)
        on_b.body = "Lunch. She starts at the lab in March."
        b.save_entry(on_b)
        a.add_person(Person(name="Bea"))
        b.add_entry(Entry(occurred_at=datetime(2026, 11, 21, 9), body="Call.", people=[ada.id]))
        assert b is not None
        second = b

        def converged() -> bool | None:
            engine.sync_now(a)
            engine.sync_now(second)
            same = normalised(a)["tables"] == normalised(second)["tables"]
            both = {p.name for p in a.people()} == {"Ada", "Bea"} and a.count_entries() == 2
            return True if same and both else None

        _until("both journals holding the same", converged)
        body = a.entry(lunch.id).body
        other = ({on_a.body, on_b.body} - {body}).pop()
        assert [k.value for k in history.kept_values(a) if k.column == "body"] == [other]
        assert [k.value for k in history.kept_values(second) if k.column == "body"] == [other]
    finally:
        a.close()
        if b is not None:
            b.close()
