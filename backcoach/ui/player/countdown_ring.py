"""The big countdown: very large digits inside a ring that fills as the segment passes.

Everything scales with the widget: the digits take most of the ring's
inside, so on a laptop screen they stay readable from a mat three metres away.
A long text ("2:00") keeps the height two digits have as far as it can: its
digits are drawn narrower (a condensed bold, down to ``LEAST_SQUEEZE`` of their
width) and its colon closer, and only then is it set smaller. Every text's ink
stays inside the ring (``CLEARANCE``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

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

STROKE = 0.06
"""The ring's stroke, as a share of its width."""
DIGITS_SHARE = 0.62
"""The big text's largest font size, as a share of the ring's inside diameter (two digits)."""
CLEARANCE = 0.96
"""The big text's ink stays within this share of the ring's inside radius (clear of the ring)."""
LEAST_SQUEEZE = 0.66
"""The narrowest digits may be drawn, as a share of their width, before a text is set smaller."""
COLON_SPACE = 0.05
"""Room either side of a colon's ink, in ems (the font's own is about 0.11)."""
COLON_FOLLOWS = 0.5
"""How much of the digits' narrowing a colon takes (half: its dots stay nearly square)."""
DIGITS = frozenset("0123456789")


@dataclass(frozen=True)
class BigText:
    """The big text set in a font: where each character goes and where its ink is."""

    font: QFont
    squeeze: float
    """The digits' width as a share of their own (1.0: as the font draws them)."""
    places: tuple[tuple[str, float, float], ...]
    """Each character with its origin's x from the text's start and its horizontal scale."""
    advance: float
    """The whole text's width, start to end."""
    ink: QRectF
    """Where the ink is, from the text's start and baseline."""
    room: QRectF
    """The ink any digit could have in the digits' places: the same for every "m:ss"."""


@dataclass(frozen=True)
class _Layout:
    """Where one text and caption go in the ring, in widget coordinates."""

    big: BigText
    glyphs: tuple[tuple[str, float, float, float], ...]
    """Each character with its glyph picture's top-left corner and its horizontal scale."""
    ink: QRectF
    caption_font: QFont
    caption_box: QRectF
    area: QRectF
    """Everything the text and caption may cover: what a change of them repaints."""


def set_text(font: QFont, text: str, squeeze: float) -> BigText:
    """Place ``text`` in ``font``: digits ``squeeze`` as wide, colons with narrow room."""
    metrics = QFontMetricsF(font)
    space = COLON_SPACE * font.pixelSize()
    any_digit = QRectF()
    for digit in sorted(DIGITS):
        any_digit = any_digit.united(metrics.tightBoundingRect(digit))
    places: list[tuple[str, float, float]] = []
    ink, room = QRectF(), QRectF()
    x = 0.0
    for char in text:
        tight = metrics.tightBoundingRect(char)
        if char == ":":  # with room of its own either side
            narrow = colon_scale(squeeze)
            origin = x + space - tight.left() * narrow
            places.append((char, origin, narrow))
            char_ink = char_room = _narrowed(tight, narrow).translated(origin, 0)
            x += tight.width() * narrow + 2 * space
        else:
            scale = squeeze if char in DIGITS else 1.0
            places.append((char, x, scale))
            char_ink = _narrowed(tight, scale).translated(x, 0)
            char_room = _narrowed(any_digit if char in DIGITS else tight, scale).translated(x, 0)
            x += metrics.horizontalAdvance(char) * scale
        ink, room = ink.united(char_ink), room.united(char_room)
    return BigText(font, squeeze, tuple(places), x, ink, room)


def fit_text(base: QFont, text: str, inner: float, lift: float = 0.0) -> BigText:
    """Set ``text`` as large as fits inside a ring whose inside is ``inner`` across.

    The text's middle sits ``lift`` above the ring's centre (room for a caption).
    Largest first: ``DIGITS_SHARE`` of ``inner``; if the text is too wide there,
    its digits get narrower (down to ``LEAST_SQUEEZE``), and then its font smaller.
    The fit is made on ``BigText.room``, so each "m:ss" gets the same size.
    """
    font = QFont(base)
    font.setBold(True)
    largest = max(8, round(inner * DIGITS_SHARE))
    font.setPixelSize(largest)
    cap = QFontMetricsF(font).capHeight()
    radius = inner / 2 * CLEARANCE

    def fits(room: QRectF, size: float) -> bool:
        """Tell whether ``room`` drawn ``size`` times as large stays in the radius."""
        top = cap * size / 2 - lift + room.top() * size  # from the centre, down is positive
        bottom = cap * size / 2 - lift + room.bottom() * size
        half_height = max(abs(top), abs(bottom))
        return (room.width() * size / 2) ** 2 + half_height**2 <= radius**2

    whole = set_text(font, text, 1.0)
    if fits(whole.room, 1.0):
        return whole
    narrowest = whole
    if DIGITS.intersection(text):
        narrowest = set_text(font, text, LEAST_SQUEEZE)
        if fits(narrowest.room, 1.0):
            # The room's width is linear in the squeeze: find the widest squeeze that fits.
            too_wide, fitting = 1.0, LEAST_SQUEEZE
            for _ in range(12):
                middle = (too_wide + fitting) / 2
                share = (middle - LEAST_SQUEEZE) / (1.0 - LEAST_SQUEEZE)
                room = QRectF(narrowest.room)
                room.setWidth(room.width() + share * (whole.room.width() - room.width()))
                too_wide, fitting = (too_wide, middle) if fits(room, 1.0) else (middle, fitting)
            return set_text(font, text, math.floor(fitting * 1000) / 1000)
    too_large, fitting = 1.0, 0.0
    for _ in range(16):
        middle = (too_large + fitting) / 2
        fitted = fits(narrowest.room, middle)
        too_large, fitting = (too_large, middle) if fitted else (middle, fitting)
    font.setPixelSize(max(8, math.floor(largest * fitting)))
    return set_text(font, text, narrowest.squeeze)


def colon_scale(squeeze: float) -> float:
    """Return how narrow a colon is drawn between digits drawn ``squeeze`` as wide."""
    return COLON_FOLLOWS * squeeze + (1 - COLON_FOLLOWS)


def _narrowed(rect: QRectF, scale: float) -> QRectF:
    """Return ``rect`` scaled by ``scale`` across (from x = 0)."""
    return QRectF(rect.left() * scale, rect.top(), rect.width() * scale, rect.height())


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
        self._tracks: dict[tuple[object, ...], QPixmap] = {}
        self._warm_colors: tuple[QColor, ...] = ()
        self._layout_key: tuple[object, ...] | None = None
        self._layout: _Layout | None = None
        self._glyphs: dict[tuple[object, ...], QPixmap] = {}
        self._warm_queue: list[tuple[str, QFont, float, QColor]] = []
        self._fits: dict[tuple[object, ...], BigText] = {}
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
        # Repaint where the old text and caption were and where the new ones go, and the
        # arc's new degrees: at full screen a whole ring is a million pixels to draw and push.
        old = self._current_layout().area
        self._text, self._caption = text, caption
        self.update(old.united(self._current_layout().area).toAlignedRect())
        self.update(self._arc_rect(before, fraction))  # a region of two rectangles, not one
        # The accessible name stays: screen readers hear ``PlayerAnnouncer``.

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
        margin = rect.width() * STROKE / 2 + 2  # half the stroke, the round cap, antialiasing
        area = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
        return area.adjusted(-margin, -margin, margin, margin).toAlignedRect()

    def warm_colors(self, colors: Iterable[str]) -> None:
        """Prepare the digits in each of ``colors`` too (the phases' text colours).

        A phase change then finds its digits drawn already, instead of drawing
        the large glyphs while the whole page repaints in the new colours.
        """
        self._warm_colors = tuple(QColor(color) for color in dict.fromkeys(colors))
        if self.isVisible():
            self._plan_warm_up()  # else at the first resize

    def set_color(self, color: str) -> None:
        """Draw ring and digits in ``color`` (the phase's text colour)."""
        if QColor(color) != self._color:
            self._color = QColor(color)
            self.update()

    def digits_rect(self) -> QRectF:
        """Return where the big text's ink is, in the widget."""
        return QRectF(self._current_layout().ink)

    def ring_rect(self) -> QRectF:
        """Return the square the ring is drawn in (centred, with room for the stroke)."""
        side = min(self.width(), self.height())
        stroke = side * STROKE
        size = side - stroke
        return QRectF((self.width() - size) / 2, (self.height() - size) / 2, size, size)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """Draw the track, the big text, the caption and the arc (clipped to what changed)."""
        ratio = self.devicePixelRatioF()
        layout = self._current_layout()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._track(ratio))
        for char, x, y, scale in layout.glyphs:
            painter.drawPixmap(QPointF(x, y), self._glyph(char, layout.big.font, scale, ratio))
        if self._caption:
            painter.setPen(QPen(self._color))
            painter.setFont(layout.caption_font)
            painter.drawText(
                layout.caption_box,
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                self._caption,
            )
        if self._fraction > 0:
            rect = self.ring_rect()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            pen = QPen(self._color, rect.width() * STROKE)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            # Qt angles are 1/16 degree, counter-clockwise from 3 o'clock: start at 12, go clockwise
            painter.drawArc(rect, 90 * 16, -round(self._fraction * 360 * 16))
        painter.end()

    def _track(self, ratio: float) -> QPixmap:
        """Return the ring's faint track, drawn once per size and colour.

        An antialiased circle this large costs several milliseconds; the text
        changes once a second, the track only when the window does (one per colour).
        """
        key = (self.width(), self.height(), self._color.rgba(), ratio)
        picture = self._tracks.get(key)
        if picture is not None:
            return picture
        if len(self._tracks) > 8:
            self._tracks.clear()  # sizes changed many times (window resized)
        picture = QPixmap(max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio)))
        picture.setDevicePixelRatio(ratio)
        picture.fill(Qt.GlobalColor.transparent)
        painter = QPainter(picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.ring_rect()
        track = QColor(self._color)
        track.setAlphaF(0.25)
        painter.setPen(QPen(track, rect.width() * STROKE))
        painter.drawEllipse(rect)
        painter.end()
        self._tracks[key] = picture
        return picture

    def _current_layout(self) -> _Layout:
        """Return where the big text's glyphs, its ink and the caption go now (kept per text)."""
        key = (self._text, self._caption, self.width(), self.height(), self.font().key())
        if self._layout_key == key and self._layout is not None:
            return self._layout
        rect = self.ring_rect()
        inner = self._inner()
        caption_font = self._caption_font(inner)
        caption_metrics = QFontMetricsF(caption_font)
        lift = caption_metrics.height() * 0.5 if self._caption else 0.0
        fitted = self._fitted(self._text, inner, lift)
        big = set_text(fitted.font, self._text, fitted.squeeze)
        metrics = QFontMetricsF(big.font)
        baseline = rect.center().y() + metrics.capHeight() / 2 - lift
        left = rect.center().x() - (big.room.left() + big.room.right()) / 2
        top = baseline - metrics.ascent()
        glyphs = tuple((char, left + x, top, scale) for char, x, scale in big.places)
        ink = big.ink.translated(left, baseline) if self._text else QRectF()
        caption_box = QRectF(
            rect.left(),
            baseline + caption_metrics.height() * 0.35,
            rect.width(),
            caption_metrics.height() * 1.2,
        )
        pad = metrics.height() * 0.1  # glyph pictures reach a little past their advances
        area = QRectF(left - pad, top, big.advance + 3 * pad, metrics.height())
        if self._caption:
            words = caption_metrics.horizontalAdvance(self._caption) + caption_metrics.height()
            middle = caption_box.center().x()
            box = QRectF(middle - words / 2, caption_box.top(), words, caption_box.height())
            area = area.united(box.intersected(caption_box))
        self._layout = _Layout(big, glyphs, ink, caption_font, caption_box, area)
        self._layout_key = key
        return self._layout

    def _inner(self) -> float:
        """Return the ring's inside diameter (inside its stroke)."""
        return self.ring_rect().width() * (1 - 2 * STROKE)

    def _caption_font(self, inner: float) -> QFont:
        """Return the caption's font for a ring whose inside is ``inner`` across."""
        font = QFont(self.font())
        font.setPixelSize(max(8, round(inner * 0.085)))
        return font

    def _fitted(self, text: str, inner: float, lift: float) -> BigText:
        """Return the fit of ``text``'s shape: "2:00" is set as "1:59" is (kept per shape)."""
        shape = "".join("0" if char in DIGITS else char for char in text)
        key = (shape, round(inner, 2), round(lift, 2), self.font().key())
        fitted = self._fits.get(key)
        if fitted is None:
            if len(self._fits) > 50:
                self._fits.clear()  # sizes changed many times (window resized)
            fitted = self._fits[key] = fit_text(self.font(), shape, inner, lift)
        return fitted

    @staticmethod
    def _glyph_key(
        char: str, font: QFont, scale: float, ratio: float, color: QColor
    ) -> tuple[object, ...]:
        return (char, font.pixelSize(), scale, ratio, color.rgba())

    def _glyph(
        self, char: str, font: QFont, scale: float, ratio: float, color: QColor | None = None
    ) -> QPixmap:
        """Return one character, ``scale`` as wide, in the ring's colour on transparent.

        Drawn once per character, size, width and colour (glyphs this large are
        too big for Qt's own glyph cache and cost milliseconds each); a narrowed
        digit is drawn from its outline through a scaled painter, as sharp as any other.
        """
        color = color or self._color
        key = self._glyph_key(char, font, scale, ratio, color)
        glyph = self._glyphs.get(key)
        if glyph is None:
            metrics = QFontMetricsF(font)
            width = max(1.0, metrics.horizontalAdvance(char)) * scale + metrics.height() * 0.1
            glyph = QPixmap(round(width * ratio), round(metrics.height() * ratio))
            glyph.setDevicePixelRatio(ratio)
            glyph.fill(Qt.GlobalColor.transparent)
            painter = QPainter(glyph)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            painter.setPen(QPen(color))
            painter.setFont(font)
            painter.scale(scale, 1.0)
            painter.drawText(QPointF(0, metrics.ascent()), char)
            painter.end()
            if len(self._glyphs) > 400:
                self._glyphs.clear()  # sizes changed many times (window resized)
            self._glyphs[key] = glyph
        return glyph

    def _plan_warm_up(self) -> None:
        """Queue every digit at this size; ``_warm_one`` draws them one at a time.

        Drawing all of them at once would hold the window for a tenth of a
        second; one per timer tick keeps each pause to a few milliseconds.
        Queued: two digits ("45") and the narrower "m:ss" ones, each alone and
        above a caption (set a little smaller), in every warmed colour; the
        fits are the ones the layout uses (``_fitted``).
        """
        inner = self._inner()
        lifts = (0.0, QFontMetricsF(self._caption_font(inner)).height() * 0.5)
        fits = [self._fitted(sample, inner, lift) for lift in lifts for sample in ("00", "0:00")]
        queue: list[tuple[str, QFont, float, QColor]] = []
        colors = [self._color, *(c for c in self._warm_colors if c != self._color)]
        for color in reversed(colors):  # the current colour is popped first
            for fitted in reversed(fits):
                every = set_text(fitted.font, "0123456789:", fitted.squeeze)
                queue += [(char, fitted.font, scale, color) for char, _x, scale in every.places]
        self._warm_queue = queue
        self._warm_timer.start()

    def _warm_one(self) -> None:
        ratio = self.devicePixelRatioF()
        while self._warm_queue:
            char, font, scale, color = self._warm_queue.pop()
            if self._glyph_key(char, font, scale, ratio, color) not in self._glyphs:
                self._glyph(char, font, scale, ratio, color)
                return
        self._warm_timer.stop()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._plan_warm_up()
