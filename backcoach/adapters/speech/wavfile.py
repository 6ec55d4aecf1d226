"""WAV files: write 16-bit mono sound, and read the facts that prove speech was rendered.

A speech engine can report success and still write silence or nothing, so the
renderer and the tests look at the samples: duration and loudness (RMS).
"""

from __future__ import annotations

import array
import math
import sys
import wave
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class WavStats:
    """Duration and loudness of a 16-bit PCM WAV file."""

    duration_s: float
    sample_rate: int
    channels: int
    rms: float  # 0 (silence) to 1 (full scale)

    @property
    def silent(self) -> bool:
        """True when there is no audible signal (below about -60 dBFS)."""
        return self.rms < 0.001


def wav_stats(path: Path) -> WavStats:
    """Return duration and RMS of ``path``; raise ``ValueError`` if it is not a 16-bit WAV."""
    try:
        with wave.open(str(path), "rb") as handle:
            width = handle.getsampwidth()
            rate = handle.getframerate()
            channels = handle.getnchannels()
            frames = handle.readframes(handle.getnframes())
    except (wave.Error, EOFError, OSError) as exc:
        raise ValueError(f"{path}: not a readable WAV file ({exc})") from exc
    if width != 2:
        raise ValueError(f"{path}: expected 16-bit samples, got {8 * width}-bit")
    samples = array.array("h")
    samples.frombytes(frames[: len(frames) - len(frames) % 2])
    if sys.byteorder == "big":
        samples.byteswap()
    count = len(samples)
    rms = math.sqrt(sum(s * s for s in samples) / count) / 32768.0 if count else 0.0
    duration = count / channels / rate if rate and channels else 0.0
    return WavStats(duration_s=duration, sample_rate=rate, channels=channels, rms=rms)


def wav_problem(path: Path) -> str | None:
    """Return why ``path`` is not a complete 16-bit PCM WAV file, or None if it is one."""
    try:
        with wave.open(str(path), "rb") as handle:
            width, channels = handle.getsampwidth(), handle.getnchannels()
            frames = handle.getnframes()
            if width != 2 or channels < 1 or frames < 1:
                return f"{8 * width}-bit, {channels} channel(s), {frames} frames"
            if len(handle.readframes(frames)) != frames * width * channels:
                return "its sound data is cut short"
    except (wave.Error, EOFError, OSError) as exc:
        return str(exc) or type(exc).__name__
    return None


def write_mono16(path: Path, frames: bytes, sample_rate: int) -> Path:
    """Write little-endian 16-bit mono ``frames`` as a WAV file at ``path`` and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(sample_rate)
        handle.writeframes(frames)
    return path
