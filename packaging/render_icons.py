"""Render Rapport's PNG icons from their SVG sources (run after editing an SVG).

    python packaging/render_icons.py          # rewrite every PNG
    python packaging/render_icons.py --check  # exit 1 if a committed PNG is out of date

Uses Qt's own SVG renderer (QtSvg ships in PySide6-Essentials), so no extra tool is
needed and the result is the same wherever the project builds. The PNGs are committed:
the running app loads PNGs only.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from journal import resources

#: Largest per-channel difference (0–255) between a fresh render and the committed PNG
#: still counted as the same picture (anti-aliasing may differ across Qt versions).
TOLERANCE = 24


def targets() -> Iterator[tuple[Path, Path, int]]:
    """Every PNG to produce: (svg source, png, size)."""
    for size in resources.APP_ICON_SIZES:
        small = size <= resources.SMALL_DRAWING_MAX
        yield resources.app_icon_svg(small=small), resources.app_icon_png(size), size
    for due in (False, True):
        for dark in (False, True):
            for size in resources.TRAY_ICON_SIZES:
                yield (
                    resources.tray_icon_svg(due=due, dark=dark),
                    resources.tray_icon_png(size, due=due, dark=dark),
                    size,
                )


def render(svg: Path, size: int):  # noqa: ANN201 - a QImage; Qt is imported lazily
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not an SVG Qt can draw; fix it and run this again")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def differs(fresh, png: Path) -> bool:  # noqa: ANN001
    """True if the committed ``png`` is missing or is not the ``fresh`` render."""
    from PySide6.QtGui import QImage

    committed = QImage(str(png))
    if committed.isNull() or committed.size() != fresh.size():
        return True
    committed = committed.convertToFormat(QImage.Format.Format_ARGB32)
    a = committed.constBits().tobytes()
    b = fresh.constBits().tobytes()
    return any(abs(x - y) > TOLERANCE for x, y in zip(a, b, strict=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="only report PNGs that do not match their SVG"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication([])
    stale = []
    for svg, png, size in targets():
        image = render(svg, size)
        if args.check:
            if differs(image, png):
                stale.append(png)
        elif not image.save(str(png), "PNG"):
            raise SystemExit(f"could not write {png}")
    for png in stale:
        print(f"out of date: {png.relative_to(resources.root())}")
    if stale:
        print("run: python packaging/render_icons.py", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
