"""Dates and numbers in the history window, in the user's language, through ``QLocale``.

Each place gives a ``QLocale`` date format that is itself translated (a
Danish date reads "mandag den 17. november 2026", a Chinese one
"2026年11月17日 星期一"), so word order follows the language too.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from backcoach.ui.ui_locale import ui_locale


def format_date(day: date, qt_format: str) -> str:
    """Return ``day`` written with the ``QLocale`` format ``qt_format`` in the user's language."""
    return ui_locale().toString(QDate(day.year, day.month, day.day), qt_format)


def weekday_name(weekday: int, short: bool = True) -> str:
    """Return the name of ``weekday`` (0 = Monday), short (``Mon``) or long, in the language."""
    kind = ui_locale().FormatType.ShortFormat if short else ui_locale().FormatType.LongFormat
    return ui_locale().standaloneDayName(weekday + 1, kind)


def format_number(value: int) -> str:
    """Return a whole number with the language's digit grouping (``1,234``, ``1.234``)."""
    return ui_locale().toString(value)
