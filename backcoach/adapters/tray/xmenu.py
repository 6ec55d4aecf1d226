"""The XEmbed tray's popup menu: override-redirect windows drawn with plain Xlib.

A menu opens at the pointer, kept on screen (it opens upwards from a panel at
the bottom), with one window per level: the menu and any submenu opened to
its side. Rows come from ``MenuItem``s built when it opens: greyed
information lines, separators, choices and submenus. The pointer and keyboard
are grabbed while it is open so a click elsewhere or Escape closes it; when a
grab is refused, it still works with the mouse and closes once the pointer
has left it for a moment.

Sizes follow the font's height, so the menu scales with the text.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from backcoach.adapters.event_loop import EventLoop, Timer
from backcoach.adapters.tray.xlib import (
    BUTTON_PRESS,
    BUTTON_PRESS_MASK,
    BUTTON_RELEASE,
    BUTTON_RELEASE_MASK,
    CURRENT_TIME,
    CW_BACK_PIXEL,
    CW_BORDER_PIXEL,
    CW_EVENT_MASK,
    CW_OVERRIDE_REDIRECT,
    CW_SAVE_UNDER,
    ENTER_NOTIFY,
    ENTER_WINDOW_MASK,
    EXPOSE,
    EXPOSURE_MASK,
    GRAB_MODE_ASYNC,
    GRAB_SUCCESS,
    INPUT_OUTPUT,
    KEY_PRESS,
    KEY_PRESS_MASK,
    LEAVE_NOTIFY,
    LEAVE_WINDOW_MASK,
    MOTION_NOTIFY,
    POINTER_MOTION_MASK,
    XA_ATOM,
    XConnection,
    XEvent,
    XPoint,
    XSetWindowAttributes,
)
from backcoach.adapters.tray.xtext import MenuFont, load_menu_font
from backcoach.core.reminders.tray_menu import MenuItem

TEAL = (0x2A, 0x7F, 0x62)
WHITE = (0xFF, 0xFF, 0xFF)
BACKGROUND = (0xFB, 0xFB, 0xFA)
BORDER = (0xB4, 0xB8, 0xB6)
TEXT = (0x1F, 0x23, 0x21)
GREYED = (0x80, 0x86, 0x83)
SEPARATOR_LINE = (0xDD, 0xE0, 0xDE)

_ESCAPE, _RETURN, _KP_ENTER = 0xFF1B, 0xFF0D, 0xFF8D
_LEFT, _UP, _RIGHT, _DOWN = 0xFF51, 0xFF52, 0xFF53, 0xFF54
_GRAB_TRIES = 10
_GRAB_RETRY_S = 0.05
_SUBMENU_DELAY_S = 0.15
_UNGRABBED_LEAVE_S = 1.0
_POINTER_EVENTS = (
    BUTTON_PRESS_MASK
    | BUTTON_RELEASE_MASK
    | POINTER_MOTION_MASK
    | ENTER_WINDOW_MASK
    | LEAVE_WINDOW_MASK
)


@dataclass(frozen=True)
class Metrics:
    """The menu's spacing in pixels, derived from the font's height."""

    ascent: int
    text_height: int
    row: int
    separator: int
    edge: int
    text_left: int
    text_right: int
    arrow: int
    min_width: int
    highlight_inset: int

    @classmethod
    def for_font(cls, ascent: int, descent: int) -> Metrics:
        """Return spacing that suits a font of this ascent and descent."""
        h = ascent + descent
        return cls(
            ascent=ascent,
            text_height=h,
            row=h + 2 * max(4, round(h * 0.42)),
            separator=max(7, round(h * 0.6)),
            edge=max(3, round(h * 0.3)),
            text_left=max(10, round(h * 1.1)),
            text_right=max(10, round(h * 1.1)),
            arrow=max(6, round(h * 0.9)),
            min_width=round(h * 9),
            highlight_inset=max(2, round(h * 0.25)),
        )


@dataclass
class Row:
    """One line of an open menu level: its item and where it sits (window coordinates)."""

    item: MenuItem
    top: int
    height: int

    @property
    def choosable(self) -> bool:
        """Whether hovering highlights it (an enabled choice or submenu)."""
        return self.item.enabled and not self.item.separator


@dataclass
class Level:
    """An open menu window: the top menu (depth 0) or a submenu."""

    window: int
    pixmap: int
    x: int
    y: int
    width: int
    height: int
    rows: list[Row]
    parent_row: int | None = None
    selected: int | None = None
    has_arrows: bool = False
    labels: list[str] = field(default_factory=list)

    def contains(self, x_root: int, y_root: int) -> bool:
        """Whether a screen point is inside this window."""
        return self.x <= x_root < self.x + self.width and self.y <= y_root < self.y + self.height

    def row_at(self, x_root: int, y_root: int) -> int | None:
        """Return the index of the row under a screen point, or None."""
        if not self.contains(x_root, y_root):
            return None
        local = y_root - self.y
        for index, row in enumerate(self.rows):
            if row.top <= local < row.top + row.height:
                return index
        return None

    def row_centre(self, index: int) -> tuple[int, int]:
        """Return the screen point at the middle of row ``index`` (for tests and keyboard use)."""
        row = self.rows[index]
        return self.x + self.width // 2, self.y + row.top + row.height // 2


class PopupMenu:
    """A popup menu of ``MenuItem``s on an X connection the tray shares with it."""

    def __init__(self, x: XConnection, loop: EventLoop, choose: Callable[[str], None]) -> None:
        """Draw on ``x``; call ``choose(key)`` after the menu closed on a chosen item."""
        self._x = x
        self._loop = loop
        self._choose = choose
        self._font: MenuFont | None = None
        self._metrics: Metrics | None = None
        self._gc = 0
        self.levels: list[Level] = []
        self.grabbed = False
        self._grab_tries = 0
        self._grab_timer: Timer | None = None
        self._submenu_timer: Timer | None = None
        self._submenu_target: tuple[int, int | None] = (0, None)
        self._leave_timer: Timer | None = None

    @property
    def is_open(self) -> bool:
        """Whether the menu is on screen."""
        return bool(self.levels)

    @property
    def font(self) -> MenuFont | None:
        """The font in use (None until the menu first opens)."""
        return self._font

    def owns(self, window: int) -> bool:
        """Whether ``window`` is one of the menu's windows."""
        return any(level.window == window for level in self.levels)

    # Opening and closing.

    def open(self, items: Sequence[MenuItem], x_root: int, y_root: int) -> None:
        """Show ``items`` with a corner at the screen point (``x_root``, ``y_root``)."""
        self.close()
        if not items:
            return
        self._prepare()
        width, height = self._measure(items)
        screen_w, screen_h = self._x.screen_size()
        x = x_root if x_root + width <= screen_w else x_root - width
        y = y_root if y_root + height <= screen_h else y_root - height
        x = max(0, min(x, screen_w - width))
        y = max(0, min(y, screen_h - height))
        self._add_level(items, x, y, None)
        self._grab_tries = 0
        self._grab()

    def update(self, items: Sequence[MenuItem]) -> None:
        """Redraw the open top menu with ``items`` if they have the same shape (fresh labels)."""
        if not self.levels:
            return
        top = self.levels[0]
        old = [row.item for row in top.rows]
        same_shape = len(old) == len(items) and all(
            (a.key, a.separator, bool(a.children)) == (b.key, b.separator, bool(b.children))
            for a, b in zip(old, items, strict=True)
        )
        if not same_shape:
            return
        for row, item in zip(top.rows, items, strict=True):
            row.item = item
        self._draw(top)

    def close(self) -> None:
        """Take the menu off screen and release the grabs (nothing happens if closed)."""
        self._cancel_timers()
        while self.levels:
            self._drop_level()
        if self.grabbed:
            self._x.lib.XUngrabPointer(self._x.handle, CURRENT_TIME)
            self._x.lib.XUngrabKeyboard(self._x.handle, CURRENT_TIME)
            self.grabbed = False
        self._x.flush()

    def release(self) -> None:
        """Close the menu and free its font and drawing context (before the display closes)."""
        self.close()
        if self._font is not None:
            self._font.close()
            self._font = None
        if self._gc:
            self._x.lib.XFreeGC(self._x.handle, self._gc)
            self._gc = 0

    def _prepare(self) -> None:
        if self._font is None:
            self._font = load_menu_font(self._x)
            self._metrics = Metrics.for_font(self._font.ascent, self._font.descent)
        if not self._gc:
            self._gc = int(self._x.lib.XCreateGC(self._x.handle, self._x.root, 0, None))

    def _measure(self, items: Sequence[MenuItem]) -> tuple[int, int]:
        font, m = self._font, self._metrics
        assert font is not None and m is not None
        widest = max((font.width(item.label) for item in items if not item.separator), default=0)
        arrows = any(item.children for item in items)
        width = m.text_left + widest + m.text_right + (m.arrow if arrows else 0)
        height = 2 * m.edge + sum(m.separator if i.separator else m.row for i in items)
        return max(width, m.min_width), height

    def _add_level(
        self, items: Sequence[MenuItem], x: int, y: int, parent_row: int | None
    ) -> Level:
        m = self._metrics
        assert m is not None
        width, height = self._measure(items)
        rows = []
        top = m.edge
        for item in items:
            size = m.separator if item.separator else m.row
            rows.append(Row(item, top, size))
            top += size
        xc = self._x
        attrs = XSetWindowAttributes()
        attrs.override_redirect = 1
        attrs.save_under = 1
        attrs.background_pixel = xc.pixel(BACKGROUND)
        attrs.border_pixel = 0
        attrs.event_mask = EXPOSURE_MASK | KEY_PRESS_MASK | _POINTER_EVENTS
        mask = CW_OVERRIDE_REDIRECT | CW_SAVE_UNDER | CW_BACK_PIXEL | CW_BORDER_PIXEL
        mask |= CW_EVENT_MASK
        window = int(
            xc.lib.XCreateWindow(
                xc.handle,
                xc.root,
                x,
                y,
                width,
                height,
                0,
                0,
                INPUT_OUTPUT,
                None,
                mask,
                ctypes.byref(attrs),
            )
        )
        popup = xc.intern("_NET_WM_WINDOW_TYPE_POPUP_MENU")
        xc.set_longs(window, "_NET_WM_WINDOW_TYPE", XA_ATOM, [popup])
        xc.set_text(window, "_NET_WM_NAME", "BackCoach menu")
        pixmap = int(xc.lib.XCreatePixmap(xc.handle, window, width, height, xc.default_depth))
        level = Level(
            window,
            pixmap,
            x,
            y,
            width,
            height,
            rows,
            parent_row=parent_row,
            has_arrows=any(item.children for item in items),
            labels=[item.label for item in items],
        )
        self.levels.append(level)
        self._draw(level)
        xc.lib.XMapRaised(xc.handle, window)
        return level

    def _drop_level(self) -> None:
        level = self.levels.pop()
        self._x.lib.XDestroyWindow(self._x.handle, level.window)
        self._x.lib.XFreePixmap(self._x.handle, level.pixmap)

    def _grab(self) -> None:
        if not self.levels:
            return
        xc, window = self._x, self.levels[0].window
        pointer = xc.lib.XGrabPointer(
            xc.handle,
            window,
            1,
            _POINTER_EVENTS,
            GRAB_MODE_ASYNC,
            GRAB_MODE_ASYNC,
            0,
            0,
            CURRENT_TIME,
        )
        if pointer == GRAB_SUCCESS:
            keyboard = xc.lib.XGrabKeyboard(
                xc.handle, window, 1, GRAB_MODE_ASYNC, GRAB_MODE_ASYNC, CURRENT_TIME
            )
            if keyboard == GRAB_SUCCESS:
                self.grabbed = True
                return
            xc.lib.XUngrabPointer(xc.handle, CURRENT_TIME)
        # Another program holds a grab (often only until its button is released).
        self._grab_tries += 1
        if self._grab_tries < _GRAB_TRIES:
            self._grab_timer = self._loop.call_later(_GRAB_RETRY_S, self._retry_grab)

    def _retry_grab(self) -> None:
        self._grab_timer = None
        self._grab()
        self._x.flush()

    def _cancel_timers(self) -> None:
        for timer in (self._grab_timer, self._submenu_timer, self._leave_timer):
            if timer is not None:
                timer.cancel()
        self._grab_timer = self._submenu_timer = self._leave_timer = None

    # Drawing.

    def _draw(self, level: Level) -> None:
        xc, font, m = self._x, self._font, self._metrics
        assert font is not None and m is not None
        lib, handle, gc, pixmap = xc.lib, xc.handle, self._gc, level.pixmap
        lib.XSetForeground(handle, gc, xc.pixel(BACKGROUND))
        lib.XFillRectangle(handle, pixmap, gc, 0, 0, level.width, level.height)
        lib.XSetForeground(handle, gc, xc.pixel(BORDER))
        lib.XDrawRectangle(handle, pixmap, gc, 0, 0, level.width - 1, level.height - 1)
        for index, row in enumerate(level.rows):
            item = row.item
            if item.separator:
                lib.XSetForeground(handle, gc, xc.pixel(SEPARATOR_LINE))
                middle = row.top + row.height // 2
                inset = m.highlight_inset + m.text_left // 2
                lib.XFillRectangle(handle, pixmap, gc, inset, middle, level.width - 2 * inset, 1)
                continue
            lit = index == level.selected and row.choosable
            colour = WHITE if lit else (TEXT if item.enabled else GREYED)
            if lit:
                lib.XSetForeground(handle, gc, xc.pixel(TEAL))
                inset = m.highlight_inset
                lib.XFillRectangle(
                    handle, pixmap, gc, inset, row.top, level.width - 2 * inset, row.height
                )
            baseline = row.top + (row.height - m.text_height) // 2 + m.ascent
            font.draw(pixmap, gc, m.text_left, baseline, item.label, colour)
            if item.children:
                self._draw_arrow(pixmap, level.width - m.text_right, row, colour)
        lib.XCopyArea(handle, pixmap, level.window, gc, 0, 0, level.width, level.height, 0, 0)

    def _draw_arrow(self, pixmap: int, right: int, row: Row, colour: tuple[int, int, int]) -> None:
        m = self._metrics
        assert m is not None
        half = max(3, round(m.text_height * 0.22))
        middle = row.top + row.height // 2
        points = (XPoint * 3)(
            XPoint(right - half, middle - half),
            XPoint(right, middle),
            XPoint(right - half, middle + half),
        )
        xc = self._x
        xc.lib.XSetForeground(xc.handle, self._gc, xc.pixel(colour))
        xc.lib.XFillPolygon(xc.handle, pixmap, self._gc, points, 3, 2, 0)

    # Events.

    def handle(self, event: XEvent) -> None:
        """React to an event for a menu window (or the pointer grab); others are ignored."""
        if not self.levels:
            return
        kind = event.type
        if kind == EXPOSE:
            for level in self.levels:
                if level.window == event.any.window:
                    self._draw(level)
        elif kind in (MOTION_NOTIFY, ENTER_NOTIFY):
            self._hover(event.button.x_root, event.button.y_root)
        elif kind == LEAVE_NOTIFY:
            self._left(event.button.x_root, event.button.y_root)
        elif kind == BUTTON_PRESS:
            if self._level_at(event.button.x_root, event.button.y_root) is None:
                self.close()
        elif kind == BUTTON_RELEASE:
            self._released(event.button.x_root, event.button.y_root)
        elif kind == KEY_PRESS:
            keysym = int(self._x.lib.XLookupKeysym(ctypes.byref(event.key), 0))
            self._key(keysym)

    def _level_at(self, x_root: int, y_root: int) -> int | None:
        for depth in range(len(self.levels) - 1, -1, -1):
            if self.levels[depth].contains(x_root, y_root):
                return depth
        return None

    def _select(self, depth: int, index: int | None) -> None:
        level = self.levels[depth]
        if index is not None and not level.rows[index].choosable:
            index = None
        if level.selected != index:
            level.selected = index
            self._draw(level)

    def _hover(self, x_root: int, y_root: int) -> None:
        if self._leave_timer is not None:
            self._leave_timer.cancel()
            self._leave_timer = None
        depth = self._level_at(x_root, y_root)
        if depth is None:
            return
        # Each shallower level keeps the row whose submenu the pointer is in.
        for shallower in range(depth):
            self._select(shallower, self.levels[shallower + 1].parent_row)
        index = self.levels[depth].row_at(x_root, y_root)
        target = (depth, index)
        if self._submenu_timer is not None and self._submenu_target == target:
            return
        self._cancel_submenu_timer()
        deeper = depth + 1 < len(self.levels)
        if deeper and (index is None or index == self.levels[depth + 1].parent_row):
            self._select(depth, self.levels[depth + 1].parent_row)
            return
        self._select(depth, index)
        if deeper or (index is not None and self.levels[depth].rows[index].item.children):
            # Open or swap a submenu after a short pause, so a diagonal move
            # towards an open submenu does not close it on the way.
            self._submenu_target = target
            self._submenu_timer = self._loop.call_later(
                _SUBMENU_DELAY_S, lambda: self._settle_submenu(depth, index)
            )

    def _cancel_submenu_timer(self) -> None:
        if self._submenu_timer is not None:
            self._submenu_timer.cancel()
            self._submenu_timer = None

    def _settle_submenu(self, depth: int, index: int | None) -> None:
        self._submenu_timer = None
        if depth >= len(self.levels):
            return
        self._open_submenu(depth, index)
        self._x.flush()

    def _open_submenu(self, depth: int, index: int | None, *, select_first: bool = False) -> None:
        """Show the submenu of row ``index`` at ``depth`` (closing deeper ones), if it has one."""
        if depth + 1 < len(self.levels) and self.levels[depth + 1].parent_row == index:
            return
        while len(self.levels) > depth + 1:
            self._drop_level()
        level = self.levels[depth]
        if index is None or not level.rows[index].item.children or not level.rows[index].choosable:
            return
        level.selected = index
        self._draw(level)
        children = level.rows[index].item.children
        m = self._metrics
        assert m is not None
        width, height = self._measure(children)
        screen_w, screen_h = self._x.screen_size()
        x = level.x + level.width - 1
        if x + width > screen_w:
            x = level.x - width + 1
        y = level.y + level.rows[index].top - m.edge
        y = max(0, min(y, screen_h - height))
        sub = self._add_level(children, max(0, x), y, index)
        if select_first:
            self._select(depth + 1, _next_choosable(sub, None, 1))

    def _left(self, x_root: int, y_root: int) -> None:
        if self._level_at(x_root, y_root) is not None:
            return
        self._select(len(self.levels) - 1, None)
        if not self.grabbed and self._leave_timer is None:
            self._leave_timer = self._loop.call_later(_UNGRABBED_LEAVE_S, self._left_for_good)

    def _left_for_good(self) -> None:
        self._leave_timer = None
        self.close()

    def _released(self, x_root: int, y_root: int) -> None:
        depth = self._level_at(x_root, y_root)
        if depth is None:
            return
        index = self.levels[depth].row_at(x_root, y_root)
        if index is None:
            return
        row = self.levels[depth].rows[index]
        if not row.choosable:
            return
        if row.item.children:
            self._cancel_submenu_timer()
            self._open_submenu(depth, index)
        else:
            self._activate(row.item.key)

    def _activate(self, key: str) -> None:
        self.close()
        self._choose(key)

    def _key(self, keysym: int) -> None:
        depth = len(self.levels) - 1
        level = self.levels[depth]
        if keysym == _ESCAPE or (keysym == _LEFT and depth > 0):
            if depth == 0:
                self.close()
            else:
                self._drop_level()
                self._draw(self.levels[-1])
        elif keysym in (_UP, _DOWN):
            step = 1 if keysym == _DOWN else -1
            self._select(depth, _next_choosable(level, level.selected, step))
        elif keysym in (_RETURN, _KP_ENTER, _RIGHT) and level.selected is not None:
            item = level.rows[level.selected].item
            if item.children:
                self._open_submenu(depth, level.selected, select_first=True)
            elif keysym != _RIGHT:
                self._activate(item.key)
        self._x.flush()


def _next_choosable(level: Level, start: int | None, step: int) -> int | None:
    """Return the next row after ``start`` (wrapping) that can be highlighted, or None."""
    count = len(level.rows)
    index = (-1 if step > 0 else count) if start is None else start
    for _ in range(count):
        index = (index + step) % count
        if level.rows[index].choosable:
            return index
    return None
