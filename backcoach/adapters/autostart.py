"""Start BackCoach into the tray at login: XDG autostart, the Windows Run key, a macOS LaunchAgent.

Each mechanism has ``enable(command)``, ``disable()`` and ``is_enabled()``;
``autostart_for_platform()`` picks the one for this computer. The places are
the desktop's own (``BACKCOACH_HOME`` does not move them, since the desktop
would not look there), but every class takes its folder or registry as an
argument, so tests never touch the real ones.
"""

from __future__ import annotations

import contextlib
import os
import plistlib
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Protocol

from backcoach.config.paths import APP_ID, APP_NAME
from backcoach.core.atomic import write_bytes_atomic, write_text_atomic

DESKTOP_FILE_NAME = f"{APP_ID}.desktop"
OLD_DESKTOP_FILE_NAME = "backcoach.desktop"  # written by BackCoach 0.1 before the app id
LAUNCH_AGENT_LABEL = "org.backcoach.tray"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"

# Characters that force quoting in a desktop entry's Exec key (Desktop Entry Spec 1.5).
_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


class Autostart(Protocol):
    """One way to start a program at login."""

    def enable(self, command: Sequence[str]) -> None:
        """Start ``command`` at every login from now on."""
        ...

    def disable(self) -> None:
        """Stop starting BackCoach at login (nothing happens if it was not set up)."""
        ...

    def is_enabled(self) -> bool:
        """Return True if BackCoach starts at login."""
        ...


def tray_command() -> list[str]:
    """Return the command that starts this installation of BackCoach straight into the tray."""
    bin_dir = Path(sys.executable).parent
    for script in ("backcoach", "backcoach.exe"):
        if (bin_dir / script).is_file():
            return [str(bin_dir / script), "tray"]
    python = Path(sys.executable)
    windowless = python.with_name("pythonw.exe")
    if sys.platform == "win32" and windowless.is_file():
        python = windowless  # no console window at login
    return [str(python), "-m", "backcoach", "tray"]


def desktop_exec(command: Sequence[str]) -> str:
    """Return ``command`` as the value of a desktop entry ``Exec`` key, quoted as the spec says."""
    parts = []
    for arg in command:
        arg = arg.replace("%", "%%")
        if any(ch in _EXEC_RESERVED for ch in arg) or not arg:
            inner = "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg)
            arg = f'"{inner}"'
        parts.append(arg)
    # The value is itself a string with backslash escapes, so every backslash doubles again.
    return " ".join(parts).replace("\\", "\\\\")


class XdgAutostart:
    """``io.github.backcoach.BackCoach.desktop`` in ``$XDG_CONFIG_HOME/autostart`` (Linux, BSD).

    An entry from before the app id (``backcoach.desktop``) still counts as
    enabled, and is replaced by ``enable()`` and removed by ``disable()``.
    """

    def __init__(self, config_home: Path | None = None) -> None:
        """Use ``config_home`` (default ``$XDG_CONFIG_HOME``, else ``~/.config``)."""
        if config_home is None:
            xdg = os.environ.get("XDG_CONFIG_HOME", "").strip()
            config_home = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".config"
        self.path = config_home / "autostart" / DESKTOP_FILE_NAME
        self._old_path = config_home / "autostart" / OLD_DESKTOP_FILE_NAME

    def enable(self, command: Sequence[str]) -> None:
        lines = [
            "[Desktop Entry]",
            "Type=Application",
            f"Name={APP_NAME}",
            "Comment=Counts your sitting time and reminds you to stand up and move",
            f"Exec={desktop_exec(command)}",
            f"Icon={APP_ID}",
            "Terminal=false",
            "Categories=Utility;",
            "X-GNOME-Autostart-enabled=true",
        ]
        write_text_atomic(self.path, "\n".join(lines) + "\n")
        with contextlib.suppress(FileNotFoundError):
            self._old_path.unlink()

    def disable(self) -> None:
        for path in (self.path, self._old_path):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    def is_enabled(self) -> bool:
        path = self.path if self.path.exists() else self._old_path
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return False
        entries = dict(
            line.split("=", 1) for line in text.splitlines() if "=" in line and line[:1] != "#"
        )
        return (
            entries.get("Hidden", "false").strip() != "true"
            and entries.get("X-GNOME-Autostart-enabled", "true").strip() != "false"
        )


class WindowsRunKey:
    """A ``BackCoach`` value under the current user's ``...CurrentVersion/Run`` registry key."""

    def __init__(self, registry: ModuleType | None = None) -> None:
        """Use ``registry`` (default: the ``winreg`` module, only present on Windows)."""
        if registry is None:
            import winreg

            registry = winreg
        self._reg: ModuleType = registry

    def enable(self, command: Sequence[str]) -> None:
        reg = self._reg
        with reg.CreateKey(reg.HKEY_CURRENT_USER, RUN_KEY) as key:
            reg.SetValueEx(key, APP_NAME, 0, reg.REG_SZ, subprocess.list2cmdline(list(command)))

    def disable(self) -> None:
        reg = self._reg
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_SET_VALUE) as key:
                reg.DeleteValue(key, APP_NAME)
        except FileNotFoundError:
            pass

    def is_enabled(self) -> bool:
        reg = self._reg
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY) as key:
                value, _kind = reg.QueryValueEx(key, APP_NAME)
        except FileNotFoundError:
            return False
        return bool(value)


class LaunchAgent:
    """``~/Library/LaunchAgents/org.backcoach.tray.plist`` (macOS), run at load."""

    def __init__(self, agents_dir: Path | None = None) -> None:
        """Use ``agents_dir`` (default ``~/Library/LaunchAgents``)."""
        agents_dir = agents_dir or Path.home() / "Library" / "LaunchAgents"
        self.path = agents_dir / f"{LAUNCH_AGENT_LABEL}.plist"

    def enable(self, command: Sequence[str]) -> None:
        plist = {
            "Label": LAUNCH_AGENT_LABEL,
            "ProgramArguments": list(command),
            "RunAtLoad": True,
            "ProcessType": "Interactive",
        }
        write_bytes_atomic(self.path, plistlib.dumps(plist))

    def disable(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def is_enabled(self) -> bool:
        try:
            plist = plistlib.loads(self.path.read_bytes())
        except (OSError, plistlib.InvalidFileException, ValueError):
            return False
        return bool(plist.get("RunAtLoad")) and not plist.get("Disabled", False)


def autostart_for_platform(platform: str | None = None) -> Autostart:
    """Return the autostart mechanism of this (or the named) platform."""
    platform = platform or sys.platform
    if platform == "win32":
        return WindowsRunKey()
    if platform == "darwin":
        return LaunchAgent()
    return XdgAutostart()


def apply_autostart(enabled: bool, autostart: Autostart | None = None) -> None:
    """Make login start match the ``autostart`` setting; ``OSError`` if it cannot be written."""
    autostart = autostart or autostart_for_platform()
    if enabled:
        autostart.enable(tray_command())
    else:
        autostart.disable()
