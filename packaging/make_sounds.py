"""Generate BackCoach's own cue sounds into ``assets/sounds/``.

Run ``python packaging/make_sounds.py`` from the repository root. The sounds
are plain sine tones shaped with short fades (no clicks), 22,050 Hz mono
16-bit like the rendered speech, so every player handles them the same way:

- ``tick.wav``: a short, soft 1 kHz blip for the last seconds of a hold or rest;
- ``phase.wav``: two rising notes for a change of phase (work, rest, switch sides);
- ``finish.wav``: a three-note chime for the end of a routine.

The output is deterministic: running the script again gives identical files.
"""

from __future__ import annotations

import math
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backcoach.adapters.speech.wavfile import write_mono16  # noqa: E402

SAMPLE_RATE = 22_050
FADE_S = 0.008

Note = tuple[float, float, float]  # (frequency Hz, duration s, peak amplitude 0..1)


def _tone(frequency: float, duration_s: float, amplitude: float, decay: float) -> list[float]:
    """Return the samples of one sine note with a fade-in and a fade/decay out."""
    count = int(SAMPLE_RATE * duration_s)
    fade = max(1, int(SAMPLE_RATE * FADE_S))
    samples = []
    for index in range(count):
        t = index / SAMPLE_RATE
        envelope = min(1.0, index / fade, (count - 1 - index) / fade)
        envelope *= math.exp(-decay * t)
        samples.append(amplitude * envelope * math.sin(2 * math.pi * frequency * t))
    return samples


def _sequence(notes: list[Note], gap_s: float, decay: float) -> list[float]:
    silence = [0.0] * int(SAMPLE_RATE * gap_s)
    samples: list[float] = []
    for position, (frequency, duration_s, amplitude) in enumerate(notes):
        if position:
            samples.extend(silence)
        samples.extend(_tone(frequency, duration_s, amplitude, decay))
    return samples


SOUNDS: dict[str, list[float]] = {
    "tick": _sequence([(1000.0, 0.07, 0.45)], 0.0, decay=8.0),
    "phase": _sequence([(660.0, 0.12, 0.5), (880.0, 0.16, 0.5)], 0.03, decay=4.0),
    "finish": _sequence([(523.25, 0.16, 0.5), (659.25, 0.16, 0.5), (783.99, 0.45, 0.5)], 0.02, 3.0),
}


def write_wav(path: Path, samples: list[float]) -> None:
    """Write float samples (-1..1) as a 16-bit mono WAV file."""
    frames = b"".join(struct.pack("<h", round(max(-1.0, min(1.0, s)) * 32767)) for s in samples)
    write_mono16(path, frames, SAMPLE_RATE)


def main(argv: list[str] | None = None) -> int:
    """Write every sound; an optional argument names the output folder."""
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else ROOT / "assets" / "sounds"
    for name, samples in SOUNDS.items():
        target = out_dir / f"{name}.wav"
        write_wav(target, samples)
        print(f"{target}: {len(samples) / SAMPLE_RATE:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
