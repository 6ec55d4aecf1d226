"""A bar chart of active minutes per week (Monday to Sunday), drawn with QPainter.

Every bar carries its number of minutes above it and its week below it, so
the chart reads without the colours; the current week is marked "This week".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from backcoach.core.history.stats import WeekMinutes
from backcoach.i18n import _, join_clauses
from backcoach.ui.history.chart_ink import begin_chart
from backcoach.ui.history.dates import format_date

BAR_COLOUR = "#2f7bc4"
THIS_WEEK_COLOUR = "#1b4f85"
_MARGIN_TOP = 22
_MARGIN_BOTTOM = 34
_MARGIN_SIDE = 8


@dataclass(frozen=True)
class WeekBar:
    """One bar: the week, its whole minutes, and the texts shown with it."""

    week_start: date
    minutes: int
    label: str
    tooltip: str


def week_label(week_start: date, this_week: date) -> str:
    """Return the label under a bar: ``This week`` or the Monday, e.g. ``17 Nov``."""
    if week_start == this_week:
        return _("This week")
    # Translators: a QLocale date format (d day, MMM short month), under a week's bar.
    return format_date(week_start, _("d MMM"))


def week_tooltip(week_start: date, minutes: int) -> str:
    """Return e.g. ``Week of 17-23 Nov 2026: 95 min``."""
    sunday = week_start + timedelta(days=6)
    # Translators: QLocale date formats of a week: its end (d day, MMM month, yyyy year), its
    # start within the same month (the day) and its start in another month (day and month).
    end = format_date(sunday, _("d MMM yyyy"))
    if sunday.month == week_start.month:
        span = _("{start}–{end}").format(start=format_date(week_start, _("d")), end=end)
    else:
        span = _("{start} – {end}").format(start=format_date(week_start, _("d MMM")), end=end)
    return _("Week of {span}: {minutes} min").format(span=span, minutes=minutes)


def nice_ceiling(value: float) -> int:
    """Return a round top for the axis at or above ``value`` (at least 30 minutes)."""
    if value <= 30:
        return 30
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 1.5, 2, 3, 4, 5, 6, 8, 10):
        if step * magnitude >= value:
            return int(step * magnitude)
    return int(10 * magnitude)


class WeeklyMinutesChart(QWidget):
    """Minutes per week for the last weeks, oldest on the left; ``set_weeks`` fills it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("weeklyMinutesChart")
        self.setAccessibleName(_("Active minutes per week"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._bars: list[WeekBar] = []
        self._this_week: int | None = None

    def set_weeks(self, weeks: Sequence[WeekMinutes], today: date) -> None:
        """Show ``weeks`` (oldest first); the week holding ``today`` is marked."""
        monday = today - timedelta(days=today.weekday())
        self._bars = [
            WeekBar(
                week.week_start,
                round(week.minutes),
                week_label(week.week_start, monday),
                week_tooltip(week.week_start, round(week.minutes)),
            )
            for week in weeks
        ]
        self._this_week = next(
            (i for i, bar in enumerate(self._bars) if bar.week_start == monday), None
        )
        self.setAccessibleDescription(
            join_clauses(
                _("{label}: {minutes} min").format(label=bar.label, minutes=bar.minutes)
                for bar in self._bars
            )
        )
        self.update()

    def bars(self) -> list[WeekBar]:
        """Return the bars shown, oldest first."""
        return list(self._bars)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(520, 200)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(360, 150)

    def _slots(self) -> list[QRectF]:
        """Return the horizontal slot of each bar (full plot height)."""
        count = max(1, len(self._bars))
        width = (self.width() - 2 * _MARGIN_SIDE) / count
        height = self.height() - _MARGIN_TOP - _MARGIN_BOTTOM
        return [
            QRectF(_MARGIN_SIDE + i * width, _MARGIN_TOP, width, height)
            for i in range(len(self._bars))
        ]

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            for slot, bar in zip(self._slots(), self._bars, strict=True):
                if slot.left() <= event.pos().x() < slot.right():
                    QToolTip.showText(event.globalPos(), bar.tooltip, self)
                    return True
            QToolTip.hideText()
            return True
        return super().event(event)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        if not self._bars:
            return
        painter, ink = begin_chart(self)
        top = nice_ceiling(max(bar.minutes for bar in self._bars))
        slots = self._slots()
        plot_bottom = slots[0].bottom()
        plot_height = slots[0].height()
        painter.setPen(ink.grid)
        for fraction in (0.0, 0.5, 1.0):
            y = plot_bottom - fraction * plot_height
            painter.drawLine(int(_MARGIN_SIDE), int(y), int(self.width() - _MARGIN_SIDE), int(y))
        for index, (slot, bar) in enumerate(zip(slots, self._bars, strict=True)):
            bar_width = min(44.0, slot.width() * 0.62)
            x = slot.center().x() - bar_width / 2
            height = plot_height * bar.minutes / top
            colour = THIS_WEEK_COLOUR if index == self._this_week else BAR_COLOUR
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            if bar.minutes:
                painter.drawRoundedRect(QRectF(x, plot_bottom - height, bar_width, height), 3, 3)
            painter.setPen(ink.text)
            value_box = QRectF(slot.left(), plot_bottom - height - 18, slot.width(), 16)
            painter.drawText(value_box, Qt.AlignmentFlag.AlignCenter, str(bar.minutes))
            painter.setPen(ink.muted if index != self._this_week else ink.text)
            label_box = QRectF(slot.left() - 6, plot_bottom + 4, slot.width() + 12, 16)
            painter.drawText(label_box, Qt.AlignmentFlag.AlignCenter, bar.label)
        painter.end()
