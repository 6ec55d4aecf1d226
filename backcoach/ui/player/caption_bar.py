"""Captions and flashes: every spoken cue as a line of text, every beep as a short flash.

A person who cannot hear (or plays muted, or has no speech engine) must not
miss a cue. ``CaptionBar.show_cue`` takes the cue the session hands to the
voice (anything with ``kind``, ``text`` and ``speak_s``, like ``core.playback.
cues.Cue``):

- a spoken cue shows its text for its speaking time (at least
  ``MIN_CAPTION_S``, so a short word can be read);
- a beep makes the bar flash in the text colour: ``TICK_FLASH_MS`` for a
  countdown tick, ``PHASE_FLASH_MS`` for the start of a new phase. Ticks come
  at most once a second, well under the three flashes a second that WCAG
  2.3.1 allows.

The bar takes its colours from its palette (the player's phase colours) and
draws the caption in the background colour while it flashes, so the text
stays readable.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QHBoxLayout, QWidget

from backcoach.core.clock import Clock, SystemClock
from backcoach.i18n import _
from backcoach.ui.player.fitting_label import FittingLabel

MIN_CAPTION_S = 2.0
"""A caption stays at least this long, however quickly it is said."""
TICK_FLASH_MS = 180
PHASE_FLASH_MS = 450
_BEEP = "beep:"


def _kind(cue: Any) -> str:
    kind = getattr(cue, "kind", "speech")
    return str(getattr(kind, "value", kind))


class CaptionBar(QWidget):
    """One line under the player's picture: the cue being said, and a flash for each beep."""

    def __init__(self, clock: Clock | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("captionBar")
        self.clock: Clock = clock or SystemClock()
        self.line = FittingLabel(0.8)
        self.line.setObjectName("caption")
        self.line.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.addWidget(self.line)
        self._until = 0.0
        self.flashes = 0
        """How many beeps were shown (for tests and the screenshot tool)."""
        self.last_flash_ms = 0
        self._expiry = QTimer(self)
        self._expiry.setSingleShot(True)
        self._expiry.timeout.connect(self.expire)
        self._flash_end = QTimer(self)
        self._flash_end.setSingleShot(True)
        self._flash_end.timeout.connect(self._end_flash)

    @property
    def caption(self) -> str:
        """Return the caption shown now ("" when none)."""
        return self.line.text()

    @property
    def flashing(self) -> bool:
        """Return True while a beep's flash is on."""
        return self._flash_end.isActive()

    def show_cue(self, cue: Any) -> None:
        """Show ``cue``: its text for its speaking time, or a flash for a beep."""
        kind = _kind(cue)
        if kind.startswith(_BEEP):
            self.flash(PHASE_FLASH_MS if kind.endswith("phase") else TICK_FLASH_MS)
            return
        text = str(getattr(cue, "text", "")).strip()
        if not text:
            return
        seconds = max(MIN_CAPTION_S, float(getattr(cue, "speak_s", 0.0) or 0.0))
        # Translators: a spoken cue shown as a caption, in quotation marks.
        self.line.setText(_("“{said}”").format(said=text))
        self._until = self.clock.monotonic() + seconds
        self._expiry.start(round(seconds * 1000))

    def flash(self, ms: int) -> None:
        """Flash the bar for ``ms`` milliseconds."""
        self.flashes += 1
        self.last_flash_ms = ms
        self._flash_end.start(ms)
        self._set_text_role(QPalette.ColorRole.Window)
        self.update()

    def expire(self) -> None:
        """Take the caption away once its time on the clock is up (the page also calls this)."""
        if self._until and self.clock.monotonic() >= self._until:
            self.clear()

    def clear(self) -> None:
        """Show no caption and no flash (a new session, a stop)."""
        self._until = 0.0
        self._expiry.stop()
        self.line.clear()
        if self._flash_end.isActive():
            self._flash_end.stop()
            self._end_flash()

    def _end_flash(self) -> None:
        self._set_text_role(QPalette.ColorRole.WindowText)
        self.update()

    def _set_text_role(self, role: QPalette.ColorRole) -> None:
        self.line.setForegroundRole(role)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """Fill the bar with the text colour while it flashes."""
        if self.flashing:
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.palette().color(QPalette.ColorRole.WindowText))
            painter.drawRoundedRect(QRectF(self.rect()), 6, 6)
            painter.end()
        super().paintEvent(event)
