"""Every size on the player page, derived from the page's size in one place.

The page is read from a mat three metres away, on a laptop window as well as
on a full-screen television, so nothing on it has a fixed pixel size: fonts,
margins, the picture's minimum width and the buttons all follow the page's
width and height. At full screen (16:9) the digits in the ring come out at
more than a quarter of the screen's height, the picture at more than a third
of its width, and the exercise name and counters at 5 % of its height or
more; the layout tests check that on 1366×768 and 1920×1080, and that nothing
overlaps or is cut at 800×600.
"""

from __future__ import annotations

from dataclasses import dataclass

PICTURE_SHARE = 0.37
"""The picture card's least width, as a share of the page's width (a third, and its margin)."""
PICTURE_ASPECT = 0.6
"""Height over width of the bundled pictures (their 200 × 120 grid)."""
RIGHT_SHARE = 0.5
"""The column beside the ring (name, picture, instruction, counters) takes half the width."""


@dataclass(frozen=True)
class PlayerSizes:
    """Pixel sizes for one page size; fonts are pixel sizes, ``*_min`` are lower bounds."""

    margin_x: int
    margin_y: int
    spacing: int
    phase_font: int
    title_font: int
    instruction_font: int
    counters_font: int
    counters_font_min: int
    next_font: int
    caption_font: int
    routine_left_font: int
    confirm_font: int
    button_font: int
    pain_font: int
    button_padding_y: int
    button_padding_x: int
    progress_height: int
    picture_min_width: int
    picture_min_height: int


def player_sizes(width: int, height: int) -> PlayerSizes:
    """Return every size on a player page ``width`` × ``height`` pixels large."""
    width, height = max(1, width), max(1, height)

    def share(value: float, least: int = 1) -> int:
        return max(least, round(height * value))

    # Buttons: a share of the height, but narrow windows keep the row of eight on screen.
    button_font = max(11, min(round(height * 0.024), int(width * 0.015)))
    picture_width = round(width * PICTURE_SHARE)
    return PlayerSizes(
        margin_x=max(8, round(width * 0.015)),
        margin_y=share(0.015, 6),
        spacing=share(0.01, 4),
        phase_font=share(0.05, 14),
        title_font=share(0.066, 16),
        instruction_font=share(0.03, 12),
        counters_font=share(0.052, 14),
        counters_font_min=share(0.05, 12),
        next_font=share(0.036, 12),
        caption_font=share(0.03, 12),
        routine_left_font=share(0.03, 12),
        confirm_font=share(0.045, 14),
        button_font=button_font,
        pain_font=max(13, round(button_font * 1.25)),
        button_padding_y=max(3, round(button_font * 0.4)),
        button_padding_x=max(4, round(button_font * 0.5)),
        progress_height=share(0.014, 8),
        picture_min_width=picture_width,
        # The card's margin is 6 % of its smaller side: tall enough for a third of the width.
        picture_min_height=round(width / 3 * PICTURE_ASPECT / 0.88) + 6,
    )
