"""Back pain and effort (0-10) week by week over the last months, as two dot-and-line series.

Single answers jump with the routine of the day (a stretch feels easier than a
strength circuit), so each week shows the average of its answers. Each series
has its own marker shape and line style as well as its colour (pain: round
dots, solid line; effort: squares, dashed line), the axis is labelled 0, 5
and 10, and hovering a week shows both averages and how many answers they
come from. Drawn with QPainter.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from backcoach.core.history.localtime import week_start
from backcoach.core.history.stats import FeedbackPoint
from backcoach.i18n import N_, _, ngettext
from backcoach.ui.history.chart_ink import begin_chart
from backcoach.ui.history.dates import format_date

TREND_WEEKS = 26
PAIN_COLOUR = "#c0392b"
EFFORT_COLOUR = "#2f7bc4"
_LEFT = 30
_RIGHT = 16
_TOP = 26
_BOTTOM = 24
_EMPTY_TEXT = N_(
    "After each session BackCoach asks how hard it felt and how your back is (0-10)."
    " Your answers will show here, week by week."
)


@dataclass(frozen=True)
class WeekFeedback:
    """The average effort and pain answered in the week starting on Monday ``week_start``."""

    week_start: date
    effort: float | None
    pain: float | None
    answers: int
    """Sessions with at least one answer that week."""


def weekly_feedback(points: Iterable[FeedbackPoint], since: date) -> list[WeekFeedback]:
    """Return one ``WeekFeedback`` per week from ``since`` on that has an answer, oldest first."""
    efforts: dict[date, list[int]] = defaultdict(list)
    pains: dict[date, list[int]] = defaultdict(list)
    answered: dict[date, int] = defaultdict(int)
    for point in points:
        if point.day < since:
            continue
        monday = week_start(point.day)
        answered[monday] += 1
        if point.effort is not None:
            efforts[monday].append(point.effort)
        if point.pain is not None:
            pains[monday].append(point.pain)

    def mean(values: list[int]) -> float | None:
        return sum(values) / len(values) if values else None

    return [
        WeekFeedback(monday, mean(efforts.get(monday, [])), mean(pains.get(monday, [])), count)
        for monday, count in sorted(answered.items())
    ]


def _score(value: float | None) -> str:
    if value is None:
        return _("not answered")
    return f"{value:.1f}".removesuffix(".0")


def feedback_tooltip(item: WeekFeedback) -> str:
    """Return e.g. ``Week of 16 Nov 2026: back pain 1.5, effort 4.2 (6 sessions)``."""
    return ngettext(
        "Week of {week}: back pain {pain}, effort {effort} ({n} session)",
        "Week of {week}: back pain {pain}, effort {effort} ({n} sessions)",
        item.answers,
    ).format(
        # Translators: a QLocale date format (d day, MMM short month, yyyy year).
        week=format_date(item.week_start, _("d MMM yyyy")),
        pain=_score(item.pain),
        effort=_score(item.effort),
        n=item.answers,
    )


class FeedbackTrendChart(QWidget):
    """Pain and effort per week over the last ``TREND_WEEKS`` weeks; ``set_feedback`` fills it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedbackTrendChart")
        self.setAccessibleName(_("Back pain and effort over time"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._weeks: list[WeekFeedback] = []
        self._filled = False
        self._today = date.today()

    def set_feedback(self, points: Iterable[FeedbackPoint], today: date) -> None:
        """Show the answers in ``points`` from the last ``TREND_WEEKS`` weeks up to ``today``."""
        self._today = today
        self._filled = True
        self._weeks = weekly_feedback(points, self.first_week)
        if self._weeks:
            latest = self._weeks[-1]
            self.setAccessibleDescription(
                ngettext(
                    "{n} week with answers; latest: {latest}.",
                    "{n} weeks with answers; latest: {latest}.",
                    len(self._weeks),
                ).format(n=len(self._weeks), latest=feedback_tooltip(latest))
            )
        else:
            self.setAccessibleDescription(_(_EMPTY_TEXT))
        self.update()

    @property
    def first_week(self) -> date:
        """Return the Monday of the oldest week the chart covers."""
        return week_start(self._today) - timedelta(weeks=TREND_WEEKS - 1)

    def weeks(self) -> list[WeekFeedback]:
        """Return the weeks shown (those with answers), oldest first."""
        return list(self._weeks)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(520, 200)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(360, 150)

    def _plot(self) -> QRectF:
        return QRectF(_LEFT, _TOP, self.width() - _LEFT - _RIGHT, self.height() - _TOP - _BOTTOM)

    def _point(self, plot: QRectF, monday: date, value: float) -> QPointF:
        weeks = (monday - self.first_week).days / 7
        x = plot.left() + plot.width() * weeks / (TREND_WEEKS - 1)
        return QPointF(x, plot.bottom() - plot.height() * value / 10)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and self._weeks:
            assert isinstance(event, QHelpEvent)
            plot = self._plot()
            nearest = min(
                self._weeks,
                key=lambda item: abs(self._point(plot, item.week_start, 0).x() - event.pos().x()),
            )
            if abs(self._point(plot, nearest.week_start, 0).x() - event.pos().x()) <= 12:
                QToolTip.showText(event.globalPos(), feedback_tooltip(nearest), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        painter, ink = begin_chart(self)
        muted = ink.muted
        plot = self._plot()
        for value in (0, 5, 10):
            y = plot.bottom() - plot.height() * value / 10
            painter.setPen(ink.grid)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(muted)
            painter.drawText(
                QRectF(0, y - 8, _LEFT - 6, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(value),
            )
        self._paint_months(painter, plot, muted)
        if not self._weeks:
            painter.setPen(muted)
            if not self._filled:
                painter.end()
                return
            painter.drawText(
                plot.adjusted(20, 0, -20, 0),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                _(_EMPTY_TEXT),
            )
            painter.end()
            return
        self._paint_series(painter, plot, "effort", QColor(EFFORT_COLOUR), dashed=True)
        self._paint_series(painter, plot, "pain", QColor(PAIN_COLOUR), dashed=False)
        self._paint_legend(painter, ink.text)
        painter.end()

    def _paint_months(self, painter: QPainter, plot: QRectF, pen: QColor) -> None:
        painter.setPen(pen)
        day = self.first_week.replace(day=1)
        while day <= self._today:
            if day >= self.first_week:
                x = self._point(plot, day, 0).x()
                painter.drawText(QPointF(x, plot.bottom() + 16), format_date(day, "MMM"))
            day = (day + timedelta(days=32)).replace(day=1)

    def _paint_series(
        self, painter: QPainter, plot: QRectF, field: str, colour: QColor, dashed: bool
    ) -> None:
        points = [
            self._point(plot, item.week_start, value)
            for item in self._weeks
            if (value := getattr(item, field)) is not None
        ]
        if not points:
            return
        pen = QPen(colour, 1.6)
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        line = QPainterPath(points[0])
        for point in points[1:]:
            line.lineTo(point)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(line)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        for point in points:
            _marker(painter, point, square=dashed)

    def _paint_legend(self, painter: QPainter, pen: QColor) -> None:
        metrics = painter.fontMetrics()
        entries = ((_("Back pain"), PAIN_COLOUR, False), (_("Effort"), EFFORT_COLOUR, True))
        x = self.width() - _RIGHT - sum(metrics.horizontalAdvance(e[0]) + 26 for e in entries)
        y = 11.0
        for label, colour, square in entries:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            _marker(painter, QPointF(x + 5, y), square=square)
            painter.setPen(pen)
            painter.drawText(QPointF(x + 14, y + metrics.ascent() / 2 - 1), label)
            x += metrics.horizontalAdvance(label) + 26


def _marker(painter: QPainter, centre: QPointF, square: bool) -> None:
    if square:
        painter.drawRect(QRectF(centre.x() - 3.2, centre.y() - 3.2, 6.4, 6.4))
    else:
        painter.drawEllipse(centre, 3.6, 3.6)
