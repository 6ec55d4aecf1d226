"""How break nudges were answered: taken, snoozed and skipped per day or per week.

Stacked bars drawn with QPainter, one per day (last two weeks) or per week
(last 12 weeks), chosen with two radio buttons. Each part of a bar also has
its number written in it and a legend names the colours, so the chart reads
without telling colours apart; the accessible description lists the numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from backcoach.core.history.localtime import week_start
from backcoach.core.history.stats import NudgeAnswers
from backcoach.i18n import N_, _, join_clauses
from backcoach.ui.history.chart_ink import begin_chart
from backcoach.ui.history.dates import weekday_name
from backcoach.ui.history.week_chart import week_label

PARTS = (
    ("taken", N_("Taken"), "#2a7f62"),
    ("snoozed", N_("Snoozed"), "#8a5a12"),
    ("skipped", N_("Skipped"), "#5f6670"),
)
"""Each answer's field, its word (translated when shown) and its colour, bottom to top."""
_MARGIN_TOP = 10
_MARGIN_BOTTOM = 34
_MARGIN_SIDE = 8


def day_label(day: date, today: date) -> str:
    """Return the label under a day's bar: ``Today`` or e.g. ``Mo 23``."""
    if day == today:
        return _("Today")
    # Translators: under a day's bar: a weekday cut to two letters, then the day of the month.
    return _("{weekday} {day}").format(weekday=weekday_name(day.weekday())[:2], day=day.day)


class NudgeBars(QWidget):
    """The stacked bars of one series (days or weeks)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.bars: list[tuple[str, NudgeAnswers]] = []

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(520, 170)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(300, 120)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        if not self.bars:
            return
        painter, ink = begin_chart(self)
        top = max(3, max(answers.total for _, answers in self.bars))
        count = len(self.bars)
        slot_width = (self.width() - 2 * _MARGIN_SIDE) / count
        plot_height = self.height() - _MARGIN_TOP - _MARGIN_BOTTOM
        bottom = _MARGIN_TOP + plot_height
        painter.setPen(ink.grid)
        painter.drawLine(_MARGIN_SIDE, int(bottom), int(self.width() - _MARGIN_SIDE), int(bottom))
        for index, (label, answers) in enumerate(self.bars):
            left = _MARGIN_SIDE + index * slot_width
            bar_width = min(40.0, slot_width * 0.62)
            x = left + (slot_width - bar_width) / 2
            y = bottom
            for field, _word, colour in PARTS:
                value = getattr(answers, field)
                if not value:
                    continue
                height = plot_height * value / top
                y -= height
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(colour))
                painter.drawRect(QRectF(x, y, bar_width, height))
                if height >= 12:
                    painter.setPen(QColor("#ffffff"))
                    painter.drawText(
                        QRectF(x, y, bar_width, height), Qt.AlignmentFlag.AlignCenter, str(value)
                    )
            painter.setPen(ink.muted)
            painter.drawText(
                QRectF(left - 4, bottom + 4, slot_width + 8, 16),
                Qt.AlignmentFlag.AlignCenter,
                label,
            )
        painter.end()


class NudgeAnswersChart(QWidget):
    """Nudges taken, snoozed and skipped, by day or by week; ``set_answers`` fills it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nudgeAnswersChart")
        self.setAccessibleName(_("Break nudges taken, snoozed and skipped"))
        self.by_day = QRadioButton(_("By day"))
        self.by_day.setObjectName("nudgesByDay")
        self.by_week = QRadioButton(_("By week"))
        self.by_week.setObjectName("nudgesByWeek")
        self.by_day.setChecked(True)
        self.bars = NudgeBars()
        choice = QHBoxLayout()
        choice.addWidget(self.by_day)
        choice.addWidget(self.by_week)
        choice.addStretch(1)
        for _field, word, colour in PARTS:
            choice.addWidget(_LegendSwatch(colour))
            choice.addWidget(QLabel(_(word)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(choice)
        layout.addWidget(self.bars, 1)
        self._days: list[tuple[str, NudgeAnswers]] = []
        self._weeks: list[tuple[str, NudgeAnswers]] = []
        self.by_day.toggled.connect(self._show)

    def set_answers(
        self, days: Sequence[NudgeAnswers], weeks: Sequence[NudgeAnswers], today: date
    ) -> None:
        """Show ``days`` and ``weeks`` (oldest first) as of the local day ``today``."""
        monday = week_start(today)
        self._days = [(day_label(a.start, today), a) for a in days]
        self._weeks = [(week_label(a.start, monday), a) for a in weeks]
        self._show()

    def shown(self) -> list[tuple[str, NudgeAnswers]]:
        """Return the bars shown now: their labels and counts, oldest first."""
        return list(self.bars.bars)

    def _show(self) -> None:
        self.bars.bars = self._days if self.by_day.isChecked() else self._weeks
        self.setAccessibleDescription(
            join_clauses(
                _("{label}: {taken} taken, {snoozed} snoozed, {skipped} skipped").format(
                    label=label, taken=a.taken, snoozed=a.snoozed, skipped=a.skipped
                )
                for label, a in self.bars.bars
                if a.total
            )
            or _("No nudges answered in this time.")
        )
        self.bars.update()


class _LegendSwatch(QWidget):
    def __init__(self, colour: str) -> None:
        super().__init__()
        self.setFixedSize(12, 12)
        self.setStyleSheet(f"background: {colour}; border-radius: 2px;")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
