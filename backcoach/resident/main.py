"""``backcoach tray`` on Linux: the resident tray process put together, and its loop run.

Start-up: read the settings (and this run's overrides), claim the tray's
channel (a second ``backcoach tray`` tells the running one and leaves), make
the tracker on this desktop's idle source, show the tray icon (``TrayChoice``:
a StatusNotifierItem or an XEmbed icon, whichever the desktop has, even when
its panel starts later), and arm the reminders.
SIGTERM and SIGINT end it cleanly, closing any nudge.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Sequence

from backcoach.adapters.event_loop import EventLoop, SelectLoop
from backcoach.adapters.memory import release_free_memory
from backcoach.adapters.reminder_setup import (
    make_tracker,
    start_up_messages,
    tray_start,
    when_due_line,
)
from backcoach.adapters.tray import TrayIcon
from backcoach.core.history.safe_log import SafeLog
from backcoach.core.reminders.tray_menu import TrayMenuSource
from backcoach.ipc.channel import UnixChannel, claim, instance_key
from backcoach.resident.app_link import AppLink
from backcoach.resident.nudge_link import NudgeProcess
from backcoach.resident.service import TRAY, ResidentTray

TRAY_CHANNEL_ROLE = "tray"
_TRIM_AFTER_START_S = 3.0


def tray_channel() -> UnixChannel:
    """Return the resident tray's channel (the app sends its reports there)."""
    return UnixChannel(instance_key(TRAY_CHANNEL_ROLE))


IconMaker = Callable[[EventLoop, TrayMenuSource], "TrayIcon | None"]
"""Makes one kind of tray icon, or returns None where this desktop cannot have it."""


class TrayChoice:
    """The tray icon this desktop supports, chosen at start or when a panel appears later.

    A StatusNotifierItem when a watcher is on the session bus now, else an
    XEmbed icon when a tray manager owns the X selection now. When neither is
    there yet (BackCoach started at login before the panel), both wait: the
    first one a panel takes is kept and the other closed.
    """

    CHECK_EVERY_S = 2.0
    """How often to look, while both wait, whether a panel took one of them."""

    def __init__(
        self,
        loop: EventLoop,
        source: TrayMenuSource,
        makers: Sequence[IconMaker] | None = None,
    ) -> None:
        """Try each kind of icon ``makers`` make (default: StatusNotifierItem, then XEmbed)."""
        self._loop = loop
        self.waiting: list[TrayIcon] = []
        self.icon: TrayIcon | None = None
        """The icon a panel shows, or None while none does."""
        for make in makers if makers is not None else (_sni, _xembed):
            candidate = make(loop, source)
            if candidate is None:
                continue
            if candidate.show():
                self._keep(candidate)
                break
            self.waiting.append(candidate)
        else:
            if self.waiting:
                loop.call_later(self.CHECK_EVERY_S, self._check)

    def _keep(self, icon: TrayIcon) -> None:
        self.icon = icon
        for other in self.waiting:
            if other is not icon:
                other.close()
        self.waiting = []

    def _check(self) -> None:
        for candidate in self.waiting:
            if candidate.is_shown():
                self._keep(candidate)
                return
        self._loop.call_later(self.CHECK_EVERY_S, self._check)

    def refresh(self) -> None:
        """Pass a menu or tooltip change to whichever icons exist."""
        for icon in [self.icon, *self.waiting]:
            if icon is not None:
                icon.refresh()

    def close(self) -> None:
        """Remove the icon(s)."""
        for icon in [self.icon, *self.waiting]:
            if icon is not None:
                icon.close()
        self.icon, self.waiting = None, []

    def describe(self) -> str:
        """Say where BackCoach shows itself, for the start-up line."""
        if self.icon is not None:
            return f"in the system tray ({self.icon.name})"
        if self.waiting:
            return "waiting for a system tray to show its icon"
        return "without a tray icon"


def _sni(loop: EventLoop, source: TrayMenuSource) -> TrayIcon | None:
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return None
    try:
        from backcoach.adapters.tray.sni import StatusNotifierTray

        return StatusNotifierTray(loop, source)
    except (ImportError, OSError, RuntimeError, ValueError):
        return None


def _xembed(loop: EventLoop, source: TrayMenuSource) -> TrayIcon | None:
    if not os.environ.get("DISPLAY"):
        return None
    try:
        from backcoach.adapters.tray.xembed import XEmbedTray

        return XEmbedTray(loop, source)
    except (ImportError, OSError, RuntimeError):
        return None


def desktop_notifier() -> Callable[[str, str], object]:
    """Return a function that shows a desktop notification (or prints it, without a server)."""
    notifier = None
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        try:
            from backcoach.adapters.notify import DesktopNotifier

            notifier = DesktopNotifier()
        except (ImportError, OSError, RuntimeError):
            notifier = None

    def notify(title: str, text: str) -> None:
        if notifier is None or not notifier.notify(title, text):
            print(f"{title}: {text}", flush=True)

    return notify


def watch_signals(
    loop: EventLoop, on_end: Callable[[], None], on_child_ended: Callable[[], object]
) -> None:
    """Turn SIGTERM and SIGINT into ``on_end``, SIGCHLD into ``on_child_ended``, in the loop.

    The handlers do nothing themselves: Python writes each signal's number to a
    pipe the loop watches, so the loop wakes from ``select`` and acts there.
    """
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    os.set_blocking(wake_read, False)
    signal.set_wakeup_fd(wake_write)
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGCHLD):
        signal.signal(signum, lambda *_: None)

    def on_wake() -> None:
        try:
            numbers = os.read(wake_read, 256)
        except BlockingIOError:
            return
        if signal.SIGCHLD in numbers:
            on_child_ended()
        if signal.SIGTERM in numbers or signal.SIGINT in numbers:
            on_end()

    loop.add_reader(wake_read, on_wake)


def run_resident(interval_min: float | None = None, idle_threshold_s: float | None = None) -> int:
    """Run the tray until the user quits it or it is asked to end; return the exit code."""
    settings, config = tray_start(interval_min, idle_threshold_s)
    channel = tray_channel()
    if not claim(TRAY, channel.send, channel.listen):
        print("BackCoach is already running in the tray; it was asked to say so.")
        return 0

    loop = SelectLoop()
    notify = desktop_notifier()

    def report_log_problem(message: str) -> None:
        print(message, file=sys.stderr)
        notify("BackCoach could not log a break", message)

    tracker = make_tracker(settings, config, SafeLog(report=report_log_problem))
    nudge = NudgeProcess(loop)
    app = AppLink()
    resident = ResidentTray(
        loop,
        settings,
        tracker,
        nudge,
        app,
        notify=notify,
        on_quit=loop.stop,
        overrides=(interval_min, idle_threshold_s),
    )
    nudge.on_choice = resident.nudge_answered
    if channel.listening:
        loop.add_reader(channel.fileno(), lambda: channel.receive(resident.handle_message))

    watch_signals(loop, on_end=loop.stop, on_child_ended=lambda: (nudge.reap(), app.reap()))

    tray = TrayChoice(loop, resident)
    resident.refresh_tray = tray.refresh
    enabled = settings.reminders_enabled or interval_min is not None
    resident.switch(enabled)
    when = when_due_line(enabled, config)
    print(
        f"BackCoach is running {tray.describe()}. {' '.join(start_up_messages(tracker))} {when}",
        flush=True,
    )
    loop.call_later(_TRIM_AFTER_START_S, release_free_memory)
    try:
        loop.run()
    finally:
        resident.stop()
        nudge.close()
        tray.close()
        channel.close()
        signal.set_wakeup_fd(-1)
        loop.close()
    return 0
