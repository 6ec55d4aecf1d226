"""Test doubles. They live here and never in the shipped package."""

from __future__ import annotations

import os
import select
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from backcoach.adapters.speech.wavfile import write_mono16


class FakeClock:
    """A clock that only moves when the test says so.

    ``advance`` moves both monotonic and wall time; ``sleep_for`` simulates a
    suspended computer (wall time jumps, monotonic time does not or jumps too,
    as the caller chooses).
    """

    def __init__(self, monotonic: float = 1000.0, wall: float = 1_780_000_000.0) -> None:
        self._mono = monotonic
        self._wall = wall

    def monotonic(self) -> float:
        return self._mono

    def wall(self) -> float:
        return self._wall

    def advance(self, seconds: float) -> None:
        self._mono += seconds
        self._wall += seconds

    def advance_ms(self, milliseconds: float) -> None:
        self.advance(milliseconds / 1000.0)

    def sleep_for(self, seconds: float, monotonic_moves: bool = False) -> None:
        self._wall += seconds
        if monotonic_moves:
            self._mono += seconds


# -- speech ---------------------------------------------------------------


def write_tone_wav(path: Path, seconds: float = 0.2, rate: int = 22050) -> Path:
    """Write a loud square-ish tone: a stand-in for a rendered phrase."""
    frames = int(seconds * rate)
    data = b"".join(
        (8000 if (i // 25) % 2 else -8000).to_bytes(2, "little", signed=True) for i in range(frames)
    )
    return write_mono16(path, data, rate)


class FakePhrases:
    """A ``PhraseSource`` that 'renders' a tone file per phrase, optionally slowly or failing.

    ``fail_start`` / ``fail_render`` take an exception to raise; ``render_delay_s``
    simulates a slow engine. ``rendered`` lists every text actually rendered.
    """

    def __init__(
        self,
        folder: Path,
        render_delay_s: float = 0.0,
        fail_start: Exception | None = None,
        fail_render: Exception | None = None,
    ) -> None:
        self.folder = folder
        self.render_delay_s = render_delay_s
        self.fail_start = fail_start
        self.fail_render = fail_render
        self.rendered: list[str] = []
        self.closed = False

    def start(self) -> None:
        if self.fail_start is not None:
            raise self.fail_start

    def render(self, text, settings) -> Path:
        time.sleep(self.render_delay_s)
        if self.fail_render is not None:
            raise self.fail_render
        self.rendered.append(text)
        return write_tone_wav(self.folder / f"{len(self.rendered)}.wav")

    def close(self) -> None:
        self.closed = True


class FakeAudioOut:
    """An ``AudioOut`` that records what it was asked to play, and when."""

    def __init__(self) -> None:
        self.played: list[tuple[float, str, Path]] = []  # (monotonic time, channel, path)
        self.stops = 0
        self._lock = threading.Lock()

    def play(self, path: Path, channel: str = "speech") -> None:
        with self._lock:
            self.played.append((time.monotonic(), channel, path))

    def stop(self, channel: str | None = None) -> None:
        with self._lock:
            self.stops += 1

    def is_playing(self, channel: str | None = None) -> bool:
        return False

    def close(self) -> None:
        pass

    def channels(self) -> list[str]:
        with self._lock:
            return [channel for _, channel, _ in self.played]


_FAKE_WORKERS = {
    # never says hello: an engine that hangs while starting
    "hang_at_start": "import time\ntime.sleep(60)",
    # says hello, then never answers a request: an engine that hangs mid-render
    "hang_on_render": (
        "import json, sys, time\n"
        "print(json.dumps({'type': 'hello', 'ok': True, 'engine_id': 'fake', 'driver': 'fake',"
        " 'voices': [{'id': 'fake/en', 'name': 'Fake', 'languages': ['en']}]}), flush=True)\n"
        "sys.stdin.readline()\ntime.sleep(60)"
    ),
    # dies at once without a word: a broken installation
    "crash": "import sys\nsys.stderr.write('Segmentation fault\\n')\nsys.exit(139)",
}


def fake_worker_command(behaviour: str) -> list[str]:
    """Return a command for a speech worker that misbehaves as named (see ``_FAKE_WORKERS``)."""
    return [sys.executable, "-c", _FAKE_WORKERS[behaviour]]


@dataclass
class SinkPlayback:
    """One player's visit to the ``PacedAlsaSink``: when sound started and when it stopped."""

    first_data_at: float
    writer_gone_at: float | None = None
    bytes_read: int = 0


@dataclass
class PacedAlsaSink:
    """A sound-card stand-in whose timing can be observed, for a machine with no sound card.

    ``aplay -D <device>`` writes through ALSA's ``file`` plugin into a FIFO that
    this sink reads at real-time speed (22,050 Hz mono 16-bit by default) with
    a one-page pipe buffer, so the player runs as long as the sound lasts, as
    on a real device. For each player it records when the first samples
    arrived and when the player closed the device (``POLLHUP``), both on the
    ``time.monotonic`` clock, with about 1 ms resolution.
    """

    folder: Path
    byte_rate: int = 22050 * 2
    playbacks: list[SinkPlayback] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.fifo = Path(self.folder) / "sink.fifo"
        if not self.fifo.exists():
            os.mkfifo(self.fifo)
        self._stop = threading.Event()
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @property
    def device(self) -> str:
        return f"file:FILE={self.fifo},FORMAT=raw"

    def wait_for_playbacks(self, count: int, timeout_s: float = 5.0, ended: bool = True) -> bool:
        def done() -> bool:
            if len(self.playbacks) < count:
                return False
            return not ended or all(p.writer_gone_at for p in self.playbacks[:count])

        with self._changed:
            return self._changed.wait_for(done, timeout=timeout_s)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)

    def _notify(self) -> None:
        with self._changed:
            self._changed.notify_all()

    def _run(self) -> None:
        import fcntl  # Linux only, like the FIFO trick itself

        while not self._stop.is_set():
            fd = os.open(self.fifo, os.O_RDONLY | os.O_NONBLOCK)
            try:
                fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 4096)
                self._serve_one(fd)
            finally:
                os.close(fd)

    def _serve_one(self, fd: int) -> None:
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLHUP)
        playback: SinkPlayback | None = None
        while not self._stop.is_set():
            events = dict(poller.poll(1))
            now = time.monotonic()
            mask = events.get(fd, 0)
            if playback is None:
                if mask & select.POLLIN:
                    playback = SinkPlayback(first_data_at=now)
                    self.playbacks.append(playback)
                    self._notify()
                else:
                    continue
            if mask & select.POLLHUP and playback.writer_gone_at is None:
                playback.writer_gone_at = now
                self._notify()
                return  # what is left in the pipe is never "heard" after the player is gone
            due = playback.first_data_at + playback.bytes_read / self.byte_rate
            if now >= due and mask & select.POLLIN:
                try:
                    chunk = os.read(fd, 220)  # 5 ms of sound
                except BlockingIOError:
                    chunk = b""
                playback.bytes_read += len(chunk)
            else:
                time.sleep(0.001)


# -- sitting and desktop ---------------------------------------------------


class FakeIdleSource:
    """An idle source driven by the test: ``touch()`` is a key press at the clock's time.

    Idle time is measured on the given clock's monotonic time. ``measures``
    False makes it behave like the wall-time fallback (no idle reading);
    ``locked`` is the screen-lock state.
    """

    name = "fake"

    def __init__(self, clock: FakeClock, *, measures: bool = True) -> None:
        self._clock = clock
        self._last_input = clock.monotonic()
        self.measures = measures
        self.locked = False
        self.reads = 0

    def touch(self) -> None:
        self._last_input = self._clock.monotonic()

    def idle_seconds(self) -> float | None:
        self.reads += 1
        if not self.measures:
            return None
        return max(0.0, self._clock.monotonic() - self._last_input)

    def is_locked(self) -> bool:
        return self.locked


class FakeBreakLog:
    """Keeps break events in a list; ``fail_with`` makes every write raise that exception."""

    def __init__(self) -> None:
        self.events: list[tuple[str, float, str | None]] = []
        self.fail_with: Exception | None = None

    def log_break_event(self, kind: str, at: float, routine_id: str | None = None) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.events.append((kind, at, routine_id))

    @property
    def kinds(self) -> list[str]:
        return [kind for kind, _, _ in self.events]


class FakeWinreg:
    """Just enough of the ``winreg`` module for ``WindowsRunKey``: one in-memory hive."""

    HKEY_CURRENT_USER = "HKCU"
    KEY_SET_VALUE = 2
    REG_SZ = 1

    def __init__(self) -> None:
        self.keys: dict[tuple[str, str], dict[str, tuple[object, int]]] = {}

    class _Key:
        def __init__(self, values: dict) -> None:
            self.values = values

        def __enter__(self):
            return self

        def __exit__(self, *exc: object) -> None:
            return None

    def CreateKey(self, hive: str, path: str):  # noqa: N802 - winreg's names
        return self._Key(self.keys.setdefault((hive, path), {}))

    def OpenKey(self, hive: str, path: str, reserved: int = 0, access: int = 0):  # noqa: N802
        if (hive, path) not in self.keys:
            raise FileNotFoundError(path)
        return self._Key(self.keys[(hive, path)])

    def SetValueEx(self, key, name: str, reserved: int, kind: int, value: object) -> None:  # noqa: N802
        key.values[name] = (value, kind)

    def QueryValueEx(self, key, name: str):  # noqa: N802
        if name not in key.values:
            raise FileNotFoundError(name)
        return key.values[name]

    def DeleteValue(self, key, name: str) -> None:  # noqa: N802
        if name not in key.values:
            raise FileNotFoundError(name)
        del key.values[name]


class FakeDBusService:
    """Answers method calls on a D-Bus bus from a thread, as a desktop service would.

    ``methods`` maps (interface, member) to ``(signature, value)``; a value that
    is callable is called for each request. ``properties`` maps (interface,
    name) to ``(signature, value)`` for ``org.freedesktop.DBus.Properties.Get``.
    Anything else gets an ``UnknownMethod`` error.
    """

    def __init__(self, address: str, names: list[str]) -> None:
        import threading

        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        self.methods: dict[tuple[str, str], tuple[str, object]] = {}
        self.properties: dict[tuple[str, str], tuple[str, object]] = {}
        self.calls: list[str] = []
        self.requests: list[tuple[str, tuple]] = []
        """(member, arguments) of each call, in order."""
        self._conn = open_dbus_connection(bus=address)
        for name in names:
            self._conn.send_and_get_reply(message_bus.RequestName(name), timeout=2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        from jeepney import MessageType, new_error, new_method_return
        from jeepney.low_level import HeaderFields

        while not self._stop.is_set():
            try:
                msg = self._conn.receive(timeout=0.1)
            except TimeoutError:
                continue
            except OSError:
                return
            if msg.header.message_type != MessageType.method_call:
                continue
            fields = msg.header.fields
            interface = fields.get(HeaderFields.interface, "")
            member = fields.get(HeaderFields.member, "")
            self.calls.append(member)
            self.requests.append((member, tuple(msg.body)))
            if (interface, member) == ("org.freedesktop.DBus.Properties", "Get"):
                answer = self.properties.get(tuple(msg.body))
                body = None if answer is None else ((answer[0], answer[1]),)
                signature = "v"
            else:
                answer = self.methods.get((interface, member))
                signature = answer[0] if answer else ""
                value = answer[1] if answer else None
                body = (value() if callable(value) else value,)
            if answer is None:
                reply = new_error(msg, "org.freedesktop.DBus.Error.UnknownMethod")
            else:
                reply = new_method_return(msg, signature, body)
            self._conn.send(reply)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._conn.close()


class FakeTrayMenuSource:
    """A ``TrayMenuSource`` whose menu and tooltip the test sets; records chosen keys.

    ``menus``: the menu to return on each successive ``menu_items`` call (the
    last one repeats), e.g. a status line that has moved on by the second look.
    """

    def __init__(self, *menus, tooltip: str = "BackCoach - Next break in 12 min") -> None:
        self.menus = list(menus)
        self.looks = 0
        self.tooltip_text = tooltip
        self.activated: list[str] = []
        self.broken = False

    def menu_items(self):
        if self.broken:
            raise RuntimeError("the menu could not be built")
        menu = self.menus[min(self.looks, len(self.menus) - 1)]
        self.looks += 1
        return menu

    def activate(self, key: str) -> None:
        self.activated.append(key)

    def tooltip(self) -> str:
        return self.tooltip_text


# -- player ---------------------------------------------------------------


class FakeVoice:
    """A ``PlayerVoice`` that records what it was asked, in order, as ``(call, argument)``."""

    def __init__(self, prepared: bool = True) -> None:
        self.calls: list[tuple[str, object]] = []
        self.prepared = prepared
        self.muted = False
        self.closed = False

    def prepare(self, texts) -> None:
        self.calls.append(("prepare", list(texts)))

    def say(self, text: str, at: float | None = None) -> None:
        self.calls.append(("say", text))

    def beep(self, kind: str, at: float | None = None) -> None:
        self.calls.append(("beep", kind))

    def cut(self) -> None:
        self.calls.append(("cut", None))

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        self.calls.append(("muted", muted))

    def configure(self, settings) -> None:
        self.calls.append(("configure", settings))

    def set_beeps(self, enabled: bool) -> None:
        self.calls.append(("beeps", enabled))

    def wait_prepared(self, timeout_s: float) -> bool:
        return self.prepared

    def close(self) -> None:
        self.closed = True

    def said(self) -> list[str]:
        return [str(arg) for call, arg in self.calls if call == "say"]

    def count(self, call: str) -> int:
        return sum(1 for name, _ in self.calls if name == call)


class FakeCueSink:
    """A cue sink that records ``(clock time, text or beep kind, late_s)`` for each cue.

    ``events``, when given, is a list shared with other fakes, so the order of
    calls across them can be checked; the sink adds ``("cue", text)`` to it.
    """

    def __init__(self, clock: FakeClock, events: list[tuple[str, object]] | None = None) -> None:
        self.clock = clock
        self.cues: list[tuple[float, str, float]] = []
        self.events = events if events is not None else []

    def cue(self, cue, late_s: float = 0.0) -> None:
        text = cue.text or str(cue.kind.value)
        self.cues.append((self.clock.monotonic(), text, late_s))
        self.events.append(("cue", text))

    def texts(self) -> list[str]:
        return [text for _, text, _ in self.cues]


class FakeSessionLog:
    """A ``SessionLog`` that keeps records in memory; ``fail`` makes it save nothing."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.begun: list[object] = []
        self.checkpoints: list[object] = []
        self.finished: list[object] = []
        self.feedback: list[tuple[int | None, int | None, int | None, str]] = []

    def begin(self, record) -> int | None:
        self.begun.append(record)
        return None if self.fail else len(self.begun)

    def checkpoint(self, session_id, record) -> None:
        if session_id is not None:
            self.checkpoints.append(record)

    def finish(self, session_id, record) -> int | None:
        self.finished.append(record)
        return None if self.fail else (session_id or len(self.finished))

    def set_feedback(self, session_id, effort, pain, note: str = "") -> bool:
        if session_id is None:
            return False
        self.feedback.append((session_id, effort, pain, note))
        return True

    def close(self) -> None:
        self.closed = True


class FakeScreenAwake:
    """Counts holds and releases; ``works`` says whether holding succeeds."""

    name = "fake"

    def __init__(self, works: bool = True) -> None:
        self.works = works
        self.holding = False
        self.holds = 0

    def hold(self, reason: str) -> bool:
        self.holds += 1
        self.holding = self.works
        return self.works

    def release(self) -> None:
        self.holding = False
