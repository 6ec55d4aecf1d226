"""Reading a step's picture file, for every page that shows one (player, library).

SVG files are read with QtSvg (part of PySide6-Essentials) and drawn at any
size, sharp; other image files go through ``QPixmap``. A file that is missing
or cannot be read gives a one-line notice naming the file instead.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSize
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from backcoach.i18n import _

CARD_COLOR = "#f7f7f2"
"""The light card a picture is drawn on, so it reads on every background."""


def load_picture(path: Path) -> QSvgRenderer | QPixmap | str:
    """Return the picture at ``path`` ready to draw, or a one-line notice why not."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return _("Picture not found: {file}").format(file=path.name)
    except OSError:
        return _("Picture could not be read: {file}").format(file=path.name)
    if path.suffix.lower() == ".svg":
        renderer = QSvgRenderer(QByteArray(data))
        if renderer.isValid() and not renderer.defaultSize().isEmpty():
            return renderer
    else:
        pixmap = QPixmap()
        if pixmap.loadFromData(data) and not pixmap.isNull():
            return pixmap
    return _("Picture could not be read: {file}").format(file=path.name)


def natural_size(picture: QSvgRenderer | QPixmap) -> QSize:
    """Return a picture's own size (an SVG's default size)."""
    return picture.defaultSize() if isinstance(picture, QSvgRenderer) else picture.size()


def draw_picture(painter: QPainter, picture: QSvgRenderer | QPixmap, target: QRectF) -> None:
    """Draw ``picture`` into ``target`` on ``painter``, smoothly (SVG sharp at any size)."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    if isinstance(picture, QSvgRenderer):
        picture.render(painter, target)
    else:
        painter.drawPixmap(target, picture, QRectF(picture.rect()))
