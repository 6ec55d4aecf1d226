"""BackCoach's icon in an XEmbed system tray (i3bar, LXDE, trayer, older panels), without Qt.

The freedesktop System Tray Protocol: the panel owns the selection
``_NET_SYSTEM_TRAY_S<screen>``; a client makes a small window and asks that
owner to embed it (``SYSTEM_TRAY_REQUEST_DOCK``). When no panel runs yet, or
the panel restarts, the new owner announces itself with a ``MANAGER``
message on the root window and the icon docks again.

Everything runs on the resident process's event loop: the X connection's
socket is watched with ``add_reader`` and drained without blocking. A left
click opens BackCoach; a right click opens the popup menu (``xmenu``). XEmbed
has no tooltips, so the tooltip text becomes the icon window's name.
"""

from __future__ import annotations

import ctypes

from backcoach.adapters.event_loop import EventLoop
from backcoach.adapters.tray.icon import icon_argb
from backcoach.adapters.tray.xlib import (
    BUTTON_PRESS,
    BUTTON_PRESS_MASK,
    CLIENT_MESSAGE,
    CONFIGURE_NOTIFY,
    COPY_FROM_PARENT,
    CW_BACK_PIXEL,
    CW_BACK_PIXMAP,
    CW_BORDER_PIXEL,
    CW_COLORMAP,
    CW_EVENT_MASK,
    DESTROY_NOTIFY,
    EXPOSE,
    EXPOSURE_MASK,
    INPUT_OUTPUT,
    PARENT_RELATIVE,
    REPARENT_NOTIFY,
    STRUCTURE_NOTIFY_MASK,
    XConnection,
    XEvent,
    XSetWindowAttributes,
)
from backcoach.adapters.tray.xmenu import PopupMenu
from backcoach.adapters.x11 import X11Unavailable
from backcoach.core.reminders.tray_menu import OPEN, TrayMenuSource

_REQUEST_DOCK = 0
_XEMBED_MAPPED = 1
_START_SIZE = 24
_REQUESTED_SIZE = 22
_P_MIN_SIZE = 1 << 4
_P_BASE_SIZE = 1 << 8
_XA_WM_SIZE_HINTS = 41
# The panel's colour is unknown when the window behind the icon cannot be
# read back; a neutral grey keeps the disc's soft edge from showing a halo.
_FALLBACK_BACKGROUND = (0x80, 0x80, 0x80)


class XEmbedTray:
    """The tray icon and its menu for panels that speak the XEmbed system tray protocol."""

    name = "XEmbed"

    def __init__(
        self, loop: EventLoop, source: TrayMenuSource, *, display: str | None = None
    ) -> None:
        """Prepare the icon for ``source`` on ``display`` (default ``$DISPLAY``); nothing shown."""
        self._loop = loop
        self._source = source
        self._display_name = display
        self._x: XConnection | None = None
        self._menu: PopupMenu | None = None
        self._manager = 0
        self._window = 0
        self._gc = 0
        self._colormap = 0
        self._visual = 0
        self._depth = 0
        self._argb = False
        self._size = (_START_SIZE, _START_SIZE)
        self._embedded = False

    @property
    def docked(self) -> bool:
        """Whether a tray manager has taken the icon in (it reparented the window)."""
        return self._embedded

    @property
    def icon_window(self) -> int:
        """The icon's X window id (0 while there is none)."""
        return self._window

    @property
    def menu(self) -> PopupMenu | None:
        """The popup menu (None before ``show``)."""
        return self._menu

    def show(self) -> bool:
        """Dock the icon; return False when no tray manager runs (it docks once one starts)."""
        if self._x is None:
            try:
                self._x = XConnection(self._display_name)
            except X11Unavailable:
                return False
            x = self._x
            self._menu = PopupMenu(x, self._loop, self._source.activate)
            x.lib.XSelectInput(x.handle, x.root, STRUCTURE_NOTIFY_MASK)
            self._loop.add_reader(x.fd, self._on_readable)
        docked = self._dock()
        self._x.flush()
        return docked

    def is_shown(self) -> bool:
        """Return True while the icon is docked in a system tray."""
        return self.docked

    def refresh(self) -> None:
        """Take up a new tooltip, and redraw an open menu with fresh lines."""
        if self._x is None:
            return
        if self._window:
            self._set_tooltip()
        if self._menu is not None and self._menu.is_open:
            self._menu.update(self._source.menu_items())
        self._x.flush()

    def close(self) -> None:
        """Remove the icon and close the X connection (safe to call twice)."""
        if self._x is None:
            return
        if self._menu is not None:
            self._menu.release()
        self._destroy_window()
        self._loop.remove_reader(self._x.fd)
        self._x.close()
        self._x = None

    # Docking.

    def _selection(self) -> int:
        assert self._x is not None
        return self._x.intern(f"_NET_SYSTEM_TRAY_S{self._x.screen}")

    def _dock(self) -> bool:
        x = self._x
        assert x is not None
        lib, handle = x.lib, x.handle
        # The owner could leave between finding it and watching it; a server
        # grab keeps those two steps together, as the protocol recommends.
        lib.XGrabServer(handle)
        manager = int(lib.XGetSelectionOwner(handle, self._selection()))
        if manager:
            lib.XSelectInput(handle, manager, STRUCTURE_NOTIFY_MASK)
        lib.XUngrabServer(handle)
        if not manager:
            return False
        self._manager = manager
        self._create_window()
        opcode = x.intern("_NET_SYSTEM_TRAY_OPCODE")
        x.send_client_message(manager, manager, opcode, [0, _REQUEST_DOCK, self._window, 0, 0])
        return True

    def _create_window(self) -> None:
        x = self._x
        assert x is not None
        self._destroy_window()
        attrs = XSetWindowAttributes()
        attrs.event_mask = EXPOSURE_MASK | STRUCTURE_NOTIFY_MASK | BUTTON_PRESS_MASK
        mask = CW_EVENT_MASK
        visual_info = None
        offered = x.window_property_longs(self._manager, "_NET_SYSTEM_TRAY_VISUAL", 1)
        if offered:
            visual_info = x.visual_info(offered[0])
        self._argb = visual_info is not None and visual_info.depth == 32
        if self._argb and visual_info is not None:
            self._visual, self._depth = int(visual_info.visual), 32
            self._colormap = int(x.lib.XCreateColormap(x.handle, x.root, self._visual, 0))
            attrs.colormap = self._colormap
            attrs.background_pixel = 0
            attrs.border_pixel = 0
            mask |= CW_COLORMAP | CW_BACK_PIXEL | CW_BORDER_PIXEL
            visual, depth = self._visual, self._depth
        else:
            self._visual, self._depth = x.default_visual, x.default_depth
            attrs.background_pixmap = PARENT_RELATIVE
            mask |= CW_BACK_PIXMAP
            visual, depth = None, COPY_FROM_PARENT
        width, height = self._size = (_START_SIZE, _START_SIZE)
        self._window = int(
            x.lib.XCreateWindow(
                x.handle,
                x.root,
                0,
                0,
                width,
                height,
                0,
                depth,
                INPUT_OUTPUT,
                visual,
                mask,
                ctypes.byref(attrs),
            )
        )
        self._gc = int(x.lib.XCreateGC(x.handle, self._window, 0, None))
        x.set_longs(self._window, "_XEMBED_INFO", x.intern("_XEMBED_INFO"), [0, _XEMBED_MAPPED])
        x.set_text(self._window, "WM_CLASS", "backcoach\0BackCoach\0", utf8=False)
        # Panels built on GtkSocket (trayer, older GNOME panels) size the icon
        # from its minimum size; without one it would get a 1-pixel sliver.
        hints = [0] * 18
        hints[0] = _P_MIN_SIZE | _P_BASE_SIZE
        hints[5] = hints[6] = hints[15] = hints[16] = _REQUESTED_SIZE
        x.set_longs(self._window, "WM_NORMAL_HINTS", _XA_WM_SIZE_HINTS, hints)
        self._set_tooltip()

    def _set_tooltip(self) -> None:
        x = self._x
        assert x is not None
        text = self._source.tooltip()
        x.set_text(self._window, "_NET_WM_NAME", text)
        x.set_text(self._window, "WM_NAME", text, utf8=False)

    def _destroy_window(self) -> None:
        x = self._x
        if x is None or not self._window:
            return
        x.lib.XFreeGC(x.handle, self._gc)
        x.lib.XDestroyWindow(x.handle, self._window)
        if self._colormap:
            x.lib.XFreeColormap(x.handle, self._colormap)
        self._window = self._gc = self._colormap = 0
        self._embedded = False

    def _manager_gone(self) -> None:
        if self._menu is not None:
            self._menu.close()
        self._destroy_window()
        self._manager = 0
        # A new panel may already own the selection; otherwise its MANAGER
        # message will bring the icon back.
        self._dock()

    # Events.

    def _on_readable(self) -> None:
        x = self._x
        if x is None:
            return
        for event in x.pending_events():
            self._handle(event)
            if self._x is None:
                return
        x.flush()

    def _handle(self, event: XEvent) -> None:
        x = self._x
        assert x is not None
        kind = event.type
        window = event.any.window
        if kind == CLIENT_MESSAGE and window == x.root:
            manager_message = event.client.message_type == x.intern("MANAGER")
            if manager_message and event.client.data[1] == self._selection() and not self._window:
                self._dock()
        elif kind == DESTROY_NOTIFY and self._manager and event.structure.subject == self._manager:
            self._manager_gone()
        elif window != self._window or not self._window:
            if self._menu is not None:
                self._menu.handle(event)
        elif kind == REPARENT_NOTIFY:
            self._embedded = event.structure.x_or_parent != x.root
            if not self._embedded:
                # Back on the root window: the panel is going away.
                x.lib.XUnmapWindow(x.handle, self._window)
        elif kind == CONFIGURE_NOTIFY:
            size = (event.structure.width, event.structure.height)
            if size != self._size:
                self._size = size
                self._paint()
        elif kind == EXPOSE:
            self._paint()
        elif kind == BUTTON_PRESS:
            self._clicked(event)

    def _clicked(self, event: XEvent) -> None:
        menu = self._menu
        if menu is not None and menu.is_open:
            menu.close()
            return
        button = event.button.button
        if button == 1:
            self._source.activate(OPEN)
        elif button == 3 and menu is not None:
            menu.open(self._source.menu_items(), event.button.x_root, event.button.y_root)

    # Painting.

    def _paint(self) -> None:
        x = self._x
        assert x is not None
        width, height = self._size
        size = max(1, min(width, height))
        left, top = (width - size) // 2, (height - size) // 2
        argb = icon_argb(size)
        if self._argb:
            rgba = _premultiplied(argb)
        else:
            x.lib.XClearWindow(x.handle, self._window)
            behind = x.read_rgb(self._window, left, top, size)
            rgba = _over(argb, behind or [_FALLBACK_BACKGROUND] * (size * size))
        target = (self._window, self._gc, self._visual, self._depth)
        x.put_rgba(target, rgba, size, left, top)


def _premultiplied(argb: bytes) -> bytes:
    """ARGB (straight alpha) to R G B A with the colour multiplied by alpha."""
    out = bytearray(len(argb))
    for i in range(0, len(argb), 4):
        a = argb[i]
        out[i] = argb[i + 1] * a // 255
        out[i + 1] = argb[i + 2] * a // 255
        out[i + 2] = argb[i + 3] * a // 255
        out[i + 3] = a
    return bytes(out)


def _over(argb: bytes, behind: list[tuple[int, int, int]]) -> bytes:
    """ARGB (straight alpha) laid over opaque ``behind`` pixels, as opaque R G B A."""
    out = bytearray(len(argb))
    for n, (br, bg, bb) in enumerate(behind):
        i = 4 * n
        a = argb[i]
        out[i] = (argb[i + 1] * a + br * (255 - a)) // 255
        out[i + 1] = (argb[i + 2] * a + bg * (255 - a)) // 255
        out[i + 2] = (argb[i + 3] * a + bb * (255 - a)) // 255
        out[i + 3] = 255
    return bytes(out)
