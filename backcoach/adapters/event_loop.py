"""A small event loop: file descriptors to watch and timers, on ``selectors``.

The resident tray process needs nothing more than this: a few sockets (the X
server, the D-Bus session bus, the control socket, a child's pipe) and one
timer for the next idle check, so it sleeps in ``select`` between events and
costs no CPU while it waits. ``asyncio`` would do the same at several MB more.
"""

from __future__ import annotations

import heapq
import itertools
import selectors
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol


class EventLoop(Protocol):
    """What tray backends and the resident process need from a loop."""

    def add_reader(self, fd: int, callback: Callable[[], None]) -> None:
        """Call ``callback`` whenever ``fd`` is readable."""
        ...

    def remove_reader(self, fd: int) -> None:
        """Stop watching ``fd``."""
        ...

    def call_later(self, delay_s: float, callback: Callable[[], None]) -> Timer:
        """Call ``callback`` once after ``delay_s`` seconds; the timer can be cancelled."""
        ...


@dataclass(order=True)
class Timer:
    """A pending call; ``cancel()`` makes it not happen."""

    when: float
    seq: int
    callback: Callable[[], None] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)

    def cancel(self) -> None:
        """Do not call this timer's callback."""
        self.cancelled = True


class SelectLoop:
    """``EventLoop`` on the monotonic clock; ``run()`` until ``stop()``."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        """Make an empty loop; ``monotonic`` is the clock timers use (seconds)."""
        self._selector = selectors.DefaultSelector()
        self._timers: list[Timer] = []
        self._seq = itertools.count()
        self._monotonic = monotonic
        self._running = False
        self.errors = 0
        """How many callbacks failed (each is reported on standard error)."""

    def add_reader(self, fd: int, callback: Callable[[], None]) -> None:
        """Call ``callback`` whenever ``fd`` is readable (replaces an earlier callback)."""
        if fd in self._selector.get_map():
            self._selector.modify(fd, selectors.EVENT_READ, callback)
        else:
            self._selector.register(fd, selectors.EVENT_READ, callback)

    def remove_reader(self, fd: int) -> None:
        """Stop watching ``fd`` (nothing happens if it was not watched)."""
        if fd in self._selector.get_map():
            self._selector.unregister(fd)

    def call_later(self, delay_s: float, callback: Callable[[], None]) -> Timer:
        """Call ``callback`` once after ``delay_s`` seconds."""
        timer = Timer(self._monotonic() + max(0.0, delay_s), next(self._seq), callback)
        heapq.heappush(self._timers, timer)
        return timer

    def stop(self) -> None:
        """Make ``run()`` return after the current callback."""
        self._running = False

    def run_once(self, max_wait_s: float | None = None) -> None:
        """Wait for the next event (at most ``max_wait_s``), then handle what is due."""
        while self._timers and self._timers[0].cancelled:
            heapq.heappop(self._timers)
        wait = max_wait_s
        if self._timers:
            until_timer = max(0.0, self._timers[0].when - self._monotonic())
            wait = until_timer if wait is None else min(wait, until_timer)
        if self._selector.get_map():
            ready = self._selector.select(wait)
        else:
            if wait is None:
                raise RuntimeError("the loop has nothing to wait for")
            time.sleep(wait)
            ready = []
        for key, _events in ready:
            # A callback earlier in this round may have removed this reader, or even
            # closed its descriptor and watched a new one under the same number: call
            # only registrations still current (a skipped ready one comes back next round).
            if self._selector.get_map().get(key.fd) is key:
                self._call(key.data)
        now = self._monotonic()
        while self._timers and self._timers[0].when <= now:
            timer = heapq.heappop(self._timers)
            if not timer.cancelled:
                self._call(timer.callback)

    def _call(self, callback: Callable[[], None]) -> None:
        """Run one callback; a failure is reported and the loop goes on (the tray stays up)."""
        try:
            callback()
        except Exception as exc:  # noqa: BLE001 - one broken event must not end the reminders
            self.errors += 1
            print(f"BackCoach tray: an event could not be handled: {exc!r}", file=sys.stderr)

    def run(self) -> None:
        """Handle events until ``stop()`` is called."""
        self._running = True
        while self._running:
            self.run_once()

    def close(self) -> None:
        """Release the selector."""
        self._selector.close()
