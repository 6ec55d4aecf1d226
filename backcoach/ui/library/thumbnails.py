"""Small pictures for the library, rendered once per file and size and then reused.

The bundled routines share two dozen illustrations, so a library of 200
routines renders about that many thumbnails, not 200: the cache is keyed by
file (and its modification time), size and device pixel ratio. Files are read
with ``ui/app/pictures.load_picture`` (SVG through QtSvg, other images through
QPixmap); one that cannot be shown gives ``None`` and the caller draws its
placeholder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap

from backcoach.ui.app.pictures import CARD_COLOR, draw_picture, load_picture, natural_size

_cache: dict[tuple[Path, int, int, int, int], QPixmap | None] = {}


def thumbnail(path: Path | None, size: QSize, ratio: float = 1.0) -> QPixmap | None:
    """Return ``path`` drawn to fit ``size`` on the light card colour, or None if it can't be."""
    if path is None:
        return None
    try:
        changed = path.stat().st_mtime_ns  # a picture saved again is drawn again
    except OSError:
        changed = -1
    key = (path, size.width(), size.height(), round(ratio * 100), changed)
    if key not in _cache:
        _cache[key] = _render(path, size, ratio)
    return _cache[key]


def clear() -> None:
    """Forget every rendered thumbnail (for a benchmark's cold start, or after files change)."""
    _cache.clear()


def _render(path: Path, size: QSize, ratio: float) -> QPixmap | None:
    picture = load_picture(path)
    if isinstance(picture, str):
        return None
    pixmap = QPixmap(size * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(QColor(CARD_COLOR))
    fitted = natural_size(picture).scaled(size, Qt.AspectRatioMode.KeepAspectRatio)
    target = QRectF(
        (size.width() - fitted.width()) / 2,
        (size.height() - fitted.height()) / 2,
        fitted.width(),
        fitted.height(),
    )
    painter = QPainter(pixmap)
    draw_picture(painter, picture, target)
    painter.end()
    return pixmap
