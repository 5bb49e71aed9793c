"""A private D-Bus session bus, and a real gnome-keyring Secret Service on it.

The tests' process keeps its own environment; the fixture points
DBUS_SESSION_BUS_ADDRESS at the private bus only for the test's duration.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path


@contextmanager
def private_session_bus() -> Iterator[str]:
    proc = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        address = proc.stdout.readline().strip()
        if not address:
            raise RuntimeError("dbus-daemon printed no address")
        yield address
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@contextmanager
def gnome_keyring(address: str, password: str = "login-password") -> Iterator[dict[str, str]]:
    """Start gnome-keyring-daemon (secrets only), unlocked, on the given bus.

    Yields the environment (HOME, XDG dirs, bus address) a process needs to use it.
    """
    home = Path(tempfile.mkdtemp(prefix="rapport-keyring-home-"))
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_RUNTIME_DIR": str(home / "run"),
        "DBUS_SESSION_BUS_ADDRESS": address,
    }
    (home / "run").mkdir(mode=0o700)
    proc = subprocess.run(
        ["gnome-keyring-daemon", "--unlock", "--components=secrets", "--daemonize"],
        input=password,
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
        check=True,
    )
    pid = None
    for line in proc.stdout.splitlines():
        if line.startswith("GNOME_KEYRING_PID="):
            pid = int(line.split("=", 1)[1])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # wait until the Secret Service name is owned
        probe = subprocess.run(
            [
                "dbus-send",
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                "string:org.freedesktop.secrets",
            ],
            capture_output=True,
            text=True,
            env=env,
        )
        if "true" in probe.stdout:
            break
        time.sleep(0.1)
    try:
        yield env
    finally:
        if pid:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
