"""How the resident tray reaches the app: a line to the running app, or a new app process."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from backcoach.ipc.channel import UnixChannel
from backcoach.resident.app_link import AppLink, app_arguments

KEY = "test-app"


@pytest.fixture(autouse=True)
def runtime_dir(short_runtime_dir: Path) -> Path:
    return short_runtime_dir


@pytest.fixture
def app_window() -> Iterator[UnixChannel]:
    """A running app, as far as the channel goes."""
    channel = UnixChannel(KEY)
    assert channel.listen()
    yield channel
    channel.close()


def received(channel: UnixChannel) -> list[str]:
    lines: list[str] = []
    channel.receive(lambda line, _reply: lines.append(line))
    return lines


def recording_command(out: Path) -> list[str]:
    """A stand-in for the app: writes the arguments it was started with to ``out``."""
    script = (
        "import os, sys; open(sys.argv[1] + '.part', 'w').write(' '.join(sys.argv[2:]));"
        " os.replace(sys.argv[1] + '.part', sys.argv[1])"
    )
    return [sys.executable, "-c", script, str(out)]


def wait_for(path: Path, timeout_s: float = 10.0) -> str:
    end = time.monotonic() + timeout_s
    while not path.exists():
        assert time.monotonic() < end, "the app was not started"
        time.sleep(0.02)
    return path.read_text()


@pytest.mark.parametrize(
    ("message", "arguments"),
    [
        ("show", []),
        ("play:desk-break", ["run", "desk-break"]),
        ("settings", ["--open-settings"]),
    ],
)
def test_app_arguments_start_the_app_with_the_same_wish(message: str, arguments) -> None:
    assert app_arguments(message) == arguments


def test_wishes_go_to_the_running_app(app_window: UnixChannel, tmp_path: Path) -> None:
    link = AppLink(recording_command(tmp_path / "started"), key=KEY)
    link.open()
    assert received(app_window) == ["show"]
    link.play("morning")
    assert received(app_window) == ["play:morning"]
    link.open_settings()
    assert received(app_window) == ["settings"]
    link.quit()
    assert received(app_window) == ["quit"]
    time.sleep(0.2)
    assert not (tmp_path / "started").exists()  # nothing was started


@pytest.mark.parametrize(
    ("wish", "arguments"),
    [("open", ""), ("open_settings", "--open-settings")],
)
def test_with_no_app_running_one_is_started(tmp_path: Path, wish: str, arguments: str) -> None:
    out = tmp_path / "started"
    link = AppLink(recording_command(out), key=KEY)
    getattr(link, wish)()
    assert wait_for(out) == arguments
    reap_all(link)


def test_playing_with_no_app_running_starts_it_on_that_routine(tmp_path: Path) -> None:
    out = tmp_path / "started"
    link = AppLink(recording_command(out), key=KEY)
    link.play("desk-break")
    assert wait_for(out) == "run desk-break"
    reap_all(link)


def test_quit_with_no_app_running_starts_nothing(tmp_path: Path) -> None:
    out = tmp_path / "started"
    link = AppLink(recording_command(out), key=KEY)
    link.quit()
    time.sleep(0.3)
    assert not out.exists()
    assert link._started == []


def reap_all(link: AppLink) -> None:
    """The started app ends; the tray collects it (no zombie left)."""
    end = time.monotonic() + 10
    link.reap()
    while link._started:
        assert time.monotonic() < end, "the app process was not collected"
        time.sleep(0.02)
        link.reap()
