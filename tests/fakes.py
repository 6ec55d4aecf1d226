"""Test doubles. They live here and never in the shipped package."""

from __future__ import annotations


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
