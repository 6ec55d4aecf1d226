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


def misread_voice_hint(language: str, probe: str, library: str = "") -> str:
    """Return how to get a voice that reads ``language`` right, after one read it wrongly.

    ``library`` is the worker's description of its libespeak-ng (``bundled ...``
    or ``system ...``); with the bundled 1.52 in use there is nothing to install.
    """
    check = f'`backcoach speak "{probe}" --lang {language} --phonemes` shows how it is read.'
    if "BACKCOACH_ESPEAK" in library:
        return (
            "BACKCOACH_ESPEAK=system chose the system's espeak-ng; without it BackCoach "
            "uses the espeak-ng 1.52 it brings, which reads it right. " + check
        )
    if library.startswith("system"):
        return (
            "espeak-ng 1.52 or newer reads it right; BackCoach brings it in the Python "
            "package espeakng-loader: install it into BackCoach's environment "
            "(pip install espeakng-loader) and restart BackCoach. " + check
        )
    return "Choose another voice for it in Settings, if one is installed. " + check


def speech_off_message(reason: str, platform: str | None = None, hint: str | None = None) -> str:
    """Return the message shown once when speech is off for the session.

    ``hint`` replaces the usual "install a speech engine" advice.
    """
    return f"Spoken cues are off: {reason}. The session goes on with beeps and on-screen cues. " + (
        hint or enable_speech_hint(platform)
    )
