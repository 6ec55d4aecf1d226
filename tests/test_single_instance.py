"""Single instance: a second BackCoach hands over to the first instead of starting."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

import pytest

from backcoach.ui.single_instance import SingleInstance, instance_key


def _key() -> str:
    return f"backcoach-test-{uuid.uuid4().hex[:12]}"


def test_the_second_launch_asks_the_first_to_show_itself(qtbot) -> None:
    key = _key()
    first = SingleInstance(key)
    assert first.claim()
    try:
        second = SingleInstance(key)
        with qtbot.waitSignal(first.message_received, timeout=3000) as received:
            assert not second.claim()
        assert received.args == ["show"]
    finally:
        first.release()


def test_after_the_first_quits_the_next_launch_runs(qtbot) -> None:
    key = _key()
    first = SingleInstance(key)
    assert first.claim()
    first.release()
    again = SingleInstance(key)
    assert again.claim()
    again.release()


def test_a_socket_left_by_a_crash_does_not_block_the_start(qtbot) -> None:
    key = _key()
    stale = Path(tempfile.gettempdir()) / key
    stale.write_bytes(b"")  # what a killed process leaves behind on Unix
    try:
        instance = SingleInstance(key)
        assert instance.claim()
        instance.release()
    finally:
        stale.unlink(missing_ok=True)


def test_each_backcoach_home_is_its_own_instance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKCOACH_HOME", str(tmp_path / "a"))
    key_a = instance_key()
    monkeypatch.setenv("BACKCOACH_HOME", str(tmp_path / "b"))
    assert instance_key() != key_a
    assert instance_key().startswith("backcoach-")
