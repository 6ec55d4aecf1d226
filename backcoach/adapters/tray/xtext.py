"""Text for the X popup menu: anti-aliased Xft when the desktop has it, core X fonts otherwise.

``load_menu_font`` is called the first time the menu opens, so the resident
process pays for fontconfig and FreeType only once someone looks at the menu.
The core-font path draws Latin-1 only: typographic characters are spelled
out ("…" as "...") and anything else becomes "?", never an error.
"""

from __future__ import annotations

import ctypes
from ctypes import POINTER, c_char_p, c_int, c_short, c_uint, c_ulong, c_ushort, c_void_p
from typing import Protocol

from backcoach.adapters.tray.xlib import XConnection
from backcoach.adapters.x11 import X11Unavailable, load_library

XFT_FONT = "sans-11"
CORE_FONTS = (
    "-*-dejavu sans-medium-r-normal--15-*-*-*-p-*-iso10646-1",
    "-*-liberation sans-medium-r-normal--15-*-*-*-p-*-iso10646-1",
    "-*-helvetica-medium-r-normal--14-*-*-*-p-*-iso8859-1",
    "-*-nimbus sans-regular-r-normal--15-*-*-*-p-*-iso8859-1",
    "-misc-fixed-medium-r-normal--13-*-*-*-*-*-iso8859-1",
    "fixed",
)
_LATIN1_SPELLINGS = {
    "…": "...",
    "▸": ">",
    "–": "-",
    "—": "-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
}


class MenuFont(Protocol):
    """A font the menu measures and draws its labels with."""

    ascent: int
    descent: int

    def width(self, text: str) -> int:
        """Return how many pixels ``text`` advances."""
        ...

    def draw(
        self, drawable: int, gc: int, x: int, baseline: int, text: str, rgb: tuple[int, int, int]
    ) -> None:
        """Draw ``text`` in colour ``rgb`` with its baseline at ``baseline``."""
        ...

    def close(self) -> None:
        """Release the font."""
        ...


class _XftFont(ctypes.Structure):
    _fields_ = [
        ("ascent", c_int),
        ("descent", c_int),
        ("height", c_int),
        ("max_advance_width", c_int),
        ("charset", c_void_p),
        ("pattern", c_void_p),
    ]


class _XGlyphInfo(ctypes.Structure):
    _fields_ = [
        ("width", c_ushort),
        ("height", c_ushort),
        ("x", c_short),
        ("y", c_short),
        ("xOff", c_short),
        ("yOff", c_short),
    ]


class _XRenderColor(ctypes.Structure):
    _fields_ = [("red", c_ushort), ("green", c_ushort), ("blue", c_ushort), ("alpha", c_ushort)]


class _XftColor(ctypes.Structure):
    _fields_ = [("pixel", c_ulong), ("color", _XRenderColor)]


class XftMenuFont:
    """An anti-aliased font from fontconfig, drawn with Xft (libXft.so.2)."""

    def __init__(self, x: XConnection, pattern: str = XFT_FONT) -> None:
        """Open ``pattern`` (a fontconfig name); raise ``X11Unavailable`` if Xft cannot."""
        xft = load_library("Xft", "libXft.so.2")
        xft.XftFontOpenName.restype = POINTER(_XftFont)
        xft.XftFontOpenName.argtypes = [c_void_p, c_int, c_char_p]
        xft.XftFontClose.argtypes = [c_void_p, POINTER(_XftFont)]
        xft.XftDrawCreate.restype = c_void_p
        xft.XftDrawCreate.argtypes = [c_void_p, c_ulong, c_void_p, c_ulong]
        xft.XftDrawChange.argtypes = [c_void_p, c_ulong]
        xft.XftDrawDestroy.argtypes = [c_void_p]
        xft.XftColorAllocValue.argtypes = [
            c_void_p,
            c_void_p,
            c_ulong,
            POINTER(_XRenderColor),
            POINTER(_XftColor),
        ]
        xft.XftColorFree.argtypes = [c_void_p, c_void_p, c_ulong, POINTER(_XftColor)]
        xft.XftDrawStringUtf8.argtypes = [
            c_void_p,
            POINTER(_XftColor),
            POINTER(_XftFont),
            c_int,
            c_int,
            c_char_p,
            c_int,
        ]
        xft.XftTextExtentsUtf8.argtypes = [
            c_void_p,
            POINTER(_XftFont),
            c_char_p,
            c_int,
            POINTER(_XGlyphInfo),
        ]
        font = xft.XftFontOpenName(x.handle, x.screen, pattern.encode())
        if not font:
            raise X11Unavailable(f"Xft found no font for {pattern!r}")
        self._x = x
        self._xft = xft
        self._font = font
        self.ascent = int(font.contents.ascent)
        self.descent = int(font.contents.descent)
        self._draw = c_void_p(0)
        self._drawable = 0
        self._colors: dict[tuple[int, int, int], _XftColor] = {}

    def width(self, text: str) -> int:
        """Return how many pixels ``text`` advances."""
        data = text.encode()
        info = _XGlyphInfo()
        self._xft.XftTextExtentsUtf8(self._x.handle, self._font, data, len(data), info)
        return int(info.xOff)

    def draw(
        self, drawable: int, gc: int, x: int, baseline: int, text: str, rgb: tuple[int, int, int]
    ) -> None:
        """Draw ``text`` in ``rgb`` on ``drawable`` (a window or pixmap of the default visual)."""
        del gc  # Xft keeps its own drawing state
        if not self._draw:
            self._draw = c_void_p(
                self._xft.XftDrawCreate(
                    self._x.handle, drawable, self._x.default_visual, self._x.default_colormap
                )
            )
        elif drawable != self._drawable:
            self._xft.XftDrawChange(self._draw, drawable)
        self._drawable = drawable
        data = text.encode()
        self._xft.XftDrawStringUtf8(
            self._draw, self._color(rgb), self._font, x, baseline, data, len(data)
        )

    def _color(self, rgb: tuple[int, int, int]) -> _XftColor:
        if rgb not in self._colors:
            color = _XftColor()
            wanted = _XRenderColor(rgb[0] * 257, rgb[1] * 257, rgb[2] * 257, 0xFFFF)
            x = self._x
            self._xft.XftColorAllocValue(
                x.handle, x.default_visual, x.default_colormap, wanted, color
            )
            self._colors[rgb] = color
        return self._colors[rgb]

    def close(self) -> None:
        """Release the drawing context, colours and font."""
        x = self._x
        if not x.handle:
            return
        if self._draw:
            self._xft.XftDrawDestroy(self._draw)
            self._draw = c_void_p(0)
        for color in self._colors.values():
            self._xft.XftColorFree(x.handle, x.default_visual, x.default_colormap, color)
        self._colors.clear()
        if self._font:
            self._xft.XftFontClose(x.handle, self._font)
            self._font = None


class _XCharStruct(ctypes.Structure):
    _fields_ = [
        ("lbearing", c_short),
        ("rbearing", c_short),
        ("width", c_short),
        ("ascent", c_short),
        ("descent", c_short),
        ("attributes", c_ushort),
    ]


class _XFontStruct(ctypes.Structure):
    _fields_ = [
        ("ext_data", c_void_p),
        ("fid", c_ulong),
        ("direction", c_uint),
        ("min_char_or_byte2", c_uint),
        ("max_char_or_byte2", c_uint),
        ("min_byte1", c_uint),
        ("max_byte1", c_uint),
        ("all_chars_exist", c_int),
        ("default_char", c_uint),
        ("n_properties", c_int),
        ("properties", c_void_p),
        ("min_bounds", _XCharStruct),
        ("max_bounds", _XCharStruct),
        ("per_char", c_void_p),
        ("ascent", c_int),
        ("descent", c_int),
    ]


def latin1(text: str) -> bytes:
    """Return ``text`` as Latin-1 bytes a core font can draw ("…" as "...", others as "?")."""
    for char, spelling in _LATIN1_SPELLINGS.items():
        text = text.replace(char, spelling)
    return text.encode("latin-1", "replace")


class CoreMenuFont:
    """A server-side core X font: no anti-aliasing, Latin-1 only, but always there."""

    def __init__(self, x: XConnection, names: tuple[str, ...] = CORE_FONTS) -> None:
        """Load the first of ``names`` the server has; raise ``X11Unavailable`` if none."""
        self._x = x
        self._info = 0
        for name in names:
            found = x.lib.XLoadQueryFont(x.handle, name.encode())
            if found:
                self._info = int(found)
                break
        if not self._info:
            raise X11Unavailable("the X server has none of the usual core fonts")
        metrics = _XFontStruct.from_address(self._info)
        self._fid = int(metrics.fid)
        self.ascent = int(metrics.ascent)
        self.descent = int(metrics.descent)

    def width(self, text: str) -> int:
        """Return how many pixels ``text`` advances."""
        data = latin1(text)
        return int(self._x.lib.XTextWidth(self._info, data, len(data)))

    def draw(
        self, drawable: int, gc: int, x: int, baseline: int, text: str, rgb: tuple[int, int, int]
    ) -> None:
        """Draw ``text`` in ``rgb`` with ``gc`` (its font and colour are set here)."""
        lib, handle = self._x.lib, self._x.handle
        data = latin1(text)
        lib.XSetFont(handle, gc, self._fid)
        lib.XSetForeground(handle, gc, self._x.pixel(rgb))
        lib.XDrawString(handle, drawable, gc, x, baseline, data, len(data))

    def close(self) -> None:
        """Unload the font."""
        if self._info and self._x.handle:
            self._x.lib.XFreeFont(self._x.handle, self._info)
        self._info = 0


def load_menu_font(x: XConnection, *, allow_xft: bool = True) -> MenuFont:
    """Return Xft's sans font when possible, else a core font (raise if the server has neither)."""
    if allow_xft:
        try:
            return XftMenuFont(x)
        except X11Unavailable:
            pass
    return CoreMenuFont(x)
