"""What a screen reader really gets: the AT-SPI tree and announcements of every window.

A private Xvfb display and D-Bus session bus, Debian's ``at-spi-bus-launcher`` (the
accessibility bus and its registry), the windows of ``tests/a11y_windows.py`` opened
in the venv with ``QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1``, and a walker run with the
system Python (Debian's ``python3-pyatspi`` lives there) that dumps the tree as
JSON lines, then listens to the announcements while the player's clock runs.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.desktop.a11y_app import APP_NAME
from tests.desktop.helpers import _read_line, running_session_bus, running_xvfb

pytestmark = pytest.mark.xvfb

BUS_LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")
SYSTEM_PYTHON = Path("/usr/bin/python3")
WALKER = REPO_ROOT / "tests" / "desktop" / "atspi_walker.py"
ITEM_ROLES = {"list item", "table cell", "tree item", "table column header"}
"""Rows and cells are named by their data (an empty note is an empty cell)."""
WINDOWS = {"BackCoach", "BackCoach – History", "Settings", "Before you start", "Session ended"}


def _needs_atspi() -> None:
    if not BUS_LAUNCHER.exists():
        pytest.skip("at-spi2-core is not installed (bash packaging/dev.sh installs it)")
    check = subprocess.run([str(SYSTEM_PYTHON), "-c", "import pyatspi"], capture_output=True)
    if check.returncode != 0:
        pytest.skip("python3-pyatspi is not installed (bash packaging/dev.sh installs it)")


@pytest.fixture(scope="module")
def desktop(tmp_path_factory) -> Iterator[tuple[dict[str, str], subprocess.Popen]]:
    """The display, buses and the app with every window open; yields (env, app)."""
    _needs_atspi()
    folder = tmp_path_factory.mktemp("atspi")
    with running_xvfb() as display, running_session_bus(folder) as bus:
        env = {
            **os.environ,
            "DISPLAY": display,
            "DBUS_SESSION_BUS_ADDRESS": bus,
            "QT_QPA_PLATFORM": "xcb",
            "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
            "BACKCOACH_HOME": str(folder / "home"),
        }
        env.pop("AT_SPI_BUS_ADDRESS", None)
        launcher = subprocess.Popen(
            [str(BUS_LAUNCHER), "--launch-immediately", "--a11y=1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # with its bus and registry: ended together below
        )
        app = subprocess.Popen(
            [sys.executable, "-m", "tests.desktop.a11y_app"],
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert app.stdout is not None
            assert _read_line(app.stdout.fileno(), 60) == "ready"
            yield env, app
        finally:
            if app.stdin is not None:
                app.stdin.close()
            try:
                app.wait(timeout=10)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait()
            os.killpg(launcher.pid, signal.SIGTERM)
            launcher.wait(timeout=10)


def walker(env: dict[str, str], *args: str, timeout_s: float = 120) -> list[dict]:
    done = subprocess.run(
        [str(SYSTEM_PYTHON), str(WALKER), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout_s,
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def test_every_focusable_element_of_every_window_has_a_name(desktop) -> None:
    env, _app = desktop
    tree = walker(env, "tree", APP_NAME, "60")
    assert {element["window"] for element in tree} >= WINDOWS
    unnamed = [
        element
        for element in tree
        if element["focusable"]
        and not element["name"]
        and element["role"] not in ITEM_ROLES
        and element["parent_role"] != "combo box"  # its list: named by the combo box
    ]
    assert unnamed == []
    named = {(e["role"], e["name"]) for e in tree}
    for expected in [
        ("push button", "Sharp pain – stop (P)"),
        ("slider", "Volume"),
        ("spin button", "Monday, from"),
        ("table", "Sessions"),
        ("text", "Note for your log"),
        ("list", "Routines"),
        ("page tab list", "Language and voice"),
    ]:
        assert expected in named
    player = [e for e in tree if e["name"] == "Player"]
    assert player and "P stop for sharp pain" in player[0]["description"]


def test_the_countdown_and_phases_are_announced_a_few_times_not_every_second(desktop) -> None:
    env, app = desktop
    listener = subprocess.Popen(
        [str(SYSTEM_PYTHON), str(WALKER), "listen", APP_NAME, "8"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert listener.stdout is not None
    assert _read_line(listener.stdout.fileno(), 30) == "listening"
    assert app.stdin is not None
    app.stdin.write("play\n")  # the player's fake clock runs a second every 20 ms
    app.stdin.flush()
    out, _ = listener.communicate(timeout=60)
    said = [json.loads(line)["announcement"] for line in out.splitlines() if line]
    assert said[:3] == ["30 seconds left", "20 seconds left", "10 seconds left"]
    assert said.count("1 second left") == 2  # the exercise and the rest: not every second
    assert "Rest. Next: The end" in said
    assert said[-1].startswith("Well done – routine complete.")
    assert len(said) <= 13
