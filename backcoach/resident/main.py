"""``backcoach tray`` on Linux: the resident tray process put together, and its loop run.

Start-up: read the settings (and this run's overrides), claim the tray's
channel (a second ``backcoach tray`` tells the running one and leaves), make
the tracker on this desktop's idle source, show the tray icon (``TrayChoice``:
a StatusNotifierItem, even when its panel starts later), and arm the reminders.
Where the desktop's panel only docks X icons (XEmbed) and serves no
StatusNotifierItem, this process turns into ``backcoach tray --qt`` (exec):
Qt's tray icon and its accessible ``QMenu`` serve that panel better.
SIGTERM and SIGINT end it cleanly, closing any nudge.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable

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
from backcoach.i18n import _
from backcoach.ipc import messages
from backcoach.ipc.channel import UnixChannel, claim, instance_key
from backcoach.resident.app_link import AppLink
from backcoach.resident.nudge_link import NudgeProcess
from backcoach.resident.service import ResidentTray

_TRIM_AFTER_START_S = 3.0


def tray_channel() -> UnixChannel:
    """Return the resident tray's channel (the app sends its reports there)."""
    return UnixChannel(instance_key(messages.TRAY_CHANNEL_ROLE))


IconMaker = Callable[[EventLoop, TrayMenuSource], "TrayIcon | None"]
"""Makes the StatusNotifierItem, or returns None where this desktop cannot have one."""


class TrayChoice:
    """The resident tray's icon, or a hand-over to the Qt tray where only an X system tray is.

    A StatusNotifierItem when a watcher takes it, at start or later (a panel
    that starts after BackCoach). Where no watcher comes but an X system tray
    is there (a panel that docks XEmbed icons: i3bar, LXDE, trayer), the Qt
    tray serves that panel with an accessible, themed menu: ``hand_over`` is
    called once and the resident process makes way for it. While neither is
    there, it keeps looking.
    """

    CHECK_EVERY_S = 2.0
    """How often to look, while waiting, whether a panel took the icon or an X tray appeared."""

    def __init__(
        self,
        loop: EventLoop,
        source: TrayMenuSource,
        hand_over: Callable[[], None],
        *,
        make_sni: IconMaker | None = None,
        x_tray_present: Callable[[], bool] | None = None,
    ) -> None:
        """Show the StatusNotifierItem ``make_sni`` makes, else wait or ``hand_over``."""
        self._loop = loop
        self._hand_over = hand_over
        self._x_tray_present = x_tray_present or _x_tray_present
        self.handing_over = False
        """True once the Qt tray was asked to take over."""
        self.nowhere = False
        """True where no tray can ever come (no session bus, no X display)."""
        self.icon: TrayIcon | None = None
        """The icon a panel shows, or None while none does."""
        self.waiting: TrayIcon | None = (make_sni or _sni)(loop, source)
        """The StatusNotifierItem while no watcher has taken it."""
        if self.waiting is not None and self.waiting.show():
            self.icon, self.waiting = self.waiting, None
        elif self.waiting is None and self._x_tray_present():
            self._start_hand_over()
        elif self.waiting is None and not os.environ.get("DISPLAY"):
            self.nowhere = True
        else:
            # A panel often takes the X tray a moment before its StatusNotifierWatcher
            # starts: give the watcher one check's time before handing over.
            loop.call_later(self.CHECK_EVERY_S, self._check)

    def _check(self) -> None:
        if self.waiting is not None and self.waiting.is_shown():
            self.icon, self.waiting = self.waiting, None
        elif self._x_tray_present():
            self._start_hand_over()
        else:
            self._loop.call_later(self.CHECK_EVERY_S, self._check)

    def _start_hand_over(self) -> None:
        if self.waiting is not None:
            self.waiting.close()
            self.waiting = None
        self.handing_over = True
        self._hand_over()

    def refresh(self) -> None:
        """Pass a menu or tooltip change to the icon (also while it waits for a watcher)."""
        for icon in (self.icon, self.waiting):
            if icon is not None:
                icon.refresh()

    def close(self) -> None:
        """Remove the icon."""
        for icon in (self.icon, self.waiting):
            if icon is not None:
                icon.close()
        self.icon = self.waiting = None

    def describe(self) -> str:
        """Say where BackCoach shows itself, for the start-up line."""
        if self.icon is not None:
            return _("BackCoach is running in the system tray ({icon}).").format(
                icon=self.icon.name
            )
        if self.nowhere:
            return _("BackCoach is running without a tray icon.")
        return _("BackCoach is running, waiting for a system tray to show its icon.")


def _sni(loop: EventLoop, source: TrayMenuSource) -> TrayIcon | None:
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return None
    try:
        from backcoach.adapters.tray.sni import StatusNotifierTray

        return StatusNotifierTray(loop, source)
    except (ImportError, OSError, RuntimeError, ValueError):
        return None


def _x_tray_present() -> bool:
    """Return True when an X system tray (a panel docking XEmbed icons) runs on ``$DISPLAY``."""
    if not os.environ.get("DISPLAY"):
        return False
    from backcoach.adapters.x11 import X11Unavailable, XDisplay

    try:
        display = XDisplay()
    except X11Unavailable:
        return False
    try:
        return bool(display.system_tray_owner())
    finally:
        display.close()


def qt_tray_command(interval_min: float | None, idle_threshold_s: float | None) -> list[str]:
    """Return the command line of ``backcoach tray --qt`` with this run's overrides."""
    command = [sys.executable, "-m", "backcoach", "tray", "--qt"]
    if interval_min is not None:
        command += ["--interval", f"{interval_min:g}"]
    if idle_threshold_s is not None:
        command += ["--idle-threshold", f"{idle_threshold_s:g}"]
    return command


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


def run_resident(
    interval_min: float | None = None,
    idle_threshold_s: float | None = None,
    language: str | None = None,
) -> int:
    """Run the tray until the user quits it or it is asked to end; return the exit code.

    ``language``: this run's language instead of the setting's (until the settings change).
    """
    settings, config = tray_start(interval_min, idle_threshold_s, language)
    channel = tray_channel()
    if not claim(messages.SECOND_TRAY, channel.send, channel.listen):
        print(_("BackCoach is already running in the tray; it was asked to say so."))
        return 0

    loop = SelectLoop()
    notify = desktop_notifier()

    def report_log_problem(message: str) -> None:
        print(message, file=sys.stderr)
        notify(_("BackCoach could not log a break"), message)

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

    def reap_children() -> None:
        nudge.reap()
        app.reap()

    watch_signals(loop, on_end=loop.stop, on_child_ended=reap_children)

    tray = TrayChoice(loop, resident, hand_over=loop.stop)
    resident.refresh_tray = tray.refresh
    try:
        if not tray.handing_over:
            enabled = settings.reminders_enabled or interval_min is not None
            resident.switch(enabled)
            when = when_due_line(enabled, config)
            found = " ".join(start_up_messages(tracker))

            def say_where() -> None:
                if not tray.handing_over:
                    print(f"{tray.describe()} {found} {when}", flush=True)

            if tray.icon is None and not tray.nowhere:
                # Said after the first look, when it may hand over to the Qt tray instead.
                loop.call_later(TrayChoice.CHECK_EVERY_S + 0.1, say_where)
            else:
                say_where()
            loop.call_later(_TRIM_AFTER_START_S, release_free_memory)
            loop.run()
    finally:
        resident.stop()
        nudge.close()
        tray.close()
        channel.close()
        signal.set_wakeup_fd(-1)
        loop.close()
    if tray.handing_over:
        # The same process becomes the Qt tray: one tray process, the same PID for
        # whoever started it, and none of this process's memory kept.
        print("This desktop's tray docks X icons: BackCoach shows it with Qt.", flush=True)
        command = qt_tray_command(interval_min, idle_threshold_s)
        os.execv(command[0], command)
    return 0
