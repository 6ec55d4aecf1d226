"""Dump an application's AT-SPI accessibility tree as JSON (run with the system Python).

Debian's ``python3-pyatspi`` is for ``/usr/bin/python3``, not the project's venv, so
the test runs this file as a separate process:

    /usr/bin/python3 tests/desktop/atspi_walker.py tree APP_NAME TIMEOUT_S
    /usr/bin/python3 tests/desktop/atspi_walker.py listen APP_NAME SECONDS

``tree`` waits (up to TIMEOUT_S) until an application named APP_NAME with at least
one window is on the accessibility bus, then prints one JSON object per line for
each element: window, role, name, description, focusable, showing, depth,
parent_role.
``listen`` prints ``listening``, then one JSON object per announcement
(``object:announcement``) that APP_NAME makes in the next SECONDS.
"""

from __future__ import annotations

import json
import sys
import time

import pyatspi

MAX_DEPTH = 60
MAX_ELEMENTS = 20_000


def find_app(name: str, timeout_s: float):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for index in range(desktop.childCount):
            app = desktop.getChildAtIndex(index)
            if app is not None and app.name == name and app.childCount > 0:
                return app
        time.sleep(0.2)
    return None


def walk(app) -> list[dict]:
    found: list[dict] = []
    stack = [(app.getChildAtIndex(i), 1, "", "application") for i in range(app.childCount)]
    while stack and len(found) < MAX_ELEMENTS:
        node, depth, window, parent_role = stack.pop()
        if node is None:
            continue
        states = node.getState()
        role = node.getRoleName()
        window = window or node.name
        found.append(
            {
                "window": window,
                "role": role,
                "name": node.name or "",
                "description": node.description or "",
                "focusable": states.contains(pyatspi.STATE_FOCUSABLE),
                "showing": states.contains(pyatspi.STATE_SHOWING),
                "depth": depth,
                "parent_role": parent_role,
            }
        )
        if depth < MAX_DEPTH:
            children = (node.getChildAtIndex(i) for i in range(node.childCount))
            stack.extend((child, depth + 1, window, role) for child in children)
    return found


def listen(name: str, seconds: float) -> int:
    from gi.repository import GLib

    def heard(event) -> None:
        app = event.host_application
        if app is not None and app.name == name:
            text = event.any_data if isinstance(event.any_data, str) else str(event.any_data)
            print(json.dumps({"announcement": text, "politeness": event.detail1}), flush=True)

    pyatspi.Registry.registerEventListener(heard, "object:announcement")
    GLib.timeout_add(int(seconds * 1000), pyatspi.Registry.stop)
    GLib.idle_add(lambda: print("listening", flush=True) and False)
    pyatspi.Registry.start()
    return 0


def main() -> int:
    mode, name, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    if mode == "listen":
        return listen(name, seconds)
    app = find_app(name, seconds)
    if app is None:
        print(f"no application named {name!r} on the accessibility bus", file=sys.stderr)
        return 3
    for element in walk(app):
        print(json.dumps(element, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
