"""Single instance: a second BackCoach hands over to the first instead of starting."""

from __future__ import annotations

import socket
import uuid
from pathlib import Path

import pytest

from backcoach.ui.app.single_instance import SingleInstance, instance_key


def _key() -> str:
    return f"backcoach-test-{uuid.uuid4().hex[:12]}"


@pytest.mark.parametrize("use_qt", [False, True], ids=["unix-socket", "qt-local-server"])
def test_the_second_launch_asks_the_first_to_show_itself(qtbot, use_qt: bool) -> None:
    key = _key()
    first = SingleInstance(key, use_qt=use_qt)
    assert first.claim()
    try:
        second = SingleInstance(key, use_qt=use_qt)
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


def test_a_socket_left_by_a_crash_does_not_block_the_start(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    key = _key()
    crashed = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    crashed.bind(str(tmp_path / f"{key}.sock"))  # bound, never listening: like a killed process
    crashed.close()
    instance = SingleInstance(key)
    assert instance.claim()
    second = SingleInstance(key)
    with qtbot.waitSignal(instance.message_received, timeout=3000):
        assert not second.claim()
    instance.release()
    assert not (tmp_path / f"{key}.sock").exists()


def test_the_socket_is_private_to_the_user(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    key = _key()
    instance = SingleInstance(key)
    assert instance.claim()
    try:
        mode = (tmp_path / f"{key}.sock").stat().st_mode & 0o777
        assert mode & 0o077 == 0
    finally:
        instance.release()


def test_each_backcoach_home_is_its_own_instance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKCOACH_HOME", str(tmp_path / "a"))
    key_a = instance_key()
    monkeypatch.setenv("BACKCOACH_HOME", str(tmp_path / "b"))
    assert instance_key() != key_a
    assert instance_key().startswith("backcoach-")
