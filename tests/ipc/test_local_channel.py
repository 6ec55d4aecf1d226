"""The per-user Unix socket between BackCoach processes: messages, replies, claiming."""

from __future__ import annotations

import os
import socket
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from backcoach.ipc.channel import UnixChannel, channel_path, claim, instance_key


@pytest.fixture
def runtime_dir(short_runtime_dir: Path) -> Path:
    return short_runtime_dir


@pytest.fixture
def channels(runtime_dir: Path) -> Iterator[list[UnixChannel]]:
    """Channels made by a test; all are closed at its end."""
    made: list[UnixChannel] = []
    yield made
    for channel in made:
        channel.close()


def new_channel(channels: list[UnixChannel], key: str = "test-key") -> UnixChannel:
    channel = UnixChannel(key)
    channels.append(channel)
    return channel


def serve_once(server: UnixChannel, answer: dict[str, str], got: list[str]) -> threading.Thread:
    """Answer one connection from a thread, as the other process would from its loop."""

    def run() -> None:
        import select
        import time

        def on_message(line: str, reply) -> None:
            got.append(line)
            if line in answer:
                reply(answer[line])

        deadline = time.monotonic() + 2
        while not got and time.monotonic() < deadline:
            select.select([server.fileno()], [], [], 0.1)
            server.receive(on_message)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_the_socket_lives_in_the_runtime_folder(runtime_dir: Path) -> None:
    assert channel_path("abc") == runtime_dir / "abc.sock"


def test_without_a_runtime_folder_the_socket_goes_to_a_private_folder_in_temp(
    monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", "/no/such/folder")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    folder = channel_path("abc").parent
    assert folder == tmp_path / f"backcoach-{os.getuid()}"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_keys_tell_roles_and_homes_apart(monkeypatch, tmp_path: Path) -> None:
    app_key, tray_key = instance_key(), instance_key("tray")
    assert app_key != tray_key
    assert tray_key.endswith("-tray")
    monkeypatch.setenv("BACKCOACH_HOME", str(tmp_path / "other-home"))
    assert instance_key() != app_key  # a portable install is an instance of its own


@pytest.mark.parametrize(
    ("message", "answers", "reply"),
    [
        pytest.param(
            "status",
            {"status": "Next break in 12 min"},
            "Next break in 12 min",
            id="the-listeners-reply",
        ),
        pytest.param("routine-started", {}, "", id="no-answer-is-an-empty-reply"),
    ],
)
def test_a_request_gets_the_listeners_reply(
    channels, message: str, answers: dict[str, str], reply: str
) -> None:
    server = new_channel(channels)
    assert server.listen()
    got: list[str] = []
    thread = serve_once(server, answers, got)
    assert new_channel(channels).request(message) == reply
    thread.join(2)
    assert got == [message]


def test_send_delivers_one_line(channels) -> None:
    server = new_channel(channels)
    assert server.listen()
    assert new_channel(channels).send("play:desk-break")
    got: list[str] = []
    server.receive(lambda line, _reply: got.append(line))
    assert got == ["play:desk-break"]


def test_with_nobody_listening_send_is_false_and_request_none(channels) -> None:
    client = new_channel(channels)
    assert not client.send("show")
    assert client.request("status") is None


def test_a_closed_channel_removes_its_socket_and_no_longer_answers(channels) -> None:
    server = new_channel(channels)
    assert server.listen()
    assert server.path.exists()
    server.close()
    assert not server.path.exists()
    assert not server.listening
    assert not new_channel(channels).send("show")


def test_only_this_user_can_use_the_socket(channels) -> None:
    server = new_channel(channels)
    assert server.listen()
    mode = stat.S_IMODE(os.stat(server.path).st_mode)
    assert mode & 0o077 == 0, oct(mode)


def test_a_socket_file_left_by_a_crash_is_replaced(channels) -> None:
    crashed = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    path = channel_path("test-key")
    crashed.bind(str(path))
    crashed.close()  # the file stays, nobody listens on it
    assert path.exists()
    server = new_channel(channels)
    assert server.listen()
    assert new_channel(channels).send("show")


def test_a_second_listener_does_not_take_over_a_live_channel(channels) -> None:
    """Two launches in the same instant: the later one must not steal the socket."""
    first = new_channel(channels)
    assert first.listen()
    assert not new_channel(channels).listen()
    assert new_channel(channels).send("show")
    got: list[str] = []
    # the probe of the second listener may come first: it carries no message
    for _ in range(2):
        first.receive(lambda line, _reply: got.append(line))
    assert got == ["show"]


def test_the_first_claim_listens_and_a_second_hands_over_its_message(channels) -> None:
    first = new_channel(channels)
    assert claim("show", first.send, first.listen)
    assert first.listening
    second = new_channel(channels)
    assert not claim("settings", second.send, second.listen)
    assert not second.listening
    got: list[str] = []
    first.receive(lambda line, _reply: got.append(line))
    assert got == ["settings"]


def test_claiming_a_channel_left_by_a_crash_succeeds(channels) -> None:
    crashed = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    crashed.bind(str(channel_path("test-key")))
    crashed.close()
    channel = new_channel(channels)
    assert claim("show", channel.send, channel.listen)


def test_several_lines_in_one_message_are_each_handled(channels) -> None:
    server = new_channel(channels)
    assert server.listen()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as raw:
        raw.connect(str(server.path))
        raw.sendall(b"routine-started\n\n  status  \n")
    got: list[str] = []
    server.receive(lambda line, _reply: got.append(line))
    assert got == ["routine-started", "status"]


def test_receive_with_nothing_waiting_returns_at_once(channels) -> None:
    server = new_channel(channels)
    assert server.listen()
    got: list[str] = []
    server.receive(lambda line, _reply: got.append(line))
    assert got == []


def test_a_channel_that_does_not_listen_has_no_descriptor(channels) -> None:
    with pytest.raises(RuntimeError):
        new_channel(channels).fileno()
