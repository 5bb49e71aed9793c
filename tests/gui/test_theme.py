"""Every text colour Rapport sets reads on its background (WCAG AA, 4.5:1), in light
and dark; secondary text on a desktop's own palette is made readable too."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette

from journal.gui import icons, theme


@pytest.mark.parametrize("make", [theme.light_palette, theme.dark_palette], ids=["light", "dark"])
def test_palette_text_meets_wcag_aa(qapp, make):
    palette = theme.ensure_readable(make())
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        for text, background in theme.TEXT_PAIRS:
            ratio = theme.contrast_ratio(
                palette.color(group, text), palette.color(group, background)
            )
            assert ratio >= theme.AA_TEXT, f"{text.name} on {background.name}: {ratio:.2f}"
    for colour in (theme.error_color(palette), theme.success_color(palette)):
        for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
            assert theme.contrast_ratio(colour, palette.color(role)) >= theme.AA_TEXT
    back, text = theme.banner_colors(palette)
    assert theme.contrast_ratio(text, back) >= 7


def test_contrast_ratio_matches_wcag_examples():
    assert theme.contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21)
    assert theme.contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(
        4.48, abs=0.01
    )


def test_a_desktops_faint_secondary_text_is_made_readable(qapp):
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#efefef"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#a0a0a0"))  # 2.6:1
    fixed = theme.ensure_readable(palette).color(QPalette.ColorRole.PlaceholderText)
    assert theme.contrast_ratio(fixed, QColor("#efefef")) >= theme.AA_TEXT
    assert fixed.lightness() > 40, "still secondary grey, not black"


def test_every_icon_has_a_bundled_drawing(qapp):
    for name in icons.THEME_NAMES:
        icon = icons.bundled(name)
        assert not icon.isNull()
        image = icon.pixmap(24, 24).toImage()
        assert any(image.pixelColor(x, y).alpha() for x in range(24) for y in range(24))


def _ink(image) -> set[str]:
    """The opaque colours of a drawing (its lines, without antialiased edges)."""
    return {
        image.pixelColor(x, y).name()
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() == 255
    }


def test_bundled_icons_are_drawn_in_the_palettes_colour_for_each_mode(qapp):
    from PySide6.QtGui import QIcon

    palette = qapp.palette()
    icon = icons.bundled("people")
    text = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText).name()
    on_highlight = palette.color(
        QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText
    ).name()
    assert _ink(icon.pixmap(32, 32, QIcon.Mode.Normal).toImage()) == {text}
    assert _ink(icon.pixmap(32, 32, QIcon.Mode.Selected).toImage()) == {on_highlight}


def test_bundled_icons_are_sharp_on_a_high_dpi_screen(qapp):
    """At 2x a 20 px icon is drawn with 40 device pixels, not a 20 px one blown up."""
    from PySide6.QtCore import QSize

    pixmap = icons.bundled("lock").pixmap(QSize(20, 20), 2.0)
    assert (pixmap.width(), pixmap.height(), pixmap.devicePixelRatio()) == (40, 40, 2.0)
    sharp = icons.bundled("lock").pixmap(QSize(40, 40), 1.0).toImage()
    assert pixmap.toImage().convertToFormat(sharp.format()) == sharp


def test_the_forward_arrow_is_the_back_arrow_turned_round(qapp):
    back = icons.bundled("back").pixmap(24, 24).toImage()
    forward = icons.bundled("back", mirrored=True).pixmap(24, 24).toImage()
    turned = back.flipped(Qt.Orientation.Horizontal)
    alpha = lambda image, x, y: image.pixelColor(x, y).alpha()  # noqa: E731
    assert any(alpha(forward, x, y) != alpha(back, x, y) for x in range(24) for y in range(24))
    # The same lines (antialiased edges may differ by a shade: drawn, not copied).
    assert all(
        abs(alpha(forward, x, y) - alpha(turned, x, y)) <= 16 for x in range(24) for y in range(24)
    )
