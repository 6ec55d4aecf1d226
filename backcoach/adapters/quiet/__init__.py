"""Quiet times the desktop can tell us about: a full-screen window in front, do-not-disturb.

``detect_quiet_check()`` returns a ``QuietTimes`` callable for the sitting
tracker: it answers why a nudge must wait now (``"fullscreen"``,
``"presentation"``, ``"do-not-disturb"``) or None. The tracker asks only when
a nudge is due, so these checks cost nothing the rest of the time.

What is read, per platform (best effort; whatever cannot be read is "not quiet"):

- X11 (and X11 windows under XWayland): the active window's
  ``_NET_WM_STATE_FULLSCREEN``;
- GNOME: "Do Not Disturb" (``show-banners`` false);
- KDE Plasma and others: ``org.freedesktop.Notifications`` ``Inhibited``;
- Windows: ``SHQueryUserNotificationState`` (full screen, presentation mode);
- macOS: nothing yet.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Callable, Mapping

from backcoach.adapters.dbus.session import DBusUnavailable, SessionBus
from backcoach.adapters.x11 import X11Unavailable

QuietProbe = Callable[[], "bool | str | None"]
"""True (or a reason) while quiet; False/None otherwise."""

_log = logging.getLogger(__name__)


class QuietTimes:
    """Asks each probe in turn; the first that says "quiet" gives the reason."""

    def __init__(self, probes: list[tuple[str, QuietProbe]]) -> None:
        self._probes = probes

    @property
    def reasons(self) -> tuple[str, ...]:
        """Return the reasons this desktop can report (for the settings and the docs)."""
        return tuple(reason for reason, _ in self._probes)

    def __call__(self) -> str | None:
        for reason, probe in self._probes:
            try:
                answer = probe()
            except Exception as exc:  # noqa: BLE001 - a broken probe must never block a nudge
                _log.debug("quiet probe %s failed: %s", reason, exc)
                continue
            if answer:
                return answer if isinstance(answer, str) else reason
        return None


def _linux_probes(env: Mapping[str, str], respect_fullscreen: bool) -> list[tuple[str, QuietProbe]]:
    from backcoach.adapters.quiet.dnd import gnome_banners_hidden, notifications_inhibited

    probes: list[tuple[str, QuietProbe]] = []
    if respect_fullscreen and env.get("DISPLAY"):
        from backcoach.adapters.quiet.fullscreen_x11 import X11FullscreenCheck

        with contextlib.suppress(X11Unavailable):
            probes.append(("fullscreen", X11FullscreenCheck(env["DISPLAY"])))
    if "GNOME" in env.get("XDG_CURRENT_DESKTOP", "").upper():
        probes.append(("do-not-disturb", lambda: gnome_banners_hidden(env)))
    try:
        bus = SessionBus(env.get("DBUS_SESSION_BUS_ADDRESS"))
    except DBusUnavailable:
        return probes
    probes.append(("do-not-disturb", lambda: notifications_inhibited(bus)))
    return probes


def detect_quiet_check(
    *,
    respect_fullscreen: bool = True,
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
) -> QuietTimes:
    """Return the quiet-time check for this desktop (possibly one that never says quiet)."""
    env = os.environ if env is None else env
    platform = platform or sys.platform
    if platform == "win32":
        if not respect_fullscreen:
            return QuietTimes([])
        from backcoach.adapters.quiet.windows import WindowsBusyCheck

        try:
            return QuietTimes([("fullscreen", WindowsBusyCheck())])
        except OSError:
            return QuietTimes([])
    if platform == "darwin":
        return QuietTimes([])
    return QuietTimes(_linux_probes(env, respect_fullscreen))
