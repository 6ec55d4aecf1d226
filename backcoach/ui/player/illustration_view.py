"""The step's illustration, on a light card so it reads on every phase colour.

SVG files are drawn with QtSvg (part of PySide6-Essentials) at any size, sharp;
other image files go through ``QPixmap``. A file that cannot be read leaves
the card hidden rather than showing a broken picture.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

CARD_COLOR = "#f7f7f2"


class IllustrationView(QWidget):
    """Draws one illustration file, kept in proportion and centred on a rounded card."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("illustration")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 80)
        self._path: Path | None = None
        self._svg: QSvgRenderer | None = None
        self._pixmap: QPixmap | None = None
        self._scaled: dict[tuple[int, int], QPixmap] = {}

    @property
    def path(self) -> Path | None:
        """Return the file shown now (None when there is none)."""
        return self._path

    def has_picture(self) -> bool:
        return self._svg is not None or self._pixmap is not None

    def set_path(self, path: Path | None) -> bool:
        """Show the picture at ``path``; return whether there is one to show."""
        if path == self._path:
            return self.has_picture()
        self._path, self._svg, self._pixmap = path, None, None
        self._scaled = {}
        if path is not None and path.suffix.lower() == ".svg":
            renderer = QSvgRenderer(str(path))
            if renderer.isValid():
                self._svg = renderer
        elif path is not None:
            pixmap = QPixmap(str(path))
            if not pixmap.isNull():
                self._pixmap = pixmap
        self.setAccessibleName(path.stem.replace("-", " ") if self.has_picture() and path else "")
        self.update()
        return self.has_picture()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        if not self.has_picture():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if self._svg is not None:
            size = self._svg.defaultSize()
            width, height = max(1, size.width()), max(1, size.height())
        else:
            assert self._pixmap is not None
            width, height = self._pixmap.width(), self._pixmap.height()
        area = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        padding = min(area.width(), area.height()) * 0.06
        scale = min((area.width() - 2 * padding) / width, (area.height() - 2 * padding) / height)
        target = QRectF(0, 0, width * scale, height * scale)
        target.moveCenter(area.center())
        card = target.adjusted(-padding, -padding, padding, padding)  # hugs the picture
        painter.setPen(QPen(Qt.PenStyle.NoPen))
        painter.setBrush(QBrush(QColor(CARD_COLOR)))
        painter.drawRoundedRect(card, padding, padding)
        painter.drawPixmap(target.topLeft(), self._picture_at(target.size().toSize()))
        painter.end()

    def _picture_at(self, size: QSize) -> QPixmap:
        """Return the picture scaled to ``size``, drawn once per size (SVG is slow to draw).

        A few sizes are kept: the picture is narrower while the breathing guide
        stands beside it, and switching back should not draw it again.
        """
        cached = self._scaled.get((size.width(), size.height()))
        if cached is not None:
            return cached
        ratio = self.devicePixelRatioF()
        picture = QPixmap(max(1, round(size.width() * ratio)), max(1, round(size.height() * ratio)))
        picture.setDevicePixelRatio(ratio)
        picture.fill(Qt.GlobalColor.transparent)
        painter = QPainter(picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        area = QRectF(0, 0, size.width(), size.height())
        if self._svg is not None:
            self._svg.render(painter, area)
        elif self._pixmap is not None:
            painter.drawPixmap(area, self._pixmap, QRectF(self._pixmap.rect()))
        painter.end()
        if len(self._scaled) >= 4:  # the sizes a layout switches between, not every resize
            self._scaled.clear()
        self._scaled[(size.width(), size.height())] = picture
        return picture
