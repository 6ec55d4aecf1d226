"""The step's illustration, on a light card so it reads on every phase colour.

SVG files are drawn with QtSvg (part of PySide6-Essentials) at any size, sharp;
other image files go through ``QPixmap``. The picture can be drawn mirrored, for
the right side of a two-sided exercise. A file that is missing or cannot be read
shows a neutral outline figure and a one-line notice naming the file instead,
never an empty card.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

from backcoach.ui.app.pictures import CARD_COLOR, draw_picture, load_picture, natural_size

K = TypeVar("K")
V = TypeVar("V")

PLACEHOLDER_COLOR = "#5b636b"
"""The outline figure and notice shown when a picture cannot be read."""
KEPT_PICTURES = 8
"""Pictures kept read (a routine's few exercises, repeated by a circuit's rounds)."""
KEPT_DRAWINGS = 6
"""Pictures kept drawn, each at one size: about 1.8 MB each at full screen."""
PREPARE_AFTER_MS = 400
"""How long after a step starts the next step's picture is drawn ahead (its cues come first)."""


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
        self._notice = ""
        self._mirrored = False
        self._loaded: OrderedDict[Path, QSvgRenderer | QPixmap | str] = OrderedDict()
        """Pictures read lately, by file (a circuit's rounds show them again)."""
        self._scaled: OrderedDict[tuple[Path | None, int, int], QPixmap] = OrderedDict()
        """Pictures drawn lately, by file and size (SVG is slow to draw)."""
        self._prepare_timer = QTimer(self)
        self._prepare_timer.setSingleShot(True)
        self._prepare_timer.setInterval(PREPARE_AFTER_MS)
        self._prepare_timer.timeout.connect(self._prepare_now)
        self._to_prepare: Path | None = None

    @property
    def path(self) -> Path | None:
        """Return the file shown now (None when there is none)."""
        return self._path

    @property
    def notice(self) -> str:
        """Return the one-line notice shown in place of a picture ("" when it loaded)."""
        return self._notice

    @property
    def mirrored(self) -> bool:
        """Return whether the picture is drawn mirrored (the right side of an exercise)."""
        return self._mirrored

    def has_picture(self) -> bool:
        return self._svg is not None or self._pixmap is not None

    def set_path(self, path: Path | None, mirrored: bool = False) -> bool:
        """Show the picture at ``path``, mirrored if asked; return whether there is a card.

        A file that cannot be shown still gives a card: the placeholder and its notice.
        """
        if mirrored != self._mirrored:
            self._mirrored = mirrored
            self.update()
        if path == self._path:
            return path is not None
        self._path, self._svg, self._pixmap, self._notice = path, None, None, ""
        picture = self._load(path) if path is not None else ""
        if isinstance(picture, QSvgRenderer):
            self._svg = picture
        elif isinstance(picture, QPixmap):
            self._pixmap = picture
        else:
            self._notice = picture
        self.setAccessibleName(path.stem.replace("-", " ") if path is not None else "")
        self.setAccessibleDescription(self._notice)
        self.update()
        return path is not None

    def prepare(self, path: Path | None) -> None:
        """Read and draw ``path`` a moment from now, at today's size: the next step's picture.

        When its step comes, the picture is ready, instead of being read and
        drawn while the whole page repaints for the new step.
        """
        self._to_prepare = path
        if path is not None and path != self._path:
            self._prepare_timer.start()

    def _prepare_now(self) -> None:
        path = self._to_prepare
        if path is None or path == self._path or not self.isVisible():
            return
        picture = self._load(path)
        if isinstance(picture, (QSvgRenderer, QPixmap)):
            size = self._target(natural_size(picture)).size().toSize()
            self._drawn(path, picture, size)

    def _load(self, path: Path) -> QSvgRenderer | QPixmap | str:
        """Return the picture at ``path``, read once while it is among the last few used."""
        return _kept(self._loaded, path, lambda: load_picture(path), KEPT_PICTURES)

    def _padding(self) -> float:
        return min(self.width() - 4, self.height() - 4) * 0.06

    def picture_rect(self) -> QRectF:
        """Return where the picture (or the placeholder) is drawn: in proportion, centred."""
        picture = self._svg if self._svg is not None else self._pixmap
        return self._target(natural_size(picture) if picture is not None else QSize(200, 120))

    def _target(self, natural: QSize) -> QRectF:
        """Return where a picture of ``natural`` size is drawn (the placeholder: 200 × 120)."""
        width, height = max(1, natural.width()), max(1, natural.height())
        area = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        padding = self._padding()
        scale = min((area.width() - 2 * padding) / width, (area.height() - 2 * padding) / height)
        target = QRectF(0, 0, max(0.0, width * scale), max(0.0, height * scale))
        target.moveCenter(area.center())
        return target

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if self._path is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        target = self.picture_rect()
        padding = self._padding()
        card = target.adjusted(-padding, -padding, padding, padding)  # hugs the picture
        painter.setPen(QPen(Qt.PenStyle.NoPen))
        painter.setBrush(QBrush(QColor(CARD_COLOR)))
        painter.drawRoundedRect(card, padding, padding)
        if not self.has_picture():
            self._paint_placeholder(painter, target)
        else:
            if self._mirrored:  # flip around the picture's vertical centre line
                painter.translate(target.center().x() * 2, 0)
                painter.scale(-1, 1)
            painter.drawPixmap(target.topLeft(), self._picture_at(target.size().toSize()))
        painter.end()

    def _paint_placeholder(self, painter: QPainter, target: QRectF) -> None:
        """Draw a plain outline figure and the notice below it, inside ``target``."""
        color = QColor(PLACEHOLDER_COLOR)
        unit = target.height() / 120  # the bundled pictures' 200 × 120 grid
        pen = QPen(color, max(1.5, 4 * unit))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)

        def at(x: float, y: float) -> QPointF:
            return QPointF(target.left() + x * unit, target.top() + y * unit)

        painter.drawEllipse(at(100, 16), 8 * unit, 8 * unit)
        for (x1, y1), (x2, y2) in (
            ((100, 25), (100, 56)),  # body
            ((100, 32), (84, 50)),  # arms
            ((100, 32), (116, 50)),
            ((100, 56), (88, 80)),  # legs
            ((100, 56), (112, 80)),
        ):
            painter.drawLine(at(x1, y1), at(x2, y2))
        font = QFont(painter.font())
        font.setPixelSize(max(10, round(10 * unit)))
        painter.setFont(font)
        painter.setPen(QPen(color))
        text_box = QRectF(target.left(), target.top() + 88 * unit, target.width(), 24 * unit)
        text = QFontMetricsF(font).elidedText(
            self._notice, Qt.TextElideMode.ElideMiddle, text_box.width()
        )
        painter.drawText(text_box, Qt.AlignmentFlag.AlignCenter, text)

    def _picture_at(self, size: QSize) -> QPixmap:
        """Return the picture shown now, scaled to ``size``."""
        picture = self._svg if self._svg is not None else self._pixmap
        assert picture is not None
        return self._drawn(self._path, picture, size)

    def _drawn(self, path: Path | None, picture: QSvgRenderer | QPixmap, size: QSize) -> QPixmap:
        """Return ``picture`` drawn at ``size``, once per file and size among the last few.

        A few are kept: the picture is narrower while the breathing guide stands
        beside it, a circuit's rounds show the same pictures again, and the next
        step's picture is drawn ahead (``prepare``).
        """
        key = (path, size.width(), size.height())
        ratio = self.devicePixelRatioF()
        return _kept(self._scaled, key, lambda: _render(picture, size, ratio), KEPT_DRAWINGS)


def _kept(cache: OrderedDict[K, V], key: K, make: Callable[[], V], keep: int) -> V:
    """Return ``cache[key]``, made by ``make()`` if missing; keep the ``keep`` last used."""
    value = cache.pop(key, None)
    if value is None:
        value = make()
    cache[key] = value
    while len(cache) > keep:
        cache.popitem(last=False)
    return value


def _render(picture: QSvgRenderer | QPixmap, size: QSize, ratio: float) -> QPixmap:
    """Draw ``picture`` into a new transparent pixmap of ``size`` (device ``ratio``)."""
    drawn = QPixmap(max(1, round(size.width() * ratio)), max(1, round(size.height() * ratio)))
    drawn.setDevicePixelRatio(ratio)
    drawn.fill(Qt.GlobalColor.transparent)
    painter = QPainter(drawn)
    draw_picture(painter, picture, QRectF(0, 0, size.width(), size.height()))
    painter.end()
    return drawn
