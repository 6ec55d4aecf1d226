"""The app's colours: a light, a dark and a high-contrast theme, each checked for contrast.

``apply_theme`` gives the whole application one of three palettes. The
``theme`` setting chooses: ``system`` (the default) follows the desktop: its
high-contrast preference first, then its dark or light colour scheme (Qt's
``QStyleHints``); ``light``, ``dark`` and ``high-contrast`` force one.

Each theme is a table of palette roles, and every text role reaches at least
4.5:1 against the backgrounds it is drawn on (``TEXT_PAIRS``;
``tests/ui/test_contrast.py`` computes them). Text that is quieter or carries a
warning uses ``text_colour("muted" | "warning" | "danger")`` instead of a fixed
grey or red, so it stays readable on the dark and high-contrast backgrounds too.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

Role = QPalette.ColorRole


class Theme(str, Enum):
    """The theme setting's values."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"
    HIGH_CONTRAST = "high-contrast"


_LIGHT = {
    Role.Window: "#f2f2f2",
    Role.WindowText: "#1a1a1a",
    Role.Base: "#ffffff",
    Role.AlternateBase: "#f4f5f7",
    Role.Text: "#1a1a1a",
    Role.Button: "#e8e8e8",
    Role.ButtonText: "#1a1a1a",
    Role.Highlight: "#1f5fa8",
    Role.HighlightedText: "#ffffff",
    Role.ToolTipBase: "#ffffe1",
    Role.ToolTipText: "#1a1a1a",
    Role.PlaceholderText: "#5c5c5c",
    Role.Link: "#0b57b0",
    Role.LinkVisited: "#6a3d9a",
    Role.BrightText: "#ffffff",
    Role.Light: "#ffffff",
    Role.Midlight: "#e3e3e3",
    Role.Mid: "#b8b8b8",
    Role.Dark: "#9f9f9f",
    Role.Shadow: "#767676",
}
_DARK = {
    Role.Window: "#202124",
    Role.WindowText: "#e8e8e8",
    Role.Base: "#17181a",
    Role.AlternateBase: "#26272b",
    Role.Text: "#e8e8e8",
    Role.Button: "#2d2e32",
    Role.ButtonText: "#e8e8e8",
    Role.Highlight: "#1f5fa8",
    Role.HighlightedText: "#ffffff",
    Role.ToolTipBase: "#303134",
    Role.ToolTipText: "#e8e8e8",
    Role.PlaceholderText: "#a8a8a8",
    Role.Link: "#8ab4f8",
    Role.LinkVisited: "#c58af9",
    Role.BrightText: "#ffffff",
    Role.Light: "#4a4b50",
    Role.Midlight: "#3a3b3f",
    Role.Mid: "#5f6066",
    Role.Dark: "#101113",
    Role.Shadow: "#000000",
}
_HIGH_CONTRAST = {
    Role.Window: "#000000",
    Role.WindowText: "#ffffff",
    Role.Base: "#000000",
    Role.AlternateBase: "#1a1a1a",
    Role.Text: "#ffffff",
    Role.Button: "#000000",
    Role.ButtonText: "#ffffff",
    Role.Highlight: "#ffff00",
    Role.HighlightedText: "#000000",
    Role.ToolTipBase: "#000000",
    Role.ToolTipText: "#ffffff",
    Role.PlaceholderText: "#e0e0e0",
    Role.Link: "#ffff00",
    Role.LinkVisited: "#ff9eff",
    Role.BrightText: "#ffffff",
    Role.Light: "#ffffff",
    Role.Midlight: "#c0c0c0",
    Role.Mid: "#ffffff",
    Role.Dark: "#ffffff",
    Role.Shadow: "#ffffff",
}
PALETTES: dict[Theme, dict[QPalette.ColorRole, str]] = {
    Theme.LIGHT: _LIGHT,
    Theme.DARK: _DARK,
    Theme.HIGH_CONTRAST: _HIGH_CONTRAST,
}
"""Each theme's colour for each palette role (the active colour group)."""

TEXT_PAIRS: tuple[tuple[QPalette.ColorRole, QPalette.ColorRole], ...] = (
    (Role.WindowText, Role.Window),
    (Role.WindowText, Role.Base),
    (Role.Text, Role.Base),
    (Role.Text, Role.AlternateBase),
    (Role.Text, Role.Window),
    (Role.ButtonText, Role.Button),
    (Role.HighlightedText, Role.Highlight),
    (Role.ToolTipText, Role.ToolTipBase),
    (Role.PlaceholderText, Role.Base),
    (Role.PlaceholderText, Role.Window),
    (Role.Link, Role.Base),
    (Role.LinkVisited, Role.Base),
)
"""Text role and the background it is drawn on: each pair must reach 4.5:1."""

TEXT_COLOURS: dict[Theme, dict[str, str]] = {
    Theme.LIGHT: {"muted": "#5c5c5c", "warning": "#7a4f00", "danger": "#a3261b"},
    Theme.DARK: {"muted": "#a8a8a8", "warning": "#f0b45a", "danger": "#ff8a80"},
    Theme.HIGH_CONTRAST: {"muted": "#e0e0e0", "warning": "#ffd75e", "danger": "#ff9e9e"},
}
"""Quieter and warning text per theme, readable on its window, base and alternate base."""

DISABLED_TEXT: dict[Theme, str] = {
    Theme.LIGHT: "#8c8c8c",
    Theme.DARK: "#7a7b80",
    Theme.HIGH_CONTRAST: "#9a9a9a",
}
"""Text of disabled controls (WCAG exempts it; it still differs from enabled text)."""

SOFT_TEXT_ALPHA = 170
"""Opacity of softer text drawn in the text colour (chart labels, tile captions): 4.5:1 still."""

_current = Theme.LIGHT


def current_theme() -> Theme:
    """Return the theme last applied (light before any)."""
    return _current


def text_colour(kind: str) -> str:
    """Return the ``#rrggbb`` of ``muted``, ``warning`` or ``danger`` text in the current theme."""
    return TEXT_COLOURS[_current][kind]


def resolve_theme(setting: str, app: QGuiApplication | None = None) -> Theme:
    """Return the theme a setting means; ``system`` (or anything unknown) follows the desktop."""
    try:
        chosen = Theme(setting)
    except ValueError:
        chosen = Theme.SYSTEM
    if chosen is not Theme.SYSTEM:
        return chosen
    app = app or QGuiApplication.instance()  # type: ignore[assignment]
    if app is None:
        return Theme.LIGHT
    hints = app.styleHints()
    if hints.accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast:
        return Theme.HIGH_CONTRAST
    if hints.colorScheme() == Qt.ColorScheme.Dark:
        return Theme.DARK
    return Theme.LIGHT


def palette_for(theme: Theme) -> QPalette:
    """Return the ``QPalette`` of ``theme`` (``SYSTEM`` is not a palette: resolve it first)."""
    palette = QPalette()
    for role, colour in PALETTES[theme].items():
        palette.setColor(role, QColor(colour))
    disabled = QColor(DISABLED_TEXT[theme])
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def apply_theme(app: QGuiApplication, setting: str = Theme.SYSTEM.value) -> Theme:
    """Give ``app`` the palette the ``theme`` setting means; return the theme applied."""
    global _current
    theme = resolve_theme(setting, app)
    _current = theme
    app.setPalette(palette_for(theme))
    return theme


def follow_theme(app: QGuiApplication, setting: str) -> Theme:
    """Apply the ``theme`` setting now and again whenever the desktop changes its colours."""
    hints = app.styleHints()
    hints.colorSchemeChanged.connect(lambda _scheme: apply_theme(app, setting))
    hints.accessibility().contrastPreferenceChanged.connect(lambda _p: apply_theme(app, setting))
    return apply_theme(app, setting)
