"""A wheel built from the repo works from any directory once installed."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

REPO = REPO_ROOT


@pytest.mark.slow
def test_installed_wheel_lists_bundled_routines_from_another_directory(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(REPO),
        ],
        check=True,
        timeout=300,
    )
    wheel = next(dist.glob("backcoach-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "backcoach/core/routine/schema/routine-v1.schema.json" in names
    bundled = [
        n for n in names if n.startswith("backcoach/_bundled/routines/") and n.endswith(".json")
    ]
    repo_routines = list((REPO / "routines").glob("*.json"))
    assert len(bundled) == len(repo_routines)

    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    # Runtime dependencies come from the wheel's own metadata; Qt is left out because
    # the commands tested here do not need it (and it is large).
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    requirements = [
        line.split(":", 1)[1].strip()
        for line in zipfile.ZipFile(wheel).read(metadata).decode().splitlines()
        if line.startswith("Requires-Dist:") and "extra ==" not in line
    ]
    small = [r for r in requirements if not r.lower().startswith("pyside6")]
    assert 0 < len(small) < len(requirements)  # Qt is required (per Python version)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *small], check=True, timeout=300)
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
        check=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [str(env_dir / "bin" / "backcoach"), "routines"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=60,
        env={"BACKCOACH_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert repo_routines
    for path in repo_routines:
        assert path.stem in result.stdout
    assert "not loaded" not in result.stdout
    check = subprocess.run(
        [str(env_dir / "bin" / "backcoach"), "validate", str(REPO / "routines")],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    if sys.platform.startswith("linux"):
        # The wheel's dependencies bring espeak-ng 1.52 (espeakng-loader), which reads Mandarin.
        home = {"BACKCOACH_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
        phonemes = ["speak", "吸氣", "--lang", "zh-TW", "--phonemes"]
        command = [str(env_dir / "bin" / "backcoach"), *phonemes]
        speak = subprocess.run(command, capture_output=True, text=True, timeout=60, env=home)
        assert speak.returncode == 0, speak.stderr
        assert speak.stdout.strip() == "ɕˈi5 tɕhˈi5"
        assert "bundled" in speak.stderr
