"""A calendar heat map of active minutes per day, one column per week, drawn with QPainter.

Each day is a square coloured by how many minutes were done that day; the
legend names the minutes each colour stands for, and hovering a day shows its
date and minutes, so colour never carries the meaning alone. As many weeks as
fit are shown, from ``MIN_WEEKS`` up to a year (``MAX_WEEKS``), ending with
this week.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from backcoach.i18n import N_, _, ngettext
from backcoach.ui.history.chart_ink import begin_chart
from backcoach.ui.history.dates import format_date, weekday_name

MIN_WEEKS = 26
MAX_WEEKS = 53
LEVEL_BOUNDS = (1, 10, 20, 30)
"""Any activity is level 1; at least 10 minutes level 2, 20 minutes level 3, 30 level 4."""
LEVEL_COLOURS = ("#e4e7eb", "#b5e3b9", "#62c370", "#2e9e48", "#1b6b30")
# Translators: the heat map's legend: no activity, then minutes per day.
LEVEL_LABELS = (N_("none"), "1–9", "10–19", "20–29", N_("30+ min"))
"""The legend's labels (the words marked; translated when drawn)."""
CELL = 13
GAP = 3
LEFT = 36
TOP = 18
LEGEND_HEIGHT = 26
_WEEKDAY_ROWS = (0, 2, 4)
"""The rows named at the left: Monday, Wednesday, Friday."""


@dataclass(frozen=True)
class HeatCell:
    """One day of the map: its minutes, colour level and grid place (column = week)."""

    day: date
    minutes: float
    level: int
    column: int
    row: int


def level_of(minutes: float) -> int:
    """Return the colour level (0-4) of a day with ``minutes`` of activity."""
    if minutes <= 0:
        return 0
    return max(1, bisect.bisect_right(LEVEL_BOUNDS, minutes))


def format_minutes(minutes: float) -> str:
    """Return whole minutes, e.g. ``24 min`` or ``1 h 05 min``; under a minute is ``<1 min``."""
    if 0 < minutes < 1:
        return _("<1 min")
    whole = int(round(minutes))
    hours, rest = divmod(whole, 60)
    if hours:
        return _("{hours} h {minutes} min").format(hours=hours, minutes=f"{rest:02d}")
    return _("{minutes} min").format(minutes=whole)


def day_tooltip(day: date, minutes: float, desk_breaks: int = 0) -> str:
    """Return the hover text of one day: its date, active minutes and desk breaks in words."""
    # Translators: a QLocale date format (dddd weekday, d day, MMMM month, yyyy year).
    when = format_date(day, _("dddd d MMMM yyyy"))
    if minutes <= 0 and not desk_breaks:
        return _("{day}: no activity").format(day=when)
    if minutes <= 0:
        return ngettext(
            "{day}: no activity, {n} desk break", "{day}: no activity, {n} desk breaks", desk_breaks
        ).format(day=when, n=desk_breaks)
    if not desk_breaks:
        return _("{day}: {minutes} active").format(day=when, minutes=format_minutes(minutes))
    return ngettext(
        "{day}: {minutes} active, {n} desk break",
        "{day}: {minutes} active, {n} desk breaks",
        desk_breaks,
    ).format(day=when, minutes=format_minutes(minutes), n=desk_breaks)


class ActivityHeatmap(QWidget):
    """Active minutes per day for the last weeks; ``set_data`` fills it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("activityHeatmap")
        self.setAccessibleName(_("Active minutes per day"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._minutes: dict[date, float] = {}
        self._today = date.today()
        self._weeks = MAX_WEEKS
        self._cells: list[HeatCell] = []
        self._by_day: dict[date, HeatCell] = {}
        self._stale = True
        """The cells are built when first needed, not at each resize while a layout settles."""

    # -- data ------------------------------------------------------------------------------

    def set_data(
        self,
        minutes_by_day: dict[date, float],
        today: date,
        desk_breaks_by_day: dict[date, int] | None = None,
    ) -> None:
        """Show ``minutes_by_day`` (days without activity may be left out) up to ``today``.

        ``desk_breaks_by_day`` is told in each day's hover text.
        """
        self._desk_breaks = desk_breaks_by_day or {}
        self._minutes = minutes_by_day
        self._today = today
        self._invalidate()

    @property
    def weeks(self) -> int:
        """Return how many weeks are shown (they depend on the widget's width)."""
        return self._weeks

    def tooltip_for(self, day: date) -> str:
        """Return the hover text of ``day``."""
        return day_tooltip(day, self._minutes.get(day, 0.0), self._desk_breaks.get(day, 0))

    def cells(self) -> list[HeatCell]:
        """Return the days shown, oldest first."""
        self._build()
        return list(self._cells)

    def cell(self, day: date) -> HeatCell | None:
        """Return the cell of ``day``, or None if it is not shown."""
        self._build()
        return self._by_day.get(day)

    def first_day(self) -> date:
        """Return the oldest day shown (a Monday)."""
        self._build()
        return self._cells[0].day

    def _invalidate(self) -> None:
        self._stale = True
        self.update()

    def _build(self) -> None:
        if not self._stale:
            return
        self._stale = False
        monday = self._today - timedelta(days=self._today.weekday())
        start = monday - timedelta(weeks=self._weeks - 1)
        cells = []
        for offset in range((self._today - start).days + 1):
            day = start + timedelta(days=offset)
            minutes = self._minutes.get(day, 0.0)
            cells.append(HeatCell(day, minutes, level_of(minutes), offset // 7, offset % 7))
        self._cells = cells
        self._by_day = {cell.day: cell for cell in cells}
        active = [cell for cell in cells if cell.minutes > 0]
        self.setAccessibleDescription(
            ngettext(
                "{n} active day in the last {weeks} weeks, {minutes} in all.",
                "{n} active days in the last {weeks} weeks, {minutes} in all.",
                len(active),
            ).format(
                n=len(active),
                weeks=self._weeks,
                minutes=format_minutes(sum(cell.minutes for cell in active)),
            )
        )

    # -- geometry --------------------------------------------------------------------------

    @staticmethod
    def _width_for(weeks: int) -> int:
        return LEFT + weeks * (CELL + GAP)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(self._width_for(MAX_WEEKS), self.minimumSizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(self._width_for(MIN_WEEKS), TOP + 7 * (CELL + GAP) + LEGEND_HEIGHT)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt name)
        fitting = (event.size().width() - LEFT) // (CELL + GAP)
        weeks = max(MIN_WEEKS, min(MAX_WEEKS, fitting))
        if weeks != self._weeks:
            self._weeks = weeks
            self._invalidate()
        super().resizeEvent(event)

    def _rect(self, cell: HeatCell) -> QRect:
        return QRect(LEFT + cell.column * (CELL + GAP), TOP + cell.row * (CELL + GAP), CELL, CELL)

    def cell_at(self, point: QPoint) -> HeatCell | None:
        """Return the day under ``point`` (widget coordinates), if any."""
        column = (point.x() - LEFT) // (CELL + GAP)
        row = (point.y() - TOP) // (CELL + GAP)
        if point.x() < LEFT or point.y() < TOP or not 0 <= row < 7:
            return None
        self._build()
        index = column * 7 + row
        if 0 <= index < len(self._cells):
            cell = self._cells[index]
            return cell if self._rect(cell).contains(point) else None
        return None

    # -- events ----------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            cell = self.cell_at(event.pos())
            if cell is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self.tooltip_for(cell.day), self)
            return True
        return super().event(event)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        self._build()
        painter, ink = begin_chart(self)
        painter.setPen(ink.muted)
        for row in _WEEKDAY_ROWS:
            y = TOP + row * (CELL + GAP)
            painter.drawText(
                QRect(0, y - 2, LEFT - 6, CELL + 4), Qt.AlignmentFlag.AlignRight, weekday_name(row)
            )
        last_label_x = -100
        for cell in self._cells:
            if cell.row == 0 and cell.day.day <= 7:
                x = LEFT + cell.column * (CELL + GAP)
                if x - last_label_x >= 30:
                    painter.drawText(QPoint(x, TOP - 5), format_date(cell.day, "MMM"))
                    last_label_x = x
        painter.setPen(Qt.PenStyle.NoPen)
        colours = [QColor(code) for code in LEVEL_COLOURS]
        for cell in self._cells:
            painter.setBrush(colours[cell.level])
            painter.drawRoundedRect(self._rect(cell), 2.5, 2.5)
        today = self._by_day.get(self._today)
        if today is not None:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(ink.text, 1.5))
            painter.drawRoundedRect(self._rect(today).adjusted(-1, -1, 1, 1), 3, 3)
        self._paint_legend(painter, colours, ink.muted)
        painter.end()

    def _paint_legend(self, painter: QPainter, colours: list[QColor], pen: QColor) -> None:
        metrics = painter.fontMetrics()
        y = TOP + 7 * (CELL + GAP) + 8
        labels = [_(label) for label in LEVEL_LABELS]
        widths = [CELL + 4 + metrics.horizontalAdvance(label) + 12 for label in labels]
        x = max(LEFT, self._width_for(self._weeks) - GAP - sum(widths))
        for colour, label, width in zip(colours, labels, widths, strict=True):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(QRect(x, y, CELL, CELL), 2.5, 2.5)
            painter.setPen(pen)
            painter.drawText(
                QRect(x + CELL + 4, y - 2, width, CELL + 4), Qt.AlignmentFlag.AlignVCenter, label
            )
            x += width
