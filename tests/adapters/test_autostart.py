"""Autostart at login: the files and registry values BackCoach writes, and reading them back."""

from __future__ import annotations

import plistlib
import sys
from pathlib import Path

import pytest

from backcoach.adapters.autostart import (
    LaunchAgent,
    WindowsRunKey,
    XdgAutostart,
    apply_autostart,
    desktop_exec,
    tray_command,
)
from tests.fakes import FakeWinreg

COMMAND = ["/opt/back coach/bin/backcoach", "tray"]
ENTRY = "io.github.backcoach.BackCoach.desktop"


def test_xdg_entry_starts_the_tray_at_login(tmp_path: Path) -> None:
    autostart = XdgAutostart(tmp_path)
    assert not autostart.is_enabled()
    autostart.enable(COMMAND)
    text = (tmp_path / "autostart" / ENTRY).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "[Desktop Entry]"
    assert "Type=Application" in lines
    assert "Name=BackCoach" in lines
    assert 'Exec="/opt/back coach/bin/backcoach" tray' in lines
    assert "Terminal=false" in lines
    assert "Icon=io.github.backcoach.BackCoach" in lines
    assert autostart.is_enabled()
    autostart.disable()
    assert not autostart.is_enabled()
    autostart.disable()  # twice is fine


def test_xdg_entry_switched_off_by_the_desktop_reads_as_disabled(tmp_path: Path) -> None:
    autostart = XdgAutostart(tmp_path)
    autostart.enable(COMMAND)
    text = autostart.path.read_text(encoding="utf-8")
    autostart.path.write_text(text + "Hidden=true\n", encoding="utf-8")
    assert not autostart.is_enabled()


def test_xdg_config_home_is_respected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert XdgAutostart().path == tmp_path / "xdg" / "autostart" / ENTRY
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/is/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert XdgAutostart().path == tmp_path / "home" / ".config" / "autostart" / ENTRY


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (["/usr/bin/backcoach", "tray"], "/usr/bin/backcoach tray"),
        (["/home/a b/python", "-m", "backcoach"], '"/home/a b/python" -m backcoach'),
        (["/x/100%/py"], "/x/100%%/py"),
        (['/we"ird$/py'], '"/we\\\\"ird\\\\$/py"'),
    ],
)
def test_desktop_exec_quoting_follows_the_spec(command: list[str], expected: str) -> None:
    assert desktop_exec(command) == expected


def test_windows_run_key_holds_a_quoted_command_line() -> None:
    registry = FakeWinreg()
    run_key = WindowsRunKey(registry)
    assert not run_key.is_enabled()
    run_key.enable([r"C:\Program Files\BackCoach\pythonw.exe", "-m", "backcoach", "tray"])
    values = registry.keys[("HKCU", r"Software\Microsoft\Windows\CurrentVersion\Run")]
    assert values["BackCoach"] == (
        r'"C:\Program Files\BackCoach\pythonw.exe" -m backcoach tray',
        registry.REG_SZ,
    )
    assert run_key.is_enabled()
    run_key.disable()
    assert not run_key.is_enabled()
    run_key.disable()


def test_launch_agent_plist_runs_the_tray_at_load(tmp_path: Path) -> None:
    agent = LaunchAgent(tmp_path)
    agent.enable(COMMAND)
    plist = plistlib.loads((tmp_path / "org.backcoach.tray.plist").read_bytes())
    assert plist == {
        "Label": "org.backcoach.tray",
        "ProgramArguments": COMMAND,
        "RunAtLoad": True,
        "ProcessType": "Interactive",
    }
    assert agent.is_enabled()
    agent.disable()
    assert not agent.is_enabled()


def test_the_login_command_runs_this_installation_into_the_tray() -> None:
    command = tray_command()
    assert command[-1] == "tray"
    assert Path(command[0]).parent == Path(sys.executable).parent


def test_apply_autostart_follows_the_setting(tmp_path: Path) -> None:
    autostart = XdgAutostart(tmp_path)
    apply_autostart(True, autostart)
    assert autostart.is_enabled()
    assert tray_command()[0] in autostart.path.read_text(encoding="utf-8")
    apply_autostart(False, autostart)
    assert not autostart.path.exists()
