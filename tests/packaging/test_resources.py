"""The icons: one loader finds them, every size is there and crisp, the PNGs are what
the SVGs draw, and the tray glyphs stand out on the panel they are made for."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QImage, QPalette

from journal import resources

ROOT = Path(__file__).resolve().parents[2]
LIGHT_PANEL = QColor("#f6f5f4")
DARK_PANEL = QColor("#2b2b2b")
BADGE_ORANGE = QColor("#f25c2a")


def _render_icons_module():
    spec = importlib.util.spec_from_file_location(
        "render_icons", ROOT / "packaging" / "render_icons.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _opaque_pixels(image: QImage) -> list[QColor]:
    return [
        c
        for y in range(image.height())
        for x in range(image.width())
        if (c := image.pixelColor(x, y)).alpha() > 200
    ]


def _luminance(color: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def _contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _is_badge(color: QColor) -> bool:
    return color.red() > 200 and 60 < color.green() < 130 and color.blue() < 80


@pytest.mark.parametrize("size", resources.APP_ICON_SIZES)
def test_app_icon_png_exists_at_its_exact_size(size):
    image = QImage(str(resources.app_icon_png(size)))
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()  # rounded corners, not a square on a white box


@pytest.mark.parametrize("size", resources.TRAY_ICON_SIZES)
@pytest.mark.parametrize("due", [False, True])
@pytest.mark.parametrize("dark", [False, True])
def test_tray_png_exists_at_its_exact_size(size, due, dark):
    image = QImage(str(resources.tray_icon_png(size, due=due, dark=dark)))
    assert (image.width(), image.height()) == (size, size)


def test_committed_pngs_are_what_the_svgs_draw():
    """Editing an SVG without re-rendering would ship an old icon at some sizes."""
    render_icons = _render_icons_module()
    stale = [
        png.name
        for svg, png, size in render_icons.targets()
        if render_icons.differs(render_icons.render(svg, size), png)
    ]
    assert stale == [], "run: python packaging/render_icons.py"


def test_small_sizes_come_from_the_drawing_made_for_them():
    render_icons = _render_icons_module()
    sources = {
        size: svg.name for svg, _png, size in render_icons.targets() if svg.parent.name == "app"
    }
    assert sources[16] == sources[24] == f"{resources.app_icon_svg(small=True).name}"
    assert sources[32] == sources[512] == resources.app_icon_svg().name


def test_app_icon_offers_every_size(qapp):
    icon = resources.app_icon()
    assert sorted(s.width() for s in icon.availableSizes()) == sorted(resources.APP_ICON_SIZES)
    pixmap = icon.pixmap(QSize(48, 48))
    assert not pixmap.isNull() and pixmap.width() == 48


def _share_reaching_contrast(dark: bool, panel: QColor) -> float:
    """Of the glyph's solid pixels, the share that stands out 3:1 (WCAG for graphics)."""
    image = resources.tray_icon(due=False, dark=dark).pixmap(QSize(22, 22)).toImage()
    pixels = _opaque_pixels(image)
    assert len(pixels) > 22 * 22 * 0.15, "the glyph should fill a good part of the icon"
    return sum(_contrast(c, panel) >= 3.0 for c in pixels) / len(pixels)


@pytest.mark.parametrize("dark, panel", [(True, DARK_PANEL), (False, LIGHT_PANEL)])
def test_tray_glyph_stands_out_on_its_panel(qapp, dark, panel):
    assert _share_reaching_contrast(dark, panel) > 0.8


@pytest.mark.parametrize("dark, panel", [(True, LIGHT_PANEL), (False, DARK_PANEL)])
def test_the_other_variant_would_vanish_so_the_choice_matters(qapp, dark, panel):
    assert _share_reaching_contrast(dark, panel) < 0.2


@pytest.mark.parametrize("dark", [False, True])
def test_due_variant_has_the_badge_and_plain_has_none(qapp, dark):
    def badge_pixels(due: bool) -> list[QColor]:
        image = resources.tray_icon(due=due, dark=dark).pixmap(QSize(32, 32)).toImage()
        corner = image.copy(16, 0, 16, 16)  # the badge sits top right
        return [c for c in _opaque_pixels(corner) if _is_badge(c)]

    assert len(badge_pixels(True)) > 20
    assert badge_pixels(False) == []


def test_badge_stands_out_on_both_panels():
    assert _contrast(BADGE_ORANGE, LIGHT_PANEL) >= 2.5
    assert _contrast(BADGE_ORANGE, DARK_PANEL) >= 3.0


@pytest.mark.parametrize("window, expected", [("#202020", True), ("#efefef", False)])
def test_panel_is_dark_follows_the_palette(qapp, window, expected):
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(window))
    assert resources.panel_is_dark(palette) is expected


def test_qt_finds_icons_by_the_rapport_prefix(qapp):
    resources.register_qt_search_path()
    assert not QIcon("rapport:icons/app/rapport-32.png").pixmap(QSize(32, 32)).isNull()


def test_asking_for_a_size_that_does_not_exist_says_which_do():
    with pytest.raises(ValueError, match="sizes are 16, 22, 24"):
        resources.app_icon_png(20)
    with pytest.raises(ValueError, match="tray icon"):
        resources.tray_icon_png(512, due=False, dark=False)


@pytest.mark.slow
def test_icons_ship_in_the_wheel(tmp_path):
    """A user who runs `pip install .` (no checkout on the path) still gets the icons."""
    # Build from a clean copy: a checkout's stale *.egg-info/SOURCES.txt would add the
    # icons to the wheel even if pyproject.toml forgot them.
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            "*.egg-info", "build", "dist", ".git", ".venv", "venv", "__pycache__", ".*_cache"
        ),
    )
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    target = tmp_path / "site"
    wheel = next(wheels.glob("rapport_journal-*.whl"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    probe = (
        "import journal.resources as r, sys; "
        "paths = [r.app_icon_png(s) for s in r.APP_ICON_SIZES] + [r.app_icon_svg(), "
        "r.tray_icon_png(22, due=True, dark=True)]; "
        "assert all(p.is_file() for p in paths), [p for p in paths if not p.is_file()]; "
        "print(r.root())"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).is_relative_to(target)
