"""What the player tells a screen reader: each new phase, and the countdown now and then.

A screen reader that read every second of the countdown would drown out
everything else, so the countdown is announced only at round moments (every
10 s under a minute, every 30 s from a minute on) and in the last 3 s; a new
phase (get ready, the exercise, rest, paused, finished) is announced with the
exercise's name and side. Reps and breaths are not announced (the voice counts
them, every few seconds).

Announcements are Qt accessibility announcement events (Qt 6.8+), which reach
AT-SPI (Orca) and the other platforms' screen readers; a new phase is polite,
the last three seconds are too, so speech already under way is not cut off.
(The session's end view announces a pain stop assertively.)
"""

from __future__ import annotations

import weakref
from collections import deque
from collections.abc import Callable

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget

from backcoach.core.playback.display import Phase, PlayerDisplay
from backcoach.i18n import _, ngettext

FINAL_SECONDS = 3
"""The last seconds of a countdown, each announced."""
KEPT = 50
"""How many announcements ``announced`` remembers (for tests and diagnostics)."""

Post = Callable[[QWidget, str], None]


def post_announcement(widget: QWidget, text: str, assertive: bool = False) -> None:
    """Send ``text`` to screen readers from ``widget`` (``assertive``: interrupt them)."""
    if not QAccessible.isActive():
        return  # no assistive technology listens: nothing to build
    event = QAccessibleAnnouncementEvent(widget, text)
    politeness = QAccessible.AnnouncementPoliteness
    event.setPoliteness(politeness.Assertive if assertive else politeness.Polite)
    QAccessible.updateAccessibility(event)


def worth_announcing(seconds: int) -> bool:
    """Return whether a countdown showing ``seconds`` is announced."""
    if seconds <= 0:
        return False
    if seconds <= FINAL_SECONDS:
        return True
    return seconds % (30 if seconds >= 60 else 10) == 0


def countdown_words(seconds: int) -> str:
    """Return the countdown in words: "10 seconds left", "1 minute 30 seconds left"."""
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return ngettext("{n} second left", "{n} seconds left", rest).format(n=rest)
    if not rest:
        return ngettext("{n} minute left", "{n} minutes left", minutes).format(n=minutes)
    # Translators: a countdown read by a screen reader, e.g. "1 min 30 s left".
    return _("{minutes} min {seconds} s left").format(minutes=minutes, seconds=rest)


def phase_words(display: PlayerDisplay) -> str:
    """Return a new phase in words: "Hold: Cat cow, left side", "Rest. Next: Cat cow"."""
    if display.side:
        # Translators: announced to screen readers at a new phase: "Hold: Cat cow, left side".
        text = _("{phase}: {title}, {side}").format(
            phase=display.phase_label, title=display.title, side=display.side
        )
    elif display.title.casefold() == display.phase_label.casefold():
        text = display.phase_label
    else:
        # Translators: announced to screen readers at a new phase: "Get ready: Cat cow".
        text = _("{phase}: {title}").format(phase=display.phase_label, title=display.title)
    if display.phase is Phase.REST and display.next_text:
        # Translators: a rest announced to screen readers: "Rest. Next: Cat cow".
        return _("{rest}. Next: {next}").format(rest=text, next=display.next_text)
    return text


class PlayerAnnouncer:
    """Turns the player's display, repainted ten times a second, into a few announcements."""

    def __init__(self, widget: QWidget, post: Post = post_announcement) -> None:
        # Weak: the page owns its announcer, and a cycle would leave the page to Python's
        # garbage collector, which frees it at any moment, even while Qt is laying it out.
        self._widget = weakref.ref(widget)
        self._post = post
        self._phase_key: tuple[object, ...] | None = None
        self._seconds: int | None = None
        self.announced: deque[str] = deque(maxlen=KEPT)
        """The latest announcements, oldest first."""

    def reset(self) -> None:
        """Forget the last phase (a new session starts)."""
        self._phase_key = None
        self._seconds = None

    def update(self, display: PlayerDisplay, counting_down: bool) -> None:
        """Announce what changed since the last call (``counting_down``: the time is announced)."""
        key = (display.phase, display.title, display.side)  # not each breath or rep
        seconds = display.countdown_s if counting_down else None
        if key != self._phase_key:
            self._phase_key, self._seconds = key, seconds
            if display.phase is not Phase.FINISHED:  # the end view tells how it ended
                self._say(phase_words(display))
            return
        if seconds is None or seconds == self._seconds:
            return
        self._seconds = seconds
        if worth_announcing(seconds):
            self._say(countdown_words(seconds))

    def _say(self, text: str) -> None:
        self.announced.append(text)
        widget = self._widget()
        if widget is not None:
            self._post(widget, text)
