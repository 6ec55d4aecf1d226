"""Put BackCoach in the user's application menu, for installs that cannot do it themselves.

The Debian package installs its desktop entry, icons and AppStream data
under ``/usr/share``. A wheel cannot, so the first time the app starts from
one, ``ensure_user_desktop_files()`` copies them below ``$XDG_DATA_HOME``
(default ``~/.local/share``)::

    applications/io.github.backcoach.BackCoach.desktop   (Exec= this install's backcoach)
    icons/hicolor/<N>x<N>/apps/io.github.backcoach.BackCoach.png
    icons/hicolor/scalable/apps/io.github.backcoach.BackCoach.svg
    icons/hicolor/symbolic/apps/io.github.backcoach.BackCoach-symbolic.svg
    metainfo/io.github.backcoach.BackCoach.metainfo.xml

and rewrites a file only when its content changed (a new version). Nothing
is written when a system-wide entry exists (the package), in a bundle, or
when ``BACKCOACH_HOME`` is set (tests, portable installs).
``backcoach --uninstall-desktop-files`` removes them, and the start-at-login
entry, before ``pip uninstall``.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from backcoach.adapters.autostart import XdgAutostart, desktop_exec, tray_command
from backcoach.config import paths
from backcoach.config.paths import APP_ID
from backcoach.core.atomic import write_bytes_atomic

DESKTOP_NAME = f"{APP_ID}.desktop"
METAINFO_NAME = f"{APP_ID}.metainfo.xml"
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def data_home(environ: Mapping[str, str] = os.environ) -> Path:
    """Return ``$XDG_DATA_HOME``, or ``~/.local/share`` if it is unset or not absolute."""
    xdg = environ.get("XDG_DATA_HOME", "").strip()
    return Path(xdg) if os.path.isabs(xdg) else Path.home() / ".local" / "share"


def desktop_source_dir() -> Path:
    """Return the folder holding the desktop entry and metainfo (wheel, or source checkout)."""
    installed = _PACKAGE_DIR / "_bundled" / "desktop"
    return installed if installed.is_dir() else _PACKAGE_DIR.parent / "packaging"


def desktop_entry(command: Sequence[str], template: str) -> str:
    """Return the desktop entry ``template`` with every ``Exec``/``TryExec`` running ``command``."""
    program = desktop_exec(command)
    lines = []
    for line in template.splitlines():
        key, sep, value = line.partition("=")
        if sep and key == "TryExec":
            line = f"TryExec={desktop_exec(command[:1])}"
        elif sep and key == "Exec":
            args = value.split(" ", 1)[1:]  # what follows "backcoach" in the template
            line = "Exec=" + " ".join([program, *args])
        lines.append(line)
    return "\n".join(lines) + "\n"


def wanted_files(target: Path, command: Sequence[str]) -> dict[Path, bytes]:
    """Return each file to put below ``target`` (a data home) and its bytes."""
    source = desktop_source_dir()
    template = (source / DESKTOP_NAME).read_text(encoding="utf-8")
    files = {
        target / "applications" / DESKTOP_NAME: desktop_entry(command, template).encode(),
        target / "metainfo" / METAINFO_NAME: (source / METAINFO_NAME).read_bytes(),
    }
    hicolor = paths.assets_dir() / "icons" / "hicolor"
    for icon in sorted(hicolor.glob("*/apps/*")):
        files[target / "icons" / "hicolor" / icon.relative_to(hicolor)] = icon.read_bytes()
    return files


def system_entry_exists(environ: Mapping[str, str] = os.environ) -> bool:
    """Return True if a package already put BackCoach's desktop entry in a system data dir."""
    dirs = environ.get("XDG_DATA_DIRS", "").strip() or "/usr/local/share:/usr/share"
    return any(
        (Path(d) / "applications" / DESKTOP_NAME).is_file() for d in dirs.split(":") if d.strip()
    )


def install_user_desktop_files(
    target: Path | None = None, command: Sequence[str] | None = None
) -> list[Path]:
    """Write the files that are missing or out of date below ``target``; return those written."""
    target = data_home() if target is None else target
    command = tray_command()[:-1] if command is None else command
    written = []
    for path, data in wanted_files(target, command).items():
        with contextlib.suppress(OSError):
            if path.read_bytes() == data:
                continue
        write_bytes_atomic(path, data)
        written.append(path)
    return written


def remove_user_desktop_files(
    target: Path | None = None, autostart: XdgAutostart | None = None
) -> list[Path]:
    """Remove the files ``install_user_desktop_files`` writes and the login entry; return them."""
    target = data_home() if target is None else target
    removed = []
    for path in wanted_files(target, ["backcoach"]):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed.append(path)
    autostart = XdgAutostart() if autostart is None else autostart
    for path in (autostart.path, autostart.path.with_name("backcoach.desktop")):
        if path.exists():
            removed.append(path)
    autostart.disable()
    return removed


def ensure_user_desktop_files(environ: Mapping[str, str] = os.environ) -> None:
    """Install the per-user desktop files if this install needs them; never raise on I/O."""
    if (
        sys.platform in ("win32", "darwin")
        or getattr(sys, "frozen", False)
        or environ.get(paths.HOME_ENV, "").strip()
        or system_entry_exists(environ)
    ):
        return
    with contextlib.suppress(OSError):
        install_user_desktop_files(data_home(environ))


def report_removal() -> int:
    """Remove the per-user desktop files, say what went and where the user's data stays; 0."""
    removed = remove_user_desktop_files()
    for path in removed:
        print(f"Removed {path}")
    if not removed:
        print("No BackCoach menu entry, icons or login entry were found in your home folder.")
    print(
        "Your routines, history and settings are kept in "
        f"{paths.data_dir()} and {paths.config_dir()}; delete those folders to remove them too."
    )
    return 0
