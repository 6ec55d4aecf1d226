"""Shared fixtures: every test gets its own BackCoach home, so no real user data is touched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def backcoach_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point BACKCOACH_HOME at a fresh temporary folder for each test."""
    home = tmp_path / "backcoach-home"
    monkeypatch.setenv("BACKCOACH_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def english_unless_a_test_says_otherwise(monkeypatch: pytest.MonkeyPatch):
    """Run each test in English whatever the machine's language; undo a test's language."""
    from backcoach import i18n
    from backcoach.config import settings

    monkeypatch.setenv("LANGUAGE", "en")
    yield
    i18n.set_language("en")
    settings._override = None  # a command's --lang lasts for that command only


@pytest.fixture
def fake_clock():
    """A clock the test moves by hand."""
    from tests.fakes import FakeClock

    return FakeClock()


@pytest.fixture
def short_runtime_dir(monkeypatch: pytest.MonkeyPatch):
    """A private ``XDG_RUNTIME_DIR`` with a short path (Unix socket paths are limited to ~100)."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="bc-", dir="/tmp"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
