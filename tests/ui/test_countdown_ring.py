"""The countdown ring repaints only the arc's few new degrees; the screen still shows it whole."""

from __future__ import annotations

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


def test_the_arc_drawn_bit_by_bit_looks_as_the_whole_ring_drawn_at_once(qtbot) -> None:
    ring = CountdownRing()
    qtbot.addWidget(ring)
    ring.resize(400, 400)
    ring.set_color("#000000")
    ring.show()
    qtbot.waitExposed(ring)
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
