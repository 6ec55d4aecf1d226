"""The one language setting: the system's by default, explicit, or refused; the CLI's ``--lang``."""

from __future__ import annotations

import json
import logging

import pytest

from backcoach import i18n
from backcoach.cli import main
from backcoach.config import paths
from backcoach.config.settings import Settings, apply_language, language_tag, load_settings
from backcoach.core import safety
from backcoach.core.reminders.driver import nudge_notification, spoken_prompt
from backcoach.core.reminders.sitting import SittingStatus
from backcoach.core.reminders.tray_menu import build_tray_menu


def system_is(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", value)


def write_settings(**values: object) -> None:
    path = paths.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(values), encoding="utf-8")


# -- the setting ---------------------------------------------------------------------------------


def test_the_default_is_the_system_language_and_english_where_there_is_no_translation(
    monkeypatch,
) -> None:
    assert Settings().language == i18n.SYSTEM
    system_is(monkeypatch, "da_DK.UTF-8")
    assert apply_language(Settings()) == ("da", None)
    assert i18n.current_language() == "da"
    system_is(monkeypatch, "fr_FR.UTF-8")
    assert apply_language(Settings()) == ("en", None)
    assert language_tag(load_settings().settings) == "en"


def test_an_explicit_language_wins_over_the_system(monkeypatch) -> None:
    system_is(monkeypatch, "da_DK.UTF-8")
    write_settings(language="zh-TW")
    settings = load_settings().settings
    assert apply_language(settings) == ("zh-TW", None)
    assert language_tag(settings) == "zh-TW"


def test_an_unknown_code_in_the_settings_is_reported_once_and_the_system_language_used(
    monkeypatch,
) -> None:
    system_is(monkeypatch, "da_DK.UTF-8")
    write_settings(language="klingon")
    settings = load_settings().settings
    tag, problem = apply_language(settings)
    assert tag == "da" and language_tag(settings) == "da"
    assert problem is not None
    assert "settings.json: /language: 'klingon'" in problem
    assert "en (English), da (Dansk), zh-TW (中文（台灣）)" in problem
    assert apply_language(settings) == ("da", None), "said once"


def test_an_unknown_override_is_refused() -> None:
    with pytest.raises(i18n.UnknownLanguage, match="fr"):
        apply_language(Settings(), "fr")


# -- the command line ----------------------------------------------------------------------------


def test_lang_da_prints_danish_headers(capsys) -> None:
    assert main(["--lang", "da", "routines"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["ID", "TYPE", "TID", "FRA", "TITEL"]
    assert "Din rutinemappe:" in out
    assert "medfølger" in out


def test_lang_zh_tw_prints_chinese_headers(capsys) -> None:
    assert main(["--lang=zh-TW", "routines"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["ID", "類型", "時間", "來源", "標題"]


def test_an_unknown_lang_exits_2_with_the_supported_list(capsys) -> None:
    assert main(["--lang", "fr", "routines"]) == 2
    err = capsys.readouterr().err
    assert "unknown language 'fr'" in err
    assert "en (English), da (Dansk), zh-TW (中文（台灣）)" in err


def test_the_help_follows_the_language(capsys) -> None:
    with pytest.raises(SystemExit) as ended:
        main(["--lang", "da", "--help"])
    assert ended.value.code == 0
    out = capsys.readouterr().out
    assert "En skrivebordscoach for lænden" in out
    assert "sproget for denne kommando" in out
    assert "Brug: backcoach" in out and "vis denne hjælp og afslut" in out
    with pytest.raises(SystemExit):
        main(["--lang", "zh-TW", "history", "--help"])
    out = capsys.readouterr().out
    assert "顯示你的訓練與連續天數" in out and "選項" in out


def test_usage_errors_follow_the_language(capsys) -> None:
    with pytest.raises(SystemExit) as ended:
        main(["--lang", "da", "history", "--since", "yesterday"])
    assert ended.value.code == 2
    err = capsys.readouterr().err
    assert "backcoach history: fejl: argument --since:" in err
    assert "'yesterday' er ikke en dato" in err


def test_the_setting_is_the_command_lines_language_unless_lang_says_otherwise(capsys) -> None:
    write_settings(language="da")
    assert main(["history"]) == 0
    assert "Ingen træninger endnu." in capsys.readouterr().out
    assert main(["--lang", "en", "history"]) == 0
    assert "No sessions yet." in capsys.readouterr().out


def test_an_unknown_code_in_the_settings_is_named_on_the_command_line(capsys, monkeypatch) -> None:
    system_is(monkeypatch, "C.UTF-8")
    write_settings(language="xx-unknown")
    assert main(["history"]) == 0
    captured = capsys.readouterr()
    assert "'xx-unknown'" in captured.err and "da (Dansk)" in captured.err
    assert "No sessions yet." in captured.out


def test_speak_keeps_its_own_lang_option_after_the_command() -> None:
    from backcoach.cli import _lang_option

    assert _lang_option(["speak", "--lang", "da", "hej"]) is None
    assert _lang_option(["--lang", "zh-TW", "speak", "--lang", "da", "hej"]) == "zh-TW"


# -- texts of the core in every language ---------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("en", "You have been sitting for 1 minute.", "You have been sitting for 2 minutes."),
        ("da", "Du har siddet i 1 minut.", "Du har siddet i 2 minutter."),
        ("zh-TW", "你已經坐了 1 分鐘。", "你已經坐了 2 分鐘。"),
    ],
)
def test_the_nudge_notification_counts_minutes_properly(language, one, two) -> None:
    i18n.set_language(language)
    assert nudge_notification("due", 1)[1] == one
    assert nudge_notification("due", 2)[1] == two


def test_the_spoken_prompt_says_a_minute_and_minutes() -> None:
    assert spoken_prompt(1).startswith("You have been sitting for a minute.")
    assert spoken_prompt(30).startswith("You have been sitting for 30 minutes.")
    i18n.set_language("da")
    assert spoken_prompt(1).startswith("Du har siddet i et minut.")
    assert spoken_prompt(30).startswith("Du har siddet i 30 minutter.")


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        (
            "en",
            [
                "Open BackCoach",
                "Start desk break",
                "Pause reminders",
                "Settings…",
                "Quit BackCoach",
            ],
        ),
        ("da", ["Åbn BackCoach", "Start skrivebordspause", "Sæt påmindelser på pause"]),
        ("zh-TW", ["開啟 BackCoach", "開始桌邊休息", "暫停提醒", "設定…", "結束 BackCoach"]),
    ],
)
def test_the_tray_menu_in_every_language(language, labels) -> None:
    i18n.set_language(language)
    items = build_tray_menu(
        SittingStatus(
            at=0.0,
            sitting_s=18 * 60,
            due_in_s=12 * 60,
            nudge_open=False,
            away=False,
            paused_until=None,
            outside_hours=False,
            idle_measured=True,
        )
    )
    shown = [item.label for item in items if item.label]
    for label in labels:
        assert label in shown
    pause = next(item for item in items if item.children)
    assert len(pause.children) == 3 and all(child.label for child in pause.children)
    first = {"en": "Next break in 12 min", "da": "Næste pause om 12 min.", "zh-TW": "12 分鐘後休息"}
    assert shown[0] == first[language]


def test_safety_advice_comes_from_the_catalog_in_any_language() -> None:
    assert safety.STOP_ON_PAIN.get().startswith("Stop at once")
    assert safety.STOP_ON_PAIN.get("da").startswith("Stop med det samme")
    assert safety.STOP_ON_PAIN.get("zh-TW").startswith("一旦出現尖銳")
    assert safety.STOP_ON_PAIN.get("zh") == safety.STOP_ON_PAIN.get("zh-TW")
    assert safety.STOP_ON_PAIN.get("fr") == safety.STOP_ON_PAIN.get("en")
    assert "，" in safety.RED_FLAGS.get("zh-TW"), "full-width punctuation in Chinese"
    assert safety.pain_stop_advice("da").count("\n\n") == 2


def test_a_missing_catalog_leaves_the_safety_advice_in_english(
    monkeypatch, tmp_path, caplog
) -> None:
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translation.cache_clear()
    try:
        with caplog.at_level(logging.WARNING):
            assert safety.STOP_ON_PAIN.get("da").startswith("Stop at once")
    finally:
        i18n.translation.cache_clear()


def test_lang_without_a_command_starts_the_app_in_that_language(monkeypatch) -> None:
    import backcoach.ui.app.launch

    started = []
    monkeypatch.setattr(
        backcoach.ui.app.launch, "run_app", lambda **kwargs: started.append(kwargs) or 0
    )
    assert main(["--lang", "zh-TW"]) == 0
    assert started == [{"open_settings": False, "ui_language": "zh-TW"}]


def test_lang_on_the_command_line_also_sets_the_routines_language(capsys) -> None:
    from backcoach.cli import main

    assert main(["--lang", "zh-TW", "plan", "desk-break"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("辦公桌旁小休息（desk-break）")
    assert main(["plan", "desk-break"]) == 0  # the next command, without --lang: English again
    assert capsys.readouterr().out.startswith("Desk break (desk-break)")
