"""The single-instance sockets under faults: other users, a busy listener, slow and many clients."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from backcoach.adapters.event_loop import SelectLoop
from backcoach.ipc.channel import UnixChannel, channel_folder, claim

NOBODY = 65534
SYSTEM_PYTHON = "/usr/bin/python3"
"""A Python the other user may run (the test's own may sit in root's home)."""
as_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0 or not os.path.exists(SYSTEM_PYTHON),
    reason="needs root (to act as another user) and /usr/bin/python3",
)


@pytest.fixture
def channels(short_runtime_dir: Path) -> Iterator[list[UnixChannel]]:
    made: list[UnixChannel] = []
    yield made
    for channel in made:
        channel.close()


def new_channel(channels: list[UnixChannel], key: str = "fault-key") -> UnixChannel:
    channel = UnixChannel(key)
    channels.append(channel)
    return channel


@pytest.fixture
def no_runtime_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No ``XDG_RUNTIME_DIR``; the temp folder is a fresh one. Return where the sockets go."""
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    temp = tmp_path / "tmp"
    temp.mkdir(mode=0o777)
    temp.chmod(0o1777)
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return temp / f"backcoach-{os.getuid()}"


# -- the folder --------------------------------------------------------------------------------


def test_the_fallback_folder_is_made_private(no_runtime_dir: Path) -> None:
    assert channel_folder() == no_runtime_dir
    info = no_runtime_dir.lstat()
    assert stat.S_IMODE(info.st_mode) == 0o700 and info.st_uid == os.getuid()


def test_a_fallback_folder_others_may_use_is_refused(no_runtime_dir: Path, capsys) -> None:
    no_runtime_dir.mkdir()
    no_runtime_dir.chmod(0o777)  # made by someone else, waiting for us
    channel = UnixChannel("fault-key")
    assert not channel.listen()
    assert channel.request("show") is None
    assert "other users may use it" in capsys.readouterr().err
    assert list(no_runtime_dir.iterdir()) == []


def test_a_link_in_place_of_the_fallback_folder_is_refused(
    no_runtime_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir(mode=0o700)
    no_runtime_dir.symlink_to(target)
    channel = UnixChannel("fault-key")
    assert channel.problem is not None and "not a folder" in channel.problem
    assert not channel.listen()
    assert list(target.iterdir()) == []


@as_root
def test_a_fallback_folder_of_another_user_is_refused(no_runtime_dir: Path) -> None:
    no_runtime_dir.mkdir(mode=0o700)
    os.chown(no_runtime_dir, NOBODY, NOBODY)
    channel = UnixChannel("fault-key")
    assert channel.problem is not None and "another user" in channel.problem
    assert not channel.listen()


def test_a_runtime_folder_others_may_use_is_not_used(
    monkeypatch: pytest.MonkeyPatch, no_runtime_dir: Path, tmp_path: Path
) -> None:
    shared = tmp_path / "shared-runtime"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(shared))
    assert channel_folder() == no_runtime_dir


# -- the peer ----------------------------------------------------------------------------------

CONNECT_AND_SEND = """
import socket, sys
with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
    s.connect(sys.argv[1]); s.sendall(b"quit\\n"); s.shutdown(socket.SHUT_WR); s.recv(10)
"""

LISTEN_AND_ANSWER = """
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.bind(sys.argv[1]); s.listen(1)
print("ready", flush=True)
c, _ = s.accept(); c.recv(100); c.sendall(b"yes\\n"); c.close()
"""


@as_root
def test_a_message_from_another_user_is_dropped(channels) -> None:
    server = new_channel(channels)
    assert server.listen()
    server.path.parent.chmod(0o755)  # as if the folder had been left open
    server.path.chmod(0o777)
    other = subprocess.Popen(
        [SYSTEM_PYTHON, "-c", CONNECT_AND_SEND, str(server.path)], user=NOBODY, group=NOBODY
    )
    got: list[str] = []
    deadline = time.monotonic() + 5
    while other.poll() is None and time.monotonic() < deadline:
        server.receive(lambda line, _reply: got.append(line))
        time.sleep(0.02)
    other.wait(5)
    server.path.parent.chmod(0o700)
    assert got == []


@as_root
def test_a_listener_of_another_user_is_not_believed(channels) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bc-open-", dir="/tmp"))
    folder.chmod(0o777)
    path = folder / "x.sock"
    other = subprocess.Popen(
        [SYSTEM_PYTHON, "-c", LISTEN_AND_ANSWER, str(path)],
        user=NOBODY,
        group=NOBODY,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "ready"
        client = new_channel(channels)
        client.path = path
        assert client.request("status") is None  # not ours: as if nobody listened
    finally:
        other.kill()
        other.wait()
        shutil.rmtree(folder, ignore_errors=True)


# -- a busy, slow or flooded listener ----------------------------------------------------------


def _fill_queue(path: Path) -> list[socket.socket]:
    """Connect without being accepted until the listener's queue is full (EAGAIN)."""
    waiting = []
    for _ in range(200):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.setblocking(False)
        try:
            sock.connect(str(path))
        except BlockingIOError:
            sock.close()
            return waiting
        waiting.append(sock)
    raise AssertionError("the listener's queue never filled")


def test_a_busy_listener_is_not_taken_for_a_dead_one(channels) -> None:
    first = new_channel(channels)
    assert first.listen()
    waiting = _fill_queue(first.path)
    try:
        second = new_channel(channels)
        assert not claim("show", second.send, second.listen)
        assert not second.listening
        assert first.path.exists()
        assert first.request("status") == ""  # there, only busy
    finally:
        for sock in waiting:
            sock.close()


def test_a_client_that_drips_bytes_does_not_hold_the_listener(channels) -> None:
    server = new_channel(channels)
    assert server.listen()
    slow = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    slow.connect(str(server.path))
    got: list[str] = []
    longest = 0.0
    dripped_until = time.monotonic() + 2.0
    try:
        while time.monotonic() < dripped_until:
            try:
                slow.send(b"x")
            except OSError:
                break  # dropped
            started = time.monotonic()
            server.receive(lambda line, _reply: got.append(line))
            longest = max(longest, time.monotonic() - started)
            time.sleep(0.4)
        assert new_channel(channels).send("show")
        for _ in range(3):
            server.receive(lambda line, _reply: got.append(line))
    finally:
        slow.close()
    assert longest < 0.4  # the old listener sat in recv() as long as bytes kept coming
    assert got == ["show"]


def test_a_flood_of_silent_connections_does_not_stop_the_reminders(channels) -> None:
    server = new_channel(channels)
    assert server.listen()
    loop = SelectLoop()
    loop.add_reader(server.fileno(), lambda: server.receive(lambda line, _reply: None))
    fired: list[float] = []
    loop.call_later(1.0, lambda: fired.append(time.monotonic()))
    silent: list[socket.socket] = []
    started = time.monotonic()
    while not fired and time.monotonic() - started < 10:
        for _ in range(20):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.setblocking(False)
            try:
                sock.connect(str(server.path))
            except OSError:
                sock.close()
                continue
            silent.append(sock)
        loop.run_once(0.05)
    for sock in silent:
        sock.close()
    loop.close()
    assert fired, "the reminder timer never fired during the flood"
    assert fired[0] - started < 3.0
