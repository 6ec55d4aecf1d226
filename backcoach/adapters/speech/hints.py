"""The one sentence a user gets when spoken cues cannot work, with how to fix it."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable


def enable_speech_hint(
    platform: str | None = None, which: Callable[[str], str | None] = shutil.which
) -> str:
    """Return how to get spoken cues working on ``platform`` (default: this one).

    On Linux, installing espeak-ng is advised only when it is not installed.
    """
    platform = platform or sys.platform
    check = 'Then restart BackCoach; `backcoach speak "hello"` checks it.'
    if platform not in ("win32", "darwin") and which("espeak-ng"):
        return 'espeak-ng is installed; `backcoach speak "hello"` shows what goes wrong.'
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


def speech_off_message(reason: str, platform: str | None = None, advice: str | None = None) -> str:
    """Return the message shown once when speech is off for the session.

    ``advice`` replaces the engine hint when the cause is elsewhere (the cache folder, say).
    """
    return f"Spoken cues are off: {reason}. The session goes on with beeps and on-screen cues. " + (
        advice if advice is not None else enable_speech_hint(platform)
    )
