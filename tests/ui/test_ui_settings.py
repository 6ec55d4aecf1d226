"""The settings dialog: the voice tab lists voices without blocking, saves what was chosen."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from backcoach.adapters.speech.engine_client import SpeechUnavailable
from backcoach.adapters.speech.voices import VoiceInfo
from backcoach.config.settings import Settings, load_settings
from backcoach.ui.settings.dialog import SettingsDialog

VOICES = [
    VoiceInfo("en-gb", "English (GB)", ("en-gb",)),
    VoiceInfo("en-us", "English (US)", ("en-us",)),
    VoiceInfo("da", "Danish", ("da",)),
    VoiceInfo("cmn", "Chinese (Mandarin)", ("zh", "cmn")),
]


def open_dialog(qtbot, settings: Settings, voices=lambda: VOICES, try_voice=None):
    dialog = SettingsDialog(settings, voices, try_voice)
    qtbot.addWidget(dialog)
    tab = dialog.voice_tab
    qtbot.waitUntil(lambda: tab.voices_loaded, timeout=3000)
    return dialog, tab


def test_voices_of_the_chosen_language_are_offered(qtbot) -> None:
    dialog, tab = open_dialog(qtbot, Settings())
    names = [tab.voice.itemText(i) for i in range(tab.voice.count())]
    assert names[0].startswith("Automatic")
    assert names[1:] == ["English (GB) (en-gb)", "English (US) (en-us)"]
    tab.language.setCurrentIndex(tab.language.findData("da"))
    assert [tab.voice.itemData(i) for i in range(tab.voice.count())] == [None, "da"]


def test_ok_saves_every_field(qtbot) -> None:
    settings = Settings()
    dialog, tab = open_dialog(qtbot, settings)
    tab.language.setCurrentIndex(tab.language.findData("zh-TW"))
    tab.voice.setCurrentIndex(tab.voice.findData("cmn"))
    tab.rate.setValue(140)
    tab.volume.setValue(60)
    tab.beeps.setChecked(False)
    tab.muted.setChecked(True)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    saved = load_settings().settings
    assert (saved.language, saved.voice, saved.speech_rate) == ("zh-TW", "cmn", 140)
    assert saved.speech_volume == 0.6
    assert (saved.beeps, saved.muted) == (False, True)
    assert settings.language == "zh-TW"


def test_cancel_changes_nothing(qtbot) -> None:
    settings = Settings(speech_rate=170)
    dialog, tab = open_dialog(qtbot, settings)
    tab.rate.setValue(120)
    dialog.reject()
    assert settings.speech_rate == 170
    assert load_settings().settings.speech_rate == 165  # nothing written


def test_no_engine_says_how_to_enable_speech_and_keeps_the_chosen_voice(qtbot) -> None:
    def no_engine():
        raise SpeechUnavailable("espeak-ng is not installed")

    settings = Settings(voice="en-gb")
    dialog, tab = open_dialog(qtbot, settings, voices=no_engine)
    assert "No speech engine" in tab.voice_note.text()
    assert "espeak-ng" in tab.voice_note.text()
    dialog.accept()
    assert settings.voice == "en-gb"


def test_try_the_voice_speaks_a_sample_with_the_chosen_settings(qtbot) -> None:
    heard = []
    dialog, tab = open_dialog(qtbot, Settings(), try_voice=lambda v, text: heard.append((v, text)))
    tab.rate.setValue(200)
    tab.try_button.click()
    ((voice, text),) = heard
    assert voice.rate == 200 and voice.language == "en"
    assert text.startswith("Left side.")


def test_another_topic_can_add_a_tab(qtbot) -> None:
    from PySide6.QtWidgets import QWidget

    class RemindersTab(QWidget):
        def apply(self, settings: Settings) -> None:
            settings.reminder_interval_min = 45

    settings = Settings()
    dialog, _tab = open_dialog(qtbot, settings)
    dialog.add_tab(RemindersTab(), "Reminders")
    dialog.accept()
    assert dialog.tabs.count() == 2
    assert load_settings().settings.reminder_interval_min == 45
