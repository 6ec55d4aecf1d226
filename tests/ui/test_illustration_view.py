"""The illustration card: pictures drawn (mirrored for the right side), and a placeholder
with a one-line notice when a file cannot be shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from backcoach.config.paths import assets_dir
from backcoach.ui.player.illustration_view import CARD_COLOR, IllustrationView

# A picture whose left half is solid blue and whose right half is empty.
HALF_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 120" width="200" height="120">'
    '<rect x="0" y="0" width="100" height="120" fill="#2f5d8a"/></svg>'
)


@pytest.fixture
def view(qtbot) -> IllustrationView:
    widget = IllustrationView()
    qtbot.addWidget(widget)
    widget.resize(400, 240)
    widget.show()
    return widget


def shown(view: IllustrationView) -> QImage:
    return view.grab().toImage()


def is_blue(image: QImage, x: int, y: int) -> bool:
    color = image.pixelColor(x, y)
    return color.blue() > 120 and color.red() < 90


def test_a_picture_is_drawn_as_it_is_for_the_left_side(view, tmp_path: Path) -> None:
    picture = tmp_path / "half.svg"
    picture.write_text(HALF_SVG)
    assert view.set_path(picture)
    image = shown(view)
    middle = image.height() // 2
    assert is_blue(image, image.width() // 4, middle)
    assert not is_blue(image, image.width() * 3 // 4, middle)


def test_the_right_side_is_drawn_mirrored(view, tmp_path: Path) -> None:
    picture = tmp_path / "half.svg"
    picture.write_text(HALF_SVG)
    assert view.set_path(picture, mirrored=True)
    image = shown(view)
    middle = image.height() // 2
    assert not is_blue(image, image.width() // 4, middle)
    assert is_blue(image, image.width() * 3 // 4, middle)
    view.set_path(picture, mirrored=False)  # the same file, back to the left side
    image = shown(view)
    assert is_blue(image, image.width() // 4, middle)


def test_a_bundled_picture_mirrored_is_its_mirror_image(view) -> None:
    picture = assets_dir() / "illustrations" / "knee-to-chest.svg"
    view.set_path(picture)
    left = shown(view)
    view.set_path(picture, mirrored=True)
    right = shown(view)
    assert right != left
    # Compare in the middle rows only: the card's rounded corners are symmetric anyway.
    flipped = left.flipped(Qt.Orientation.Horizontal)
    differing = sum(
        1
        for x in range(0, right.width(), 4)
        for y in range(0, right.height(), 4)
        if abs(right.pixelColor(x, y).lightness() - flipped.pixelColor(x, y).lightness()) > 40
    )
    assert differing < (right.width() // 4) * (right.height() // 4) * 0.01


def placeholder_drawn(image: QImage) -> bool:
    """Return whether the neutral grey placeholder figure shows (no blue, some grey lines)."""
    grey = blue = 0
    for x in range(0, image.width(), 2):
        for y in range(0, image.height(), 2):
            color = image.pixelColor(x, y)
            if color == QColor(CARD_COLOR):
                continue
            if color.blue() - color.red() > 60:
                blue += 1
            elif 100 < color.lightness() < 200 and abs(color.red() - color.blue()) < 40:
                grey += 1
    return blue == 0 and grey > 50


@pytest.mark.parametrize(
    ("name", "content", "notice"),
    [
        ("gone.svg", None, "Picture not found: gone.svg"),
        ("broken.svg", "<svg xmlns='http://www.w3.org/2000/svg'><path d=", None),
        ("notes.svg", "just some words, not a picture", None),
        ("photo.png", "PNG? no, plain text", None),
    ],
)
def test_a_picture_that_cannot_be_shown_gives_a_placeholder_and_a_notice(
    view, tmp_path: Path, name: str, content: str | None, notice: str | None
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    assert view.set_path(path), "the card stays, with the placeholder"
    expected = notice or f"Picture could not be read: {name}"
    assert view.notice == expected
    assert view.accessibleDescription() == expected
    assert placeholder_drawn(shown(view))


def test_a_folder_in_place_of_a_picture_gives_a_notice(view, tmp_path: Path) -> None:
    folder = tmp_path / "pics.svg"
    folder.mkdir()
    assert view.set_path(folder)
    assert view.notice == "Picture could not be read: pics.svg"


def test_a_readable_picture_after_a_broken_one_clears_the_notice(view, tmp_path: Path) -> None:
    view.set_path(tmp_path / "gone.svg")
    good = tmp_path / "half.svg"
    good.write_text(HALF_SVG)
    view.set_path(good)
    assert view.notice == "" and view.accessibleDescription() == ""
    assert not placeholder_drawn(shown(view))


def test_no_file_means_no_card(view) -> None:
    assert not view.set_path(None)
    assert view.notice == ""
