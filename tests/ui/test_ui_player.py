"""The player page, driven by keys and buttons on a fake clock, as a user on the mat would."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QImage

from backcoach.adapters.speech.engine_client import SpeechUnavailable
from backcoach.adapters.speech.rendering import VoiceSettings
from backcoach.adapters.speech.speaker import Speaker
from backcoach.config.paths import assets_dir
from backcoach.config.settings import Settings, load_settings
from backcoach.core.playback.display import Phase
from backcoach.core.playback.record import SessionStatus
from backcoach.core.playback.session import SessionState
from backcoach.core.routine.catalog import load_catalog
from backcoach.core.routine.model import BreathPattern, Sides
from backcoach.ui.app.main_window import MainWindow
from backcoach.ui.player import page as page_module
from backcoach.ui.player.page import PlayerPage
from tests import builders as b
from tests.fakes import (
    FakeAudioOut,
    FakeClock,
    FakePhrases,
    FakeScreenAwake,
    FakeSessionLog,
    FakeVoice,
)


@pytest.fixture
def voice() -> FakeVoice:
    return FakeVoice()


@pytest.fixture
def log() -> FakeSessionLog:
    return FakeSessionLog()


@pytest.fixture
def screen() -> FakeScreenAwake:
    return FakeScreenAwake()


@pytest.fixture
def make_page(qtbot, fake_clock, voice, log, screen):
    def make(*steps, bundled: str | None = None) -> PlayerPage:
        """Play ``steps`` (a routine titled "Tiny"), or the bundled routine ``bundled``."""
        page = PlayerPage(Settings(), voice, log, fake_clock, screen)
        qtbot.addWidget(page)
        page.resize(1200, 760)
        page.show()
        if bundled:
            page.start(next(r for r in load_catalog().routines if r.routine_id == bundled))
        else:
            page.start(b.routine(*steps, title="Tiny"))
        return page

    return make


@pytest.fixture
def make_window(qtbot, fake_clock, voice, log, screen):
    """A shown main window with the fakes; ``voice_factory``/``log_factory`` override them."""

    def make(voice_factory=None, log_factory=None) -> MainWindow:
        window = MainWindow(
            Settings(safety_acknowledged=True),
            voice_factory=voice_factory or (lambda settings, on_message: voice),
            log_factory=log_factory or (lambda on_message: log),
            clock=fake_clock,
            screen_awake=screen,
            list_voices=lambda: [],
        )
        qtbot.addWidget(window)
        window.show()
        return window

    return make


class PaintCounter(QObject):
    """Counts the paint events a widget gets."""

    def __init__(self, widget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def advance(page: PlayerPage, clock: FakeClock, seconds: float) -> None:
    """Move the clock in small steps, as the page's timer would wake up."""
    while seconds > 1e-9:
        step = min(0.25, seconds)
        clock.advance(step)
        seconds -= step
        page.tick()


def key(qtbot, page: PlayerPage, which: Qt.Key) -> None:
    qtbot.keyClick(page, which)


def test_countdown_shows_seconds_left_as_the_clock_moves(make_page, fake_clock) -> None:
    page = make_page(b.hold("Plank", 30, prepare_s=5))
    assert page.ring.text == "5"
    assert page.phase_label.text() == "Get ready"
    fake_clock.advance(1.2)
    page.tick()
    assert page.ring.text == "4"
    advance(page, fake_clock, 4.0)  # 5.2 s in: 0.2 s into the 30 s hold
    assert page.ring.text == "30"
    assert page.phase_label.text() == "Hold"
    assert page.title_label.text() == "Plank"
    advance(page, fake_clock, 29.0)
    assert page.ring.text == "1"


def test_space_pauses_and_resumes_and_cuts_speech(
    qtbot, make_page, fake_clock, voice, screen
) -> None:
    page = make_page(b.hold("Plank", 30))
    assert screen.holding  # the screen stays on while a routine plays
    fake_clock.advance(3)
    page.tick()
    cuts = voice.count("cut")
    key(qtbot, page, Qt.Key.Key_Space)
    assert page.session.state is SessionState.PAUSED
    assert voice.count("cut") == cuts + 1
    assert not screen.holding  # ... and may blank while paused
    assert page.phase_label.text().startswith("Paused")
    assert page.display.phase is Phase.PAUSED
    assert page.pause_button.text() == "Resume (Space)"
    fake_clock.advance(60)  # time paused does not count
    page.tick()
    assert page.ring.text == "27"
    key(qtbot, page, Qt.Key.Key_Space)
    assert page.session.state is SessionState.RUNNING
    assert screen.holding
    fake_clock.advance(2)
    page.tick()
    assert page.ring.text == "25"


def test_the_paused_page_keeps_drawing_itself_for_a_while(
    qtbot, make_page, fake_clock, monkeypatch
) -> None:
    """While paused the page is drawn a few times a second (resuming is then drawn warm),
    not for ever, and not once playing again."""
    monkeypatch.setattr(page_module, "PAUSED_REDRAW_MS", 10)
    monkeypatch.setattr(page_module, "PAUSED_REDRAW_FOR_MS", 120)
    page = make_page(b.hold("Plank", 30))
    paints = PaintCounter(page.stage)
    qtbot.wait(100)
    assert paints.count <= 2  # playing, nothing changes: the stage itself is not redrawn
    key(qtbot, page, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: paints.count >= 5)  # paused: drawn again and again ...
    qtbot.wait(400)  # ... for the 120 ms allowed, then no more
    drawn = paints.count
    qtbot.wait(100)
    assert paints.count <= drawn + 1
    key(qtbot, page, Qt.Key.Key_Space)  # resumed: back to playing
    key(qtbot, page, Qt.Key.Key_Space)  # paused again: drawn again
    qtbot.waitUntil(lambda: paints.count >= drawn + 3)
    key(qtbot, page, Qt.Key.Key_Space)  # playing: no more
    qtbot.wait(30)
    drawn = paints.count
    qtbot.wait(100)
    assert paints.count <= drawn + 1


def test_right_and_left_arrows_move_between_exercises(qtbot, make_page, fake_clock, voice):
    page = make_page(b.hold("One", 20), b.hold("Two", 20), b.hold("Three", 20))
    fake_clock.advance(5)
    page.tick()
    key(qtbot, page, Qt.Key.Key_Right)
    assert page.title_label.text() == "Two"
    assert page.ring.text == "20"
    key(qtbot, page, Qt.Key.Key_Right)
    assert page.title_label.text() == "Three"
    key(qtbot, page, Qt.Key.Key_Left)
    assert page.title_label.text() == "Two"
    assert voice.count("cut") >= 3  # every move cuts the phrase being said


def test_r_restarts_the_step(qtbot, make_page, fake_clock) -> None:
    page = make_page(b.hold("One", 20, prepare_s=5))
    advance(page, fake_clock, 15)
    assert page.ring.text == "10"
    key(qtbot, page, Qt.Key.Key_R)
    assert page.phase_label.text() == "Get ready"
    assert page.ring.text == "5"


def test_buttons_do_what_the_keys_do(qtbot, make_page, fake_clock) -> None:
    page = make_page(b.hold("One", 20), b.hold("Two", 20))
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert page.title_label.text() == "Two"
    qtbot.mouseClick(page.pause_button, Qt.MouseButton.LeftButton)
    assert page.session.state is SessionState.PAUSED
    qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    assert page.title_label.text() == "One"


def test_enter_finishes_a_self_paced_set_and_only_there(qtbot, make_page, fake_clock) -> None:
    page = make_page(b.hold("Plank", 10), b.reps("Cat-cow", 8, sets=2, rest_s=10, self_paced=True))
    key(qtbot, page, Qt.Key.Key_Return)  # in a hold: nothing happens
    assert page.title_label.text() == "Plank"
    assert not page.done_button.isVisible()
    advance(page, fake_clock, 10.5)
    assert page.title_label.text() == "Cat-cow"
    assert page.done_button.isVisible()
    assert "8 reps" in page.counters_label.text()
    advance(page, fake_clock, 30)  # the estimate (8 x 3 s) runs out: it waits for done
    assert page.session.state is SessionState.WAITING
    assert page.ring.text == "Done?"
    key(qtbot, page, Qt.Key.Key_Enter)
    assert page.session.state is SessionState.RUNNING
    assert page.phase_label.text() == "Rest"
    assert page.next_label.text() == "Next: Set 2 of 2: 8 reps"


def test_m_mutes_and_is_remembered(qtbot, make_page, voice) -> None:
    page = make_page(b.hold("Plank", 30))
    key(qtbot, page, Qt.Key.Key_M)
    assert voice.muted
    assert page.mute_button.text() == "Unmute (M)"
    assert load_settings().settings.muted
    key(qtbot, page, Qt.Key.Key_M)
    assert not voice.muted
    assert not load_settings().settings.muted


def test_cues_are_spoken_and_shown_on_their_marks(make_page, fake_clock, voice) -> None:
    page = make_page(b.hold("Plank", 30, prepare_s=5))
    assert voice.calls[0][0] == "configure"
    prepared = [arg for call, arg in voice.calls if call == "prepare"]
    assert any("Halfway." in texts for texts in prepared)  # the routine's phrases, ahead
    advance(page, fake_clock, 5.1)
    assert "Hold." in voice.said()
    assert "Halfway." not in voice.said()
    advance(page, fake_clock, 15)
    assert voice.said()[-1] == "Halfway."
    assert page.caption_label.text() == "“Halfway.”"
    assert voice.count("beep") >= 2  # the phase beep and countdown ticks


def test_escape_asks_before_stopping(qtbot, make_page, fake_clock, log, voice) -> None:
    page = make_page(b.hold("One", 20), b.hold("Two", 20))
    key(qtbot, page, Qt.Key.Key_Escape)
    assert page.confirm_bar.isVisible()
    assert page.session.state is SessionState.PAUSED
    key(qtbot, page, Qt.Key.Key_Escape)  # no: go on
    assert not page.confirm_bar.isVisible()
    assert page.session.state is SessionState.RUNNING
    key(qtbot, page, Qt.Key.Key_Escape)
    key(qtbot, page, Qt.Key.Key_Return)  # yes: stop
    assert page.session.state is SessionState.STOPPED
    assert log.finished[-1].status is SessionStatus.STOPPED_EARLY
    assert page.views.currentWidget() is page.end_view
    assert page.end_view.heading.text() == "Session stopped"


def test_sharp_pain_stops_at_once_cuts_speech_and_shows_the_advice(
    qtbot, make_page, fake_clock, log, voice, screen
) -> None:
    page = make_page(b.hold("One", 20), b.hold("Two", 20))
    advance(page, fake_clock, 4)
    assert screen.holding
    cuts = voice.count("cut")
    qtbot.mouseClick(page.pain_button, Qt.MouseButton.LeftButton)
    assert page.session.state is SessionState.STOPPED
    assert voice.count("cut") > cuts
    record = log.finished[-1]
    assert record.status is SessionStatus.STOPPED_FOR_PAIN
    assert record.done_s == pytest.approx(4, abs=0.3)
    assert page.views.currentWidget() is page.end_view
    advice = page.end_view.advice
    assert advice.isVisible()
    assert "physiotherapist or doctor" in advice.text()
    assert "numbness or tingling" in advice.text()
    assert not screen.holding


def test_answers_after_the_session_go_to_the_log(qtbot, make_page, fake_clock, log) -> None:
    page = make_page(b.hold("One", 3))
    advance(page, fake_clock, 4)
    assert log.finished[-1].status is SessionStatus.COMPLETED
    view = page.end_view
    assert view.heading.text().startswith("Well done")
    assert view.saved.text() == "Saved in your history."
    qtbot.mouseClick(view.effort.buttons[6], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.pain.buttons[2], Qt.MouseButton.LeftButton)
    view.note.setText("  easier than last week ")
    with qtbot.waitSignal(page.closed):
        qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert log.feedback == [(1, 6, 2, "easier than last week")]


def test_enter_in_the_note_field_saves_the_answers(qtbot, make_page, fake_clock, log) -> None:
    page = make_page(b.hold("One", 3))
    advance(page, fake_clock, 4)
    view = page.end_view
    qtbot.mouseClick(view.pain.buttons[1], Qt.MouseButton.LeftButton)
    view.note.setFocus()
    qtbot.keyClicks(view.note, "fine")
    with qtbot.waitSignal(page.closed):
        qtbot.keyClick(view.note, Qt.Key.Key_Return)
    assert log.feedback == [(1, None, 1, "fine")]


def test_a_routine_run_through_with_next_ends_as_partly_done(qtbot, make_page, fake_clock, log):
    page = make_page(b.hold("One", 10), b.hold("Two", 10), b.hold("Three", 10))
    advance(page, fake_clock, 1)
    page.session.next()
    page.session.next()
    page.session.next()
    assert log.finished[-1].status is SessionStatus.PARTLY_DONE
    view = page.end_view
    assert view.heading.text() == "Routine finished – partly done"
    assert "does not extend your streak" in view.summary.text()


def test_skipping_the_questions_saves_no_answers(qtbot, make_page, fake_clock, log) -> None:
    page = make_page(b.hold("One", 3))
    advance(page, fake_clock, 4)
    with qtbot.waitSignal(page.closed):
        qtbot.mouseClick(page.end_view.skip_button, Qt.MouseButton.LeftButton)
    assert log.feedback == []


def test_a_log_that_cannot_save_never_claims_it_did(qtbot, fake_clock, voice, screen) -> None:
    page = PlayerPage(Settings(), voice, FakeSessionLog(fail=True), fake_clock, screen)
    qtbot.addWidget(page)
    page.show()
    page.start(b.routine(b.hold("One", 2)))
    advance(page, fake_clock, 3)
    assert page.views.currentWidget() is page.end_view
    assert not page.end_view.saved.isVisible()


def test_checkpoints_are_written_as_exercises_change(make_page, fake_clock, log) -> None:
    page = make_page(b.hold("One", 10), b.hold("Two", 10), b.hold("Three", 10))
    assert len(log.begun) == 1
    advance(page, fake_clock, 25)
    done = [round(record.done_s) for record in log.checkpoints]
    assert {record.status for record in log.checkpoints} == {SessionStatus.IN_PROGRESS}
    assert 10 in done and 20 in done  # at each new exercise
    assert done == sorted(done) and max(b - a for a, b in zip([0, *done], done, strict=False)) <= 6


def test_breathing_guide_grows_on_inhale_and_shrinks_on_exhale(make_page, fake_clock) -> None:
    pattern = BreathPattern(inhale_s=4, exhale_s=6)
    page = make_page(b.hold("Child's pose", 20, breathing=pattern))
    guide = page.breathing
    assert guide.isVisible()
    sizes = []
    for _ in range(4):
        advance(page, fake_clock, 0.9)
        sizes.append(guide.diameter_scale())
    assert guide.state.label == "Breathe in"
    assert sizes == sorted(sizes) and sizes[-1] > sizes[0]
    advance(page, fake_clock, 1.0)  # 4.6 s: breathing out
    assert guide.state.label == "Breathe out"
    shrinking = []
    for _ in range(4):
        advance(page, fake_clock, 1.0)
        shrinking.append(guide.diameter_scale())
    assert shrinking == sorted(shrinking, reverse=True)


def test_no_breathing_guide_where_there_is_no_breathing(make_page) -> None:
    page = make_page(b.hold("Plank", 20))
    assert not page.breathing.isVisible()


def test_phase_colour_comes_with_a_word(make_page, fake_clock) -> None:
    page = make_page(b.hold("One", 10, prepare_s=5), b.rest(10), b.hold("Two", 10))
    seen = {}
    for _ in range(6):
        seen[page.display.phase] = page.phase_label.text()
        advance(page, fake_clock, 5)
    assert seen[Phase.PREPARE] == "Get ready"
    assert seen[Phase.ACTIVE] == "Hold"
    assert seen[Phase.REST] == "Rest"
    backgrounds = {page.stage.styleSheet()}
    assert backgrounds  # a colour is applied; the words above carry the meaning


def test_sides_and_next_are_named(make_page, fake_clock) -> None:
    page = make_page(b.hold("Knee to chest", 20, sides=Sides.LEFT_RIGHT), b.hold("Plank", 10))
    assert page.side_label.text() == "· Left side"
    assert page.next_label.text() == "Next: Switch sides · 0:05"
    advance(page, fake_clock, 21)
    assert page.phase_label.text() == "Switch sides"
    assert page.next_label.text() == "Next: Hold · 0:20, right side"


def test_illustration_of_the_step_is_shown(make_page) -> None:
    page = make_page(bundled="stretch-flow")
    page.next()
    assert page.title_label.text() == "Knee to chest"
    assert page.illustration.isVisible()
    assert page.illustration.path.name == "knee-to-chest.svg"


def test_the_next_steps_picture_is_drawn_ahead_and_ready_when_it_comes(
    qtbot, make_page, monkeypatch
) -> None:
    """A step change draws no picture: the next one was read and drawn while this one played."""
    from backcoach.ui.player import illustration_view

    page = make_page(bundled="stretch-flow")
    page.next()  # knee to chest
    view = page.illustration
    assert view.path.name == "knee-to-chest.svg"
    view.grab()  # on screen at its size
    qtbot.waitUntil(lambda: not view._prepare_timer.isActive(), timeout=3000)
    drawn: list[object] = []
    real_render = illustration_view._render
    monkeypatch.setattr(illustration_view, "_render", lambda *a: drawn.append(a) or real_render(*a))
    monkeypatch.setattr(
        illustration_view,
        "load_picture",
        lambda path: pytest.fail(f"{path.name} read again when its step came"),
    )
    page.next()  # the next exercise: its picture was prepared
    assert view.path is not None and view.path.name != "knee-to-chest.svg"
    view.grab()
    assert drawn == []


def test_a_rest_names_and_shows_the_next_exercise(make_page) -> None:
    page = make_page(bundled="strength-beginner")
    for _ in range(3):  # glute bridge, bird dog, superman: then the rest between rounds
        page.next()
    assert page.phase_label.text() == "Rest"
    assert page.title_label.text() == "Next: Glute bridge"
    assert page.counters_label.text() == "Round 2 of 3"
    assert page.illustration.path.name == "glute-bridge.svg"


def pictured(step, path: Path):
    """Return ``step`` with the illustration file ``path``."""
    return replace(step, illustration=path)


def looks_alike(one: QImage, other: QImage) -> bool:
    """Return whether two grabs of the picture card match, pixel by pixel (antialiasing aside)."""
    differing = sum(
        1
        for x in range(0, one.width(), 3)
        for y in range(0, one.height(), 3)
        if abs(one.pixelColor(x, y).lightness() - other.pixelColor(x, y).lightness()) > 40
    )
    return differing < (one.width() // 3) * (one.height() // 3) * 0.01


def test_the_right_side_shows_the_picture_mirrored(make_page, fake_clock) -> None:
    picture = assets_dir() / "illustrations" / "knee-to-chest.svg"
    page = make_page(pictured(b.hold("Knee to chest", 20, sides=Sides.LEFT_RIGHT), picture))
    left = page.illustration.grab().toImage()
    advance(page, fake_clock, 21)
    assert page.phase_label.text() == "Switch sides"
    switching = page.illustration.grab().toImage()
    advance(page, fake_clock, 5)
    assert page.side_label.text() == "· Right side"
    right = page.illustration.grab().toImage()
    assert not looks_alike(right, left)
    assert looks_alike(right, left.flipped(Qt.Orientation.Horizontal))
    assert looks_alike(switching, right), "the switch already shows the side to come"


def test_a_breathing_step_shows_the_breathing_guide_in_place_of_a_picture(
    make_page, fake_clock
) -> None:
    picture = assets_dir() / "illustrations" / "child-pose.svg"
    pattern = BreathPattern(inhale_s=4, exhale_s=6)
    page = make_page(
        b.breathing("Settle in", cycles=1),
        pictured(b.hold("Child's pose", 20, breathing=pattern), picture),
    )
    assert page.breathing.isVisible() and not page.illustration.isVisible()
    full = page.breathing.width()
    advance(page, fake_clock, 10)
    assert page.title_label.text() == "Child's pose"
    assert page.breathing.isVisible() and page.illustration.isVisible()
    assert full > 1.6 * page.breathing.width(), "alone, the guide takes the whole picture area"


def test_a_picture_gone_missing_shows_a_placeholder_and_names_the_file(
    make_page, tmp_path: Path
) -> None:
    page = make_page(pictured(b.hold("Plank", 20), tmp_path / "plank.svg"))
    assert page.illustration.isVisible()
    assert page.illustration.notice == "Picture not found: plank.svg"
    assert page.illustration.accessibleDescription() == "Picture not found: plank.svg"


def test_without_a_speech_engine_the_session_goes_on_and_says_so_once(
    qtbot, tmp_path: Path, make_window, fake_clock, log
) -> None:
    audio = FakeAudioOut()
    failing = FakePhrases(tmp_path, fail_start=SpeechUnavailable("espeak-ng is not installed"))
    window = make_window(
        voice_factory=lambda settings, on_message: Speaker(
            failing, audio, VoiceSettings(), on_message=on_message, clock=fake_clock
        )
    )
    window.play(b.routine(b.hold("One", 6, prepare_s=5), b.hold("Two", 6)))
    page = window.player
    qtbot.waitUntil(lambda: page.message_banner.isVisible(), timeout=3000)
    assert "Spoken cues are off" in page.message_banner.text()
    assert "espeak-ng" in page.message_banner.text()
    assert window.statusBar().currentMessage() == page.message_banner.text()
    advance(page, fake_clock, 6)
    assert page.title_label.text() == "One" and page.phase_label.text() == "Hold"
    assert page.caption_label.text()  # the cue is on screen instead
    qtbot.waitUntil(lambda: "beep" in audio.channels(), timeout=3000)
    assert "speech" not in audio.channels()
    advance(page, fake_clock, 12)
    assert log.finished[-1].status is SessionStatus.COMPLETED
    window.close()


def test_the_main_window_plays_and_returns_to_the_library(qtbot, make_window) -> None:
    window = make_window()
    window.library.select("desk-break")
    qtbot.mouseClick(window.library.start_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.player
    assert window.player.title_label.text()
    assert not window.open_action.isEnabled()
    window.player.stop()
    qtbot.mouseClick(window.player.end_view.skip_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.library
    assert window.open_action.isEnabled()


def test_closing_the_window_mid_session_logs_it_as_stopped(make_window, voice, log) -> None:
    window = make_window()
    window.play(b.routine(b.hold("One", 30)))
    window.close()
    assert log.finished[-1].status is SessionStatus.STOPPED_EARLY
    assert voice.closed


def test_a_session_and_its_answers_reach_the_real_log(qtbot, make_window, fake_clock) -> None:
    from backcoach.core.history.store import HistoryStore
    from backcoach.ui.app.main_window import default_log

    messages: list[str] = []
    window = make_window(log_factory=lambda on_message: default_log(messages.append))
    window.play(b.routine(b.hold("One", 4), b.hold("Two", 4), title="Tiny"))
    page = window.player
    advance(page, fake_clock, 5)
    with HistoryStore() as store:  # a second reader sees the checkpointed session
        (logged,) = store.sessions()
        assert logged.record.status is SessionStatus.IN_PROGRESS
        assert logged.record.done_s == pytest.approx(4, abs=0.3)
    advance(page, fake_clock, 4)
    assert page.end_view.saved.text() == "Saved in your history."
    qtbot.mouseClick(page.end_view.effort.buttons[3], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.end_view.save_button, Qt.MouseButton.LeftButton)
    window.close()
    with HistoryStore() as store:
        (logged,) = store.sessions(with_steps=True)
    assert logged.record.status is SessionStatus.COMPLETED
    assert (logged.record.effort, logged.record.pain) == (3, None)
    assert [step.name for step in logged.record.steps] == ["One", "Two"]
    assert messages == []


def test_the_clock_waits_briefly_for_the_first_phrases(qtbot, fake_clock, log, screen) -> None:
    slow_voice = FakeVoice(prepared=False)
    page = PlayerPage(Settings(), slow_voice, log, fake_clock, screen)
    qtbot.addWidget(page)
    page.show()
    page.start(b.routine(b.hold("One", 10, prepare_s=5)))
    assert page.session.state is SessionState.READY  # rendering the first phrases
    assert page.ring.text == "5"
    slow_voice.prepared = True
    qtbot.waitUntil(lambda: page.session.state is SessionState.RUNNING, timeout=2000)
    assert len(log.begun) == 1


def test_settings_from_the_menu_reach_the_voice(qtbot, make_window, voice) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    window = make_window()
    window.play(b.routine(b.hold("One", 30)))
    dialog = window.open_settings()
    qtbot.waitUntil(lambda: dialog.voice_tab.voices_loaded, timeout=5000)
    dialog.voice_tab.rate.setValue(190)
    dialog.voice_tab.beeps.setChecked(False)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    configured = [arg for call, arg in voice.calls if call == "configure"]
    assert configured[-1].rate == 190
    assert ("beeps", False) in voice.calls


def test_a_routine_can_be_started_by_id_and_reports_start_and_end(qtbot, make_window) -> None:
    window = make_window()
    assert window.start_routine_id("desk-break")
    page = window.player
    assert page.title_label.text()
    assert not window.start_routine_id("stretch-flow")  # one at a time
    with qtbot.waitSignal(page.ended) as ended:
        page.stop()
    assert ended.args[0].routine_id == "desk-break"
    with qtbot.waitSignal(page.started):
        window.show_library()
        window.start_routine_id("desk-break")
