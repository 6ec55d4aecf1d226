"""Draw every bundled illustration on one contact sheet, to look them over side by side.

Usage (from the repository root)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/illustration_sheet.py [OUT_PNG]

Each picture is drawn with QtSvg, as the player draws it, on the player's card colour
and named below. Default output: docs/screenshots/illustrations.png.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

REPO = Path(__file__).resolve().parent.parent
FOLDER = REPO / "assets" / "illustrations"
CELL = (300, 200)
"""One picture with its name below it, in pixels."""
COLUMNS = 5


def draw_sheet(files: list[Path]) -> QImage:
    """Return a sheet with ``files`` in a grid, each named below its picture."""
    width, height = CELL
    rows = (len(files) + COLUMNS - 1) // COLUMNS
    sheet = QImage(COLUMNS * width, rows * height, QImage.Format.Format_RGB32)
    sheet.fill(QColor("#f7f7f2"))
    painter = QPainter(sheet)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setPixelSize(16)
    painter.setFont(font)
    for index, path in enumerate(files):
        left, top = (index % COLUMNS) * width, (index // COLUMNS) * height
        QSvgRenderer(str(path)).render(painter, QRectF(left + 10, top + 8, width - 20, 168))
        painter.setPen(QColor("#222222"))
        painter.drawText(
            QRectF(left, top + 174, width, 24), Qt.AlignmentFlag.AlignCenter, path.stem
        )
    painter.end()
    return sheet


def main() -> int:
    """Write the contact sheet; return the exit code."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs/screenshots/illustrations.png"
    _app = QApplication.instance() or QApplication(sys.argv)
    files = sorted(FOLDER.glob("*.svg"))
    if not files or not draw_sheet(files).save(str(out)):
        print(f"could not write {out}", file=sys.stderr)
        return 1
    print(f"wrote {out} ({len(files)} pictures)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
