"""WCAG 2 contrast ratios between two colours given as ``#rrggbb`` (or ``#rgb``).

Text needs at least ``MIN_TEXT_RATIO`` (4.5:1, WCAG AA for normal text)
against what is behind it; the themes and every fixed colour pair in the
interface are checked against it by the tests. No Qt here: plain arithmetic.
"""

from __future__ import annotations

MIN_TEXT_RATIO = 4.5
"""WCAG 2 AA for text of normal size."""


def _channels(colour: str) -> tuple[float, float, float]:
    code = colour.strip().lstrip("#")
    if len(code) == 3:
        code = "".join(c * 2 for c in code)
    if len(code) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    red, green, blue = (int(code[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return red, green, blue


def relative_luminance(colour: str) -> float:
    """Return the WCAG relative luminance of ``colour`` (0 black … 1 white)."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in _channels(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """Return the contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)
