"""BackCoach's own beeps, shipped in ``assets/sounds/`` (made by ``packaging/make_sounds.py``)."""

from __future__ import annotations

from pathlib import Path

from backcoach.config import paths

TICK = "tick"  # the last seconds of a hold or rest
PHASE = "phase"  # a change of phase: work, rest, switch sides
FINISH = "finish"  # the end of the routine
BEEP_KINDS: tuple[str, ...] = (TICK, PHASE, FINISH)


def sound_path(kind: str) -> Path:
    """Return the WAV file for a beep ``kind``; raise ``ValueError`` for an unknown kind."""
    if kind not in BEEP_KINDS:
        raise ValueError(f"unknown beep {kind!r}; expected one of {', '.join(BEEP_KINDS)}")
    return paths.assets_dir() / "sounds" / f"{kind}.wav"
