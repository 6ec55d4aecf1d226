"""Keeping the screen on: the freedesktop D-Bus call on a private bus, X11 on Xvfb, fallbacks."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from backcoach.adapters.dbus.session import SessionBus
from backcoach.adapters.screen_awake import (
    AllScreenAwake,
    FreedesktopScreenAwake,
    MacScreenAwake,
    NoScreenAwake,
    WindowsScreenAwake,
    X11ScreenAwake,
    screen_awake_for_platform,
)
from tests.desktop.helpers import running_session_bus, running_xvfb
from tests.fakes import FakeDBusService

SAVER = "org.freedesktop.ScreenSaver"


@pytest.fixture
def bus_address(tmp_path: Path) -> Iterator[str]:
    with running_session_bus(tmp_path) as address:
        yield address


def test_inhibit_is_asked_once_and_released(bus_address: str) -> None:
    service = FakeDBusService(bus_address, [SAVER])
    service.methods[(SAVER, "Inhibit")] = ("u", 7)
    service.methods[(SAVER, "UnInhibit")] = ("b", True)  # the real one returns nothing
    try:
        awake = FreedesktopScreenAwake(lambda: SessionBus(bus_address))
        assert awake.hold("A routine is playing")
        assert awake.hold("again")  # already holding: no second request
        assert service.calls == ["Inhibit"]
        awake.release()
        awake.release()
        assert service.calls == ["Inhibit", "UnInhibit"]
    finally:
        service.close()


def test_no_screensaver_service_means_not_held(bus_address: str) -> None:
    awake = FreedesktopScreenAwake(lambda: SessionBus(bus_address))
    assert not awake.hold("A routine is playing")
    awake.release()


def test_no_session_bus_means_not_held(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    assert not FreedesktopScreenAwake().hold("A routine is playing")


@pytest.mark.xvfb
def test_x11_screen_saver_is_suspended_while_held() -> None:
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed")
    with running_xvfb() as display:
        awake = X11ScreenAwake(display)
        assert awake.hold("A routine is playing")
        awake.release()
        awake.release()


def test_without_a_display_x11_is_not_held(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    assert not X11ScreenAwake().hold("A routine is playing")


def test_held_when_any_part_holds() -> None:
    class Works(NoScreenAwake):
        name = "works"

        def hold(self, reason: str) -> bool:
            return True

    both = AllScreenAwake([NoScreenAwake(), Works()])
    assert both.hold("x")
    assert both.held == ("works",)
    both.release()
    assert both.held == ()
    assert not AllScreenAwake([NoScreenAwake()]).hold("x")


def test_each_platform_gets_its_own_way() -> None:
    assert isinstance(screen_awake_for_platform("win32"), WindowsScreenAwake)
    assert isinstance(screen_awake_for_platform("darwin"), MacScreenAwake)
    assert screen_awake_for_platform("linux").name == "freedesktop+x11"
    assert isinstance(screen_awake_for_platform("sunos5"), NoScreenAwake)


@pytest.mark.skipif(os.name == "nt", reason="checks the non-Windows fallback")
def test_windows_way_elsewhere_is_not_held() -> None:
    assert not WindowsScreenAwake().hold("x")
