"""Real desktop plumbing for tests: a private Xvfb display and a private D-Bus bus."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

_DBUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def _read_line(fd: int, timeout_s: float) -> str:
    deadline = time.monotonic() + timeout_s
    data = b""
    while not data.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise TimeoutError("no answer from the child process")
        chunk = os.read(fd, 256)
        if not chunk:
            break
        data += chunk
    return data.decode().strip()


@contextmanager
def running_xvfb(screen: str = "1280x800x24", *, reset: bool = False) -> Iterator[str]:
    """Start Xvfb on a free display number and yield its name (``:N``).

    By default the server does not reset when its last client leaves: a reset
    (which recompiles the keymap, slow on a fresh machine) refuses connections
    for a moment, and a test that connects then would fail by chance.
    ``reset=True`` keeps the X server's usual behaviour, to test that.
    """
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", screen, "-nolisten", "tcp"]
        + ([] if reset else ["-noreset"]),
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        number = _read_line(read_fd, 10)
        yield f":{number}"
    finally:
        os.close(read_fd)
        proc.terminate()
        proc.wait(timeout=10)


@contextmanager
def running_session_bus(folder: Path) -> Iterator[str]:
    """Start a private dbus-daemon (no service activation) and yield its address."""
    if shutil.which("dbus-daemon") is None:
        pytest.skip("dbus-daemon is not installed")
    config = folder / "bus.conf"
    config.write_text(_DBUS_CONFIG.format(dir=folder), encoding="utf-8")
    proc = subprocess.Popen(
        ["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert proc.stdout is not None
        yield _read_line(proc.stdout.fileno(), 10)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def xdotool(display: str, *args: str) -> None:
    """Run xdotool against ``display``."""
    if shutil.which("xdotool") is None:
        pytest.skip("xdotool is not installed")
    subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": display}, check=True)
