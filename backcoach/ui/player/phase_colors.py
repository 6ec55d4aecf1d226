"""The player's colour per phase: strong, high-contrast pairs, each phase also named in text.

Contrast of text on background (WCAG): prepare 11.5:1, active 6.5:1, rest
8.1:1, paused 8.8:1, finished 12:1. The three session phases differ in
lightness as well as hue, so they stay apart for colour-blind eyes and in
grey scale; the phase label says the same in words.
"""

from __future__ import annotations

from dataclasses import dataclass

from backcoach.core.playback.display import Phase


@dataclass(frozen=True)
class PhaseColors:
    """Background and text colour of one phase (``#rrggbb``)."""

    background: str
    text: str


PHASE_COLORS: dict[Phase, PhaseColors] = {
    Phase.PREPARE: PhaseColors("#f5c400", "#111111"),
    Phase.ACTIVE: PhaseColors("#0e6b47", "#ffffff"),
    Phase.REST: PhaseColors("#1d4f91", "#ffffff"),
    Phase.PAUSED: PhaseColors("#4a4a4a", "#ffffff"),
    Phase.FINISHED: PhaseColors("#263238", "#ffffff"),
}

PAIN_BUTTON = PhaseColors("#c62828", "#ffffff")
"""The "Sharp pain – stop" button: the same red on every phase, with a white outline."""
