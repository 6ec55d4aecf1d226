"""D-Bus adapters against a private dbus-daemon with stand-in desktop services."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from backcoach.adapters.dbus.session import DBusUnavailable, SessionBus
from backcoach.adapters.idle import WallClockIdle, detect_idle_source
from backcoach.adapters.idle.dbus import FreedesktopIdleSource, MutterIdleSource
from backcoach.adapters.quiet import detect_quiet_check
from backcoach.adapters.quiet.dnd import gnome_banners_hidden
from tests.desktop.helpers import running_session_bus
from tests.fakes import FakeDBusService

MUTTER_IFACE = "org.gnome.Mutter.IdleMonitor"
GNOME_SAVER = "org.gnome.ScreenSaver"
FDO_SAVER = "org.freedesktop.ScreenSaver"
NOTIFICATIONS = "org.freedesktop.Notifications"


@pytest.fixture
def bus_address(tmp_path: Path) -> Iterator[str]:
    with running_session_bus(tmp_path) as address:
        yield address


@pytest.fixture
def gnome(bus_address: str) -> Iterator[FakeDBusService]:
    service = FakeDBusService(bus_address, [MUTTER_IFACE, GNOME_SAVER])
    service.methods[(MUTTER_IFACE, "GetIdletime")] = ("t", 42_500)
    service.methods[(GNOME_SAVER, "GetActive")] = ("b", False)
    yield service
    service.close()


@pytest.fixture
def kde(bus_address: str) -> Iterator[FakeDBusService]:
    service = FakeDBusService(bus_address, [FDO_SAVER, NOTIFICATIONS])
    service.methods[(FDO_SAVER, "GetSessionIdleTime")] = ("u", 90_000)
    service.methods[(FDO_SAVER, "GetActive")] = ("b", False)
    service.properties[(NOTIFICATIONS, "Inhibited")] = ("b", False)
    yield service
    service.close()


def test_mutter_idle_time_is_read_in_milliseconds(bus_address: str, gnome) -> None:
    source = MutterIdleSource(SessionBus(bus_address))
    assert source.idle_seconds() == pytest.approx(42.5)
    assert not source.is_locked()
    gnome.methods[(GNOME_SAVER, "GetActive")] = ("b", True)
    assert source.is_locked()


def test_freedesktop_idle_time_unit_follows_the_desktop(bus_address: str, kde) -> None:
    bus = SessionBus(bus_address)
    on_kde = FreedesktopIdleSource(bus, {"XDG_CURRENT_DESKTOP": "KDE"})
    on_xfce = FreedesktopIdleSource(bus, {"XDG_CURRENT_DESKTOP": "XFCE"})
    assert on_kde.idle_seconds() == pytest.approx(90.0)
    assert on_xfce.idle_seconds() == pytest.approx(90_000.0)
    kde.methods[(FDO_SAVER, "GetActive")] = ("b", True)
    assert on_kde.is_locked()


def test_a_service_that_is_missing_reads_as_unknown(bus_address: str) -> None:
    source = MutterIdleSource(SessionBus(bus_address))
    assert source.idle_seconds() is None
    assert not source.is_locked()


def test_detect_on_gnome_wayland_picks_mutter(bus_address: str, gnome) -> None:
    env = {"WAYLAND_DISPLAY": "wayland-0", "DBUS_SESSION_BUS_ADDRESS": bus_address}
    source = detect_idle_source(env=env, platform="linux")
    assert isinstance(source, MutterIdleSource)


def test_detect_on_kde_wayland_falls_through_to_freedesktop(bus_address: str, kde) -> None:
    env = {
        "WAYLAND_DISPLAY": "wayland-0",
        "XDG_CURRENT_DESKTOP": "KDE",
        "DBUS_SESSION_BUS_ADDRESS": bus_address,
    }
    source = detect_idle_source(env=env, platform="linux")
    assert isinstance(source, FreedesktopIdleSource)
    assert source.idle_seconds() == pytest.approx(90.0)


def test_detect_with_a_bus_but_no_idle_service_falls_back(bus_address: str) -> None:
    env = {"WAYLAND_DISPLAY": "wayland-0", "DBUS_SESSION_BUS_ADDRESS": bus_address}
    assert isinstance(detect_idle_source(env=env, platform="linux"), WallClockIdle)


def test_notification_server_inhibited_means_do_not_disturb(bus_address: str, kde) -> None:
    quiet = detect_quiet_check(env={"DBUS_SESSION_BUS_ADDRESS": bus_address}, platform="linux")
    assert quiet() is None
    kde.properties[(NOTIFICATIONS, "Inhibited")] = ("b", True)
    assert quiet() == "do-not-disturb"


def test_a_bus_that_goes_away_reads_as_unavailable(tmp_path: Path) -> None:
    with running_session_bus(tmp_path) as address:
        bus = SessionBus(address)
    with pytest.raises(DBusUnavailable):
        bus.call(FDO_SAVER, "/org/freedesktop/ScreenSaver", FDO_SAVER, "GetActive")


def test_no_bus_address_is_unavailable() -> None:
    saved = os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)
    try:
        with pytest.raises(DBusUnavailable, match="DBUS_SESSION_BUS_ADDRESS"):
            SessionBus()
    finally:
        if saved is not None:
            os.environ["DBUS_SESSION_BUS_ADDRESS"] = saved


def _gsettings_env(tmp_path: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "GSETTINGS_BACKEND": "keyfile",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "HOME": str(tmp_path),
    }


def test_gnome_do_not_disturb_is_read_from_gsettings(tmp_path: Path) -> None:
    env = _gsettings_env(tmp_path)
    schema = "org.gnome.desktop.notifications"
    if shutil.which("gsettings") is None:
        pytest.skip("gsettings is not installed")
    probe = subprocess.run(["gsettings", "list-keys", schema], env=env, capture_output=True)
    if probe.returncode != 0:
        pytest.skip("gsettings or the GNOME notification schema is not installed")
    assert not gnome_banners_hidden(env)
    subprocess.run(["gsettings", "set", schema, "show-banners", "false"], env=env, check=True)
    assert gnome_banners_hidden(env)
    quiet = detect_quiet_check(env={**env, "XDG_CURRENT_DESKTOP": "ubuntu:GNOME"}, platform="linux")
    assert quiet() == "do-not-disturb"
