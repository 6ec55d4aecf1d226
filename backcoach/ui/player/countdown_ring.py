"""The big countdown: very large digits inside a ring that fills as the segment passes.

Everything scales with the widget: the digits take most of the ring's
inside, so on a laptop screen they stay readable from a mat three metres away.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from backcoach.i18n import _

DIGITS_SHARE = 0.62
"""The digits' font size as a share of the ring's inside diameter (two digits fill it)."""
DIGITS_WIDTH = 0.84
"""The widest the big text may be, as a share of the inside diameter (clear of the ring)."""


class CountdownRing(QWidget):
    """A progress ring with a big text (seconds left, a rep number) and a small caption."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("countdownRing")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)
        self.setAccessibleName(_("Countdown"))
        self._text = ""
        self._caption = ""
        self._fraction = 0.0
        self._color = QColor("#ffffff")
        self._face_picture: QPixmap | None = None
        self._face_key: tuple[object, ...] | None = None
        self._digits_rect = QRectF()
        self._glyphs: dict[tuple[object, ...], QPixmap] = {}
        self._warm_queue: list[tuple[str, QFont]] = []
        self._warm_timer = QTimer(self)
        self._warm_timer.setInterval(25)
        self._warm_timer.timeout.connect(self._warm_one)

    @property
    def text(self) -> str:
        """Return the big text shown now."""
        return self._text

    @property
    def caption(self) -> str:
        return self._caption

    @property
    def fraction(self) -> float:
        return self._fraction

    def set_state(self, text: str, caption: str, fraction: float) -> None:
        """Show ``text`` large, ``caption`` small below it, and the ring ``fraction`` full."""
        fraction = min(1.0, max(0.0, fraction))
        same_text = (text, caption) == (self._text, self._caption)
        if same_text and abs(fraction - self._fraction) < 1e-3:
            return
        before, self._fraction = self._fraction, fraction
        if same_text:
            # Only the arc moved: repaint the few degrees between, not the whole ring (at full
            # screen the ring is a million pixels, pushed to the display ten times a second).
            self.update(self._arc_rect(before, fraction))
            return
        self._text, self._caption = text, caption
        self.update()  # the accessible name stays: screen readers hear ``PlayerAnnouncer``

    def _arc_rect(self, one: float, other: float) -> QRect:
        """Return the area the arc covers between two fractions (with its stroke and caps)."""
        rect = self.ring_rect()
        radius = rect.width() / 2
        centre = rect.center()
        start, end = sorted((one, other))
        steps = max(1, math.ceil((end - start) * 72))  # a point every 5 degrees or closer
        xs, ys = [], []
        for step in range(steps + 1):
            angle = 2 * math.pi * (start + (end - start) * step / steps)
            xs.append(centre.x() + radius * math.sin(angle))  # clockwise from 12 o'clock
            ys.append(centre.y() - radius * math.cos(angle))
        margin = rect.width() * 0.06 / 2 + 2  # half the stroke, the round cap, antialiasing
        area = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
        return area.adjusted(-margin, -margin, margin, margin).toAlignedRect()

    def set_color(self, color: str) -> None:
        """Draw ring and digits in ``color`` (the phase's text colour)."""
        self._color = QColor(color)
        self.update()

    def digits_rect(self) -> QRectF:
        """Return where the big text's ink is, in the widget (drawn at the last paint)."""
        self._face()
        return QRectF(self._digits_rect)

    def ring_rect(self) -> QRectF:
        """Return the square the ring is drawn in (centred, with room for the stroke)."""
        side = min(self.width(), self.height())
        stroke = side * 0.06
        size = side - stroke
        return QRectF((self.width() - size) / 2, (self.height() - size) / 2, size, size)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._face())
        if self._fraction > 0:
            rect = self.ring_rect()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            pen = QPen(self._color, rect.width() * 0.06)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            # Qt angles are 1/16 degree, counter-clockwise from 3 o'clock: start at 12, go clockwise
            painter.drawArc(rect, 90 * 16, -round(self._fraction * 360 * 16))
        painter.end()

    def _face(self) -> QPixmap:
        """Return the ring's track, digits and caption, drawn once and reused.

        Only the arc changes ten times a second. The face changes with the
        text (about once a second), and even then the large glyphs, which are
        too big for Qt's glyph cache and cost milliseconds each, come from
        ``_glyph``, drawn once per character, size and colour.
        """
        ratio = self.devicePixelRatioF()
        key = (self._text, self._caption, self.width(), self.height(), self._color.rgba(), ratio)
        if self._face_key == key and self._face_picture is not None:
            return self._face_picture
        picture = QPixmap(max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio)))
        picture.setDevicePixelRatio(ratio)
        picture.fill(Qt.GlobalColor.transparent)
        painter = QPainter(picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.ring_rect()
        stroke = rect.width() * 0.06
        track = QColor(self._color)
        track.setAlphaF(0.25)
        painter.setPen(QPen(track, stroke))
        painter.drawEllipse(rect)
        inner = rect.width() - 2 * stroke
        font = self._digits_font(inner, self._text)
        metrics = QFontMetricsF(font)
        width = width_of(metrics, self._text)
        caption_font = QFont(self.font())
        caption_font.setPixelSize(max(8, round(inner * 0.085)))
        caption_metrics = QFontMetricsF(caption_font)
        baseline = rect.center().y() + metrics.capHeight() / 2
        if self._caption:
            baseline -= caption_metrics.height() * 0.5
        left = rect.center().x() - width / 2
        painter.drawPixmap(
            QPointF(left, baseline - metrics.ascent()),
            self._text_picture(font, metrics, width, ratio),
        )
        ink = metrics.tightBoundingRect(self._text) if self._text else QRectF()
        self._digits_rect = ink.translated(left, baseline)
        if self._caption:
            painter.setPen(QPen(self._color))
            painter.setFont(caption_font)
            top = baseline + caption_metrics.height() * 0.35
            painter.drawText(
                QRectF(rect.left(), top, rect.width(), caption_metrics.height() * 1.2),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                self._caption,
            )
        painter.end()
        self._face_picture, self._face_key = picture, key
        return picture

    def _text_picture(
        self, font: QFont, metrics: QFontMetricsF, width: float, ratio: float
    ) -> QPixmap:
        """Return the big text in the current colour, put together from cached glyphs."""
        layer = QPixmap(
            max(1, round((width + metrics.height() * 0.1) * ratio)),
            max(1, round(metrics.height() * ratio)),
        )
        layer.setDevicePixelRatio(ratio)
        layer.fill(Qt.GlobalColor.transparent)
        painter = QPainter(layer)
        x = 0.0
        for char in self._text:
            painter.drawPixmap(QPointF(x, 0), self._glyph(char, font, metrics, ratio))
            x += metrics.horizontalAdvance(char)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(layer.rect(), self._color)  # the glyphs are masks: colour them
        painter.end()
        return layer

    def _glyph(self, char: str, font: QFont, metrics: QFontMetricsF, ratio: float) -> QPixmap:
        """Return one character as an opaque-on-transparent mask, drawn once per size."""
        key = (char, font.pixelSize(), ratio)
        glyph = self._glyphs.get(key)
        if glyph is None:
            width = max(1.0, metrics.horizontalAdvance(char)) + metrics.height() * 0.1
            glyph = QPixmap(round(width * ratio), round(metrics.height() * ratio))
            glyph.setDevicePixelRatio(ratio)
            glyph.fill(Qt.GlobalColor.transparent)
            painter = QPainter(glyph)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            painter.setPen(QPen(QColor("#ffffff")))
            painter.setFont(font)
            painter.drawText(QPointF(0, metrics.ascent()), char)
            painter.end()
            if len(self._glyphs) > 200:
                self._glyphs.clear()  # sizes changed many times (window resized)
            self._glyphs[key] = glyph
        return glyph

    def _plan_warm_up(self) -> None:
        """Queue every digit at this size; ``_warm_one`` draws them one at a time.

        Drawing all of them at once would hold the window for a tenth of a
        second; one per timer tick keeps each pause to a few milliseconds.
        """
        inner = self.ring_rect().width() * 0.88
        self._warm_queue = [
            (char, self._digits_font(inner, sample))
            for sample in ("00", "0:00")
            for char in "0123456789:"
        ]
        self._warm_timer.start()

    def _warm_one(self) -> None:
        ratio = self.devicePixelRatioF()
        while self._warm_queue:
            char, font = self._warm_queue.pop()
            if (char, font.pixelSize(), ratio) not in self._glyphs:
                self._glyph(char, font, QFontMetricsF(font), ratio)
                return
        self._warm_timer.stop()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._plan_warm_up()

    def _digits_font(self, inner: float, text: str) -> QFont:
        """Return the bold font for ``text``: most of the ring, smaller if it is long."""
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(max(8, round(inner * DIGITS_SHARE)))
        width = width_of(QFontMetricsF(font), text)
        if width > inner * DIGITS_WIDTH:
            font.setPixelSize(max(8, int(font.pixelSize() * inner * DIGITS_WIDTH / width)))
        return font


def width_of(metrics: QFontMetricsF, text: str) -> float:
    """Return the width of ``text`` drawn character by character."""
    return sum(metrics.horizontalAdvance(char) for char in text)
