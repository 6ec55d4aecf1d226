"""The history window, driven as a user would: statistics, filters, detail, suggestions, export."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton

from backcoach.config import paths
from backcoach.config.settings import Settings
from backcoach.core import safety
from backcoach.core.history import stats
from backcoach.core.history.export import CSV_ENCODING
from backcoach.core.history.store import HistoryStore
from backcoach.core.playback.record import SessionRecord, SessionStatus
from backcoach.core.routine.catalog import Catalog, load_catalog
from backcoach.ui.app.main_window import MainWindow
from backcoach.ui.history.heatmap import ActivityHeatmap, day_tooltip, level_of
from backcoach.ui.history.window import HistoryWindow
from tests.core.history.test_history_store import read_only
from tests.history_records import make_record
from tests.i18n.test_zh_punctuation import half_width_marks

TODAY = date(2026, 11, 18)  # a Wednesday
CET = timezone(timedelta(hours=1))


def at(day: date, hour: int = 7, minute: int = 30) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CET)


def days_ago(n: int, hour: int = 7) -> datetime:
    return at(TODAY - timedelta(days=n), hour)


def add(*records: SessionRecord) -> None:
    with HistoryStore() as store:
        store.add_many(records)


@pytest.fixture(scope="session")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The bundled routines only (no user folder), loaded once."""
    return load_catalog(user_dir=tmp_path_factory.mktemp("no-user-routines"))


@pytest.fixture
def open_window(qtbot, bundled: Catalog) -> Iterator:
    """Return a function that opens the history window and waits until it shows the log."""

    def opener(today: date = TODAY, catalog: Catalog | None = None) -> HistoryWindow:
        window = HistoryWindow(catalog or bundled, today=lambda: today)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.loaded, timeout=10000):
            pass
        return window

    yield opener


def reload(qtbot, window: HistoryWindow) -> None:
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.reload()


# -- empty and broken logs ----------------------------------------------------------------------


def test_an_empty_log_shows_a_friendly_start_page_and_nothing_to_export(qtbot, open_window) -> None:
    window = open_window()
    assert window.pages.currentWidget() is window.empty_page
    texts = " ".join(label.text() for label in window.empty_page.findChildren(QLabel))
    assert "Your history starts with your first session" in texts
    assert window.empty_calendar.cells()[-1].day == TODAY
    assert not window.export_csv_action.isEnabled()
    assert not window.export_json_action.isEnabled()
    with qtbot.waitSignal(window.library_requested):
        qtbot.mouseClick(window.findChild(QPushButton, "goToLibrary"), Qt.MouseButton.LeftButton)


def test_a_damaged_log_is_moved_aside_and_the_window_says_where(open_window) -> None:
    path = paths.history_db_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database " * 200)
    window = open_window()
    assert not window.notice_banner.isHidden()
    assert "corrupt-" in window.notice_banner.text()
    assert window.pages.currentWidget() is window.empty_page


def test_an_unwritable_log_shows_the_reason_and_try_again_works(qtbot, open_window) -> None:
    folder = paths.data_dir()
    folder.mkdir(parents=True)
    with read_only(folder):
        window = open_window()
        assert window.pages.currentWidget() is window.error_page
        assert str(paths.history_db_path()) in window.error_label.text()
        assert "read-only" in window.error_label.text()
        assert not window.export_csv_action.isEnabled()
    add(make_record(days_ago(1)))
    reload(qtbot, window)
    assert window.pages.currentWidget() is window.content_page


def test_statistics_are_computed_off_the_gui_thread(
    open_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    real = stats.compute_history

    def spy(store, today, recent=200):
        threads.append(threading.current_thread())
        return real(store, today, recent)

    monkeypatch.setattr("backcoach.ui.history.window.compute_history", spy)
    add(make_record(days_ago(0)))
    window = open_window()
    assert threads and threads[0] is not threading.main_thread()
    assert window.sessions_tile.value_label.text() == "1"


def test_closing_the_window_while_it_loads_closes_the_log(qtbot, bundled) -> None:
    add(make_record(days_ago(1)))
    window = HistoryWindow(bundled, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.close()
    qtbot.waitUntil(lambda: not window.loading, timeout=10000)
    assert window.store is None
    reload(qtbot, window)
    assert window.store is not None and window.sessions_tile.value_label.text() == "1"


# -- statistics ----------------------------------------------------------------------------------


def test_streak_week_bars_heat_map_and_trend_show_the_logged_days(open_window) -> None:
    # Three days in a row up to yesterday (10, 20, 35 minutes), and an older run of 5 days.
    add(
        make_record(days_ago(1), done_s=600, pain=2, effort=5),
        make_record(days_ago(2), done_s=1200, pain=3, effort=6),
        make_record(days_ago(3), done_s=1500, pain=4, effort=6),
        make_record(days_ago(3, hour=19), routine_id="stretch-flow", kind="stretch", done_s=600),
        *(make_record(days_ago(n), done_s=300) for n in range(20, 25)),
        make_record(days_ago(0), kind="desk-break", routine_id="desk-break", done_s=110),
    )
    window = open_window()
    assert window.pages.currentWidget() is window.content_page
    assert window.streak_tile.value_label.text() == "3 days"
    assert window.streak_tile.detail_label.text() == "Longest: 5 days"
    assert window.breaks_tile.value_label.text() == "1 today"

    bars = window.week_chart.bars()
    assert len(bars) == 12
    assert bars[-1].label == "This week" and bars[-1].week_start == date(2026, 11, 16)
    assert bars[-1].minutes == round((1200 + 600 + 110) / 60)  # Mon 16, Tue 17, desk break today
    assert bars[-2].minutes == 35  # Sun 15 Nov: two sessions
    assert bars[-3].minutes == 0
    assert bars[-4].minutes == 20  # Mon 26 to Thu 29 Oct
    assert bars[-5].minutes == 5  # Sun 25 Oct
    assert "Week of 16–22 Nov 2026" in bars[-1].tooltip

    heatmap = window.heatmap
    sunday = heatmap.cell(TODAY - timedelta(days=3))
    assert sunday is not None and sunday.minutes == pytest.approx(35.0) and sunday.level == 4
    assert heatmap.cell(TODAY - timedelta(days=1)).level == 2
    assert heatmap.cell(TODAY - timedelta(days=4)).minutes == 0
    assert heatmap.cell(TODAY + timedelta(days=1)) is None
    assert heatmap.cells()[-1].day == TODAY
    assert heatmap.first_day().weekday() == 0
    assert "35 min active" in day_tooltip(sunday.day, sunday.minutes)

    weeks = window.trend_chart.weeks()
    assert [(w.week_start, w.pain) for w in weeks] == [
        (date(2026, 11, 9), 4.0),
        (date(2026, 11, 16), 2.5),
    ]


def test_heat_map_levels_legend_and_hover_point() -> None:
    assert [level_of(m) for m in (0, 0.5, 9.9, 10, 19, 20, 29, 30, 90)] == [
        0,
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
    ]
    assert day_tooltip(date(2026, 11, 17), 0) == "Tuesday 17 November 2026: no activity"


def test_hovering_a_heat_map_square_finds_its_day(qtbot) -> None:
    heatmap = ActivityHeatmap()
    qtbot.addWidget(heatmap)
    heatmap.resize(heatmap.sizeHint())
    heatmap.set_data({TODAY: 12.0}, TODAY)
    target = heatmap.cell(TODAY)
    centre = heatmap._rect(target).center()
    assert heatmap.cell_at(centre) == target
    assert heatmap.cell_at(QPoint(2, 2)) is None


# -- the session list ----------------------------------------------------------------------------


def test_filters_by_routine_and_dates_and_shows_more(qtbot, open_window) -> None:
    add(
        *(make_record(days_ago(n % 300, hour=6 + n // 300)) for n in range(450)),
        make_record(days_ago(5), routine_id="stretch-flow", kind="stretch"),
        make_record(days_ago(40), routine_id="stretch-flow", kind="stretch"),
    )
    window = open_window()
    page = window.sessions_page
    assert page.model.rowCount() == 200
    assert page.count_label.text() == "Showing 200 of 452 sessions"
    assert not page.more_button.isHidden()
    page.more_button.click()
    assert page.model.rowCount() == 400

    page.routine_filter.setCurrentIndex(page.routine_filter.findData("stretch-flow"))
    assert page.model.rowCount() == 2
    assert page.count_label.text() == "2 sessions"
    assert page.more_button.isHidden()

    page.period_filter.setCurrentIndex(page.period_filter.findText("Last 30 days"))
    assert page.model.rowCount() == 1
    assert page.model.summary_at(0).day == TODAY - timedelta(days=5)

    page.routine_filter.setCurrentIndex(0)
    page.period_filter.setCurrentIndex(page.period_filter.findText("Between dates…"))
    assert page.since_edit.isVisibleTo(page)
    page.since_edit.setDate(TODAY - timedelta(days=41))
    page.until_edit.setDate(TODAY - timedelta(days=39))
    days = {page.model.summary_at(row).day for row in range(page.model.rowCount())}
    assert days == {TODAY - timedelta(days=n) for n in (39, 40, 41)}
    assert page.model.rowCount() == 3 * 2 + 1  # two core sessions a day, one stretch


def test_selecting_a_session_shows_steps_planned_and_done(open_window) -> None:
    record = make_record(days_ago(2), status=SessionStatus.STOPPED_FOR_PAIN, pain=6, effort=7)
    record.note = "Sharp twinge <left side>"
    record.steps[1].skipped = True
    record.steps[1].done_s = 0
    record.steps[2].done_reps = 8
    add(make_record(days_ago(3)), record)
    window = open_window()
    page = window.sessions_page
    assert page.model.data(page.model.index(0, 2)) == "Stopped for pain"
    page.table.selectRow(0)
    text = page.detail.toPlainText()
    assert "Stopped for pain" in text
    assert "Effort: 7/10" in text and "Back pain: 6/10" in text
    assert "Sharp twinge <left side>" in text
    assert "1 of 3 steps done, 1 skipped" in text
    assert "Exercise 2" in text and "Skipped" in text and "Partly done" in text
    assert "8 reps" in text


def test_a_session_in_chinese_has_its_additions_in_full_width_parentheses(
    open_window, language
) -> None:
    language("zh-TW")
    add(make_record(days_ago(2)))
    page = open_window().sessions_page
    page.table.selectRow(0)
    text = page.detail.toPlainText()
    assert "（在應用程式視窗中播放）" in text or "（在終端機中播放）" in text, text
    assert half_width_marks(text) == []
    assert re.findall(r".{0,6}(?:, | \().{0,6}", text) == []


# -- suggestions ---------------------------------------------------------------------------------


def _good_strength_sessions(bundled: Catalog, count: int = 3) -> list[SessionRecord]:
    routine = bundled.find("strength-beginner")
    assert routine is not None
    return [
        make_record(
            days_ago(2 * n + 1, hour=18),
            routine_id="strength-beginner",
            content_hash=routine.content_hash,
            pain=1,
            effort=6,
        )
        for n in range(count)
    ]


def test_accepting_a_progress_suggestion_adds_a_routine_the_library_loads(
    qtbot, open_window, bundled: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    add(*_good_strength_sessions(bundled))
    window = open_window()
    cards = window.suggestions.cards
    assert len(cards) == 1 and not window.suggestions.isHidden()
    card = cards[0]
    assert "3 times in a row" in card.findChild(QLabel).text()
    assert [b.text() for b in card.option_buttons][1].startswith("One more round")
    card.option_buttons[1].setChecked(True)
    with qtbot.waitSignal(window.routine_added) as added:
        qtbot.mouseClick(card.accept_button, Qt.MouseButton.LeftButton)
    new_id, path = added.args
    assert new_id == "strength-beginner-progressed-2"
    assert Path(path).parent == paths.user_routines_dir()
    assert told and path in told[0] and "– harder" in told[0]
    assert window.suggestions.cards == [] and window.suggestions.isHidden()
    routine = load_catalog().find(new_id)
    assert routine is not None and routine.steps[0].rounds == 4
    assert bundled.find("strength-beginner").steps[0].rounds == 3


def test_not_now_hides_a_suggestion_until_the_next_session(qtbot, open_window, bundled) -> None:
    add(*_good_strength_sessions(bundled))
    window = open_window()
    assert len(window.suggestions.cards) == 1
    qtbot.mouseClick(window.suggestions.cards[0].later_button, Qt.MouseButton.LeftButton)
    assert window.suggestions.cards == []
    reload(qtbot, window)
    assert window.suggestions.cards == []
    add(
        make_record(
            days_ago(0, hour=18),
            routine_id="strength-beginner",
            content_hash=bundled.find("strength-beginner").content_hash,
            pain=0,
        )
    )
    reload(qtbot, window)
    assert len(window.suggestions.cards) == 1


def test_a_pain_stop_suggests_easing_off_with_the_safety_advice(open_window, bundled) -> None:
    add(
        make_record(
            days_ago(1, hour=18),
            routine_id="strength-beginner",
            content_hash=bundled.find("strength-beginner").content_hash,
            status=SessionStatus.STOPPED_FOR_PAIN,
            pain=6,
        )
    )
    window = open_window()
    (card,) = window.suggestions.cards
    advice = card.findChild(QLabel, "safetyAdvice")
    assert advice is not None
    assert safety.STOP_ON_PAIN.get()[:40] in advice.text()
    assert "physiotherapist" in advice.text()
    assert card.option_buttons == [] and not card.accept_button.isHidden()


def test_old_routines_get_no_suggestion(open_window, bundled) -> None:
    routine = bundled.find("strength-beginner")
    add(
        *(
            make_record(
                days_ago(60 + n), routine_id=routine.routine_id, content_hash=routine.content_hash
            )
            for n in range(3)
        )
    )
    window = open_window()
    assert window.suggestions.cards == []


# -- export --------------------------------------------------------------------------------------


def test_export_writes_csv_and_json_files(qtbot, open_window, tmp_path: Path) -> None:
    formula = make_record(days_ago(1))
    formula.note = "=1+1"
    add(formula, make_record(days_ago(0)))
    window = open_window()
    assert window.export_csv_action.isEnabled()
    csv_path = tmp_path / "out" / "log.csv"
    with qtbot.waitSignal(window.exporter.exported, timeout=10000):
        window.export_to("csv", csv_path)
    rows = csv_path.read_bytes().decode(CSV_ENCODING).splitlines()
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert len(rows) == 3 and "'=1+1" in rows[1] + rows[2]
    assert str(csv_path) in window.statusBar().currentMessage()
    json_path = tmp_path / "log.json"
    with qtbot.waitSignal(window.exporter.exported, timeout=10000):
        window.export_to("json", json_path)
    document = json.loads(json_path.read_text(encoding="utf-8"))
    assert document["format"] == "backcoach-history"
    assert len(document["sessions"]) == 2


def test_an_export_that_cannot_be_written_says_why_and_leaves_nothing(
    qtbot, open_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    add(make_record(days_ago(1)))
    window = open_window()
    folder = tmp_path / "exports"
    folder.mkdir()
    blocker = folder / "a-file"
    blocker.write_text("")
    target = blocker / "log.csv"
    with qtbot.waitSignal(window.exporter.failed, timeout=10000):
        window.export_to("csv", target)
    assert shown and str(target) in shown[0] and "Nothing was saved" in shown[0]
    assert window.export_csv_action.isEnabled()
    assert list(folder.iterdir()) == [blocker]


# -- from the main window ------------------------------------------------------------------------


def test_ctrl_h_opens_the_history_and_an_accepted_routine_appears_in_the_library(
    qtbot, bundled: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "information", lambda *args: None)
    routine = bundled.find("strength-beginner")
    today = date.today()
    add(
        *(
            make_record(
                datetime.combine(today - timedelta(days=n + 1), time(12)).astimezone(),
                routine_id=routine.routine_id,
                content_hash=routine.content_hash,
                pain=1,
            )
            for n in range(3)
        )
    )
    main = MainWindow(Settings(safety_acknowledged=True), catalog=load_catalog())
    qtbot.addWidget(main)
    view_menu = next(a.menu() for a in main.menuBar().actions() if a.text() == "&View")
    action = next(a for a in view_menu.actions() if a.text() == "&History…")
    assert action.shortcut().toString() == "Ctrl+H"
    action.trigger()
    window = main.history_window
    assert window is not None
    with qtbot.waitSignal(window.loaded, timeout=10000):
        pass
    assert window.isVisible()
    (card,) = window.suggestions.cards
    card.accept_button.click()
    assert main.library.current_routine().routine_id == "strength-beginner-progressed-2"
    action.trigger()
    assert main.history_window is window
    with qtbot.waitSignal(window.loaded, timeout=10000):
        pass


def test_the_heat_map_tells_the_desk_breaks_of_each_day(open_window) -> None:
    yesterday = TODAY - timedelta(days=1)
    add(make_record(days_ago(1), done_s=600))
    with HistoryStore() as store:
        for hour, kind in ((9, "taken"), (11, "natural"), (14, "natural"), (15, "skipped")):
            store.log_break_event(kind, at(yesterday, hour).timestamp(), None)
    window = open_window()
    assert window.heatmap.tooltip_for(yesterday) == (
        f"{yesterday:%A} {yesterday.day} {yesterday:%B %Y}: 10 min active, 3 desk breaks"
    )
    assert window.heatmap.tooltip_for(TODAY).endswith("no activity")
    assert day_tooltip(TODAY, 0, 1).endswith("no activity, 1 desk break")


def test_nudge_answers_show_per_day_and_per_week_as_a_chart(qtbot, open_window) -> None:
    yesterday = TODAY - timedelta(days=1)
    last_week = TODAY - timedelta(days=7)
    with HistoryStore() as store:
        for when, kind in (
            (at(yesterday, 9), "taken"),
            (at(yesterday, 10), "snoozed"),
            (at(yesterday, 11), "taken"),
            (at(yesterday, 15), "skipped"),
            (at(yesterday, 16), "natural"),  # not an answer to a nudge
            (at(last_week, 9), "skipped"),
            (at(TODAY - timedelta(days=30), 9), "taken"),  # outside the two weeks of days
        ):
            store.log_break_event(kind, when.timestamp(), None)
    window = open_window()
    chart = window.nudge_chart
    days = chart.shown()
    assert len(days) == 14 and days[-1][0] == "Today"
    label, answers = days[-2]
    assert label == f"{yesterday:%a}"[:2] + f" {yesterday.day}"
    assert (answers.taken, answers.snoozed, answers.skipped) == (2, 1, 1)
    assert sum(a.total for _, a in days) == 5
    assert "2 taken, 1 snoozed, 1 skipped" in chart.accessibleDescription()
    chart.by_week.click()
    weeks = chart.shown()
    assert len(weeks) == 12 and weeks[-1][0] == "This week"
    assert weeks[-1][1].taken == 2 and weeks[-2][1].skipped == 1
    assert sum(a.taken for _, a in weeks) == 3  # the one 30 days ago counts in its week
    image = chart.bars.grab().toImage()
    taken_green = QColor("#2a7f62").rgb()
    assert any(
        image.pixel(x, y) == taken_green
        for x in range(image.width())
        for y in range(0, image.height(), 2)
    )
