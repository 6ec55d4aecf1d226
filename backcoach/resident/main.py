"""``backcoach tray`` on Linux: the resident tray process put together, and its loop run.

Start-up: read the settings (and this run's overrides), claim the tray's
channel (a second ``backcoach tray`` tells the running one and leaves), make
the tracker on this desktop's idle source, show the tray icon (a
StatusNotifierItem when the desktop has a watcher for them, else an XEmbed
icon, which also waits for a panel that starts later), and arm the reminders.
SIGTERM and SIGINT end it cleanly, closing any nudge.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable

from backcoach.adapters.local_channel import UnixChannel, claim, instance_key
from backcoach.adapters.memory import release_free_memory
from backcoach.adapters.tray import TrayIcon
from backcoach.core.history.safe_log import SafeLog
from backcoach.core.tray_menu import TrayMenuSource
from backcoach.reminder_setup import (
    REMINDERS_OFF,
    make_tracker,
    start_up_messages,
    tracker_config,
)
from backcoach.resident.app_link import AppLink
from backcoach.resident.loop import EventLoop, SelectLoop
from backcoach.resident.nudge_link import NudgeProcess
from backcoach.resident.service import ResidentTray
from backcoach.settings import load_settings

TRAY_CHANNEL_ROLE = "tray"
_TRIM_AFTER_START_S = 3.0


def tray_channel() -> UnixChannel:
    """Return the resident tray's channel (the app sends its reports there)."""
    return UnixChannel(instance_key(TRAY_CHANNEL_ROLE))


def show_tray_icon(loop: EventLoop, source: TrayMenuSource) -> TrayIcon | None:
    """Show the icon the way this desktop supports; None where there is no way at all.

    A StatusNotifierItem when a watcher is on the session bus now; otherwise an
    XEmbed icon, which docks when a tray appears (even later). Without an X
    display, a StatusNotifierItem that registers when a watcher appears.
    """
    sni = None
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        try:
            from backcoach.adapters.tray.sni import StatusNotifierTray

            sni = StatusNotifierTray(loop, source)
        except (ImportError, OSError, RuntimeError, ValueError):
            sni = None
        if sni is not None and sni.show():
            return sni
    if os.environ.get("DISPLAY"):
        try:
            from backcoach.adapters.tray.xembed import XEmbedTray

            xembed = XEmbedTray(loop, source)
        except (ImportError, OSError, RuntimeError):
            xembed = None
        if xembed is not None:
            xembed.show()  # False now is fine: it docks when a tray appears
            if sni is not None:
                sni.close()
            return xembed
    return sni


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


def run_resident(interval_min: float | None = None, idle_threshold_s: float | None = None) -> int:
    """Run the tray until the user quits it or it is asked to end; return the exit code."""
    loaded = load_settings()
    settings = loaded.settings
    config, problems = tracker_config(settings, interval_min, idle_threshold_s)
    for problem in [loaded.problem, *problems]:
        if problem:
            print(problem, file=sys.stderr)
    channel = tray_channel()
    if not claim(channel, "tray"):
        print("BackCoach is already running in the tray; it was asked to say so.")
        return 0

    loop = SelectLoop()
    notify = desktop_notifier()

    def report_log_problem(message: str) -> None:
        print(message, file=sys.stderr)
        notify("BackCoach could not log a break", message)

    tracker = make_tracker(settings, config, SafeLog(report=report_log_problem))
    nudge = NudgeProcess(loop)
    resident = ResidentTray(
        loop, settings, tracker, nudge, AppLink(), notify=notify, on_quit=loop.stop
    )
    nudge.on_choice = resident.nudge_answered
    if channel.listening:
        loop.add_reader(channel.fileno(), lambda: channel.receive(resident.handle_message))

    # A signal ends the loop: the handler only writes a byte the loop is watching.
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: None)
    loop.add_reader(wake_read, loop.stop)

    icon = show_tray_icon(loop, resident)
    if icon is not None:
        resident.refresh_tray = icon.refresh
    enabled = settings.reminders_enabled or interval_min is not None
    resident.switch(enabled)
    if enabled:
        when = f"A break is due after {config.interval_s / 60:g} min of sitting."
    else:
        when = f"{REMINDERS_OFF}."
    where = f"in the system tray ({icon.name})" if icon is not None else "without a tray icon"
    print(
        f"BackCoach is running {where}. {' '.join(start_up_messages(tracker))} {when}",
        flush=True,
    )
    loop.call_later(_TRIM_AFTER_START_S, release_free_memory)
    try:
        loop.run()
    finally:
        resident.stop()
        nudge.close()
        if icon is not None:
            icon.close()
        channel.close()
        signal.set_wakeup_fd(-1)
        loop.close()
    return 0
