"""Fixtures shared by the Qt widget tests."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from backcoach import i18n
from backcoach.ui.app.qt_translations import install_qt_translations


@pytest.fixture
def language():
    """Switch the language for one test (Qt's buttons too); English again afterwards."""

    def switch(tag: str) -> None:
        i18n.set_language(tag)
        install_qt_translations(QApplication.instance())

    yield switch
    i18n.set_language("en")
    install_qt_translations(QApplication.instance(), "en")
