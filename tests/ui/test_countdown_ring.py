"""The countdown ring repaints only the arc's few new degrees; the screen still shows it whole."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from backcoach.ui.player.countdown_ring import CountdownRing


def largest_difference(one: QImage, other: QImage) -> int:
    """Return the largest difference of a colour channel between two images (every 2nd pixel)."""
    worst = 0
    for x in range(0, one.width(), 2):
        for y in range(0, one.height(), 2):
            a, b = QColor(one.pixel(x, y)), QColor(other.pixel(x, y))
            worst = max(worst, abs(a.red() - b.red()), abs(a.green() - b.green()))
    return worst


def on_screen_ring(qtbot, ring: CountdownRing, side: int) -> CountdownRing:
    """Show ``ring`` (black on the default background) ``side`` pixels square, exposed."""
    qtbot.addWidget(ring)
    ring.resize(side, side)
    ring.set_color("#000000")
    ring.show()
    qtbot.waitExposed(ring)
    return ring


def test_the_arc_drawn_bit_by_bit_looks_as_the_whole_ring_drawn_at_once(qtbot) -> None:
    ring = on_screen_ring(qtbot, CountdownRing(), 400)
    ring.set_state("45", "", 0.0)
    ring.repaint()
    for step in range(1, 71):  # past 12, 3, 6 and 9 o'clock, a few degrees at a time
        ring.set_state("45", "", step / 100)
        QApplication.processEvents()  # paints what set_state asked for, and only that
    on_screen = QApplication.primaryScreen().grabWindow(ring.winId()).toImage()
    whole = ring.grab().toImage()
    # One long arc and many short ones are antialiased a little differently at their edges
    # (Qt cuts arcs into curves by their span); an arc not repainted differs by ~200 levels.
    assert largest_difference(on_screen, whole) <= 80


def shown_ring(qtbot, width: int, height: int) -> CountdownRing:
    ring = CountdownRing()
    qtbot.addWidget(ring)
    ring.resize(width, height)
    ring.set_color("#000000")
    return ring


def inside_radius(ring: CountdownRing) -> float:
    rect = ring.ring_rect()
    return rect.width() * (1 - 2 * 0.06) / 2  # the stroke is 6 % of the ring's width


def farthest_corner(ring: CountdownRing) -> float:
    """Return how far the digits' ink reaches from the ring's centre (at a corner)."""
    ink, centre = ring.digits_rect(), ring.ring_rect().center()
    corners = (ink.topLeft(), ink.topRight(), ink.bottomLeft(), ink.bottomRight())
    return max(math.dist((c.x(), c.y()), (centre.x(), centre.y())) for c in corners)


@pytest.mark.parametrize(("width", "height"), [(160, 160), (400, 300), (458, 455), (917, 819)])
@pytest.mark.parametrize(
    ("text", "caption"),
    [
        ("5", ""),
        ("99", ""),
        ("2:00", ""),
        ("9:59", ""),
        ("10:00", ""),
        ("59:59", ""),
        ("12", "of 12"),
        ("15", "minutes left"),
        ("1:40", "about, at your pace"),
        ("Done?", "press Enter"),
    ],
)
def test_the_big_text_stays_inside_the_ring(qtbot, width, height, text, caption) -> None:
    ring = shown_ring(qtbot, width, height)
    ring.set_state(text, caption, 0.5)
    assert not ring.digits_rect().isEmpty()
    assert farthest_corner(ring) <= inside_radius(ring), "the text's ink runs into the ring"


def test_a_long_countdown_is_nearly_as_tall_as_two_digits_and_keeps_its_size(qtbot) -> None:
    ring = shown_ring(qtbot, 917, 819)  # the ring at full screen on 1920x1080
    ring.set_state("90", "", 0.0)
    two_digits = ring.digits_rect()
    sizes = []
    for text in ("9:59", "2:00", "1:40", "0:00"):
        ring.set_state(text, "", 0.0)
        sizes.append(ring.digits_rect())
    # Drawn narrower (not smaller) first: 16 % of the screen's height became 26 %.
    assert all(rect.height() >= 0.88 * two_digits.height() for rect in sizes)
    # The same height and place every second: "2:00" and "1:59" do not jump.
    assert max(r.height() for r in sizes) - min(r.height() for r in sizes) <= 1
    assert max(r.center().y() for r in sizes) - min(r.center().y() for r in sizes) <= 1


def test_the_ink_drawn_is_where_digits_rect_says(qtbot) -> None:
    ring = shown_ring(qtbot, 400, 400)
    ring.show()
    for text in ("2:00", "45", "10:00"):
        ring.set_state(text, "", 0.0)
        image = ring.grab().toImage()
        ink, centre, inside = ring.digits_rect(), ring.ring_rect().center(), inside_radius(ring)
        dark = [
            (x, y)
            for x in range(image.width())
            for y in range(0, image.height(), 2)
            if math.dist((x, y), (centre.x(), centre.y())) < inside - 2  # not the track
            and QColor(image.pixel(x, y)).lightness() < 100  # the digits are black
        ]
        xs, ys = [x for x, _ in dark], [y for _, y in dark]
        assert ink.adjusted(-2, -2, 2, 2).contains(min(xs), min(ys)), text
        assert ink.adjusted(-2, -2, 2, 2).contains(max(xs), max(ys)), text
        assert min(xs) <= ink.left() + 3 and max(xs) >= ink.right() - 3, text  # it fills it
        assert min(ys) <= ink.top() + 3 and max(ys) >= ink.bottom() - 3, text


def test_the_warm_up_draws_every_glyph_a_countdown_needs(qtbot) -> None:
    ring = shown_ring(qtbot, 917, 819)
    ring.show()
    qtbot.waitUntil(lambda: not ring._warm_timer.isActive(), timeout=5000)
    warmed = len(ring._glyphs)
    for text in ("2:00", "1:59", "1:38", "47", "0"):  # once a second: glyphs come from the cache
        ring.set_state(text, "", 0.0)
        ring.grab()
    assert len(ring._glyphs) == warmed


class PaintRecorder(CountdownRing):
    """A ring that notes the area of every paint Qt asks of it."""

    def __init__(self) -> None:
        super().__init__()
        self.painted: list = []

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.painted.append(event.region())
        super().paintEvent(event)


def test_a_new_text_repaints_the_text_not_the_whole_ring_and_looks_the_same(qtbot) -> None:
    """Once a second only the digits' area (and the arc's new degrees) is drawn again."""
    ring = on_screen_ring(qtbot, PaintRecorder(), 600)
    ring.set_state("59", "hold", 0.1)
    ring.repaint()
    qtbot.wait(50)  # nothing left over from showing the window
    for second, text in enumerate(("58", "1:00", "9", "57"), start=1):
        ring.painted.clear()
        ring.set_state(text, "hold" if second % 2 else "", 0.1 + second / 100)
        QApplication.processEvents()
        assert ring.painted, text
        region = ring.painted[0]
        area = sum(rect.width() * rect.height() for rect in region)
        assert area < 0.6 * ring.width() * ring.height(), text
        track = ring.ring_rect()
        for point in (
            track.center().toPoint() + QPoint(0, round(track.height() / 2)),  # 6 o'clock
            QPoint(round(track.left()), track.center().toPoint().y()),
        ):  # 9 o'clock
            assert not region.contains(point), (text, point)
        assert region.contains(ring.digits_rect().toAlignedRect()), text
    # What is on screen after these partial repaints is what a whole repaint draws.
    on_screen = QApplication.primaryScreen().grabWindow(ring.winId()).toImage()
    assert largest_difference(on_screen, ring.grab().toImage()) <= 80


def test_digits_in_every_warmed_colour_are_ready_before_the_phase_changes(qtbot) -> None:
    """The page warms the phases' text colours: a phase change draws no new glyph."""
    ring = shown_ring(qtbot, 917, 819)
    ring.warm_colors(["#111111", "#ffffff"])
    ring.show()
    qtbot.waitUntil(lambda: not ring._warm_timer.isActive(), timeout=10000)
    warmed = len(ring._glyphs)
    for color, text in (("#111111", "5"), ("#ffffff", "1:59"), ("#111111", "47")):
        ring.set_color(color)
        ring.set_state(text, "", 0.0)
        ring.grab()
    assert len(ring._glyphs) == warmed
