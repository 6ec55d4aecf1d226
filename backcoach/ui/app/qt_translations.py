"""Qt's own words (Ok, Cancel, Yes, No in standard dialogs) in the user's language.

PySide6-Essentials ships ``qtbase_da.qm`` and ``qtbase_zh_TW.qm``; this loads
the one for the language BackCoach's catalog uses (``backcoach.i18n``), so a
dialog never mixes languages.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from backcoach.i18n import PSEUDO, SOURCE_LANGUAGE, current_language

_log = logging.getLogger(__name__)
_installed: list[QTranslator] = []


def install_qt_translations(app: QCoreApplication, language: str | None = None) -> bool:
    """Load Qt's translations for ``language`` (default: the catalog's); return whether loaded."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    tag = language or current_language()
    if tag in (SOURCE_LANGUAGE, PSEUDO):
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return False
    QLocale.setDefault(QLocale(tag.replace("-", "_")))
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(f"qtbase_{tag.replace('-', '_')}", folder):
        _log.warning("Qt has no %s translation in %s; its buttons stay in English.", tag, folder)
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True
