"""What every tab of the settings dialog is: a widget that writes its fields into the settings."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from backcoach.config.settings import Settings


class SettingsTab(QWidget):
    """A tab of the settings dialog: writes its fields into ``settings`` on OK."""

    def apply(self, settings: Settings) -> None:
        """Copy what the user chose into ``settings``."""
        raise NotImplementedError
