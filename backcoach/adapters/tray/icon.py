"""BackCoach's tray icon: the app icon's PNGs, as files for Qt and as raw pixels for D-Bus.

There is one drawing, ``assets/icons/backcoach.svg``; ``packaging/render_icons.py``
renders it into ``assets/icons/hicolor/<N>x<N>/apps/<APP_ID>.png``. The Qt
tray loads those files (``icon_file``); the StatusNotifierItem sends the same
pixels as ``IconPixmap`` (``icon_argb``), decoded here with zlib alone so the
resident tray never loads an image library. The decoder reads what the
script writes: 8-bit RGBA, not interlaced.
"""

from __future__ import annotations

import functools
import struct
import zlib
from pathlib import Path

from backcoach.config import paths
from backcoach.config.paths import APP_ID

ICON_SIZES = (16, 22, 24, 32, 48, 64)
"""The sizes a tray may ask for; each has its own PNG, drawn for that size."""

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_RGBA = 6


class IconError(ValueError):
    """An icon file is missing or is not a PNG this decoder reads."""


def icon_theme_dir() -> Path:
    """Return the folder holding BackCoach's ``hicolor`` icon theme tree."""
    return paths.assets_dir() / "icons"


def icon_file(size: int) -> Path:
    """Return the PNG of the icon drawn at ``size`` x ``size`` pixels."""
    return icon_theme_dir() / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


@functools.lru_cache(maxsize=8)
def icon_argb(size: int) -> bytes:
    """Return the icon at ``size`` x ``size`` as ARGB32 rows: A R G B bytes per pixel.

    Not premultiplied, network byte order: the StatusNotifierItem ``IconPixmap`` format.
    """
    path = icon_file(size)
    try:
        width, height, rgba = decode_png(path.read_bytes())
    except (OSError, IconError) as exc:
        raise IconError(f"{path}: {exc}") from exc
    if (width, height) != (size, size):
        raise IconError(f"{path}: is {width}x{height}, not {size}x{size}")
    argb = bytearray(len(rgba))
    argb[0::4] = rgba[3::4]
    argb[1::4] = rgba[0::4]
    argb[2::4] = rgba[1::4]
    argb[3::4] = rgba[2::4]
    return bytes(argb)


def decode_png(data: bytes) -> tuple[int, int, bytes]:
    """Return (width, height, RGBA bytes) of a non-interlaced 8-bit RGBA PNG."""
    if not data.startswith(_PNG_SIGNATURE):
        raise IconError("not a PNG file")
    pos = len(_PNG_SIGNATURE)
    header = b""
    compressed = bytearray()
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            compressed += body
        elif kind == b"IEND":
            break
    if len(header) != 13:
        raise IconError("the PNG has no image header")
    width, height, depth, colour, _method, _filter, interlace = struct.unpack(">IIBBBBB", header)
    if (depth, colour, interlace) != (8, _RGBA, 0):
        raise IconError("only 8-bit RGBA PNGs without interlacing are read")
    try:
        raw = zlib.decompress(bytes(compressed))
    except zlib.error as exc:
        raise IconError(f"the PNG's pixels are damaged ({exc})") from exc
    stride = width * 4
    if len(raw) != height * (stride + 1):
        raise IconError("the PNG's pixels do not fill the image")
    return width, height, _unfilter(raw, stride, height)


def _unfilter(raw: bytes, stride: int, height: int) -> bytes:
    """Undo PNG's per-row filters (None, Sub, Up, Average, Paeth) for 4-byte pixels."""
    out = bytearray(height * stride)
    previous = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        row = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        if kind == 1:
            for i in range(4, stride):
                row[i] = (row[i] + row[i - 4]) & 0xFF
        elif kind == 2:
            for i in range(stride):
                row[i] = (row[i] + previous[i]) & 0xFF
        elif kind == 3:
            for i in range(stride):
                left = row[i - 4] if i >= 4 else 0
                row[i] = (row[i] + (left + previous[i]) // 2) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = row[i - 4] if i >= 4 else 0
                b = previous[i]
                c = previous[i - 4] if i >= 4 else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                predictor = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                row[i] = (row[i] + predictor) & 0xFF
        elif kind != 0:
            raise IconError(f"unknown PNG row filter {kind}")
        out[y * stride : (y + 1) * stride] = row
        previous = row
    return bytes(out)
