"""How long does the voice need for a routine's first phrases? Sets the runner's lead-in.

Before the session's clock starts, the runner hands the voice the phrases of
the first ``LEAD_IN_CUES_S`` seconds and waits until they are rendered, at
most ``LEAD_IN_MAX_S``. This measures that wait with the real ``Speaker``
(pyttsx3 worker process, phrase cache) for every bundled routine, from the
moment the speaker is created (the worker starts then, as when a player
opens) until ``wait_prepared`` says the first phrases are ready:

- *cold*: an empty phrase cache (first run after installing, or after a
  change of voice, rate or language);
- *warm*: the same phrases already cached (every later run), with a new
  speaker, so the worker start is included.

    python bench/first_phrases.py               # 5 rounds over all bundled routines
    python bench/first_phrases.py --rounds 2    # quicker
    python bench/first_phrases.py --busy 2      # two busy-loop processes meanwhile
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _stats import median, percentile  # bench/_stats.py: one median and percentile for all

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from backcoach.adapters.speech.cache import SpeechCache  # noqa: E402
from backcoach.adapters.speech.playback import NullAudioOut  # noqa: E402
from backcoach.adapters.speech.rendering import PhraseRenderer, VoiceSettings  # noqa: E402
from backcoach.adapters.speech.speaker import Speaker  # noqa: E402
from backcoach.core.playback.cues import plan_cues, spoken_texts  # noqa: E402
from backcoach.core.playback.runner import LEAD_IN_CUES_S, LEAD_IN_MAX_S  # noqa: E402
from backcoach.core.playback.timeline import compile_routine  # noqa: E402
from backcoach.core.routine.catalog import load_catalog  # noqa: E402

LIMIT_S = 30.0


def first_phrases(routine) -> list[str]:
    """Return the phrases the runner prepares before the clock starts."""
    timeline = compile_routine(routine, "en")
    return spoken_texts(cue for cue in plan_cues(timeline) if cue.at_s < LEAD_IN_CUES_S)


def time_to_ready(texts: list[str], cache: Path) -> float:
    """Return seconds from creating a speaker to its first phrases being rendered."""
    began = time.monotonic()
    speaker = Speaker(PhraseRenderer(cache=SpeechCache(cache)), NullAudioOut(), VoiceSettings())
    try:
        speaker.prepare(texts)
        if not speaker.wait_prepared(LIMIT_S):
            raise SystemExit(f"the first phrases were not ready within {LIMIT_S:g} s")
        return time.monotonic() - began
    finally:
        speaker.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--busy", type=int, default=0, help="busy-loop processes meanwhile")
    args = parser.parse_args()
    routines = load_catalog().routines
    load = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.busy)]
    cold: list[float] = []
    warm: list[float] = []
    counts: list[int] = []
    load_before = os.getloadavg()[0]
    try:
        for _ in range(args.rounds):
            for routine in routines:
                texts = first_phrases(routine)
                counts.append(len(texts))
                with tempfile.TemporaryDirectory() as folder:
                    cold.append(time_to_ready(texts, Path(folder)))
                    warm.append(time_to_ready(texts, Path(folder)))
    finally:
        for child in load:
            child.kill()
            child.wait()
    print(
        f"{len(routines)} routines x {args.rounds} rounds, {min(counts)}-{max(counts)} phrases"
        f" in the first {LEAD_IN_CUES_S:g} s; busy processes: {args.busy};"
        f" load average before/after {load_before:.2f} / {os.getloadavg()[0]:.2f}"
    )
    print(f"{'cache':<8}{'n':>5}{'median':>10}{'p95':>10}{'max':>10}{'over lead-in':>14}")
    for label, values in (("cold", cold), ("warm", warm)):
        over = sum(1 for value in values if value > LEAD_IN_MAX_S)
        print(
            f"{label:<8}{len(values):>5}{median(values):>9.2f}s"
            f"{percentile(values, 0.95):>9.2f}s{max(values):>9.2f}s{over:>14}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
