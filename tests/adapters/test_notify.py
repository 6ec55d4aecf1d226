"""Desktop notifications against a private bus with a stand-in notification server."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from backcoach.adapters.notify import DesktopNotifier
from tests.desktop.helpers import running_session_bus
from tests.fakes import FakeDBusService

NOTIFICATIONS = "org.freedesktop.Notifications"


@pytest.fixture(scope="module")
def bus_address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_session_bus(tmp_path_factory.mktemp("bus")) as address:
        yield address


@pytest.fixture
def server(bus_address: str) -> Iterator[FakeDBusService]:
    service = FakeDBusService(bus_address, [NOTIFICATIONS])
    ids = itertools.count(7)
    service.methods[(NOTIFICATIONS, "Notify")] = ("u", lambda: next(ids))
    yield service
    service.close()


def test_a_repeated_reminder_replaces_the_earlier_bubble(bus_address: str, server) -> None:
    notifier = DesktopNotifier(bus_address)
    assert notifier.notify("Time to stand up", "Two minutes of desk break?")
    assert notifier.notify("Time to stand up", "Still sitting: a short break helps.")
    notifier.close()
    (first_call, first), (second_call, second) = server.requests
    assert first_call == second_call == "Notify"
    app, replaces, _icon, title, text, actions, _hints, timeout_ms = first
    assert (app, replaces, title, text, actions, timeout_ms) == (
        "BackCoach",
        0,
        "Time to stand up",
        "Two minutes of desk break?",
        [],
        10_000,
    )
    assert second[1] == 7  # the id the server gave the first bubble
    assert second[4] == "Still sitting: a short break helps."


def test_without_a_notification_server_notify_is_false_at_once(bus_address: str) -> None:
    notifier = DesktopNotifier(bus_address)
    started = time.monotonic()
    assert notifier.notify("Time to stand up", "Two minutes of desk break?") is False
    assert time.monotonic() - started < 0.5
    notifier.close()


def test_a_server_that_never_answers_costs_at_most_half_a_second(bus_address: str) -> None:
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    silent = open_dbus_connection(bus=bus_address)  # owns the name, never reads a call
    silent.send_and_get_reply(message_bus.RequestName(NOTIFICATIONS), timeout=2)
    try:
        notifier = DesktopNotifier(bus_address)
        started = time.monotonic()
        assert notifier.notify("Time to stand up", "Two minutes of desk break?") is False
        assert time.monotonic() - started < 0.7
        notifier.close()
    finally:
        silent.close()


def test_without_a_session_bus_notify_is_false(tmp_path: Path) -> None:
    notifier = DesktopNotifier(f"unix:path={tmp_path}/no-bus")
    assert notifier.notify("Time to stand up", "Two minutes of desk break?") is False
