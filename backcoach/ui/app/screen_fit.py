"""Windows that fit the screen: sized from the available area, never larger than it.

A window asks for the size it would like (``preferred``, in logical pixels);
``fit_to_screen`` gives it at most ``SCREEN_SHARE`` of the screen's available
area (the screen less panels and docks) and centres it there. At 200 % scale on
a 1920×1080 screen the available area is about 960×520 logical pixels, so a
window that asked for 1000×680 would otherwise open with its buttons off screen.
Content that can be taller than that sits in a scroll area (the history's
pages, the player's end view).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

SCREEN_SHARE = 0.9
"""A window takes at most this share of the available width and height."""


def available_area(widget: QWidget | None = None) -> QRect:
    """Return the available geometry of ``widget``'s screen (else the primary screen's)."""
    screen = widget.screen() if widget is not None else QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fitted_size(preferred: QSize, area: QRect, share: float = SCREEN_SHARE) -> QSize:
    """Return ``preferred`` shrunk to at most ``share`` of ``area`` in each direction."""
    return QSize(
        min(preferred.width(), int(area.width() * share)),
        min(preferred.height(), int(area.height() * share)),
    )


def fit_to_screen(window: QWidget, preferred: QSize, share: float = SCREEN_SHARE) -> QSize:
    """Size ``window`` to ``preferred`` or less so it fits its screen; centre it; return the size.

    A minimum size set on the window is capped to the area too; the layouts
    themselves must fit (``tests/ui/test_layout_pseudo.py`` checks 800×600).
    """
    area = available_area(window)
    size = fitted_size(preferred, area, share)
    window.setMinimumSize(window.minimumSize().boundedTo(size))
    window.resize(size)
    if window.isWindow():
        left = area.left() + (area.width() - size.width()) // 2
        top = area.top() + (area.height() - size.height()) // 2
        window.move(left, top)
    return size


def keep_on_screen(window: QWidget) -> None:
    """Move ``window`` back inside its screen's available area (after its content made it grow)."""
    area = available_area(window)
    if not window.isWindow():
        return
    frame = window.frameGeometry()
    left = min(frame.left(), area.right() + 1 - frame.width())
    top = min(frame.top(), area.bottom() + 1 - frame.height())
    left, top = max(area.left(), left), max(area.top(), top)
    if (left, top) != (frame.left(), frame.top()):
        window.move(left, top)
