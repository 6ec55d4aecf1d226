"""A focus ring you can see from the mat: one application style sheet rule set, in one place.

Qt widgets ignore a CSS ``outline`` on ``*:focus``, and the Fusion style's own
focus hint is a one-pixel dotted line. Here every kind of control the app has
gets a 3-pixel border in the palette's highlight colour while it has the
keyboard focus, and nothing else changes (colours and sizes belong to the
widgets' own style sheets). Check boxes and radio buttons keep a transparent
border of the same width, so their text does not move when the focus comes.
``install_focus_ring`` adds the rules to the application's style sheet once,
keeping whatever else is there.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

FOCUS_WIDTH_PX = 3
"""The ring's thickness."""

_MARKER = "/* backcoach focus ring */"

FOCUS_RING = (
    _MARKER
    + f"""
QPushButton:focus, QToolButton:focus {{
    border: {FOCUS_WIDTH_PX}px solid palette(highlight); border-radius: 5px;
    background: palette(button); padding: 4px 12px;
}}
QCheckBox, QRadioButton {{
    border: {FOCUS_WIDTH_PX}px solid transparent; border-radius: 4px;
}}
QCheckBox:focus, QRadioButton:focus {{ border-color: palette(highlight); }}
QSlider:focus {{
    border: {FOCUS_WIDTH_PX}px solid palette(highlight); border-radius: 4px; padding: 3px;
}}
QComboBox:focus, QAbstractSpinBox:focus, QLineEdit:focus,
QAbstractItemView:focus, QTextEdit:focus, QScrollArea:focus {{
    border: {FOCUS_WIDTH_PX}px solid palette(highlight);
}}
QTabBar:focus {{ border-bottom: {FOCUS_WIDTH_PX}px solid palette(highlight); }}
"""
)
"""The style sheet rules: a thick highlight-coloured border on the focused control."""


def install_focus_ring(app: QApplication) -> None:
    """Add ``FOCUS_RING`` to ``app``'s style sheet (once; other rules are kept)."""
    sheet = app.styleSheet()
    if _MARKER not in sheet:
        app.setStyleSheet(f"{sheet}\n{FOCUS_RING}" if sheet else FOCUS_RING)
