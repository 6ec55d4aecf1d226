"""The wheel and sdist as PyPI would take them: ``twine check`` and what is inside."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

APP_ID = "io.github.backcoach.BackCoach"


@pytest.mark.slow
def test_wheel_and_sdist_pass_twine_check_and_carry_the_desktop_files(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-d", str(dist)],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheel = next(dist.glob("backcoach-*.whl"))
    sdist = next(dist.glob("backcoach-*.tar.gz"))
    check = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr

    names = set(zipfile.ZipFile(wheel).namelist())
    bundled = "backcoach/_bundled"
    assert f"{bundled}/desktop/{APP_ID}.desktop" in names
    assert f"{bundled}/desktop/{APP_ID}.metainfo.xml" in names
    for size in (16, 22, 24, 32, 48, 64, 128, 256):
        assert f"{bundled}/assets/icons/hicolor/{size}x{size}/apps/{APP_ID}.png" in names
    assert f"{bundled}/assets/icons/hicolor/symbolic/apps/{APP_ID}-symbolic.svg" in names
    assert f"{bundled}/routines/desk-break.json" in names
    for language in ("da", "zh_TW"):
        assert f"backcoach/i18n/locale/{language}/LC_MESSAGES/backcoach.mo" in names
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "backcoach = backcoach.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()

    with tarfile.open(sdist) as archive:
        members = {m.name.split("/", 1)[1] for m in archive.getmembers() if "/" in m.name}
    for needed in (
        "packaging/build.sh",
        "packaging/backcoach.spec",
        f"packaging/{APP_ID}.desktop",
        "assets/icons/backcoach.svg",
        "routines/desk-break.json",
    ):
        assert needed in members
