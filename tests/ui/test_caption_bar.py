"""Every spoken cue shows as a caption for its speaking time; every beep as a short flash."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from backcoach.config.settings import Settings
from backcoach.core.playback.cues import Cue, CueKind, CueRole
from backcoach.ui.player.caption_bar import MIN_CAPTION_S, CaptionBar
from backcoach.ui.player.page import PlayerPage
from tests import builders as b
from tests.fakes import FakeClock, FakeVoice


def _cue(kind: CueKind, text: str = "", speak_s: float = 0.0) -> Cue:
    return Cue(
        0.0,
        text,
        50,
        kind,
        CueRole.BEEP if kind is not CueKind.SPEECH else CueRole.START,
        0,
        speak_s,
    )


@pytest.fixture
def bar(qtbot, fake_clock: FakeClock) -> CaptionBar:
    widget = CaptionBar(fake_clock)
    qtbot.addWidget(widget)
    widget.resize(600, 40)
    widget.show()
    return widget


def test_a_spoken_cue_is_captioned_for_its_speaking_time(bar: CaptionBar, fake_clock) -> None:
    bar.show_cue(_cue(CueKind.SPEECH, "Hold for twenty seconds.", speak_s=3.0))
    assert bar.caption == "“Hold for twenty seconds.”"
    fake_clock.advance(2.9)
    bar.expire()
    assert bar.caption == "“Hold for twenty seconds.”"
    fake_clock.advance(0.2)
    bar.expire()
    assert bar.caption == ""


def test_a_short_word_stays_long_enough_to_be_read(bar: CaptionBar, fake_clock) -> None:
    bar.show_cue(_cue(CueKind.SPEECH, "Up.", speak_s=0.4))
    fake_clock.advance(MIN_CAPTION_S - 0.1)
    bar.expire()
    assert bar.caption == "“Up.”"
    fake_clock.advance(0.2)
    bar.expire()
    assert bar.caption == ""


def test_a_newer_cue_replaces_the_caption_and_keeps_its_own_time(bar, fake_clock) -> None:
    bar.show_cue(_cue(CueKind.SPEECH, "Rest.", speak_s=1.0))
    fake_clock.advance(1.5)
    bar.show_cue(_cue(CueKind.SPEECH, "Next: bird dog.", speak_s=2.5))
    fake_clock.advance(1.0)  # the first one's time is up, not the second's
    bar.expire()
    assert bar.caption == "“Next: bird dog.”"


def test_every_beep_flashes_the_bar_briefly_and_the_text_stays_readable(qtbot, bar) -> None:
    bar.show_cue(_cue(CueKind.SPEECH, "Three.", speak_s=0.5))
    palette = bar.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#0e6b47"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#ffffff"))
    bar.setPalette(palette)
    bar.show_cue(_cue(CueKind.TICK))
    assert bar.flashing and bar.flashes == 1
    assert bar.line.foregroundRole() == QPalette.ColorRole.Window  # green on the white flash
    image = bar.grab().toImage()
    assert QColor(image.pixel(bar.width() // 2, 3)).name() == "#ffffff"
    qtbot.waitUntil(lambda: not bar.flashing, timeout=2000)
    assert bar.line.foregroundRole() == QPalette.ColorRole.WindowText
    assert bar.caption == "“Three.”"  # a beep leaves the caption alone
    bar.show_cue(_cue(CueKind.PHASE))
    assert bar.flashing and bar.flashes == 2


def test_a_phase_beep_flashes_longer_than_a_tick(qtbot, bar) -> None:
    bar.show_cue(_cue(CueKind.TICK))
    tick = bar.last_flash_ms
    bar.show_cue(_cue(CueKind.PHASE))
    assert bar.last_flash_ms > tick > 0


def test_clearing_ends_caption_and_flash(bar: CaptionBar) -> None:
    bar.show_cue(_cue(CueKind.SPEECH, "Go.", speak_s=1.0))
    bar.show_cue(_cue(CueKind.PHASE))
    bar.clear()
    assert bar.caption == "" and not bar.flashing


def test_in_the_player_every_beep_flashes_and_every_spoken_cue_is_captioned(
    qtbot, fake_clock: FakeClock
) -> None:
    voice = FakeVoice()
    page = PlayerPage(Settings(), voice, clock=fake_clock)
    qtbot.addWidget(page)
    page.resize(1000, 680)
    page.show()
    page.start(b.routine(b.hold("Plank", 30, prepare_s=5), title="Tiny"))
    captions: list[str] = []
    for _ in range(400):  # 40 s on the clock, in the steps the page's timer would take
        fake_clock.advance(0.1)
        page.tick()
        if page.captions.caption and page.captions.caption not in captions:
            captions.append(page.captions.caption)
    said = [f"“{text}”" for text in voice.said()]
    assert said and all(text in captions for text in said)
    assert page.captions.flashes == voice.count("beep") > 0
