"""What the Rapport bundle leaves out, and the pruning that makes leaving out stick.

PyInstaller's PySide6 hooks collect every plugin of each kind a used Qt module might
load, then every library those plugins link to. Rapport is a widgets app that never
touches the network, so most of that is dead weight: the GTK 3 platform theme alone
pulls in GTK, Cairo, Pango and ATK from the build machine. Removing a plugin from the
list does not remove the libraries it dragged in, so ``prune_orphans`` walks the link
graph from what is left and drops the libraries nothing needs any more.

Used by rapport.spec (the spec's TOC entries are ``(dest, src, typecode)`` tuples).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

TocEntry = tuple[str, str, str]

#: Python modules never used: other Qt modules (QML/Quick, WebEngine, 3D, multimedia,
#: designer...) and stdlib parts a desktop app does not need.
EXCLUDED_MODULES = [
    *(
        f"PySide6.{name}"
        for name in (
            "QtQml",
            "QtQuick",
            "QtQuickWidgets",
            "QtQuickControls2",
            "QtQuick3D",
            "QtQuickTest",
            "QtWebEngineCore",
            "QtWebEngineWidgets",
            "QtWebEngineQuick",
            "QtWebChannel",
            "QtWebSockets",
            "QtWebView",
            "QtHttpServer",
            "Qt3DCore",
            "Qt3DRender",
            "Qt3DInput",
            "Qt3DLogic",
            "Qt3DAnimation",
            "Qt3DExtras",
            "QtMultimedia",
            "QtMultimediaWidgets",
            "QtSpatialAudio",
            "QtTextToSpeech",
            "QtDesigner",
            "QtUiTools",
            "QtHelp",
            "QtTest",
            "QtSql",
            "QtPdf",
            "QtPdfWidgets",
            "QtBluetooth",
            "QtNfc",
            "QtPositioning",
            "QtLocation",
            "QtSensors",
            "QtSerialPort",
            "QtSerialBus",
            "QtRemoteObjects",
            "QtScxml",
            "QtStateMachine",
            "QtNetworkAuth",
            "QtGraphs",
            "QtDataVisualization",
            "QtCharts",
        )
    ),
    # pydoc stays: pyqtgraph imports it at start (parametertree.interactive).
    "tkinter",
    "_tkinter",
    "turtle",
    "pydoc_data",
    "doctest",
    "lib2to3",
    "idlelib",
    "ensurepip",
    "venv",
    "distutils",
    "setuptools",
    "pip",
]

#: Qt plugin folders dropped whole: embedded-display backends (eglfs, evdev input),
#: networking (we never connect), SQL drivers (SQLCipher is not Qt's), QML tooling.
DROPPED_PLUGIN_DIRS = {
    "egldeviceintegrations",
    "generic",
    "networkinformation",
    "tls",
    "sqldrivers",
    "qmltooling",
    "designer",
    "position",
    "geoservices",
    "texttospeech",
    "multimedia",
    "renderers",
    "sceneparsers",
    "assetimporters",
    "canbus",
    "sensors",
    "webview",
}

#: Individual plugins dropped, by folder: name patterns (regular expressions).
DROPPED_PLUGINS = {
    # Kept: xcb and wayland (desktops), offscreen (the self-check, CI), cocoa, windows.
    "platforms": r"eglfs|linuxfb|minimal|vnc|vkkhrdisplay|direct2d|webgl",
    # GTK 3 theme: ~20 MB of the build machine's GTK stack, which must not be mixed
    # with the user's own; the xdg-desktop-portal theme stays (native file dialogs).
    "platformthemes": r"gtk3",
    # Rapport shows PNG, JPEG, GIF, ICO and SVG; not TIFF, WebP, TGA, WBMP, ICNS, PDF.
    "imageformats": r"tiff|webp|tga|wbmp|icns|pdf",
    # Compositor-side and legacy Wayland shells; xdg-shell is what desktops speak.
    "wayland-shell-integration": r"fullscreen|ivi|wl-shell|qt-shell",
    "wayland-graphics-integration-client": r"-server",
}


def is_dropped(dest: str) -> bool:
    """True for the Qt files the bundle leaves out (``dest`` is a bundle-relative path)."""
    parts = dest.replace("\\", "/").split("/")
    if "translations" in parts and any(p.startswith("Qt") or p == "PySide6" for p in parts):
        # Qt's own UI strings: unused, Rapport installs no QTranslator (English only).
        return True
    if "plugins" not in parts:
        return False
    index = parts.index("plugins")
    if index + 2 >= len(parts):  # not a file inside a plugin folder
        return False
    kind = parts[index + 1]
    if kind in DROPPED_PLUGIN_DIRS:
        return True
    pattern = DROPPED_PLUGINS.get(kind)
    return bool(pattern and re.search(pattern, parts[-1]))


def drop(toc: Iterable[TocEntry]) -> list[TocEntry]:
    return [entry for entry in toc if not is_dropped(entry[0])]


def prune_orphans(
    binaries: list[TocEntry], imports_of: Callable[[str], Iterable[tuple[str, str | None]]]
) -> list[TocEntry]:
    """Drop shared libraries that nothing left in the bundle links to.

    Roots are what Python or Qt loads by itself: extension modules, Qt plugins, the
    Python library. Every other shared library stays only if a root needs it, directly
    or through another library. ``imports_of(path)`` gives a binary's link-time
    imports (PyInstaller's ``bindepend.get_imports``). Only used on Linux, where every
    dependency is a DT_NEEDED entry; macOS and Windows builds are not pruned.
    """

    def is_library(entry: TocEntry) -> bool:
        dest, _src, typecode = entry
        name = os.path.basename(dest)
        return (
            typecode == "BINARY"
            and name.startswith("lib")
            and ".so" in name
            and "/plugins/" not in dest.replace("\\", "/")
            and not name.startswith("libpython")
        )

    libraries = {os.path.basename(e[0]): e for e in binaries if is_library(e)}
    roots = [e for e in binaries if e[2] in ("BINARY", "EXTENSION") and not is_library(e)]
    needed: set[str] = set()
    queue = [e[1] for e in roots]
    seen: set[str] = set()
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        for name, resolved in imports_of(path):
            for candidate in {
                os.path.basename(name),
                os.path.basename(resolved or ""),
            } & libraries.keys():
                if candidate not in needed:
                    needed.add(candidate)
                    queue.append(libraries[candidate][1])
    return [e for e in binaries if not is_library(e) or os.path.basename(e[0]) in needed]


def drop_dangling_symlinks(toc: list[TocEntry], kept: Iterable[TocEntry]) -> list[TocEntry]:
    """Drop SYMLINK entries (PyInstaller links top-level names to PySide6/Qt/lib/...)
    whose target was left out."""
    dests = {e[0] for e in kept}
    return [e for e in toc if e[2] != "SYMLINK" or _symlink_target(e) in dests]


def _symlink_target(entry: TocEntry) -> str:
    dest, target, _ = entry
    return os.path.normpath(os.path.join(os.path.dirname(dest), target))


def report(before: list[TocEntry], after: list[TocEntry], out=sys.stderr) -> None:  # noqa: ANN001
    """One line on what was left out, by kind, with the bytes saved (before stripping)."""
    kept = {e[0] for e in after}
    removed = [e for e in before if e[0] not in kept]
    kinds: dict[str, int] = {}
    for dest, _src, _typecode in removed:
        path = dest.replace("\\", "/")
        kind = (
            "translations"
            if "/translations/" in path
            else "plugins"
            if "/plugins/" in path
            else "libraries"
        )
        kinds[kind] = kinds.get(kind, 0) + 1
    size = sum(
        os.path.getsize(src) for _d, src, t in removed if t != "SYMLINK" and os.path.isfile(src)
    )
    summary = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
    print(
        f"rapport.spec: left out {len(removed)} files ({size / 2**20:.1f} MiB): {summary}", file=out
    )


def is_wheel_vendored(path: Path) -> bool:
    """True for libraries a wheel vendors in its ``<name>.libs`` folder (numpy.libs).

    auditwheel rewrites those with patchelf, leaving program headers that ``strip``
    cannot carry over: a stripped libscipy_openblas then fails to load ("ELF load
    command address/offset not page-aligned") and numpy, so the Insights charts, with it.
    """
    return any(part.endswith(".libs") for part in path.parts[:-1])


def strip_bundle(folder: Path, strip: str | None = None) -> tuple[int, int]:
    """Strip debug symbols from the bundle's ELF files, wheel-vendored ones excepted.

    Used instead of PyInstaller's ``strip=True``, which strips every binary alike.
    Returns (files stripped, bytes saved); without a ``strip`` program it does nothing.
    """
    program = strip or shutil.which("strip")
    if program is None:
        return 0, 0
    count = saved = 0
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file() or is_wheel_vendored(path.relative_to(folder)):
            continue
        with path.open("rb") as handle:
            if handle.read(4) != b"\x7fELF":
                continue
        before = path.stat().st_size
        result = subprocess.run([program, "-S", str(path)], capture_output=True, check=False)
        if result.returncode == 0:
            count += 1
            saved += before - path.stat().st_size
    return count, saved
