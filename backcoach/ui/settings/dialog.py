"""The settings dialog: one tab per topic, each saving its own fields.

The "Language and voice" tab sets BackCoach's language (the system's by
default; the window, tray, nudge, command line and spoken cues follow it),
the voice, speaking rate and volume, beeps and mute. The installed voices are
listed by the speech engine in a background thread, so the dialog opens at
once even when the engine is slow or missing. Another topic (e.g. reminders)
adds a tab with ``add_tab``: any widget with an ``apply(settings)`` method.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from backcoach import i18n
from backcoach.adapters.speech.engine_client import EngineClient, SpeechUnavailable
from backcoach.adapters.speech.hints import enable_speech_hint
from backcoach.adapters.speech.rendering import MAX_RATE, MIN_RATE, VoiceSettings
from backcoach.adapters.speech.voices import VoiceInfo, speaks
from backcoach.config.settings import Settings, try_save_settings
from backcoach.i18n import _, with_extra
from backcoach.ui.settings.tab import SettingsTab

SAMPLE_PHRASES = {
    "en": "Left side. Hold. Breathe in.",
    "da": "Venstre side. Hold. Træk vejret ind.",
    "zh-TW": "左邊。保持。吸氣。",
}

VoiceLister = Callable[[], Sequence[VoiceInfo]]
"""Return the installed voices; may block; raises ``SpeechUnavailable`` when there are none."""


def engine_voices() -> list[VoiceInfo]:
    """Ask the speech worker for its voices (blocks: call it off the GUI thread)."""
    client = EngineClient()
    try:
        return list(client.start().voices)
    finally:
        client.close()


class _VoicesLoaded(QObject):
    loaded = Signal(object, str)  # (voices, problem)


def language_choices() -> list[tuple[str, str]]:
    """Return (setting, label) of each choice: the system's language, then each language."""
    system = i18n.LANGUAGES[i18n.system_language()]
    return [
        (i18n.SYSTEM, _("System ({language})").format(language=system)),
        *i18n.LANGUAGES.items(),
    ]


def _percent(value: int) -> str:
    # Translators: a volume in per cent, e.g. "60 %".
    return _("{value} %").format(value=value)


class VoiceTab(SettingsTab):
    """Language, voice, rate, volume, beeps and mute."""

    def __init__(
        self,
        settings: Settings,
        list_voices: VoiceLister = engine_voices,
        try_voice: Callable[[VoiceSettings, str], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._voices: list[VoiceInfo] | None = None
        self._wanted_voice = settings.voice
        self._try_voice = try_voice

        self.language = QComboBox()
        self.language.setObjectName("languageBox")
        self.language.setAccessibleName(_("Language"))
        for code, name in language_choices():
            self.language.addItem(name, code)
        index = self.language.findData(settings.language)
        self.language.setCurrentIndex(max(0, index))
        self.language.currentIndexChanged.connect(self._fill_voices)
        self.language_note = QLabel(
            _("Applies to windows opened from now on; a routine playing now keeps its language.")
        )
        self.language_note.setObjectName("languageNote")
        self.language_note.setWordWrap(True)

        self.voice = QComboBox()
        self.voice.setObjectName("voiceBox")
        self.voice.setAccessibleName(_("Voice"))
        self.voice.currentIndexChanged.connect(self._voice_chosen)
        self.voice_note = QLabel(_("Looking for installed voices…"))
        self.voice_note.setObjectName("voiceNote")
        self.voice_note.setWordWrap(True)

        self.rate = QSpinBox()
        self.rate.setObjectName("rateBox")
        self.rate.setRange(MIN_RATE, MAX_RATE)
        self.rate.setSingleStep(5)
        # Translators: after the number in the speaking rate box, with its leading space.
        self.rate.setSuffix(_(" words per minute"))
        self.rate.setValue(max(MIN_RATE, min(MAX_RATE, settings.speech_rate)))

        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setObjectName("volumeSlider")
        self.volume.setAccessibleName(_("Volume"))
        self.volume.setRange(0, 100)
        self.volume.setValue(round(settings.speech_volume * 100))
        volume_value = QLabel()
        self.volume.valueChanged.connect(lambda v: volume_value.setText(_percent(v)))
        volume_value.setText(_percent(self.volume.value()))
        volume_row = QHBoxLayout()
        volume_row.addWidget(self.volume, 1)
        volume_row.addWidget(volume_value)

        self.beeps = QCheckBox(_("Beeps for the last seconds and each new phase"))
        self.beeps.setObjectName("beepsBox")
        self.beeps.setChecked(settings.beeps)
        self.muted = QCheckBox(_("Mute all sound (cues stay on screen)"))
        self.muted.setObjectName("mutedBox")
        self.muted.setChecked(settings.muted)

        self.try_button = QPushButton(_("Try the voice"))
        self.try_button.setObjectName("tryVoice")
        self.try_button.setEnabled(try_voice is not None)
        self.try_button.clicked.connect(self._try)

        form = QFormLayout()
        form.addRow(_("Language:"), self.language)
        form.addRow("", self.language_note)
        form.addRow(_("Voice:"), self.voice)
        form.addRow("", self.voice_note)
        form.addRow(_("Speaking rate:"), self.rate)
        form.addRow(_("Volume:"), volume_row)
        form.addRow("", self.beeps)
        form.addRow("", self.muted)
        form.addRow("", self.try_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)

        self._loader = _VoicesLoaded(self)
        self._loader.loaded.connect(self._voices_loaded, Qt.ConnectionType.QueuedConnection)
        self._fill_voices()
        threading.Thread(
            target=self._load, args=(list_voices,), name="list-voices", daemon=True
        ).start()

    def _load(self, list_voices: VoiceLister) -> None:
        try:
            voices, problem = list(list_voices()), ""
        except SpeechUnavailable as exc:
            problem = _("No speech engine: {problem}. {hint}").format(
                problem=exc, hint=enable_speech_hint()
            )
            voices = []
        except Exception as exc:  # noqa: BLE001 - any failure here only hides the voice list
            voices = []
            problem = _("The voices could not be listed: {problem}").format(problem=exc)
        with contextlib.suppress(RuntimeError):  # the dialog was closed first
            self._loader.loaded.emit(voices, problem)

    def _voices_loaded(self, voices: list[VoiceInfo], problem: str) -> None:
        self._voices = voices
        self.voice_note.setText(problem)
        self.voice_note.setVisible(bool(problem))
        self._fill_voices()

    @property
    def voices_loaded(self) -> bool:
        """Return whether the engine has answered (with voices or with a problem)."""
        return self._voices is not None

    def selected_language(self) -> str:
        """Return the language setting chosen (``system``, ``en``, ``da``, ``zh-TW``)."""
        return str(self.language.currentData())

    def spoken_language(self) -> str:
        """Return the language tag the chosen setting means (``system`` resolved)."""
        return i18n.resolve(self.selected_language())

    def _fill_voices(self) -> None:
        current = self._wanted_voice
        self.voice.blockSignals(True)
        self.voice.clear()
        self.voice.addItem(_("Automatic (the best voice for the language)"), None)
        language = self.spoken_language()
        for info in sorted(self._voices or [], key=lambda v: v.name.lower()):
            if speaks(info, language):
                self.voice.addItem(with_extra(info.name, info.id), info.id)
        index = self.voice.findData(current) if current else 0
        self.voice.setCurrentIndex(max(0, index))
        self.voice.blockSignals(False)
        if self._voices is not None and self.voice.count() == 1 and self._voices:
            self.voice_note.setText(
                _(
                    "No installed voice speaks {language}; cues will be shown on screen and beeped."
                ).format(language=i18n.LANGUAGES[language])
            )
            self.voice_note.show()

    def _voice_chosen(self, _index: int) -> None:
        self._wanted_voice = self.voice.currentData()

    def voice_settings(self) -> VoiceSettings:
        """Return the voice as currently chosen in the tab."""
        return VoiceSettings(
            language=self.spoken_language(),
            voice=self.voice.currentData(),
            rate=self.rate.value(),
            volume=self.volume.value() / 100,
        )

    def _try(self) -> None:
        if self._try_voice is not None:
            language = self.spoken_language()
            self._try_voice(self.voice_settings(), SAMPLE_PHRASES.get(language, "Hello."))

    def apply(self, settings: Settings) -> None:
        settings.language = self.selected_language()
        if self._voices:  # without the list, keep the voice the user had chosen
            settings.voice = self.voice.currentData()
        settings.speech_rate = self.rate.value()
        settings.speech_volume = self.volume.value() / 100
        settings.beeps = self.beeps.isChecked()
        settings.muted = self.muted.isChecked()


class SettingsDialog(QDialog):
    """Tabs of settings; OK applies every tab and saves, Cancel changes nothing."""

    def __init__(
        self,
        settings: Settings,
        list_voices: VoiceLister = engine_voices,
        try_voice: Callable[[VoiceSettings, str], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Settings"))
        self.setMinimumWidth(520)
        self.settings = settings
        self.save_problem: str | None = None
        """Why the settings could not be saved (they still apply until BackCoach closes)."""
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Settings pages"))
        self._tabs: list[SettingsTab] = []
        self.voice_tab = VoiceTab(settings, list_voices, try_voice)
        self.add_tab(self.voice_tab, _("Language and voice"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)

    def add_tab(self, tab: SettingsTab, title: str) -> None:
        """Add a tab; OK calls its ``apply(settings)``."""
        self.tabs.addTab(tab, title)
        self._tabs.append(tab)

    def accept(self) -> None:
        """Apply every tab to the settings, save them, and close."""
        for tab in self._tabs:
            tab.apply(self.settings)
        self.save_problem = try_save_settings(self.settings)
        super().accept()
