"""The tray icon's pixels, read from the app icon's PNGs without an image library."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from backcoach.adapters.tray import icon
from backcoach.adapters.tray.icon import ICON_SIZES, IconError, decode_png, icon_argb, icon_file


def png(width: int, height: int, rows: list[bytes], colour: int = 6) -> bytes:
    """Write a tiny PNG whose rows carry their own filter byte."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + b"\0\0\0\0"

    header = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


def test_every_tray_size_has_its_png_and_decodes_to_that_size() -> None:
    for size in ICON_SIZES:
        assert icon_file(size).is_file()
        assert len(icon_argb(size)) == size * size * 4


def test_the_row_filters_are_undone() -> None:
    # Two pixels per row. Row 1: Sub (the second pixel adds the first); row 2: Up (adds row 1).
    rows = [b"\x01" + bytes([10, 20, 30, 255, 1, 1, 1, 0]), b"\x02" + bytes([1, 2, 3, 0] * 2)]
    width, height, rgba = decode_png(png(2, 2, rows))
    assert (width, height) == (2, 2)
    assert rgba == bytes([10, 20, 30, 255, 11, 21, 31, 255, 11, 22, 33, 255, 12, 23, 34, 255])


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"GIF89a", "not a PNG file"),
        (png(1, 1, [b"\0\0\0\0"], colour=2), "only 8-bit RGBA"),
        (png(1, 1, [b"\x09" + b"\0" * 4]), "unknown PNG row filter 9"),
        (png(2, 2, [b"\0" + b"\0" * 8]), "do not fill the image"),
    ],
)
def test_a_png_it_cannot_read_is_named_plainly(data: bytes, problem: str) -> None:
    with pytest.raises(IconError, match=problem):
        decode_png(data)


def test_a_missing_icon_file_names_the_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(icon.paths, "assets_dir", lambda: tmp_path)
    icon_argb.cache_clear()
    try:
        with pytest.raises(IconError, match=str(tmp_path)):
            icon_argb(22)
    finally:
        icon_argb.cache_clear()
