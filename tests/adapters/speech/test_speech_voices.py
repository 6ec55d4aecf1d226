"""Which voice speaks a cue: exact language, spoken form (zh-TW -> Mandarin), user preference."""

from __future__ import annotations

import pytest

from backcoach.adapters.speech.rendering import NoVoice, VoiceSettings, resolve_voice
from backcoach.adapters.speech.voices import VoiceInfo, choose_voice, find_voice, speaks

ESPEAK = [
    VoiceInfo("gmw/en-029", "English (Caribbean)", ("en-029",)),
    VoiceInfo("gmw/en-gb-scotland", "English (Scotland)", ("en-gb-scotland",)),
    VoiceInfo("gmw/en", "English (Great Britain)", ("en-gb",)),
    VoiceInfo("gmw/en-us", "English (America)", ("en-us",)),
    VoiceInfo("gmq/da", "Danish", ("da",)),
    VoiceInfo("sit/cmn-latn-pinyin", "Chinese (Mandarin, latin as Pinyin)", ("cmn-latn-pinyin",)),
    VoiceInfo("sit/yue", "Chinese (Cantonese)", ("yue",)),
    VoiceInfo("sit/cmn", "Chinese (Mandarin, latin as English)", ("cmn",)),
]
WINDOWS = [
    VoiceInfo("HKLM\\...\\TTS_EN-US_ZIRA_11.0", "Microsoft Zira Desktop", ("en-US",)),
    VoiceInfo("HKLM\\...\\TTS_ZH-TW_HANHAN_11.0", "Microsoft Hanhan Desktop", ("zh-TW",)),
    VoiceInfo("HKLM\\...\\TTS_ZH-CN_HUIHUI_11.0", "Microsoft Huihui Desktop", ("zh-CN",)),
]
MAC = [
    VoiceInfo("com.apple.voice.compact.en-US.Samantha", "Samantha", ("en_US",)),
    VoiceInfo("com.apple.voice.compact.da-DK.Sara", "Sara", ("da_DK",)),
]


@pytest.mark.parametrize(
    ("voices", "language", "expected"),
    [
        (ESPEAK, "en", "gmw/en"),  # the standard voice, not a regional accent
        (ESPEAK, "en-US", "gmw/en-us"),
        (ESPEAK, "da", "gmq/da"),
        (ESPEAK, "zh-TW", "sit/cmn"),  # Mandarin, not Cantonese, not pinyin
        (WINDOWS, "zh-TW", "HKLM\\...\\TTS_ZH-TW_HANHAN_11.0"),  # the exact region wins
        (WINDOWS, "en", "HKLM\\...\\TTS_EN-US_ZIRA_11.0"),
        (MAC, "da", "com.apple.voice.compact.da-DK.Sara"),  # da_DK spelled the mac way
    ],
)
def test_choose_voice_picks_the_voice_that_speaks_the_language(voices, language, expected):
    assert choose_voice(voices, language).id == expected


def test_no_voice_for_a_language_means_none_not_a_wrong_voice():
    assert choose_voice(MAC, "zh-TW") is None
    assert choose_voice(ESPEAK, "xx") is None


def test_the_users_voice_is_kept_when_it_speaks_the_cue_language():
    assert choose_voice(ESPEAK, "en", preferred="gmw/en-us").id == "gmw/en-us"
    assert choose_voice(ESPEAK, "en", preferred="English (Scotland)").id == "gmw/en-gb-scotland"


def test_a_danish_routine_is_not_read_by_the_users_english_voice():
    assert choose_voice(ESPEAK, "da", preferred="gmw/en-us").id == "gmq/da"


def test_find_voice_by_id_or_name_ignores_case():
    assert find_voice(ESPEAK, "GMQ/DA").name == "Danish"
    assert find_voice(ESPEAK, "danish").id == "gmq/da"
    assert find_voice(ESPEAK, "nobody") is None


def test_speaks_accepts_regional_variants_but_not_romanised_forms():
    assert speaks(ESPEAK[1], "en")
    assert not speaks(ESPEAK[5], "zh-TW")


def test_strict_resolution_names_the_problem():
    with pytest.raises(NoVoice, match="no voice named 'nobody'"):
        resolve_voice(ESPEAK, VoiceSettings(language="", voice="nobody"), strict=True)
    with pytest.raises(NoVoice, match="does not speak 'en'"):
        resolve_voice(ESPEAK, VoiceSettings(language="en", voice="gmq/da"), strict=True)
    with pytest.raises(NoVoice, match="no installed voice speaks 'xx'"):
        resolve_voice(ESPEAK, VoiceSettings(language="xx"))
    assert resolve_voice(ESPEAK, VoiceSettings(language="", voice="gmq/da"), strict=True).id == (
        "gmq/da"
    )


def test_a_stale_voice_in_the_settings_falls_back_to_the_language():
    assert resolve_voice(ESPEAK, VoiceSettings(language="da", voice="gone/voice")).id == "gmq/da"
