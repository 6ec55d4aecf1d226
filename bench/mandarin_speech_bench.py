"""Mandarin speech: the bundled libespeak-ng 1.52 against the system's 1.51.

Run from the repository root: ``python bench/mandarin_speech_bench.py [--rounds 3]``.
Linux with ``espeakng-loader`` installed and a system espeak-ng.

For each library (``BACKCOACH_ESPEAK`` unset: bundled; ``system``: the system's):

- *worker start*: ``EngineClient.start()`` until the hello (pyttsx3 import,
  espeak-ng initialisation, the voice list), a fresh worker each time;
- *render*: one phrase to a WAV in a warm worker (``EngineClient.render``,
  no cache), for every zh-TW phrase of the stretch-flow routine's cue plan,
  and for its English plan;
- *phonemes*: ``EngineClient.phonemes`` of the same zh-TW phrases;
- *prepare a routine*: a fresh ``PhraseRenderer`` with an empty cache renders
  the whole zh-TW plan (voice check included), as a session's ``prepare`` does;
- *worker memory*: VmRSS after start and VmHWM after all of the above.

The system library's zh-TW timings are of English-sounding output, given for
comparison only.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from backcoach.adapters.speech.cache import SpeechCache  # noqa: E402
from backcoach.adapters.speech.cue_sink import spoken_texts  # noqa: E402
from backcoach.adapters.speech.engine_client import EngineClient  # noqa: E402
from backcoach.adapters.speech.rendering import (  # noqa: E402
    PhraseRenderer,
    VoiceMisreads,
    VoiceSettings,
)
from backcoach.core.playback.cues import plan_cues  # noqa: E402
from backcoach.core.playback.timeline import compile_routine  # noqa: E402
from backcoach.core.routine.catalog import resolve_routine  # noqa: E402

ROUTINE = "stretch-flow"


def plan(language: str) -> list[str]:
    return spoken_texts(plan_cues(compile_routine(resolve_routine(ROUTINE), language)))


def kib(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024.0
    return float("nan")


def ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered) * 1000:.1f} | {p95 * 1000:.1f} | {len(ordered)}"


def measure(library: str, rounds: int, folder: Path) -> dict[str, str]:
    if library == "system":
        os.environ["BACKCOACH_ESPEAK"] = "system"
    else:
        os.environ.pop("BACKCOACH_ESPEAK", None)
    starts = []
    for _ in range(2 * rounds + 4):
        client = EngineClient()
        began = time.perf_counter()
        client.start()
        starts.append(time.perf_counter() - began)
        client.close()
    client = EngineClient()
    info = client.start()
    assert client.pid is not None
    rss_start = kib(client.pid, "VmRSS")
    zh, en = plan("zh-TW"), plan("en")
    voice = {"zh-TW": "sit/cmn", "en": "gmw/en"}
    version = re.search(r"espeak-ng (\S+)", info.engine_id)
    results = {"espeak-ng": version.group(1) if version else "?", "phrases": str(len(zh))}
    for language, texts in (("zh-TW", zh), ("en", en)):
        times = []
        for _ in range(rounds):
            for text in texts:
                began = time.perf_counter()
                client.render(text, voice[language], 165, 1.0, folder / "out.wav")
                times.append(time.perf_counter() - began)
        results[f"render {language}"] = ms(times)
    phonemes = []
    for _ in range(rounds):
        for text in zh:
            began = time.perf_counter()
            client.phonemes(text, voice["zh-TW"])
            phonemes.append(time.perf_counter() - began)
    results["phonemes zh-TW"] = ms(phonemes)
    results["worker start"] = ms(starts)
    results["rss start"] = f"{rss_start:.1f}"
    results["hwm"] = f"{kib(client.pid, 'VmHWM'):.1f}"
    client.close()
    prepares = []
    for attempt in range(rounds):
        renderer = PhraseRenderer(cache=SpeechCache(folder / f"cache-{library}-{attempt}"))
        renderer.start()
        began = time.perf_counter()
        try:
            for text in zh:
                renderer.render(text, VoiceSettings(language="zh-TW"))
        except VoiceMisreads:
            results["prepare zh-TW plan s"] = "refused: the voice reads zh-TW as English"
            renderer.close()
            return results
        prepares.append(time.perf_counter() - began)
        renderer.close()
    results["prepare zh-TW plan s"] = f"{statistics.median(prepares):.2f}"
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"# {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, routine {ROUTINE}")
    with tempfile.TemporaryDirectory() as temp:
        for library in ("bundled", "system"):
            for key, value in measure(library, args.rounds, Path(temp)).items():
                print(f"{library:8} {key:22} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
