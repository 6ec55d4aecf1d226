"""The translation catalog: complete and current, languages resolved, English as the fallback."""

from __future__ import annotations

import gettext
import logging
import sys

import pytest

from backcoach import i18n
from tests.conftest import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "packaging"))
import i18n as catalog_tool  # noqa: E402  (packaging/i18n.py)


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_language("en")


def test_the_catalog_is_complete_current_and_keeps_every_placeholder() -> None:
    assert catalog_tool.problems() == []


def test_language_tags_are_recognised_in_every_usual_spelling() -> None:
    assert [
        i18n.normalize(t) for t in ("zh_TW", "zh-tw", "zh_TW.UTF-8", "da_DK.UTF-8", "en_GB")
    ] == [
        "zh-TW",
        "zh-TW",
        "zh-TW",
        "da",
        "en",
    ]


def test_an_unknown_language_is_refused_with_the_supported_ones() -> None:
    with pytest.raises(i18n.UnknownLanguage, match=r"'fr'.*en \(English\), da \(Dansk\), zh-TW"):
        i18n.normalize("fr")


def test_the_system_language_is_the_default_and_english_where_there_is_no_translation() -> None:
    assert i18n.system_language({"LANG": "da_DK.UTF-8"}) == "da"
    assert i18n.system_language({"LANGUAGE": "fr:zh_TW", "LANG": "fr_FR.UTF-8"}) == "zh-TW"
    assert i18n.system_language({"LANG": "fr_FR.UTF-8"}) == "en"
    assert i18n.system_language({"LANG": "C"}) == "en"


def test_translated_text_follows_the_language_setting_with_plurals() -> None:
    from backcoach.ui.reminders.nudge import nudge_message

    i18n.set_language("da")
    assert nudge_message(1, 0)[1].startswith("Du har siddet ved computeren i et minut.")
    assert nudge_message(31, 0)[1].startswith("Du har siddet ved computeren i 31 minutter.")
    i18n.set_language("zh-TW")
    assert nudge_message(1, 0)[0] == "該站起來了"
    assert nudge_message(1, 0)[1].startswith("你已經在電腦前坐了 1 分鐘")
    i18n.set_language("en")
    assert nudge_message(2, 1)[0] == "Still sitting - a short break now"


def test_a_missing_catalog_falls_back_to_english_with_a_warning(monkeypatch, tmp_path, caplog):
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translation.cache_clear()
    try:
        with caplog.at_level(logging.WARNING):
            found = i18n.translation("da")
        assert type(found) is gettext.NullTranslations
        assert found.gettext("Skip") == "Skip"
        assert "showing English" in caplog.text
    finally:
        i18n.translation.cache_clear()


def test_a_broken_catalog_falls_back_to_english(monkeypatch, tmp_path, caplog):
    broken = tmp_path / "da" / "LC_MESSAGES" / "backcoach.mo"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"\xde\x12\x04\x95 not a catalog")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translation.cache_clear()
    try:
        with caplog.at_level(logging.WARNING):
            assert i18n.translation("da").gettext("Skip") == "Skip"
    finally:
        i18n.translation.cache_clear()


def test_the_pseudo_language_is_longer_accented_and_keeps_placeholders() -> None:
    text = "{title} · takes {duration}"
    out = i18n.pseudo(text)
    assert "{title}" in out and "{duration}" in out
    assert len(out) >= 1.4 * len(text)
    assert "à" in i18n.pseudo("take a break")
    assert out.format(title="X", duration="1:00")
    long = i18n.pseudo("Stop at once if you feel sharp, shooting or stabbing pain. " * 2)
    assert max(len(word) for word in long.split()) <= 12  # it still wraps like a sentence


def test_qt_buttons_follow_the_language(qtbot) -> None:
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from backcoach.ui.app.qt_translations import install_qt_translations

    app = QApplication.instance()
    try:
        assert install_qt_translations(app, "da")
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Annuller"
    finally:
        install_qt_translations(app, "en")


def test_the_check_catches_a_missing_translation_and_a_changed_placeholder(monkeypatch, tmp_path):
    import shutil

    copy = tmp_path / "i18n"
    shutil.copytree(catalog_tool.I18N, copy)
    monkeypatch.setattr(catalog_tool, "I18N", copy)
    monkeypatch.setattr(catalog_tool, "TEMPLATE", copy / "backcoach.pot")
    monkeypatch.setattr(catalog_tool, "ROOT", tmp_path)
    da = catalog_tool.po_path("da")
    text = da.read_text("utf-8")
    text = text.replace(
        'msgstr "{title} · tager {duration}"', 'msgstr "{titel} · tager {duration}"'
    )
    text = text.replace('msgstr "Spring over"', 'msgstr ""')
    da.write_text(text, "utf-8")
    found = catalog_tool.problems()
    assert any("'Skip': not translated" in line for line in found)
    assert any("placeholders differ" in line and "{titel}" in line for line in found)
    assert any("backcoach.mo is out of date" in line for line in found)
