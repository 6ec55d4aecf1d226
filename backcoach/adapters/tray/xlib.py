"""The slice of Xlib the XEmbed tray and its popup menu draw with, through ctypes.

An ``XConnection`` extends ``adapters.x11.XDisplay`` with what a window
needs: creating and mapping windows, events read without blocking, client
messages, properties, images and plain drawing. The event structures below
are the few members of Xlib's ``XEvent`` union those windows receive, laid out
as in ``<X11/Xlib.h>``.
"""

from __future__ import annotations

import ctypes
import struct
from ctypes import POINTER, c_char_p, c_int, c_long, c_uint, c_ulong, c_void_p

from backcoach.adapters.x11 import XDisplay

# Event types.
KEY_PRESS = 2
BUTTON_PRESS = 4
BUTTON_RELEASE = 5
MOTION_NOTIFY = 6
ENTER_NOTIFY = 7
LEAVE_NOTIFY = 8
EXPOSE = 12
DESTROY_NOTIFY = 17
UNMAP_NOTIFY = 18
MAP_NOTIFY = 19
REPARENT_NOTIFY = 21
CONFIGURE_NOTIFY = 22
CLIENT_MESSAGE = 33

# Event masks.
KEY_PRESS_MASK = 1 << 0
BUTTON_PRESS_MASK = 1 << 2
BUTTON_RELEASE_MASK = 1 << 3
ENTER_WINDOW_MASK = 1 << 4
LEAVE_WINDOW_MASK = 1 << 5
POINTER_MOTION_MASK = 1 << 6
EXPOSURE_MASK = 1 << 15
STRUCTURE_NOTIFY_MASK = 1 << 17

# Window attribute value masks.
CW_BACK_PIXMAP = 1 << 0
CW_BACK_PIXEL = 1 << 1
CW_BORDER_PIXEL = 1 << 3
CW_OVERRIDE_REDIRECT = 1 << 9
CW_SAVE_UNDER = 1 << 10
CW_EVENT_MASK = 1 << 11
CW_COLORMAP = 1 << 13

PARENT_RELATIVE = 1
INPUT_OUTPUT = 1
COPY_FROM_PARENT = 0
Z_PIXMAP = 2
ALL_PLANES = 0xFFFFFFFF
PROP_MODE_REPLACE = 0
GRAB_MODE_ASYNC = 1
GRAB_SUCCESS = 0
CURRENT_TIME = 0
VISUAL_ID_MASK = 0x1
TRUE_COLOR = 4
XA_ATOM = 4
XA_CARDINAL = 6
XA_STRING = 31
XA_VISUALID = 32


class XAnyEvent(ctypes.Structure):
    """The members every event starts with."""

    _fields_ = [
        ("type", c_int),
        ("serial", c_ulong),
        ("send_event", c_int),
        ("display", c_void_p),
        ("window", c_ulong),
    ]


_INPUT_EVENT_HEAD = [
    *XAnyEvent._fields_,
    ("root", c_ulong),
    ("subwindow", c_ulong),
    ("time", c_ulong),
    ("x", c_int),
    ("y", c_int),
    ("x_root", c_int),
    ("y_root", c_int),
    ("state", c_uint),
]


class XButtonEvent(ctypes.Structure):
    """ButtonPress, ButtonRelease; also read for MotionNotify and crossings (same head)."""

    _fields_ = [*_INPUT_EVENT_HEAD, ("button", c_uint), ("same_screen", c_int)]


class XKeyEvent(ctypes.Structure):
    """KeyPress and KeyRelease."""

    _fields_ = [*_INPUT_EVENT_HEAD, ("keycode", c_uint), ("same_screen", c_int)]


class XStructureEvent(ctypes.Structure):
    """DestroyNotify, UnmapNotify, MapNotify, ReparentNotify and ConfigureNotify."""

    _fields_ = [
        *XAnyEvent._fields_,
        ("subject", c_ulong),  # ``window`` in Xlib; ``XAnyEvent.window`` is ``event`` there
        ("x_or_parent", c_ulong),  # ReparentNotify's parent; ConfigureNotify's x and y
        ("width", c_int),  # ConfigureNotify only
        ("height", c_int),
    ]


class XClientMessageEvent(ctypes.Structure):
    """A ClientMessage with 32-bit data (the only format the tray protocol uses)."""

    _fields_ = [
        *XAnyEvent._fields_,
        ("message_type", c_ulong),
        ("format", c_int),
        ("data", c_long * 5),
    ]


class XEvent(ctypes.Union):
    """Xlib's event union (24 longs)."""

    _fields_ = [
        ("type", c_int),
        ("any", XAnyEvent),
        ("button", XButtonEvent),
        ("key", XKeyEvent),
        ("structure", XStructureEvent),
        ("client", XClientMessageEvent),
        ("pad", c_long * 24),
    ]


class XSetWindowAttributes(ctypes.Structure):
    """Attributes given to ``XCreateWindow``."""

    _fields_ = [
        ("background_pixmap", c_ulong),
        ("background_pixel", c_ulong),
        ("border_pixmap", c_ulong),
        ("border_pixel", c_ulong),
        ("bit_gravity", c_int),
        ("win_gravity", c_int),
        ("backing_store", c_int),
        ("backing_planes", c_ulong),
        ("backing_pixel", c_ulong),
        ("save_under", c_int),
        ("event_mask", c_long),
        ("do_not_propagate_mask", c_long),
        ("override_redirect", c_int),
        ("colormap", c_ulong),
        ("cursor", c_ulong),
    ]


class XVisualInfo(ctypes.Structure):
    """One visual the screen offers."""

    _fields_ = [
        ("visual", c_void_p),
        ("visualid", c_ulong),
        ("screen", c_int),
        ("depth", c_int),
        ("c_class", c_int),
        ("red_mask", c_ulong),
        ("green_mask", c_ulong),
        ("blue_mask", c_ulong),
        ("colormap_size", c_int),
        ("bits_per_rgb", c_int),
    ]


class XImage(ctypes.Structure):
    """The leading members of an ``XImage`` (enough to read pixels back)."""

    _fields_ = [
        ("width", c_int),
        ("height", c_int),
        ("xoffset", c_int),
        ("format", c_int),
        ("data", c_void_p),
        ("byte_order", c_int),
        ("bitmap_unit", c_int),
        ("bitmap_bit_order", c_int),
        ("bitmap_pad", c_int),
        ("depth", c_int),
        ("bytes_per_line", c_int),
        ("bits_per_pixel", c_int),
    ]


class XColor(ctypes.Structure):
    """A colour to allocate in a colormap (16-bit channels)."""

    _fields_ = [
        ("pixel", c_ulong),
        ("red", ctypes.c_ushort),
        ("green", ctypes.c_ushort),
        ("blue", ctypes.c_ushort),
        ("flags", ctypes.c_char),
        ("pad", ctypes.c_char),
    ]


class XPoint(ctypes.Structure):
    """A point of a polygon."""

    _fields_ = [("x", ctypes.c_short), ("y", ctypes.c_short)]


_PROTOTYPES: dict[str, tuple[object, list[object]]] = {
    "XConnectionNumber": (c_int, [c_void_p]),
    "XDefaultScreen": (c_int, [c_void_p]),
    "XDisplayWidth": (c_int, [c_void_p, c_int]),
    "XDisplayHeight": (c_int, [c_void_p, c_int]),
    "XDefaultVisual": (c_void_p, [c_void_p, c_int]),
    "XDefaultDepth": (c_int, [c_void_p, c_int]),
    "XDefaultColormap": (c_ulong, [c_void_p, c_int]),
    "XPending": (c_int, [c_void_p]),
    "XNextEvent": (c_int, [c_void_p, POINTER(XEvent)]),
    "XFlush": (c_int, [c_void_p]),
    "XCreateWindow": (
        c_ulong,
        [c_void_p, c_ulong, c_int, c_int, c_uint, c_uint, c_uint, c_int, c_uint, c_void_p]
        + [c_ulong, POINTER(XSetWindowAttributes)],
    ),
    "XDestroyWindow": (c_int, [c_void_p, c_ulong]),
    "XMapRaised": (c_int, [c_void_p, c_ulong]),
    "XUnmapWindow": (c_int, [c_void_p, c_ulong]),
    "XMoveResizeWindow": (c_int, [c_void_p, c_ulong, c_int, c_int, c_uint, c_uint]),
    "XSelectInput": (c_int, [c_void_p, c_ulong, c_long]),
    "XGetSelectionOwner": (c_ulong, [c_void_p, c_ulong]),
    "XGrabServer": (c_int, [c_void_p]),
    "XUngrabServer": (c_int, [c_void_p]),
    "XSendEvent": (c_int, [c_void_p, c_ulong, c_int, c_long, POINTER(XEvent)]),
    "XChangeProperty": (
        c_int,
        [c_void_p, c_ulong, c_ulong, c_ulong, c_int, c_int, c_void_p, c_int],
    ),
    "XGetVisualInfo": (
        POINTER(XVisualInfo),
        [c_void_p, c_long, POINTER(XVisualInfo), POINTER(c_int)],
    ),
    "XCreateColormap": (c_ulong, [c_void_p, c_ulong, c_void_p, c_int]),
    "XFreeColormap": (c_int, [c_void_p, c_ulong]),
    "XCreateGC": (c_void_p, [c_void_p, c_ulong, c_ulong, c_void_p]),
    "XFreeGC": (c_int, [c_void_p, c_void_p]),
    "XSetForeground": (c_int, [c_void_p, c_void_p, c_ulong]),
    "XSetFont": (c_int, [c_void_p, c_void_p, c_ulong]),
    "XFillRectangle": (c_int, [c_void_p, c_ulong, c_void_p, c_int, c_int, c_uint, c_uint]),
    "XDrawRectangle": (c_int, [c_void_p, c_ulong, c_void_p, c_int, c_int, c_uint, c_uint]),
    "XFillPolygon": (c_int, [c_void_p, c_ulong, c_void_p, POINTER(XPoint), c_int, c_int, c_int]),
    "XCreatePixmap": (c_ulong, [c_void_p, c_ulong, c_uint, c_uint, c_uint]),
    "XFreePixmap": (c_int, [c_void_p, c_ulong]),
    "XCopyArea": (
        c_int,
        [c_void_p, c_ulong, c_ulong, c_void_p, c_int, c_int, c_uint, c_uint, c_int, c_int],
    ),
    "XClearWindow": (c_int, [c_void_p, c_ulong]),
    "XCreateImage": (
        POINTER(XImage),
        [c_void_p, c_void_p, c_uint, c_int, c_int, c_void_p, c_uint, c_uint, c_int, c_int],
    ),
    "XPutImage": (
        c_int,
        [c_void_p, c_ulong, c_void_p, POINTER(XImage), c_int, c_int, c_int, c_int, c_uint, c_uint],
    ),
    "XGetImage": (
        POINTER(XImage),
        [c_void_p, c_ulong, c_int, c_int, c_uint, c_uint, c_ulong, c_int],
    ),
    "XDestroyImage": (c_int, [POINTER(XImage)]),
    "XAllocColor": (c_int, [c_void_p, c_ulong, POINTER(XColor)]),
    "XGrabPointer": (
        c_int,
        [c_void_p, c_ulong, c_int, c_uint, c_int, c_int, c_ulong, c_ulong, c_ulong],
    ),
    "XUngrabPointer": (c_int, [c_void_p, c_ulong]),
    "XGrabKeyboard": (c_int, [c_void_p, c_ulong, c_int, c_int, c_int, c_ulong]),
    "XUngrabKeyboard": (c_int, [c_void_p, c_ulong]),
    "XLookupKeysym": (c_ulong, [POINTER(XKeyEvent), c_int]),
    "XLoadQueryFont": (c_void_p, [c_void_p, c_char_p]),
    "XFreeFont": (c_int, [c_void_p, c_void_p]),
    "XTextWidth": (c_int, [c_void_p, c_char_p, c_int]),
    "XDrawString": (c_int, [c_void_p, c_ulong, c_void_p, c_int, c_int, c_char_p, c_int]),
}


class XConnection(XDisplay):
    """An ``XDisplay`` with the calls windows need; ``lib`` is the prototyped libX11."""

    def __init__(self, name: str | None = None) -> None:
        """Connect to display ``name`` (default ``$DISPLAY``); raise ``X11Unavailable``."""
        super().__init__(name)
        for fn_name, (restype, argtypes) in _PROTOTYPES.items():
            fn = getattr(self.lib, fn_name)
            fn.restype = restype
            fn.argtypes = argtypes
        self.tolerate_errors()
        handle = self.handle
        self.screen = int(self.lib.XDefaultScreen(handle))
        self.fd = int(self.lib.XConnectionNumber(handle))
        self.default_visual = int(self.lib.XDefaultVisual(handle, self.screen))
        self.default_depth = int(self.lib.XDefaultDepth(handle, self.screen))
        self.default_colormap = int(self.lib.XDefaultColormap(handle, self.screen))
        self._colors: dict[tuple[int, int, int], int] = {}

    def intern(self, name: str) -> int:
        """Return the atom for ``name``, creating it on the server if needed."""
        if name not in self._atoms:
            self._atoms[name] = int(self.lib.XInternAtom(self.handle, name.encode(), 0))
        return self._atoms[name]

    def screen_size(self) -> tuple[int, int]:
        """Return the screen's width and height in pixels."""
        width = int(self.lib.XDisplayWidth(self.handle, self.screen))
        height = int(self.lib.XDisplayHeight(self.handle, self.screen))
        return width, height

    def pending_events(self) -> list[XEvent]:
        """Return every event already received, without waiting for more."""
        events = []
        while self.handle and self.lib.XPending(self.handle) > 0:
            event = XEvent()
            self.lib.XNextEvent(self.handle, ctypes.byref(event))
            events.append(event)
        return events

    def flush(self) -> None:
        """Send the requests queued so far."""
        if self.handle:
            self.lib.XFlush(self.handle)

    def send_client_message(
        self, target: int, window: int, message_type: int, data: list[int], mask: int = 0
    ) -> None:
        """Send a 32-bit ClientMessage about ``window`` to ``target``'s owner."""
        event = XEvent()
        event.client.type = CLIENT_MESSAGE
        event.client.window = window
        event.client.message_type = message_type
        event.client.format = 32
        for i, value in enumerate(data[:5]):
            event.client.data[i] = value
        self.lib.XSendEvent(self.handle, target, 0, mask, ctypes.byref(event))

    def set_longs(self, window: int, prop: str, type_atom: int, values: list[int]) -> None:
        """Set a 32-bit-format property (passed to Xlib as C longs)."""
        array = (c_long * len(values))(*values)
        self.lib.XChangeProperty(
            self.handle,
            window,
            self.intern(prop),
            type_atom,
            32,
            PROP_MODE_REPLACE,
            array,
            len(values),
        )

    def set_text(self, window: int, prop: str, text: str, *, utf8: bool = True) -> None:
        """Set a text property: UTF8_STRING, or Latin-1 STRING when ``utf8`` is False."""
        data = text.encode() if utf8 else text.encode("latin-1", "replace")
        type_atom = self.intern("UTF8_STRING") if utf8 else XA_STRING
        self.lib.XChangeProperty(
            self.handle, window, self.intern(prop), type_atom, 8, PROP_MODE_REPLACE, data, len(data)
        )

    def pixel(self, rgb: tuple[int, int, int]) -> int:
        """Return the default colormap's pixel for an 8-bit ``rgb`` colour."""
        if rgb not in self._colors:
            color = XColor(0, rgb[0] * 257, rgb[1] * 257, rgb[2] * 257)
            self.lib.XAllocColor(self.handle, self.default_colormap, ctypes.byref(color))
            self._colors[rgb] = int(color.pixel)
        return self._colors[rgb]

    def visual_info(self, visual_id: int) -> XVisualInfo | None:
        """Return the description of the visual with ``visual_id`` on this screen, if any."""
        template = XVisualInfo(visualid=visual_id, screen=self.screen)
        count = c_int()
        found = self.lib.XGetVisualInfo(
            self.handle, VISUAL_ID_MASK, ctypes.byref(template), ctypes.byref(count)
        )
        if not found:
            return None
        try:
            return XVisualInfo.from_buffer_copy(found.contents) if count.value else None
        finally:
            self.lib.XFree(found)

    def put_rgba(
        self, target: tuple[int, int, int, int], rgba: bytes, size: int, x: int, y: int
    ) -> None:
        """Draw ``size``² pixels, given as R G B A bytes, at (x, y).

        ``target`` is (drawable, gc, visual, depth). Pixels go to the server as
        they are: premultiply them first for a 32-bit visual. The visual is
        taken to be TrueColor with 8 bits a channel in the usual 0xAARRGGBB
        places (every 24- and 32-bit X visual in practice).
        """
        drawable, gc, visual, depth = target
        image = self.lib.XCreateImage(
            self.handle, visual, depth, Z_PIXMAP, 0, None, size, size, 32, 0
        )
        if not image:
            return
        try:
            info = image.contents
            if info.bits_per_pixel != 32:
                return
            order = "<" if info.byte_order == 0 else ">"
            words = [
                (rgba[i + 3] << 24) | (rgba[i] << 16) | (rgba[i + 1] << 8) | rgba[i + 2]
                for i in range(0, len(rgba), 4)
            ]
            rows = bytearray()
            pad = info.bytes_per_line - 4 * size
            for row in range(size):
                rows += struct.pack(f"{order}{size}I", *words[row * size : (row + 1) * size])
                rows += bytes(pad)
            buffer = ctypes.create_string_buffer(bytes(rows), len(rows))
            info.data = ctypes.cast(buffer, c_void_p).value
            self.lib.XPutImage(self.handle, drawable, gc, image, 0, 0, x, y, size, size)
        finally:
            image.contents.data = None
            self.lib.XFree(image)

    def read_rgb(self, drawable: int, x: int, y: int, size: int) -> list[tuple[int, int, int]]:
        """Return the drawable's pixels in a square as RGB triples ([] if unreadable)."""
        image = self.lib.XGetImage(self.handle, drawable, x, y, size, size, ALL_PLANES, Z_PIXMAP)
        if not image:
            return []
        try:
            info = image.contents
            if info.bits_per_pixel != 32 or not info.data:
                return []
            raw = ctypes.string_at(info.data, info.bytes_per_line * size)
            order = "<" if info.byte_order == 0 else ">"
            pixels = []
            for row in range(size):
                start = row * info.bytes_per_line
                for word in struct.unpack_from(f"{order}{size}I", raw, start):
                    pixels.append(((word >> 16) & 0xFF, (word >> 8) & 0xFF, word & 0xFF))
            return pixels
        finally:
            self.lib.XDestroyImage(image)
