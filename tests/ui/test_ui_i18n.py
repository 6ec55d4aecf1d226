"""The windows in Danish and Traditional Chinese: history, settings, and a language change."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from backcoach import i18n
from backcoach.config.settings import Settings, load_settings
from backcoach.core.history.store import HistoryStore
from backcoach.core.routine.catalog import Catalog, load_catalog
from backcoach.ui.history.heatmap import day_tooltip
from backcoach.ui.history.window import HistoryWindow
from backcoach.ui.settings.dialog import SettingsDialog
from backcoach.ui.settings.reminders_tab import RemindersTab
from tests.history_records import make_record
from tests.ui.test_ui_history import TODAY, days_ago


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return load_catalog(user_dir=tmp_path_factory.mktemp("no-user-routines"))


def open_history(qtbot, catalog: Catalog) -> HistoryWindow:
    window = HistoryWindow(catalog, today=lambda: TODAY)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        pass
    return window


def log_three_days() -> None:
    with HistoryStore() as store:
        store.add_many(
            [
                make_record(days_ago(1), done_s=600, pain=2, effort=5),
                make_record(days_ago(2), done_s=1200, pain=3, effort=6),
                make_record(days_ago(3), done_s=1500, pain=4, effort=6),
            ]
        )


def test_the_history_window_in_danish(qtbot, bundled, language) -> None:
    log_three_days()
    language("da")
    window = open_history(qtbot, bundled)
    assert window.windowTitle() == "BackCoach – Historik"
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Overblik",
        "Træninger",
    ]
    assert window.streak_tile.value_label.text() == "3 dage"
    assert window.streak_tile.detail_label.text() == "Længst: 3 dage"
    assert window.week_chart.bars()[-1].label == "Denne uge"
    assert window.heatmap.tooltip_for(date(2026, 11, 17)) == (
        "tirsdag den 17. november 2026: 10 min. aktiv"
    )
    assert window.activity_box.title().startswith("Aktive minutter pr. dag: 3 aktive dage")
    page = window.sessions_page
    headers = [
        page.model.headerData(i, page.table.horizontalHeader().orientation())
        for i in range(page.model.columnCount())
    ]
    assert headers[:3] == ["Hvornår", "Rutine", "Status"]
    assert page.model.data(page.model.index(0, 2)) == "Gennemført"
    assert page.count_label.text() == "3 træninger"
    assert "Anstrengelse:" in page.detail.toHtml()


def test_the_history_window_in_chinese(qtbot, bundled, language) -> None:
    log_three_days()
    language("zh-TW")
    window = open_history(qtbot, bundled)
    assert window.windowTitle() == "BackCoach – 歷史紀錄"
    assert window.streak_tile.value_label.text() == "3 天"
    assert window.breaks_tile.value_label.text() == "今天 0 次"
    assert day_tooltip(date(2026, 11, 17), 0) == "2026年11月17日 星期二：沒有活動"
    assert window.nudge_chart.shown()[-1][0] == "今天"
    assert window.trend_chart.accessibleDescription().startswith(
        "2 週有回答；最近一次：2026年11月16日起的一週：背痛 2.5"
    )


def test_the_empty_history_page_in_danish(qtbot, bundled, language) -> None:
    language("da")
    window = open_history(qtbot, bundled)
    texts = " ".join(label.text() for label in window.empty_page.findChildren(QLabel))
    assert "Din historik begynder med din første træning" in texts


def test_the_settings_dialog_in_danish_with_qts_buttons(qtbot, language) -> None:
    language("da")
    dialog = SettingsDialog(Settings(), lambda: [])
    qtbot.addWidget(dialog)
    dialog.add_tab(RemindersTab(Settings()), i18n._("Reminders"))
    assert dialog.windowTitle() == "Indstillinger"
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "Sprog og stemme",
        "Påmindelser",
    ]
    tab = dialog.voice_tab
    choices = [tab.language.itemText(i) for i in range(tab.language.count())]
    assert choices[1:] == ["English", "Dansk", "中文（台灣）"]
    assert choices[0].startswith("System (")
    assert tab.language_note.text().startswith("Gælder for vinduer, der åbnes fra nu af")
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Annuller"
    reminders = dialog.tabs.widget(1)
    assert reminders.days["mon"].enabled.text() == "Mandag"


def test_the_settings_dialog_in_chinese(qtbot, language) -> None:
    language("zh-TW")
    dialog = SettingsDialog(Settings(), lambda: [])
    qtbot.addWidget(dialog)
    dialog.add_tab(RemindersTab(Settings()), i18n._("Reminders"))
    assert dialog.windowTitle() == "設定"
    assert dialog.tabs.tabText(0) == "語言與語音"
    assert dialog.tabs.widget(1).days["mon"].enabled.text() == "星期一"


def test_the_language_is_saved_as_chosen_and_system_stays_system(qtbot) -> None:
    settings = Settings()
    dialog = SettingsDialog(settings, lambda: [])
    qtbot.addWidget(dialog)
    tab = dialog.voice_tab
    assert tab.selected_language() == i18n.SYSTEM
    dialog.accept()
    assert load_settings().settings.language == i18n.SYSTEM
    dialog = SettingsDialog(settings, lambda: [])
    qtbot.addWidget(dialog)
    dialog.voice_tab.language.setCurrentIndex(dialog.voice_tab.language.findData("da"))
    dialog.accept()
    assert load_settings().settings.language == "da"


def test_a_new_language_applies_to_windows_opened_afterwards(qtbot, bundled, language) -> None:
    from backcoach.ui.app.main_window import MainWindow

    window = MainWindow(Settings(language="en"), catalog=bundled)
    qtbot.addWidget(window)
    first = window.open_history()
    assert first.windowTitle() == "BackCoach – History"
    first.close()
    window.settings.language = "da"
    window._apply_settings()  # what the settings dialog's OK leads to
    try:
        assert i18n.current_language() == "da"
        again = window.open_history()
        assert again is not first
        assert again.windowTitle() == "BackCoach – Historik"
    finally:
        language("en")


def test_the_menu_bar_follows_a_new_language_and_keeps_working(qtbot, bundled, language) -> None:
    """Menus are rebuilt in the new language; the library's buttons still open editors once."""
    from backcoach.ui.app.main_window import MainWindow

    window = MainWindow(Settings(language="en"), catalog=bundled)
    qtbot.addWidget(window)

    def titles() -> list[str]:
        return [action.text() for action in window.menuBar().actions()]

    assert titles() == ["&File", "&View", "&Help"]
    window.settings.language = "zh-TW"
    window._apply_settings()
    try:
        chinese = titles()
        assert len(chinese) == 3 and all("&" in title for title in chinese)
        assert chinese != ["&File", "&View", "&Help"]
        assert chinese[0] == i18n._("&File")
        window.settings.language = "da"
        window._apply_settings()
        assert titles()[0] == i18n._("&File") != chinese[0]
        # Rebuilding the menus connects nothing twice: one Duplicate click, one editor.
        assert window.library.select("desk-break")
        window.library.duplicate_button.click()
        from PySide6.QtWidgets import QApplication

        from backcoach.ui.editor.window import EditorWindow

        opened = [w for w in QApplication.topLevelWidgets() if isinstance(w, EditorWindow)]
        assert len(opened) == 1 and window.editors.editors == opened
    finally:
        for editor in list(window.editors.editors):
            editor.undo_stack.setClean()
            editor.close()
        language("en")
