"""The library as a user browses it: search, filters, own routines apart, keys, use, languages."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

from backcoach import i18n
from backcoach.config import paths
from backcoach.core.history.store import HistoryStore
from backcoach.core.routine.catalog import load_catalog
from backcoach.core.routine.filtering import TimeBand
from backcoach.core.routine.model import RoutineKind
from backcoach.ui.library.delegate import RoutineDelegate, title_font, wrapped_lines
from backcoach.ui.library.model import Heading, Role
from backcoach.ui.library.view import LibraryView
from tests.history_records import make_record

LONG_DA = "Rygstrækningsprogrammet til skrivebordsarbejdspladsen med ekstra lændeaflastning"
LONG_ZH = "適合長時間久坐辦公室上班族的下背部伸展與核心穩定完整訓練課程第二階段"


@pytest.fixture
def language():
    """Switch the UI language for one test and back to English after it."""
    yield i18n.set_language
    i18n.set_language("en")


def _own_routine(home: Path, routine_id: str, title: object, *, kind: str = "custom") -> None:
    data = json.loads((paths.bundled_routines_dir() / "desk-break.json").read_text())
    data.update(id=routine_id, title=title, kind=kind)
    folder = home / "data" / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{routine_id}.json").write_text(json.dumps(data), encoding="utf-8")


def _shown_ids(view: LibraryView) -> list[str]:
    model = view.model
    rows = (model.index(row).data(Role.ROUTINE) for row in range(model.rowCount()))
    return [routine.routine_id for routine in rows if routine is not None]


def _view(qtbot, **kwargs) -> LibraryView:
    view = LibraryView(load_catalog(), **kwargs)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.use_loaded, timeout=5000):
        pass
    return view


def test_typing_in_search_narrows_the_list_and_clearing_brings_everything_back(qtbot) -> None:
    view = _view(qtbot)
    everything = _shown_ids(view)
    qtbot.keyClicks(view.search, "desk")
    assert _shown_ids(view) == ["desk-break"]
    assert view.current_routine().routine_id == "desk-break"
    assert view.count_label.text() == f"1 of {len(everything)} routines"
    view.clear_button.click()
    assert _shown_ids(view) == everything
    assert view.count_label.text() == f"{len(everything)} routines"


def test_search_finds_a_routine_by_its_danish_name_in_the_english_ui(qtbot) -> None:
    view = _view(qtbot)
    danish = load_catalog().find("desk-break").title.get("da")
    qtbot.keyClicks(view.search, danish[:6].upper())
    assert "desk-break" in _shown_ids(view)


def test_kind_time_and_equipment_filters_keep_only_matching_routines(qtbot) -> None:
    view = _view(qtbot)
    catalog = load_catalog()
    view.kind_filter.setCurrentIndex(view.kind_filter.findData(RoutineKind.STRETCH.value))
    shown = _shown_ids(view)
    assert shown and all(catalog.find(i).kind is RoutineKind.STRETCH for i in shown)
    view.clear_filters()
    view.time_filter.setCurrentIndex(view.time_filter.findData(TimeBand.SHORT.value))
    assert _shown_ids(view) == ["desk-break"]  # 2 min; every other bundled one is longer
    view.time_filter.setCurrentIndex(view.time_filter.findData(TimeBand.LONG.value))
    assert _shown_ids(view) == ["strength-beginner"]  # 16 min
    view.clear_filters()
    view.equipment_filter.setCurrentIndex(view.equipment_filter.findData(""))
    assert all(not catalog.find(i).equipment for i in _shown_ids(view))
    assert "desk-break" in _shown_ids(view)


def test_nothing_matching_says_so_and_start_is_off(qtbot) -> None:
    view = _view(qtbot)
    view.show()
    qtbot.keyClicks(view.search, "no such routine anywhere")
    assert _shown_ids(view) == []
    assert view.empty_label.isVisible()
    assert not view.start_button.isEnabled()
    assert view.detail.toPlainText() == ""


def test_own_routines_are_listed_apart_after_the_bundled_ones(qtbot, backcoach_home) -> None:
    _own_routine(backcoach_home, "my-morning", "My morning")
    view = _view(qtbot)
    rows = view.model.rows
    headings = [row.text for row in rows if isinstance(row, Heading)]
    assert headings == ["Bundled routines", "My routines"]
    assert _shown_ids(view)[-1] == "my-morning"
    assert view.model.index(0).flags() == Qt.ItemFlag.NoItemFlags  # a heading can't be chosen


def test_arrow_keys_skip_headings_and_enter_starts(qtbot, backcoach_home) -> None:
    _own_routine(backcoach_home, "my-morning", "My morning")
    view = _view(qtbot)
    view.show()
    qtbot.waitExposed(view)
    last_bundled = _shown_ids(view)[-2]
    view.select(last_bundled)
    view.routine_list.setFocus()
    qtbot.keyClick(view.routine_list, Qt.Key.Key_Down)
    assert view.current_routine().routine_id == "my-morning"
    with qtbot.waitSignal(view.start_requested) as started:
        qtbot.keyClick(view.routine_list, Qt.Key.Key_Return)
    assert started.args[0].routine_id == "my-morning"


def test_ctrl_f_goes_to_search_and_down_goes_back_to_the_list(qtbot) -> None:
    view = _view(qtbot)
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitActive(view):
        view.activateWindow()
    view.routine_list.setFocus()
    qtbot.keyClick(view.routine_list, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is view.search
    qtbot.keyClicks(view.search, "warm")
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is view.routine_list
    assert view.current_routine().routine_id == "warm-up"


def test_every_control_has_an_accessible_name(qtbot) -> None:
    view = _view(qtbot)
    for widget in (
        view.search,
        view.kind_filter,
        view.time_filter,
        view.equipment_filter,
        view.clear_button,
        view.routine_list,
        view.detail,
        view.start_button,
    ):
        assert widget.accessibleName(), widget.objectName()


def test_cards_say_how_often_and_when_a_routine_was_last_done(qtbot) -> None:
    now = datetime.now().astimezone()
    with HistoryStore() as store:
        store.add(make_record(now.replace(hour=1), routine_id="desk-break"))
        store.add(make_record(now.replace(hour=0), routine_id="desk-break"))
    view = _view(qtbot)
    use = view.model.index(view.model.row_of("desk-break")).data(Role.USE)
    assert use == "Done 2 times · Last done today"
    warm = view.model.index(view.model.row_of("warm-up")).data(Role.USE)
    assert warm == "Not done yet"


def test_a_session_ending_refreshes_the_use_line(qtbot) -> None:
    view = _view(qtbot)
    with HistoryStore() as store:
        store.add(make_record(routine_id="warm-up"))
    with qtbot.waitSignal(view.use_loaded, timeout=5000):
        view.refresh_use()
    assert view.model.index(view.model.row_of("warm-up")).data(Role.USE).startswith("Done 1 time")


def test_the_detail_shows_each_step_with_its_picture(qtbot) -> None:
    view = _view(qtbot)
    view.select("strength-beginner")
    routine = view.current_routine()
    assert len(view.detail.pictures) >= 3
    assert all(Path(p).is_file() for p in view.detail.pictures)
    assert "<img" in view.detail.toHtml()
    assert routine.title.get("en") in view.detail.toPlainText()


@pytest.mark.parametrize(("tag", "title"), [("da", LONG_DA), ("zh-TW", LONG_ZH)])
def test_long_titles_wrap_and_keep_the_kind_time_line(
    qtbot, backcoach_home, language, tag: str, title: str
) -> None:
    language(tag)
    _own_routine(backcoach_home, "long-one", {"en": "Long", tag: title})
    view = _view(qtbot, language=tag)
    index = view.model.index(view.model.row_of("long-one"))
    width = 200
    font = title_font(QFont())
    lines = wrapped_lines(index.data(), font, width, 2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(QFontMetrics(font).horizontalAdvance(line) <= width for line in lines)
    assert len(lines[0]) > 4  # the first line is full text, not a stub
    assert index.data(Qt.ItemDataRole.ToolTipRole).startswith(title)
    assert title in index.data(Qt.ItemDataRole.AccessibleTextRole)
    meta = index.data(Role.META)
    assert meta.split(" · ")[0] == i18n._("Custom") != "Custom"
    height = RoutineDelegate().row_height(QFont())
    needed = 2 * QFontMetrics(font).lineSpacing() + 2 * QFontMetrics(QFont()).lineSpacing()
    assert height >= needed


def test_the_library_speaks_danish_and_chinese(qtbot, language) -> None:
    language("da")
    view = _view(qtbot, language="da")
    assert view.start_button.text() == "Start"
    assert view.kind_filter.itemText(0) == "Alle slags"
    assert "Tid:" in view.detail.toPlainText()
    language("zh-TW")
    view = _view(qtbot, language="zh-TW")
    assert view.start_button.text() == "開始"
    assert view.search.placeholderText().startswith("依名稱搜尋")
    assert view.model.index(0).data(Role.USE) == "尚未做過"


def test_a_changed_language_keeps_the_chosen_filters(qtbot, language) -> None:
    view = _view(qtbot)
    view.time_filter.setCurrentIndex(view.time_filter.findData(TimeBand.SHORT.value))
    language("da")
    view.language = "da"
    view.set_catalog(view.catalog)
    assert view.current_filter().band is TimeBand.SHORT
    assert view.time_filter.currentText() == "Under 5 min"
    assert _shown_ids(view) == ["desk-break"]


def test_thumbnails_are_rendered_once_per_picture(qtbot) -> None:
    from backcoach.ui.library import thumbnails

    thumbnails.clear()
    view = _view(qtbot)
    view.resize(900, 2000)
    view.show()
    qtbot.waitExposed(view)
    view.grab()
    pictures = {view.model.index(r).data(Role.PICTURE) for r in range(view.model.rowCount())}
    first = {key: value for key, value in thumbnails._cache.items() if key[1:3] == (96, 72)}
    assert len(first) == len(pictures - {None}) > 0
    view.grab()
    assert all(thumbnails._cache[key] is first[key] for key in first)
    assert QSize(96, 72) == next(iter(first.values())).deviceIndependentSize().toSize()


def test_edit_and_duplicate_show_once_an_editor_listens(qtbot, backcoach_home) -> None:
    _own_routine(backcoach_home, "my-morning", "My morning")
    view = _view(qtbot)
    view.select("warm-up")
    assert not view.duplicate_button.isVisibleTo(view)  # nothing edits routines yet
    edits: list[str] = []
    view.edit_requested.connect(lambda routine: edits.append(routine.routine_id))
    view.duplicate_requested.connect(lambda routine: edits.append("copy " + routine.routine_id))
    assert view.duplicate_button.isVisibleTo(view) and not view.edit_button.isVisibleTo(view)
    view.duplicate_button.click()
    view.select("my-morning")
    assert view.edit_button.isVisibleTo(view) and not view.duplicate_button.isVisibleTo(view)
    view.edit_button.click()
    assert edits == ["copy warm-up", "my-morning"]


def test_dropped_routine_files_are_handed_on_to_import(qtbot, tmp_path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    view = _view(qtbot)
    mime = QMimeData()
    files = [tmp_path / "a.json", tmp_path / "b.zip", tmp_path / "notes.txt"]
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in files])
    event = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(view.files_dropped) as dropped:
        view.dropEvent(event)
    assert dropped.args[0] == [str(files[0]), str(files[1])]


def test_selecting_a_routine_scrolls_it_into_view(qtbot, backcoach_home) -> None:
    for number in range(12):
        _own_routine(backcoach_home, f"mine-{number:02d}", f"Mine {number}")
    view = _view(qtbot)
    view.resize(800, 400)
    view.show()
    qtbot.waitExposed(view)
    view.select("mine-11")
    view.routine_list.scrollToTop()
    view.select("mine-11")  # already current: it must still come into view
    listed = view.routine_list
    row = listed.visualRect(listed.currentIndex())
    assert listed.viewport().rect().contains(row)


def test_a_picture_that_cannot_be_read_gives_no_thumbnail_and_a_changed_one_is_redrawn(
    tmp_path,
) -> None:
    import os

    from backcoach.config import paths as config_paths
    from backcoach.ui.library.thumbnails import thumbnail

    assert thumbnail(tmp_path / "missing.svg", QSize(96, 72)) is None
    broken = tmp_path / "broken.svg"
    broken.write_text("<svg")
    assert thumbnail(broken, QSize(96, 72)) is None
    picture = tmp_path / "picture.svg"
    source = config_paths.assets_dir() / "illustrations" / "plank.svg"
    picture.write_bytes(source.read_bytes())
    first = thumbnail(picture, QSize(96, 72))
    assert first is not None and thumbnail(picture, QSize(96, 72)) is first
    os.utime(picture, ns=(1, 1))
    assert thumbnail(picture, QSize(96, 72)) is not first


def test_the_main_window_refreshes_the_library_when_a_session_ends(qtbot) -> None:
    from backcoach.config.settings import Settings
    from backcoach.ui.app.main_window import MainWindow

    window = MainWindow(Settings())
    qtbot.addWidget(window)
    library = window.library
    with qtbot.waitSignal(library.use_loaded, timeout=5000):
        pass
    with HistoryStore() as store:
        store.add(make_record(routine_id="desk-break"))
    with qtbot.waitSignal(library.use_loaded, timeout=5000):
        window.session_ended.emit("completed")
    use = library.model.index(library.model.row_of("desk-break")).data(Role.USE)
    assert use.startswith("Done 1 time")


def test_the_detail_shows_the_routines_timeline_strip(qtbot) -> None:
    from backcoach.core.routine.duration import planned_duration_s

    view = _view(qtbot)
    with qtbot.waitSignal(view.timeline_planned, timeout=10000):
        view.select("strength-beginner")
    strip = view.timeline_strip
    routine = view.current_routine()
    assert strip.total_s == pytest.approx(planned_duration_s(routine), abs=1.0)
    assert strip.bars and strip.cue_times
    assert {bar.group for bar in strip.bars} >= {"prepare", "work", "rest"}
    assert "Work" in view.timeline_legend.text()
    with qtbot.waitSignal(view.timeline_planned, timeout=10000):
        view.select("desk-break")  # the strip follows the selection
    assert strip.total_s == pytest.approx(planned_duration_s(view.current_routine()), abs=1.0)


def test_the_library_reads_the_history_but_never_creates_it(qtbot) -> None:
    view = _view(qtbot)
    assert not paths.history_db_path().exists()
    assert view.model.index(view.model.row_of("desk-break")).data(Role.USE) == "Not done yet"
