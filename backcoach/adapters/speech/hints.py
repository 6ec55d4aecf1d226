"""The one sentence a user gets when spoken cues cannot work, with how to fix it."""

from __future__ import annotations

import sys


def enable_speech_hint(platform: str | None = None) -> str:
    """Return how to get spoken cues working on ``platform`` (default: this one)."""
    platform = platform or sys.platform
    check = 'Then restart BackCoach; `backcoach speak "hello"` checks it.'
    if platform == "win32":
        return "To hear spoken cues, add a voice in Settings > Time & language > Speech. " + check
    if platform == "darwin":
        return (
            "To hear spoken cues, add a voice in System Settings > Accessibility > "
            "Spoken Content. " + check
        )
    return (
        "To hear spoken cues, install espeak-ng (Debian or Ubuntu: sudo apt install "
        "espeak-ng; Fedora: sudo dnf install espeak-ng). " + check
    )


def speech_off_message(reason: str, platform: str | None = None) -> str:
    """Return the message shown once when speech is off for the session."""
    return (
        f"Spoken cues are off: {reason}. The session goes on with beeps and on-screen cues. "
        + enable_speech_hint(platform)
    )
