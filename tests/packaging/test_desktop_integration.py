"""Menu entry, icons, AppStream data and the per-user copies a wheel install makes.

The desktop entry and the metainfo are checked by the tools software centres
and desktops use (``desktop-file-validate``, ``appstreamcli validate``); the
icons are checked against their SVG source.
"""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import backcoach
from backcoach.adapters import desktop_files
from backcoach.adapters.autostart import XdgAutostart
from backcoach.adapters.qt_libs import XCB_LIBRARIES, missing_qt_library, needs_x11_qt
from tests.conftest import REPO_ROOT

APP_ID = "io.github.backcoach.BackCoach"
DESKTOP = REPO_ROOT / "packaging" / f"{APP_ID}.desktop"
METAINFO = REPO_ROOT / "packaging" / f"{APP_ID}.metainfo.xml"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (bash packaging/dev.sh installs it)")
    return path


def _entry(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser


def test_desktop_entry_passes_desktop_file_validate() -> None:
    result = subprocess.run(
        [_tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_desktop_entry_is_found_in_english_danish_and_traditional_chinese() -> None:
    entry = _entry(DESKTOP)["Desktop Entry"]
    assert entry["Icon"] == APP_ID
    assert entry["Exec"] == "backcoach"
    assert "Utility" in entry["Categories"].split(";")
    assert "exercise" in entry["Keywords"].split(";")
    assert "udstrækning" in entry["Keywords[da]"].split(";")
    assert "伸展" in entry["Keywords[zh_TW]"].split(";")
    for key in ("GenericName", "Comment"):
        assert entry[f"{key}[da]"] and entry[f"{key}[zh_TW]"]


def test_metainfo_passes_appstreamcli_validate() -> None:
    result = subprocess.run(
        [_tool("appstreamcli"), "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_names_the_same_app_its_version_and_languages() -> None:
    tree = ET.parse(METAINFO).getroot()
    assert tree.findtext("id") == APP_ID
    assert tree.findtext("launchable") == DESKTOP.name
    assert tree.findtext("icon") == APP_ID
    assert tree.find("releases/release").get("version") == backcoach.__version__
    assert {lang.text for lang in tree.iter("lang")} == {"en", "da", "zh_TW"}
    assert tree.find("content_rating").get("type") == "oars-1.1"
    screenshots = [image.text for image in tree.iter("image")]
    assert screenshots
    for url in screenshots:  # each names a screenshot that is in the repository
        assert (REPO_ROOT / "docs" / "screenshots" / url.rsplit("/", 1)[1]).is_file()


def test_icon_pngs_are_rendered_from_the_current_svg() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "packaging" / "render_icons.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, "run packaging/render_icons.py: " + result.stdout


def test_every_icon_size_is_there_at_its_size() -> None:
    from PySide6.QtGui import QImage

    hicolor = REPO_ROOT / "assets" / "icons" / "hicolor"
    for size in SIZES:
        image = QImage(str(hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
    assert (hicolor / "symbolic" / "apps" / f"{APP_ID}-symbolic.svg").is_file()


def test_windows_get_the_app_icon_and_desktop_name(qapp) -> None:
    from backcoach.ui.app.icon import use_app_identity

    use_app_identity(qapp)
    assert qapp.desktopFileName() == APP_ID
    sizes = {(s.width(), s.height()) for s in qapp.windowIcon().availableSizes()}
    assert {(16, 16), (48, 48), (256, 256)} <= sizes


def test_autostart_entry_uses_the_app_id_and_icon_and_is_valid(tmp_path: Path) -> None:
    autostart = XdgAutostart(tmp_path)
    autostart.enable(["/usr/bin/backcoach", "tray"])
    assert autostart.path.name == f"{APP_ID}.desktop"
    assert _entry(autostart.path)["Desktop Entry"]["Icon"] == APP_ID
    result = subprocess.run(
        [_tool("desktop-file-validate"), str(autostart.path)], capture_output=True, text=True
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_autostart_entry_from_before_the_app_id_is_honoured_then_replaced(tmp_path: Path) -> None:
    old = tmp_path / "autostart" / "backcoach.desktop"
    old.parent.mkdir()
    old.write_text("[Desktop Entry]\nType=Application\nName=BackCoach\nExec=backcoach tray\n")
    autostart = XdgAutostart(tmp_path)
    assert autostart.is_enabled()
    autostart.enable(["/usr/bin/backcoach", "tray"])
    assert not old.exists() and autostart.path.exists()
    old.write_text(autostart.path.read_text())
    autostart.disable()
    assert not old.exists() and not autostart.is_enabled()


def test_user_desktop_files_point_at_this_install_and_come_off_again(tmp_path: Path) -> None:
    data = tmp_path / "share"
    command = ["/home/me/venv/bin/backcoach"]
    written = desktop_files.install_user_desktop_files(data, command)
    entry_path = data / "applications" / f"{APP_ID}.desktop"
    entry = _entry(entry_path)
    assert entry["Desktop Entry"]["Exec"] == "/home/me/venv/bin/backcoach"
    assert (
        entry["Desktop Action desk-break"]["Exec"] == "/home/me/venv/bin/backcoach run desk-break"
    )
    assert (data / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    for size in SIZES:
        assert (data / "icons/hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    assert len(written) == len(SIZES) + 4  # entry, metainfo, scalable and symbolic SVGs
    assert desktop_files.install_user_desktop_files(data, command) == []  # nothing changed

    autostart = XdgAutostart(tmp_path / "config")
    autostart.enable([*command, "tray"])
    removed = desktop_files.remove_user_desktop_files(data, autostart)
    assert set(written) | {autostart.path} == set(removed)
    assert not any(path.is_file() for path in data.rglob("*"))


def test_first_start_of_a_pip_install_puts_the_menu_entry_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import backcoach.ui.app.launch
    from backcoach.cli import main

    monkeypatch.delenv("BACKCOACH_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_DATA_DIRS", str(tmp_path / "system"))
    monkeypatch.setattr(backcoach.ui.app.launch, "run_app", lambda **_: 0)
    assert main([]) == 0
    assert (tmp_path / "share" / "applications" / f"{APP_ID}.desktop").is_file()


def test_no_user_copies_when_a_package_installed_the_entry_or_in_tests(tmp_path: Path) -> None:
    system = tmp_path / "usr-share"
    (system / "applications").mkdir(parents=True)
    env = {"XDG_DATA_DIRS": str(system), "XDG_DATA_HOME": str(tmp_path / "share")}
    (system / "applications" / f"{APP_ID}.desktop").write_text("[Desktop Entry]\n")
    desktop_files.ensure_user_desktop_files(env)
    desktop_files.ensure_user_desktop_files(
        {**env, "XDG_DATA_DIRS": "/nowhere", "BACKCOACH_HOME": "x"}
    )
    assert not (tmp_path / "share").exists()


def test_uninstall_flag_says_what_went_and_where_the_data_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from backcoach.cli import main

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    desktop_files.install_user_desktop_files(tmp_path / "share", ["backcoach"])
    assert main(["--uninstall-desktop-files"]) == 0
    out = capsys.readouterr().out
    assert f"Removed {tmp_path / 'share' / 'applications' / (APP_ID + '.desktop')}" in out
    assert "Your routines, history and settings are kept in" in out
    assert not list((tmp_path / "share").rglob("*.png"))


@pytest.mark.parametrize(
    ("argv", "env", "needed"),
    [
        ([], {}, True),
        (["--open-settings"], {}, True),
        (["run", "desk-break"], {}, True),
        (["run", "desk-break", "--headless"], {}, False),
        (["tray"], {}, False),
        (["tray", "--qt"], {}, True),
        (["plan", "desk-break"], {}, False),
        (["export", "desk-break"], {}, False),
        (["--lang", "da", "plan", "desk-break"], {}, False),
        (["--lang", "da"], {}, True),
        (["edit", "desk-break"], {}, True),
        (["--version"], {}, False),
        (["--uninstall-desktop-files"], {}, False),
        (["-m", "backcoach.ui.reminders.nudge_process"], {}, True),
        (["-m", "backcoach.adapters.speech.worker"], {}, False),
        ([], {"QT_QPA_PLATFORM": "offscreen"}, False),
        ([], {"WAYLAND_DISPLAY": "wayland-0"}, False),
        ([], {"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "xcb"}, True),
    ],
)
def test_library_check_runs_only_before_an_x11_window(argv, env, needed) -> None:
    assert needs_x11_qt(argv, env) is needed


def test_missing_library_is_one_sentence_naming_it_and_its_package() -> None:
    message = missing_qt_library(lambda soname: soname != "libxcb-cursor.so.0")
    assert message is not None and "\n" not in message
    assert "libxcb-cursor.so.0" in message and "apt install libxcb-cursor0" in message
    assert missing_qt_library(lambda soname: True) is None
    assert all(XCB_LIBRARIES.values())


def test_library_list_is_what_qts_x11_plugin_really_links_to() -> None:
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    linked = set()
    for lib in (
        qt / "plugins" / "platforms" / "libqxcb.so",
        qt / "lib" / "libQt6XcbQpa.so.6",
        qt / "lib" / "libQt6Gui.so.6",
    ):
        dump = subprocess.run(["objdump", "-p", str(lib)], capture_output=True, text=True)
        linked |= {line.split()[1] for line in dump.stdout.splitlines() if "NEEDED" in line}
    assert set(XCB_LIBRARIES) <= linked


def test_bundle_entry_point_runs_modules_like_python_dash_m() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "packaging" / "frozen_main.py"),
            "-m",
            "backcoach",
            "routines",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "desk-break" in result.stdout
