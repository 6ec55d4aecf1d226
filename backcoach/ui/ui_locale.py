"""The ``QLocale`` of BackCoach's language, for month and weekday names, dates and numbers.

Widgets ask here rather than use ``QLocale()``, which is the system's locale
until ``ui.app.qt_translations`` sets the default: a Danish setting on an
English system still shows "mandag", and tests get the language they set.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale

from backcoach.i18n import LANGUAGES, current_language


def ui_locale() -> QLocale:
    """Return the locale of the language ``backcoach.i18n`` translates into now."""
    tag = current_language()
    if tag in LANGUAGES and tag != "en":
        return QLocale(tag.replace("-", "_"))
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
