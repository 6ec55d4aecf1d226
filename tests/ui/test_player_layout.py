"""The player laid out by proportions: readable from three metres at full screen, whole at 800×600.

The page is sized as a full-screen window would size it (the page fills the
screen); the geometry of the digits, picture, name and counters is measured
against it, and at 800×600 every visible part must be inside the page, apart
from the others, and show its whole text, in English, Danish and Chinese.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QProgressBar, QPushButton, QWidget

from backcoach import i18n
from backcoach.config.paths import assets_dir
from backcoach.config.settings import Settings
from backcoach.core.routine.model import BreathPattern
from backcoach.ui.app.focus_ring import install_focus_ring
from backcoach.ui.app.safety_dialog import SafetyDialog
from backcoach.ui.player.fitting_label import FittingLabel
from backcoach.ui.player.page import PlayerPage
from backcoach.ui.player.phase_colors import PHASE_COLORS
from tests import builders as b
from tests.fakes import FakeClock, FakeVoice

FULL_SCREENS = [(1366, 768), (1920, 1080)]
ALL_SIZES = [(800, 600), *FULL_SCREENS]


@pytest.fixture
def page(qtbot, fake_clock: FakeClock) -> PlayerPage:
    page = PlayerPage(Settings(), FakeVoice(), clock=fake_clock)
    qtbot.addWidget(page)
    page.show()
    return page


def play_hold(
    page: PlayerPage, clock: FakeClock, breathing: bool = False, hold_s: int = 45, shows: str = "45"
) -> None:
    """Play a hold (two sets) with a picture, in its first set, until the ring ``shows``."""
    step = b.hold(
        "Side plank",
        hold_s,
        sets=2,
        instruction="On your forearm and the side of your feet, lift your hips into one line"
        " from head to heels, and hold; breathe calmly.",
        breathing=BreathPattern(inhale_s=4, exhale_s=6) if breathing else None,
    )
    step = replace(step, illustration=assets_dir() / "illustrations" / "plank.svg")
    page.start(b.routine(step, title="Tiny"))
    for _ in range(hold_s * 10 + 200):  # the whole first set at most: a wrong text fails
        if page.ring.text == shows:
            return
        clock.advance(0.1)
        page.tick()
    raise AssertionError(f"the ring never showed {shows!r}")


def size_page(page: PlayerPage, width: int, height: int) -> None:
    page.resize(width, height)
    QApplication.processEvents()
    page.refresh()
    QApplication.processEvents()
    assert page.size().toTuple() == (width, height), "the page fits the screen"


def in_page(widget: QWidget, page: PlayerPage) -> QRect:
    return QRect(widget.mapTo(page, QPoint(0, 0)), widget.size())


def visible_parts(page: PlayerPage) -> list[QWidget]:
    kinds = (QLabel, QPushButton, QProgressBar)
    parts = [w for w in page.stage.findChildren(QWidget) if isinstance(w, kinds)]
    parts += [page.ring, page.illustration, page.breathing]
    return [w for w in parts if w.isVisible() and (not isinstance(w, QLabel) or w.text())]


def assert_digits_inside_the_ring(page: PlayerPage) -> None:
    """The countdown's ink (its corners) inside the ring's inside circle: no digit on the ring."""
    ring = page.ring
    ink, centre = ring.digits_rect(), ring.ring_rect().center()
    inside = ring.ring_rect().width() * (1 - 2 * 0.06) / 2  # the ring's stroke: 6 % of it
    for corner in (ink.topLeft(), ink.topRight(), ink.bottomLeft(), ink.bottomRight()):
        away = math.dist((corner.x(), corner.y()), (centre.x(), centre.y()))
        assert away <= inside, f"{ring.text!r} reaches {away:.0f} px out, the ring {inside:.0f}"


def assert_whole_and_apart(page: PlayerPage) -> None:
    """Every visible part inside the page, none on another, every text shown whole."""
    parts = visible_parts(page)
    frame = page.rect()
    for part in parts:
        rect = in_page(part, page)
        assert frame.contains(rect), f"{part.objectName()} {rect} leaves the page {frame}"
    for number, one in enumerate(parts):
        for other in parts[number + 1 :]:
            overlap = in_page(one, page).intersected(in_page(other, page))
            assert overlap.isEmpty(), f"{one.objectName()} overlaps {other.objectName()}"
    for part in parts:
        if isinstance(part, QPushButton):
            hint = part.sizeHint()
            assert part.width() >= hint.width() and part.height() >= hint.height(), (
                f"{part.objectName()} ({part.text()!r}) is cut: {part.size()} < {hint}"
            )
        elif isinstance(part, FittingLabel):
            assert not part.is_cut(), f"{part.objectName()} is cut: {part.text()!r}"
            shown = QFontMetricsF(QLabel.font(part))
            assert shown.height() <= part.contentsRect().height() + 1, f"{part.objectName()} low"
        elif isinstance(part, QLabel):
            metrics = QFontMetricsF(part.font())
            room = part.contentsRect()
            if part.wordWrap():
                flags = int(Qt.TextFlag.TextWordWrap)
                needed = metrics.boundingRect(QRectF(room), flags, part.text()).height()
                assert needed <= room.height() + 1, f"{part.objectName()} is cut: {part.text()!r}"
            else:
                assert metrics.horizontalAdvance(part.text()) <= room.width() + 1, (
                    f"{part.objectName()} is cut: {part.text()!r}"
                )
                assert metrics.height() <= room.height() + 1, f"{part.objectName()} too low"


@pytest.mark.parametrize(("width", "height"), FULL_SCREENS)
def test_at_full_screen_the_digits_picture_name_and_counters_are_big(
    page, fake_clock, width: int, height: int
) -> None:
    play_hold(page, fake_clock)
    size_page(page, width, height)
    digits = page.ring.digits_rect()
    assert digits.height() >= height / 4, "the digits: a quarter of the screen's height"
    assert page.ring.rect().contains(digits.toRect())
    assert page.illustration.picture_rect().width() >= width / 3, "the picture: a third"
    assert page.title_label.text() == "Side plank"
    assert QLabel.font(page.title_label).pixelSize() >= 0.05 * height  # as shown, fitted
    assert page.counters_label.text() == "Set 1 of 2"
    assert page.counters_label.font().pixelSize() >= 0.05 * height
    assert_whole_and_apart(page)


@pytest.mark.parametrize(("width", "height"), FULL_SCREENS)
@pytest.mark.parametrize(
    ("hold_s", "shows"), [(120, "2:00"), (600, "9:59"), (100, "1:40"), (900, "15"), (600, "10")]
)
def test_at_full_screen_minutes_and_seconds_are_a_quarter_of_the_height_too(
    page, fake_clock, width: int, height: int, hold_s: int, shows: str
) -> None:
    play_hold(page, fake_clock, hold_s=hold_s, shows=shows)
    size_page(page, width, height)
    assert page.ring.text == shows
    assert page.ring.digits_rect().height() >= height / 4, "m:ss: a quarter of the height"
    assert_digits_inside_the_ring(page)
    assert_whole_and_apart(page)


@pytest.mark.parametrize(("width", "height"), FULL_SCREENS)
def test_the_picture_keeps_a_third_of_the_width_beside_the_breathing_guide(
    page, fake_clock, width: int, height: int
) -> None:
    play_hold(page, fake_clock, breathing=True)
    size_page(page, width, height)
    assert page.breathing.isVisible()
    assert page.illustration.picture_rect().width() >= width / 3
    assert_whole_and_apart(page)


@pytest.mark.parametrize(("width", "height"), ALL_SIZES)
@pytest.mark.parametrize(
    ("hold_s", "shows"), [(45, "45"), (120, "2:00"), (600, "9:59"), (900, "15")]
)
def test_nothing_overlaps_or_is_cut(
    page, fake_clock, width: int, height: int, hold_s: int, shows: str
) -> None:
    play_hold(page, fake_clock, breathing=True, hold_s=hold_s, shows=shows)
    size_page(page, width, height)
    assert page.ring.text == shows
    assert_digits_inside_the_ring(page)
    assert_whole_and_apart(page)


def test_the_instruction_is_fitted_again_when_its_column_narrows(page, fake_clock) -> None:
    """The page keeps its size while its columns settle (a picture shown, full screen on)."""
    walking = b.timed(
        "Easy walking",
        120,
        instruction="Walk slowly around the room or on the spot and let your breathing settle."
        " Let your shoulders hang loose.",
    )
    walking = replace(walking, illustration=assets_dir() / "illustrations" / "easy-walk.svg")
    page.start(b.routine(walking, title="Tiny"))
    size_page(page, 800, 600)
    assert_whole_and_apart(page)
    page.beside.setMaximumWidth(page.beside.width() - 40)  # the ring's column takes 40 px more
    QApplication.processEvents()
    assert page.ring.text == "2:00"
    assert page.instruction_label.text().startswith("Walk slowly")
    assert_whole_and_apart(page)  # two lines, in a smaller font if need be: not three, cut


TRANSLATED = {
    "da": ("Skarp smerte – stop (P)", "Sæt 1 af 2", "Stoppet på grund af smerte", "Før du starter"),
    "zh-TW": ("劇烈疼痛－停止（P）", "第 1 組／共 2 組", "因疼痛而停止", "開始之前"),
}


@pytest.mark.parametrize("language", ["da", "zh-TW"])
def test_in_danish_and_chinese_nothing_is_cut_at_800_by_600(qtbot, fake_clock, language) -> None:
    pain, counters, heading, safety = TRANSLATED[language]
    i18n.set_language(language)
    try:
        page = PlayerPage(Settings(language=language), FakeVoice(), clock=fake_clock)
        qtbot.addWidget(page)
        page.show()
        play_hold(page, fake_clock, breathing=True)
        size_page(page, 800, 600)
        assert page.pain_button.text() == pain
        assert page.counters_label.text() == counters
        assert_whole_and_apart(page)
        page.ask_stop()  # the question bar in place of the buttons
        QApplication.processEvents()
        assert_whole_and_apart(page)
        page.cancel_stop()
        page.start(b.routine(b.reps("Bird dog", 8, sets=2, self_paced=True), title="Tiny"))
        QApplication.processEvents()
        assert page.done_button.isVisible(), "a self-paced set: all eight buttons in the row"
        assert_whole_and_apart(page)
        page.pain_button.click()
        assert page.end_view.heading.text() == heading
        dialog = SafetyDialog(language)
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == safety
    finally:
        i18n.set_language("en")


def test_labels_take_the_phase_colour_under_the_focus_ring(page, fake_clock, qapp) -> None:
    sheet = qapp.styleSheet()
    install_focus_ring(qapp)  # an application style sheet: palettes stop flowing to children
    parts = (page.phase_label, page.title_label, page.counters_label, page.next_label)

    def assert_colours() -> None:
        colours = PHASE_COLORS[page.display.phase]
        text, background = QColor(colours.text), QColor(colours.background)
        assert page.stage.palette().color(QPalette.ColorRole.Window) == background
        for label in (*parts, page.captions):  # the caption bar flashes in the text colour
            assert label.palette().color(QPalette.ColorRole.WindowText) == text, label.objectName()
        assert page.progress.palette().color(QPalette.ColorRole.Highlight) == text
        assert page.progress.palette().color(QPalette.ColorRole.Window) == background  # groove
        assert page.ring._color == text
        # ... and its words then show in the background colour.
        assert page.captions.line.palette().color(QPalette.ColorRole.Window) == background

    try:
        page.start(b.routine(b.hold("Side plank", 30, prepare_s=5), title="Tiny"))
        size_page(page, 1366, 768)
        seen = [page.display.phase.value]
        assert_colours()  # getting ready: dark words on yellow
        while page.display.phase.value == "prepare":
            fake_clock.advance(0.1)
            page.tick()
        seen.append(page.display.phase.value)
        assert_colours()  # holding: white words on green
        page.toggle_pause()  # white words still: only the background changes
        seen.append(page.display.phase.value)
        assert_colours()
        page.toggle_pause()
        page.restart_step()  # back to getting ready: the words turn dark again
        seen += [page.display.phase.value]
        assert_colours()
        assert seen == ["prepare", "active", "paused", "prepare"]
    finally:
        qapp.setStyleSheet(sheet)
