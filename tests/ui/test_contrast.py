"""Text contrast of at least 4.5:1 in the light, dark and high-contrast themes, computed.

Every text role of every theme against the backgrounds it is drawn on, the
quieter and warning colours, the charts' softer ink, the player's phase
colours, and every fixed text colour written in a style sheet or HTML in
``backcoach/ui`` (with the background written beside it).
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from backcoach.config.settings import THEMES as THEME_SETTINGS
from backcoach.config.settings import load_settings
from backcoach.ui.app import theme
from backcoach.ui.app.contrast import MIN_TEXT_RATIO, contrast_ratio, relative_luminance
from backcoach.ui.app.theme import PALETTES, SOFT_TEXT_ALPHA, TEXT_COLOURS, TEXT_PAIRS, Theme
from backcoach.ui.history.nudge_chart import PARTS
from backcoach.ui.player.illustration_view import CARD_COLOR, PLACEHOLDER_COLOR
from backcoach.ui.player.phase_colors import PAIN_BUTTON, PHASE_COLORS

UI = Path(__file__).resolve().parents[2] / "backcoach" / "ui"
THEMES = list(PALETTES)
Role = QPalette.ColorRole


def test_contrast_ratio_matches_the_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # just fails
    assert contrast_ratio("#767676", "#fff") == pytest.approx(4.54, abs=0.01)  # just passes
    assert relative_luminance("#808080") == pytest.approx(0.2159, abs=1e-4)


@pytest.mark.parametrize("name", THEMES, ids=[t.value for t in THEMES])
def test_every_text_role_reaches_4_5_to_1_on_its_background(name: Theme) -> None:
    palette = PALETTES[name]
    low = {
        f"{text.name} on {back.name}": round(contrast_ratio(palette[text], palette[back]), 2)
        for text, back in TEXT_PAIRS
        if contrast_ratio(palette[text], palette[back]) < MIN_TEXT_RATIO
    }
    assert not low


@pytest.mark.parametrize("name", THEMES, ids=[t.value for t in THEMES])
def test_quiet_and_warning_text_is_readable_on_every_background(name: Theme) -> None:
    palette = PALETTES[name]
    for kind, colour in TEXT_COLOURS[name].items():
        for back in (Role.Window, Role.Base, Role.AlternateBase):
            ratio = contrast_ratio(colour, palette[back])
            assert ratio >= MIN_TEXT_RATIO, f"{kind} {colour} on {back.name}: {ratio:.2f}"


def _blend(front: str, back: str, alpha: float) -> str:
    mix = [
        round(int(front[i : i + 2], 16) * alpha + int(back[i : i + 2], 16) * (1 - alpha))
        for i in (1, 3, 5)
    ]
    return "#" + "".join(f"{c:02x}" for c in mix)


@pytest.mark.parametrize("name", THEMES, ids=[t.value for t in THEMES])
def test_chart_labels_in_softer_ink_stay_readable(name: Theme) -> None:
    """Chart labels and tile captions: the text colour, partly transparent, on the window."""
    palette = PALETTES[name]
    for back in (Role.Window, Role.Base):
        ink = _blend(palette[Role.WindowText], palette[back], SOFT_TEXT_ALPHA / 255)
        assert contrast_ratio(ink, palette[back]) >= MIN_TEXT_RATIO


def test_player_phase_colours_and_the_pain_button_are_readable() -> None:
    for phase, colours in PHASE_COLORS.items():
        assert contrast_ratio(colours.text, colours.background) >= MIN_TEXT_RATIO, phase
    assert contrast_ratio(PAIN_BUTTON.text, PAIN_BUTTON.background) >= MIN_TEXT_RATIO


def test_numbers_on_the_nudge_chart_bars_and_the_picture_notice_are_readable() -> None:
    for _field, word, colour in PARTS:
        assert contrast_ratio("#ffffff", colour) >= MIN_TEXT_RATIO, word
    assert contrast_ratio(PLACEHOLDER_COLOR, CARD_COLOR) >= MIN_TEXT_RATIO


_COLOUR = r"(#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|white|black)"
_TEXT = re.compile(r"(?<![-\w])color:\s*" + _COLOUR)
_BACK = re.compile(r"background(?:-color)?:\s*" + _COLOUR)
_NAMED = {"white": "#ffffff", "black": "#000000"}
_SWATCH = re.compile(r"<span style='color:#\w+'>■</span>")
"""A coloured square in a legend: a graphic beside its word, not text."""
FIXED_BACKGROUNDS = {
    # The suggestion cards are always light (green or amber), whatever the theme.
    ("suggestion_panel.py", "#1a1a1a"): ("#eef8f0", "#fff4e5"),
    ("suggestion_panel.py", "#444"): ("#eef8f0", "#fff4e5"),
    ("suggestion_panel.py", "#555"): ("#eef8f0", "#fff4e5"),
}
"""Text colours written without their background on the same line, and what is behind them."""


def _fixed_text_colours() -> list[tuple[str, int, str, tuple[str, ...]]]:
    found = []
    for path in sorted(UI.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            texts = _TEXT.findall(_SWATCH.sub("", line))
            if not texts:
                continue
            backs = tuple(_NAMED.get(b, b) for b in _BACK.findall(line))
            for text in texts:
                known = FIXED_BACKGROUNDS.get((path.name, text), ())
                found.append(
                    (f"{path.name}:{number}", text, _NAMED.get(text, text), backs or known)
                )
    return found


def test_every_fixed_text_colour_in_the_interface_has_its_background_and_reaches_4_5() -> None:
    found = _fixed_text_colours()
    assert len(found) >= 8  # the scan sees the banners, buttons and cards
    problems = []
    for where, written, text, backs in found:
        if not backs:
            problems.append(f"{where}: {written} has no fixed background (use theme.text_colour)")
        for back in backs:
            ratio = contrast_ratio(text, back)
            if ratio < MIN_TEXT_RATIO:
                problems.append(f"{where}: {written} on {back} is {ratio:.2f}:1")
    assert not problems


class _Hints:
    def __init__(self, scheme: Qt.ColorScheme, contrast: Qt.ContrastPreference) -> None:
        self._scheme = scheme
        self._access = SimpleNamespace(contrastPreference=lambda: contrast)

    def colorScheme(self) -> Qt.ColorScheme:  # noqa: N802 - Qt's name
        return self._scheme

    def accessibility(self) -> SimpleNamespace:
        return self._access


def _desktop(scheme: Qt.ColorScheme, contrast=Qt.ContrastPreference.NoPreference):
    return SimpleNamespace(styleHints=lambda: _Hints(scheme, contrast))


def test_the_system_setting_follows_the_desktop_and_a_chosen_theme_wins() -> None:
    assert theme.resolve_theme("system", _desktop(Qt.ColorScheme.Dark)) is Theme.DARK
    assert theme.resolve_theme("system", _desktop(Qt.ColorScheme.Light)) is Theme.LIGHT
    assert theme.resolve_theme("system", _desktop(Qt.ColorScheme.Unknown)) is Theme.LIGHT
    high = _desktop(Qt.ColorScheme.Light, Qt.ContrastPreference.HighContrast)
    assert theme.resolve_theme("system", high) is Theme.HIGH_CONTRAST
    assert theme.resolve_theme("light", _desktop(Qt.ColorScheme.Dark)) is Theme.LIGHT
    assert theme.resolve_theme("no-such-theme", _desktop(Qt.ColorScheme.Dark)) is Theme.DARK


def test_the_theme_setting_accepts_exactly_the_themes_there_are(tmp_path) -> None:
    assert set(THEME_SETTINGS) == {t.value for t in Theme}
    path = tmp_path / "settings.json"
    path.write_text('{"theme": "dark"}', encoding="utf-8")
    assert load_settings(path).settings.theme == "dark"
    path.write_text('{"theme": "purple"}', encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings.theme == "system" and "/theme" in (loaded.problem or "")


def test_applying_the_dark_theme_recolours_the_app_and_its_quiet_text(qapp) -> None:
    before = qapp.palette()
    try:
        assert theme.apply_theme(qapp, "dark") is Theme.DARK
        assert qapp.palette().color(Role.Window).name() == PALETTES[Theme.DARK][Role.Window]
        assert theme.text_colour("muted") == TEXT_COLOURS[Theme.DARK]["muted"]
        theme.apply_theme(qapp, "high-contrast")
        assert qapp.palette().color(Role.WindowText).name() == "#ffffff"
    finally:
        theme.apply_theme(qapp, "light")
        qapp.setPalette(before)
