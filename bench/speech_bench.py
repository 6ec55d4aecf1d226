"""Speech timing: how late a cue's audio starts after its mark, and how fast a pause silences it.

Run from the repository root: ``python bench/speech_bench.py [--cues 50] [--cuts 30] [--quick]``.
Linux with ALSA's ``aplay`` and espeak-ng.

Method. This machine has no sound card, so the bench builds an observable
one: ``aplay`` plays through ALSA's ``file`` plugin into a FIFO, and a
separate *sink* process reads that FIFO at real-time speed (22,050 Hz mono
16-bit) through a one-page pipe buffer, so the player runs for as long as
the sound lasts, as with a real device. The sink notes, on the system-wide
monotonic clock, when the first samples of each player arrive and when the
player closes the device (``POLLHUP``), with about 1 ms resolution.

- *Cue lateness*: a real ``Speaker`` (pyttsx3 worker, cache, ``aplay``) is
  given cues with ``say(text, at=mark)``; lateness = first samples at the
  device minus the mark. Pre-rendered cues (the normal case, ``prepare`` at
  session start) and cues that were never prepared (rendered on demand) are
  measured separately, on an idle machine and with both cores busy.
- *Cut*: while a long phrase plays, ``cut()`` is called (what pause, next,
  back and stop do); silence time = the device closing minus the call.
- The time ``say`` and ``cut`` take in the caller (a GUI thread) is recorded
  too.

Not included: the output latency of a real sound server or card after the
samples are handed over (typically one period, 5-25 ms with PulseAudio or
PipeWire), which no software measurement on this machine can see.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _stats import summary  # bench/_stats.py: one median and percentile for all

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from backcoach.adapters.speech.playback import CommandAudioOut  # noqa: E402
from backcoach.adapters.speech.rendering import PhraseRenderer, VoiceSettings  # noqa: E402
from backcoach.adapters.speech.speaker import Speaker  # noqa: E402

CUES = ["Three", "Two", "One", "Rest", "Switch sides", "Breathe in", "Breathe out", "Halfway"]
LONG_PHRASE = "Lie on your back, bend your knees, and lift your hips slowly towards the ceiling"


class SinkProcess:
    """The paced FIFO sink (tests/fakes.PacedAlsaSink) in its own process, reporting events."""

    def __init__(self, folder: Path) -> None:
        code = (
            "import json, sys, time\n"
            "from pathlib import Path\n"
            "from tests.fakes import PacedAlsaSink\n"
            "sink = PacedAlsaSink(Path(sys.argv[1]))\n"
            "print(json.dumps({'device': sink.device}), flush=True)\n"
            "seen = 0\n"
            "while True:\n"
            "    sink.wait_for_playbacks(seen + 1, timeout_s=3600, ended=True)\n"
            "    p = sink.playbacks[seen]\n"
            "    event = {'first': p.first_data_at, 'gone': p.writer_gone_at}\n"
            "    print(json.dumps(event), flush=True)\n"
            "    seen += 1\n"
        )
        env = dict(os.environ, PYTHONPATH=str(REPO))
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, str(folder)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=REPO,
        )
        assert self.process.stdout is not None
        self.device = json.loads(self.process.stdout.readline())["device"]
        self.events: list[dict[str, float]] = []
        self._changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._changed:
                self.events.append(json.loads(line))
                self._changed.notify_all()

    def wait_for(self, count: int, timeout_s: float = 10.0) -> dict[str, float]:
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.events) >= count, timeout_s):
                raise TimeoutError(f"the sink saw {len(self.events)} playbacks, expected {count}")
            return self.events[count - 1]

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


class Load:
    """Keep both cores busy with spinning processes."""

    def __init__(self, processes: int) -> None:
        self.children = [
            subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(processes)
        ]

    def stop(self) -> None:
        for child in self.children:
            child.kill()
            child.wait()


def measure_lateness(
    sink: SinkProcess, count: int, prepared: bool, spacing_s: float, word: str = "Round"
) -> tuple[list[float], list[float], int]:
    """Return device lateness (ms), caller cost of say() (ms), and phrases dropped.

    Unprepared cues are short phrases never said before (``word`` and a number).
    """
    audio = CommandAudioOut(["aplay", "-q", "-D", sink.device])
    speaker = Speaker(PhraseRenderer(), audio, VoiceSettings(language="en", rate=165))
    if prepared:
        texts = [CUES[i % len(CUES)] for i in range(count)]
    else:
        texts = [f"{word} {i + 1}" for i in range(count)]
    try:
        if prepared:
            speaker.prepare(texts)
            if not speaker.wait_prepared(60.0):
                raise RuntimeError("pre-rendering did not finish")
        else:
            speaker.prepare(["warm up the engine"])
            speaker.wait_prepared(30.0)
        lateness, cost = [], []
        start = time.monotonic() + 0.5
        seen = len(sink.events)
        for index, text in enumerate(texts):
            mark = start + index * spacing_s
            time.sleep(max(0.0, mark - 0.2 - time.monotonic()))  # the engine schedules ahead
            if not prepared:
                time.sleep(max(0.0, mark - time.monotonic()))  # the cue is asked for at its mark
            before = time.perf_counter()
            speaker.say(text, at=mark)
            cost.append((time.perf_counter() - before) * 1000)
            try:
                event = sink.wait_for(seen + 1, timeout_s=spacing_s + 2)
            except TimeoutError:
                continue  # dropped: too late to be worth saying
            seen += 1
            lateness.append((event["first"] - mark) * 1000)
        return lateness, cost, speaker.stats.dropped_late
    finally:
        speaker.close()


def measure_cuts(sink: SinkProcess, count: int) -> tuple[list[float], list[float]]:
    """Return silence time after cut() (ms) and the caller cost of cut() (ms)."""
    audio = CommandAudioOut(["aplay", "-q", "-D", sink.device])
    speaker = Speaker(PhraseRenderer(), audio, VoiceSettings(language="en", rate=150))
    silence, cost = [], []
    try:
        speaker.prepare([LONG_PHRASE])
        speaker.wait_prepared(30.0)
        seen = len(sink.events)
        for index in range(count):
            speaker.say(LONG_PHRASE)
            time.sleep(0.3 + 0.02 * (index % 10))  # cut at varying points of the phrase
            cut_at = time.monotonic()
            before = time.perf_counter()
            speaker.cut()
            cost.append((time.perf_counter() - before) * 1000)
            event = sink.wait_for(seen + 1)
            seen += 1
            silence.append((event["gone"] - cut_at) * 1000)
            time.sleep(0.1)
        return silence, cost
    finally:
        speaker.close()


def fmt(stats: dict[str, float]) -> str:
    return (
        f"n={stats['n']:.0f} median {stats['median']:.1f} ms, p95 {stats['p95']:.1f} ms, "
        f"p99 {stats['p99']:.1f} ms, max {stats['max']:.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cues", type=int, default=50, help="pre-rendered cues per scenario")
    parser.add_argument("--cuts", type=int, default=30, help="cuts to time")
    parser.add_argument("--quick", action="store_true", help="a short run (10 cues, 10 cuts)")
    args = parser.parse_args()
    cues, cuts = (10, 10) if args.quick else (args.cues, args.cuts)
    python = sys.version.split()[0]
    print(f"# speech bench, {platform.platform()}, {os.cpu_count()} cores, python {python}")
    print(f"# command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as home:
        os.environ["BACKCOACH_HOME"] = home  # a cold cache, like a first session
        sink = SinkProcess(Path(home))
        try:
            for loaded in (False, True):
                load = Load(2) if loaded else None
                label = "both cores busy" if loaded else "idle"
                try:
                    late, cost, dropped = measure_lateness(sink, cues, True, 1.5)
                    results[f"pre-rendered cue lateness, {label}"] = summary(late)
                    results[f"say() caller cost, {label}"] = summary(cost)
                    word = "Set" if loaded else "Round"
                    late, _, dropped = measure_lateness(sink, max(5, cues // 2), False, 1.8, word)
                    results[f"on-demand cue lateness, {label} (dropped {dropped})"] = summary(late)
                    silence, cost = measure_cuts(sink, cuts)
                    results[f"cut() to silence, {label}"] = summary(silence)
                    results[f"cut() caller cost, {label}"] = summary(cost)
                finally:
                    if load:
                        load.stop()
        finally:
            sink.close()
    for name, stats in results.items():
        print(f"{name}: {fmt(stats)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
