"""The Qt binding itself: calls that return nothing must not eat references to None.

PySide6 6.12.0 returns None from every void Qt call without taking a reference
to it. On Python 3.12 and later None is immortal and nothing happens; before
that, None's count (about 5,000 in a fresh app) runs out after a few thousand
calls, and the app dies with "Fatal Python error: none_dealloc" (painting the
history window once makes about 1,500 such calls). pyproject.toml excludes that
version; this test catches a binding with the same fault.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QLabel


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_void_qt_calls_keep_the_reference_count_of_none(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    image = QImage(20, 20, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    colour = QColor("#2e9e48")
    try:
        before = sys.getrefcount(None)
        for _ in range(200):
            label.setText("x")
            painter.setBrush(colour)
            painter.drawRect(QRect(1, 1, 5, 5))
        lost = before - sys.getrefcount(None)
    finally:
        painter.end()
    assert lost < 50, f"{lost} references to None lost in 600 Qt calls: a faulty PySide6 build"
