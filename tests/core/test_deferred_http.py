"""keyring loads without Python's HTTP client (``journal.core.deferred_http``), and
``urllib.request`` still works, unchanged, for any code that reads from it. Each case is
a fresh process: this test process loaded urllib.request long ago."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_keyring_loads_without_the_http_client_which_still_works_when_used():
    result = _run(
        """
import json, sys
from journal.core.keychain import Keychain
Keychain().backend_name()  # imports keyring, asks for its backend
before = sorted(m for m in ("http.client", "ssl", "urllib.request") if m in sys.modules
                and type(sys.modules[m]).__name__ == "module")
import urllib.request
from urllib.request import pathname2url
import jaraco.context  # keyring's dependency that imports it
print(json.dumps({
    "loaded_before_use": before,
    "url": pathname2url("/a b"),
    "real": type(sys.modules["urllib.request"]).__name__,
    "same_everywhere": jaraco.context.urllib.request is sys.modules["urllib.request"]
        is urllib.request,
    "opener": callable(urllib.request.urlopen),
}))
"""
    )
    assert result == {
        "loaded_before_use": [],
        "url": "/a%20b",
        "real": "module",
        "same_everywhere": True,
        "opener": True,
    }


def test_threads_reading_it_at_once_all_get_the_real_module():
    result = _run(
        """
import json, sys, threading
from journal.core.deferred_http import defer_urllib_request
defer_urllib_request()
import urllib.request
start = threading.Barrier(8)
got = []
def read():
    start.wait()
    got.append(urllib.request.Request.__module__)
threads = [threading.Thread(target=read) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps({"got": got, "loaded": type(sys.modules["urllib.request"]).__name__}))
"""
    )
    assert result == {"got": ["urllib.request"] * 8, "loaded": "module"}


def test_an_http_client_already_loaded_is_left_as_it_is():
    result = _run(
        """
import json, sys
import urllib.request
real = sys.modules["urllib.request"]
from journal.core.deferred_http import defer_urllib_request
defer_urllib_request()
print(json.dumps({"same": sys.modules["urllib.request"] is real}))
"""
    )
    assert result == {"same": True}
