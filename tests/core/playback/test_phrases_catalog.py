"""Spoken cues come from the translation catalog, in the routine's language, not the UI's."""

from __future__ import annotations

from backcoach import i18n
from backcoach.core.playback.phrases import TABLES, phrases_for


def test_cues_follow_the_routine_language_whatever_the_ui_language() -> None:
    i18n.set_language("zh-TW")
    assert phrases_for("da").say("switch") == "Skift side."
    assert phrases_for("en").say("next", name="Plank") == "Next: Plank."
    i18n.set_language("da")
    assert phrases_for("zh-TW").say("set_of", set=2, sets=3) == "第 2 組，共 3 組。"


def test_one_english_word_said_two_ways_keeps_both_translations() -> None:
    # "Hold." starts a hold and marks the top of a repetition: two contexts in the catalog.
    assert TABLES["en"]["hold_start"] == TABLES["en"]["top_hold"] == "Hold."
    assert TABLES["da"]["hold_start"] == "Hold stillingen."
    assert TABLES["da"]["top_hold"] == "Hold."
    assert TABLES["zh-TW"]["hold_start"] == "保持住。"
    assert TABLES["zh-TW"]["top_hold"] == "停。"


def test_chinese_sentences_join_without_a_space() -> None:
    assert TABLES["zh-TW"]["separator"] == ""
    assert TABLES["da"]["separator"] == TABLES["en"]["separator"] == " "
