"""A wheel built from the repo works from any directory once installed."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


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
    assert "backcoach/core/schema/routine-v1.schema.json" in names
    bundled = [
        n for n in names if n.startswith("backcoach/_bundled/routines/") and n.endswith(".json")
    ]
    repo_routines = list((REPO / "routines").glob("*.json"))
    assert len(bundled) == len(repo_routines)

    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    # The small runtime dependencies come from the registry; Qt is not needed for this command.
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "platformdirs", "jsonschema", "pyttsx3"],
        check=True,
        timeout=300,
    )
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
    for path in repo_routines:
        assert path.stem in result.stdout or repo_routines == []
    assert "not loaded" not in result.stdout
