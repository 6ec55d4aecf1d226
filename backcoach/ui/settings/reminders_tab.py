"""The "Reminders" tab of the settings dialog: break reminders, quiet times and start at login."""

from __future__ import annotations

from PySide6.QtCore import QLocale, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from backcoach.config.settings import Settings
from backcoach.core.reminders.break_routine import break_routines
from backcoach.core.reminders.sitting import IDLE_THRESHOLD_S_RANGE, INTERVAL_MIN_RANGE
from backcoach.core.reminders.working_hours import WEEKDAYS
from backcoach.core.routine.catalog import load_catalog
from backcoach.core.routine.describe import format_duration
from backcoach.core.routine.duration import planned_duration_s
from backcoach.i18n import _, current_language
from backcoach.ui.settings.tab import SettingsTab
from backcoach.ui.ui_locale import ui_locale

_DEFAULT_PERIOD = ("08:00", "18:00")


def day_name(day: str) -> str:
    """Return the weekday ``day`` (``mon`` ... ``sun``) by name in the user's language."""
    name = ui_locale().standaloneDayName(WEEKDAYS.index(day) + 1, QLocale.FormatType.LongFormat)
    return name[:1].upper() + name[1:]


def _time(text: str) -> QTime:
    if text.strip() == "24:00":
        return QTime(0, 0)  # an end at midnight: the same period as 24:00
    parsed = QTime.fromString(text.strip(), "H:mm")
    return parsed if parsed.isValid() else QTime(8, 0)


class DayHours(QWidget):
    """One weekday's row: on/off, start and end."""

    def __init__(self, day: str, period: list[str] | None) -> None:
        super().__init__()
        self.day = day
        self.enabled = QCheckBox(day_name(day))
        self.enabled.setObjectName(f"day_{day}")
        start, end = period if period else _DEFAULT_PERIOD
        self.start = QTimeEdit(_time(start))
        self.end = QTimeEdit(_time(end))
        for edit, name in ((self.start, "start"), (self.end, "end")):
            edit.setDisplayFormat("HH:mm")
            edit.setObjectName(f"{name}_{day}")
        # Translators: a screen reader's name of a time field: "Monday, from".
        self.start.setAccessibleName(_("{day}, from").format(day=day_name(day)))
        # Translators: a screen reader's name of a time field: "Monday, to".
        self.end.setAccessibleName(_("{day}, to").format(day=day_name(day)))
        self.enabled.toggled.connect(self._enable_times)
        self.enabled.setChecked(period is not None)
        self._enable_times(period is not None)

    def _enable_times(self, on: bool) -> None:
        self.start.setEnabled(on)
        self.end.setEnabled(on)

    def period(self) -> list[str] | None:
        """Return ``["HH:MM", "HH:MM"]``, or None on a day off."""
        if not self.enabled.isChecked():
            return None
        return [self.start.time().toString("HH:mm"), self.end.time().toString("HH:mm")]


class RemindersTab(SettingsTab):
    """Reminders on/off, interval, idle threshold, working hours, full screen, prompt, login."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox(_("Remind me to stand up and move"))
        self.enabled.setObjectName("remindersEnabled")
        self.enabled.setChecked(settings.reminders_enabled)

        self.interval = QSpinBox()
        self.interval.setObjectName("intervalBox")
        self.interval.setRange(*INTERVAL_MIN_RANGE)
        self.interval.setSingleStep(5)
        self.interval.setSuffix(_(" min of sitting"))
        self.interval.setValue(int(settings.reminder_interval_min))

        low, high = (round(s / 60) for s in IDLE_THRESHOLD_S_RANGE)
        self._threshold_s = settings.idle_threshold_s
        self.idle = QSpinBox()
        self.idle.setObjectName("idleBox")
        self.idle.setRange(low, high)
        self.idle.setSuffix(_(" min without keyboard or mouse"))
        self.idle.setValue(round(settings.idle_threshold_s / 60))

        self.fullscreen = QCheckBox(_("No reminder while a full-screen window is in front"))
        self.fullscreen.setObjectName("respectFullscreen")
        self.fullscreen.setChecked(settings.respect_fullscreen)
        self.spoken = QCheckBox(_("Say the reminder aloud (unless sound is muted)"))
        self.spoken.setObjectName("spokenPrompt")
        self.spoken.setChecked(settings.spoken_prompt)
        self.break_routine = QComboBox()
        self.break_routine.setObjectName("breakRoutineBox")
        self.break_routine.setAccessibleName(_("Routine a nudge starts"))
        self._fill_break_routines(settings.desk_break_routine)
        self.autostart = QCheckBox(_("Start BackCoach in the tray when I log in"))
        self.autostart.setObjectName("autostartBox")
        self.autostart.setChecked(settings.autostart)

        form = QFormLayout()
        form.addRow("", self.enabled)
        form.addRow(_("Remind after:"), self.interval)
        form.addRow(_("A break is:"), self.idle)
        form.addRow(_("A nudge starts:"), self.break_routine)
        form.addRow("", self.fullscreen)
        form.addRow("", self.spoken)
        form.addRow("", self.autostart)

        self.hours_group = QGroupBox(_("Only during working hours"))
        self.hours_group.setObjectName("workingHours")
        self.hours_group.setCheckable(True)
        self.hours_group.setChecked(settings.working_hours_enabled)
        grid = QGridLayout(self.hours_group)
        grid.addWidget(QLabel(_("From")), 0, 1)
        grid.addWidget(QLabel(_("To")), 0, 2)
        self.days: dict[str, DayHours] = {}
        for row, day in enumerate(WEEKDAYS, start=1):
            hours = DayHours(day, settings.working_hours.get(day))
            self.days[day] = hours
            grid.addWidget(hours.enabled, row, 0)
            grid.addWidget(hours.start, row, 1)
            grid.addWidget(hours.end, row, 2)
        note = QLabel(_("A period that ends before it starts (22:00 to 02:00) runs past midnight."))
        note.setWordWrap(True)
        grid.addWidget(note, len(WEEKDAYS) + 1, 0, 1, 3)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hours_group)
        layout.addStretch(1)

    def _fill_break_routines(self, current: str) -> None:
        """List every routine of one to three minutes with its length; select ``current``."""
        found = False
        for routine in break_routines(load_catalog().routines):
            label = _("{title} ({duration})").format(
                title=routine.title.get(current_language()),
                duration=format_duration(planned_duration_s(routine)),
            )
            self.break_routine.addItem(label, routine.routine_id)
            found = found or routine.routine_id == current
        if not found:  # keep a choice that no longer fits (or no longer loads) visible
            self.break_routine.addItem(
                _("{routine} (not found or not 1-3 minutes)").format(routine=current), current
            )
        self.break_routine.setCurrentIndex(self.break_routine.findData(current))

    def apply(self, settings: Settings) -> None:
        """Copy the choices into ``settings``."""
        settings.desk_break_routine = self.break_routine.currentData()
        settings.reminders_enabled = self.enabled.isChecked()
        settings.reminder_interval_min = self.interval.value()
        if self.idle.value() != round(self._threshold_s / 60):
            settings.idle_threshold_s = self.idle.value() * 60
        settings.respect_fullscreen = self.fullscreen.isChecked()
        settings.spoken_prompt = self.spoken.isChecked()
        settings.autostart = self.autostart.isChecked()
        settings.working_hours_enabled = self.hours_group.isChecked()
        settings.working_hours = {day: hours.period() for day, hours in self.days.items()}
