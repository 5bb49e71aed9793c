"""Every text colour Rapport sets reads on its background (WCAG AA, 4.5:1), in light
and dark; secondary text on a desktop's own palette is made readable too."""

from __future__ import annotations

import pytest
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
