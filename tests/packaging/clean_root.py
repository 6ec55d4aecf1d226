"""A clean Debian 12 root made with debootstrap, for installing the .deb as a user would.

``CleanRoot.create(path)`` runs ``debootstrap --variant=minbase bookworm``
from the mirror this machine's apt uses, gives it the same apt sources (so
apt inside resolves the package's Depends), mounts ``/proc`` and ``/dev``,
and adds an ordinary user. ``run()`` runs a command inside it, as root or as
that user, with a clean environment. ``close()`` ends every process whose
root is this folder (nothing else), unmounts and deletes it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

USER = "tester"
USER_HOME = f"/home/{USER}"
PATH = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"


def apt_mirror(sources_dir: Path = Path("/etc/apt")) -> str:
    """Return the Debian archive URL this machine's apt uses (not the security one)."""
    texts = [p.read_text(errors="replace") for p in sorted(sources_dir.glob("sources.list.d/*"))]
    if (sources_dir / "sources.list").is_file():
        texts.append((sources_dir / "sources.list").read_text(errors="replace"))
    for text in texts:
        for url in re.findall(r"(?:URIs:|^deb)\s+(?:\[[^]]*\]\s+)?(\S+)", text, re.M):
            if "security" not in url:
                return url
    raise RuntimeError(f"no Debian archive found in {sources_dir}/sources.list*: apt is not set up")


class CleanRoot:
    """A debootstrapped Debian 12 folder that commands can run in."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._mounts: list[Path] = []

    @classmethod
    def create(cls, path: Path, log: Path) -> CleanRoot:
        """Bootstrap a minimal bookworm into ``path`` (output to ``log``) and return it."""
        root = cls(path)
        with log.open("w") as out:
            subprocess.run(
                ["debootstrap", "--variant=minbase", "bookworm", str(path), apt_mirror()],
                stdout=out,
                stderr=subprocess.STDOUT,
                check=True,
                timeout=1200,
            )
        for source in [Path("/etc/apt/sources.list"), *Path("/etc/apt").glob("sources.list.d/*")]:
            if source.is_file():
                target = path / source.relative_to("/")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
        shutil.copyfile("/etc/resolv.conf", path / "etc/resolv.conf")
        root._mount(["-t", "proc", "proc"], path / "proc")
        root._mount(["--bind", "/dev"], path / "dev")
        root.run(["useradd", "--create-home", "--shell", "/bin/sh", USER])
        root.run(["mkdir", "-m", "0700", f"/tmp/runtime-{USER}"], user=True)
        return root

    def _mount(self, how: list[str], target: Path) -> None:
        subprocess.run(["mount", *how, str(target)], check=True)
        self._mounts.append(target)

    def _chrooted(
        self, command: Sequence[str], user: bool, env: Mapping[str, str] | None
    ) -> list[str]:
        """Return the host command that runs ``command`` in the root with a clean environment."""
        base = {"PATH": PATH, "LANG": "C.UTF-8", "HOME": USER_HOME if user else "/root"}
        if user:
            base["USER"] = USER
            base["XDG_RUNTIME_DIR"] = f"/tmp/runtime-{USER}"
        variables = [f"{k}={v}" for k, v in {**base, **(env or {})}.items()]
        who = [f"--userspec={USER}:{USER}"] if user else []
        return ["chroot", *who, str(self.path), "/usr/bin/env", "-i", *variables, *command]

    def run(
        self,
        command: Sequence[str],
        *,
        user: bool = False,
        env: Mapping[str, str] | None = None,
        timeout: float = 600,
        check: bool = True,
        stdin: str | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run ``command`` inside the root (as the ordinary user if ``user``); return the result.

        With ``check``, a non-zero exit fails with the command's output in the message.
        """
        result = subprocess.run(
            self._chrooted(command, user, env),
            capture_output=True,
            text=True,
            timeout=timeout,
            input=stdin,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"{' '.join(command)} exited with {result.returncode}:\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        return result

    def start(
        self,
        command: Sequence[str],
        *,
        user: bool = False,
        env: Mapping[str, str] | None = None,
        quiet: bool = False,
    ) -> subprocess.Popen[str]:
        """Start ``command`` inside the root without waiting; output to pipes (or nowhere)."""
        return subprocess.Popen(
            self._chrooted(command, user, env),
            stdout=subprocess.DEVNULL if quiet else subprocess.PIPE,
            stderr=subprocess.DEVNULL if quiet else subprocess.PIPE,
            text=True,
        )

    def processes(self) -> list[int]:
        """Return the ids of the processes running inside this root."""
        mine = []
        real = os.path.realpath(self.path)
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if os.readlink(entry / "root") == real:
                        mine.append(int(entry.name))
                except OSError:
                    continue
        return mine

    def stop_processes(self) -> None:
        """End every process inside this root (TERM, then KILL after 5 s)."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            for pid in self.processes():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, sig)
            deadline = time.monotonic() + 5
            while self.processes() and time.monotonic() < deadline:
                time.sleep(0.1)

    def mounted(self) -> list[str]:
        """Return the mount points inside the root that are still mounted."""
        real = os.path.realpath(self.path) + "/"
        with open("/proc/self/mounts", encoding="utf-8") as mounts:
            points = [line.split()[1] for line in mounts]
        return [p for p in points if (p + "/").startswith(real)]

    def close(self) -> None:
        """Stop its processes, unmount and delete the root (never while anything is mounted)."""
        self.stop_processes()
        for target in reversed(self._mounts):
            subprocess.run(["umount", str(target)], check=False)
        self._mounts.clear()
        still = self.mounted()
        if still:  # deleting now would delete the host's /dev through the bind mount
            raise RuntimeError(f"left {self.path} in place: still mounted: {still}")
        shutil.rmtree(self.path, ignore_errors=True)
