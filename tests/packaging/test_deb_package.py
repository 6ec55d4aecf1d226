"""The test of record for the Debian package: install it into a clean Debian 12 and use it.

Builds the .deb with ``bash packaging/build.sh deb`` (which fails on a
lintian error), bootstraps a minimal bookworm with debootstrap, installs the
package there with apt (which must find every Depends), and then, as an
ordinary user under Xvfb inside that root: starts the app to a visible
window with BackCoach's icon, plans and headlessly runs the desk break (the
session lands in the log), writes speech to a WAV file, upgrades over the
installed version and removes the package while the user's data stays, and
finally starts the app with a needed library missing.

Takes about 10 minutes and needs root, debootstrap and the Debian mirror, so
it runs only when ``BACKCOACH_TEST_DEB=1`` (``.ci/run`` sets it). The tests
share one root and run in file order, like a user's day with the package.
"""

from __future__ import annotations

import array
import json
import os
import shutil
import subprocess
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.packaging.clean_root import USER_HOME, CleanRoot

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("BACKCOACH_TEST_DEB") != "1",
        reason="builds the .deb and a Debian root (minutes): set BACKCOACH_TEST_DEB=1",
    ),
]

APP_ID = "io.github.backcoach.BackCoach"
DISPLAY = ":7"
# Tools the test itself uses inside the root; the package's own needs come from its Depends.
TEST_TOOLS = ["xvfb", "xdotool", "x11-utils"]


def _version(deb: Path) -> str:
    out = subprocess.run(["dpkg-deb", "-f", str(deb), "Version"], capture_output=True, text=True)
    return out.stdout.strip()


@pytest.fixture(scope="module")
def deb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the package as the docs say, and return its path."""
    if os.geteuid() != 0 or not shutil.which("debootstrap"):
        pytest.skip("needs root and debootstrap")
    subprocess.run(["bash", "packaging/build.sh", "deb"], cwd=REPO_ROOT, check=True, timeout=1800)
    (built,) = sorted((REPO_ROOT / "build").glob("backcoach_*.deb"))
    return built


@pytest.fixture(scope="module")
def root(deb: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CleanRoot]:
    """A clean bookworm with the package installed by apt, and Xvfb running inside it."""
    folder = tmp_path_factory.mktemp("debian-root") / "root"
    made = CleanRoot.create(folder, folder.parent / "debootstrap.log")
    try:
        shutil.copyfile(deb, folder / "tmp" / deb.name)
        made.run(["apt-get", "update", "-q"], timeout=600)
        install = made.run(
            ["apt-get", "install", "-y", "-q", "--no-install-recommends", f"/tmp/{deb.name}"],
            env={"DEBIAN_FRONTEND": "noninteractive"},
            timeout=1200,
        )
        assert "Setting up backcoach" in install.stdout
        made.run(
            ["apt-get", "install", "-y", "-q", "--no-install-recommends", *TEST_TOOLS],
            env={"DEBIAN_FRONTEND": "noninteractive"},
            timeout=1200,
        )
        # -noreset: the server would otherwise reset when its last client leaves, and refuse
        # the connection of a program started just then.
        xvfb = ["Xvfb", DISPLAY, "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset"]
        made.start(xvfb, quiet=True)
        deadline = time.monotonic() + 20
        while not (folder / "tmp" / ".X11-unix" / f"X{DISPLAY[1:]}").exists():
            assert time.monotonic() < deadline, "Xvfb did not start in the root"
            time.sleep(0.2)
        yield made
    finally:
        made.close()


def _user(root: CleanRoot, *command: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return root.run(list(command), user=True, env={"DISPLAY": DISPLAY}, **kwargs)


def _visible_window(root: CleanRoot, timeout_s: float = 60) -> str | None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = _user(
            root, "xdotool", "search", "--onlyvisible", "--name", "^BackCoach", check=False
        )
        if found.stdout.strip():
            return found.stdout.split()[0]
        time.sleep(0.3)
    return None


def _stop_backcoach(root: CleanRoot) -> None:
    # Only the user's BackCoach processes inside the root; Xvfb (root's) stays.
    _user(root, "sh", "-c", "kill $(pgrep -u tester) 2>/dev/null; true", check=False)
    time.sleep(1)


def test_package_puts_the_program_menu_entry_icons_and_metainfo_in_place(root: CleanRoot) -> None:
    files = root.run(["dpkg", "-L", "backcoach"]).stdout.split()
    assert "/usr/bin/backcoach" in files
    assert f"/usr/share/applications/{APP_ID}.desktop" in files
    assert f"/usr/share/metainfo/{APP_ID}.metainfo.xml" in files
    for size in (16, 22, 24, 32, 48, 64, 128, 256):
        assert f"/usr/share/icons/hicolor/{size}x{size}/apps/{APP_ID}.png" in files
    assert f"/usr/share/icons/hicolor/symbolic/apps/{APP_ID}-symbolic.svg" in files
    internal = root.path / "usr/lib/backcoach/_internal/backcoach"
    for language in ("da", "zh_TW"):  # the interface's translations
        assert (internal / f"i18n/locale/{language}/LC_MESSAGES/backcoach.mo").is_file()
    assert _user(root, "backcoach", "--version").stdout.startswith("BackCoach ")


def test_app_from_the_package_opens_a_window_with_its_icon(root: CleanRoot) -> None:
    app = root.start(["backcoach"], user=True, env={"DISPLAY": DISPLAY})
    try:
        window = _visible_window(root)
        failed = app.stderr.read() if app.poll() is not None and app.stderr else ""
        assert window, f"no BackCoach window within 60 s {failed}"
        props = _user(root, "xprop", "-id", window, "_NET_WM_ICON", "WM_CLASS").stdout
        assert "Icon (256 x 256)" in props or "Icon (128 x 128)" in props
    finally:
        _stop_backcoach(root)


def test_plan_prints_the_desk_break(root: CleanRoot) -> None:
    out = _user(root, "backcoach", "plan", "desk-break").stdout
    assert out.startswith("Desk break (desk-break):")
    assert "spoken cues" in out


def test_speak_writes_a_wav_with_sound_in_it(root: CleanRoot) -> None:
    _user(root, "backcoach", "speak", "Breathe in slowly", "--out", f"{USER_HOME}/hello.wav")
    with wave.open(str(root.path / USER_HOME.lstrip("/") / "hello.wav")) as wav:
        frames = wav.readframes(wav.getnframes())
        assert wav.getnframes() / wav.getframerate() > 0.5
    samples = array.array("h", frames)
    assert max(abs(x) for x in samples) > 1000, "the WAV is silent"


def test_mandarin_is_read_by_the_bundled_espeak_ng(root: CleanRoot) -> None:
    said = _user(root, "backcoach", "speak", "吸氣", "--lang", "zh-TW", "--phonemes")
    out = said.stdout + said.stderr
    assert "ɕˈi5 tɕhˈi5" in out  # Debian 12's espeak-ng 1.51 reads it as English words
    assert "espeak-ng 1.52" in out and "/usr/lib/backcoach/" in out


def test_headless_run_logs_a_session(root: CleanRoot) -> None:
    run = _user(root, "backcoach", "run", "desk-break", "--headless", "--speed", "30", stdin="")
    assert "desk" in run.stdout.lower()
    history = json.loads(_user(root, "backcoach", "history", "--json").stdout)
    assert [s["routine_id"] for s in history["sessions"]] == ["desk-break"]


def test_upgrade_keeps_routines_history_and_settings(root: CleanRoot, deb: Path) -> None:
    own = f"{USER_HOME}/.local/share/BackCoach/routines/my-break.json"
    shutil.copyfile(REPO_ROOT / "routines" / "desk-break.json", root.path / "tmp" / "my-break.json")
    rename = f'mkdir -p $(dirname {own}) && sed \'s/"desk-break"/"my-break"/\' /tmp/my-break.json'
    _user(root, "sh", "-c", f"{rename} > {own}")
    settings = root.path / USER_HOME.lstrip("/") / ".config/BackCoach/settings.json"
    chosen = json.dumps({"reminder_interval_min": 45}) + "\n"
    write = "mkdir -p ~/.config/BackCoach && cat > ~/.config/BackCoach/settings.json"
    _user(root, "sh", "-c", write, stdin=chosen)
    before = settings.read_bytes()
    newer = _repacked(deb, root.path / "tmp", _version(deb) + "+1")
    upgrade = root.run(["apt-get", "install", "-y", "-q", f"/tmp/{newer.name}"])
    assert "Unpacking backcoach" in upgrade.stdout
    assert settings.read_bytes() == before
    assert "my-break" in _user(root, "backcoach", "routines").stdout
    history = json.loads(_user(root, "backcoach", "history", "--json").stdout)
    assert [s["routine_id"] for s in history["sessions"]] == ["desk-break"]


def _repacked(deb: Path, folder: Path, version: str) -> Path:
    """The same package under a higher version, as the next release would come."""
    tree = folder / "repack"
    subprocess.run(["dpkg-deb", "-R", str(deb), str(tree)], check=True)
    control = tree / "DEBIAN" / "control"
    text = control.read_text()
    control.write_text(text.replace(f"Version: {_version(deb)}", f"Version: {version}"))
    out = folder / f"backcoach_{version}.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "-b", str(tree), str(out)], check=True)
    shutil.rmtree(tree)
    return out


def test_missing_library_is_named_in_one_line(root: CleanRoot) -> None:
    root.run(["dpkg", "--remove", "--force-depends", "libxcb-cursor0"])
    try:
        result = _user(root, "backcoach", check=False)
        assert result.returncode == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert "libxcb-cursor.so.0" in lines[0] and "libxcb-cursor0" in lines[0]
    finally:
        root.run(["apt-get", "install", "-y", "-q", "libxcb-cursor0"])


def test_removing_the_package_keeps_the_users_data_and_says_where(root: CleanRoot) -> None:
    removed = root.run(["apt-get", "remove", "--purge", "-y", "-q", "backcoach"])
    assert "~/.local/share/BackCoach" in removed.stdout
    assert not (root.path / "usr/bin/backcoach").exists()
    data = root.path / USER_HOME.lstrip("/") / ".local/share/BackCoach"
    assert (data / "history.sqlite3").is_file()
    assert (data / "routines" / "my-break.json").is_file()
