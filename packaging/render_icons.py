"""Render BackCoach's icon from its SVG source into the hicolor theme layout.

    .venv/bin/python packaging/render_icons.py          # write the PNGs
    .venv/bin/python packaging/render_icons.py --check  # exit 1 if a committed PNG is stale

Reads ``assets/icons/backcoach.svg`` (full colour) and
``assets/icons/backcoach-symbolic.svg`` (monochrome, for panels that want
one) and writes::

    assets/icons/hicolor/<N>x<N>/apps/io.github.backcoach.BackCoach.png   N in SIZES
    assets/icons/hicolor/scalable/apps/io.github.backcoach.BackCoach.svg
    assets/icons/hicolor/symbolic/apps/io.github.backcoach.BackCoach-symbolic.svg

Rendering goes through Qt's ``QSvgRenderer`` on a ``QImage`` with the
offscreen platform, so it needs no display. The PNGs are written without
time stamps or other metadata: the same SVG gives the same bytes with the
same Qt. ``--check`` allows another Qt version's anti-aliasing (each pixel
within 16 of 255 per channel) and fails on any real change.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

APP_ID = "io.github.backcoach.BackCoach"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "assets" / "icons"


def rendered_png(svg: Path, size: int) -> bytes:
    """Return ``svg`` drawn at ``size`` x ``size`` pixels as PNG bytes (transparent outside)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QGuiApplication._backcoach_keep = QGuiApplication([])  # type: ignore[attr-defined]
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: not an SVG Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG", 0)  # 0: smallest
    buffer.close()
    return bytes(data.data())


def looks_the_same(png_a: bytes, png_b: bytes, tolerance: int = 16) -> bool:
    """Return True if two PNGs have the same size and no pixel differs by more than ``tolerance``.

    Another Qt version may anti-alias an edge a little differently; that is not a stale icon.
    """
    from PySide6.QtGui import QImage

    a, b = QImage.fromData(png_a), QImage.fromData(png_b)
    if a.isNull() or b.isNull() or a.size() != b.size():
        return False
    a = a.convertToFormat(QImage.Format.Format_RGBA8888)
    b = b.convertToFormat(QImage.Format.Format_RGBA8888)
    bytes_a, bytes_b = bytes(a.constBits()), bytes(b.constBits())
    return max(abs(x - y) for x, y in zip(bytes_a, bytes_b, strict=True)) <= tolerance


def wanted_files(icons: Path = ICONS) -> dict[Path, bytes]:
    """Return every file of the hicolor tree under ``icons`` with the bytes it should hold."""
    colour = icons / "backcoach.svg"
    symbolic = icons / "backcoach-symbolic.svg"
    hicolor = icons / "hicolor"
    files = {
        hicolor / f"{n}x{n}" / "apps" / f"{APP_ID}.png": rendered_png(colour, n) for n in SIZES
    }
    files[hicolor / "scalable" / "apps" / f"{APP_ID}.svg"] = colour.read_bytes()
    files[hicolor / "symbolic" / "apps" / f"{APP_ID}-symbolic.svg"] = symbolic.read_bytes()
    return files


def main(argv: list[str] | None = None) -> int:
    """Write the icon files (or, with ``--check``, list the stale ones); return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare, write nothing")
    args = parser.parse_args(argv)
    stale = []
    for path, data in wanted_files().items():
        old = path.read_bytes() if path.is_file() else None
        if old is not None and (old == data or looks_the_same(old, data)):
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    for path in stale:
        verb = "stale" if args.check else "wrote"
        print(f"{verb}: {path.relative_to(ROOT)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
