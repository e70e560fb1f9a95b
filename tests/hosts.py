"""Hosts for the production-layout test: Linux network namespaces on one private bridge.

Each host is a namespace with its own address on ``10.231.N.0/24`` and no route anywhere else
(nothing leaves this machine), joined to a bridge in the test's own namespace, which reaches
every host. A host can be killed (every process in it gets SIGKILL and its link goes down) or
cut off for a while (link down, processes keep running). Needs root (``ip netns``).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
import uuid
from pathlib import Path


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, text=True)


def can_make_hosts() -> str | None:
    """None when namespaces can be made here; otherwise why not."""
    if os.geteuid() != 0:
        return "network namespaces need root"
    probe = f"rsp{uuid.uuid4().hex[:6]}"
    try:
        _ip("netns", "add", probe)
        _ip("netns", "del", probe)
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        return f"cannot make network namespaces: {exc}"
    return None


class Hosts:
    """A private network of namespaces; ``add`` a host, ``run`` a process on it, ``kill`` or ``cut`` it."""

    def __init__(self) -> None:
        self.tag = f"rs{uuid.uuid4().hex[:4]}"
        self.net = f"10.231.{random.randint(1, 250)}"  # a random /24: two test runs at once do not meet
        self.bridge = f"{self.tag}-br"
        self.gateway = f"{self.net}.1"  # this (the test's) namespace, on the bridge
        self.hosts: dict[str, str] = {}
        self.procs: list[tuple[str, subprocess.Popen]] = []
        _ip("link", "add", self.bridge, "type", "bridge")
        _ip("addr", "add", f"{self.gateway}/24", "dev", self.bridge)
        _ip("link", "set", self.bridge, "up")

    def _ns(self, name: str) -> str:
        return f"{self.tag}-{name}"

    def _veth(self, name: str) -> str:
        return f"{self.tag}{name}"[:15]

    def add(self, name: str, last: int) -> str:
        """A new host ``name`` at ``10.231.N.last``; returns its address."""
        ns, veth, address = self._ns(name), self._veth(name), f"{self.net}.{last}"
        _ip("netns", "add", ns)
        _ip("link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns)
        _ip("link", "set", veth, "master", self.bridge, "up")
        _ip("-n", ns, "addr", "add", f"{address}/24", "dev", "eth0")
        _ip("-n", ns, "link", "set", "eth0", "up")
        _ip("-n", ns, "link", "set", "lo", "up")
        self.hosts[name] = address
        return address

    def run(self, name: str, cmd: list[str], env: dict, log: Path, cwd: Path | None = None,
            user: str | None = None) -> subprocess.Popen:
        """Start ``cmd`` on host ``name`` (as ``user`` when given), output to ``log``."""
        prefix = ["ip", "netns", "exec", self._ns(name)] + (["runuser", "-u", user, "--"] if user else [])
        env = {"PATH": os.environ.get("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), **env}
        with log.open("a") as handle:
            proc = subprocess.Popen(prefix + cmd, env=env, cwd=cwd, stdout=handle, stderr=subprocess.STDOUT)
        self.procs.append((name, proc))
        return proc

    def pids(self, name: str) -> list[int]:
        """Every process running in host ``name``'s namespace."""
        done = subprocess.run(["ip", "netns", "pids", self._ns(name)], capture_output=True, text=True)
        return [int(p) for p in done.stdout.split()]

    def _signal(self, name: str, sig: int) -> None:
        for pid in self.pids(name):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass

    def kill(self, name: str) -> None:
        """The host dies: SIGKILL for everything on it, and its link goes down."""
        self.link(name, up=False)
        self._signal(name, signal.SIGKILL)
        for host, proc in self.procs:
            if host == name:
                proc.wait(timeout=30)

    def link(self, name: str, up: bool) -> None:
        """Take host ``name``'s network link down (a cut) or bring it back up."""
        _ip("link", "set", self._veth(name), "up" if up else "down")

    def cut(self, name: str, seconds: float) -> None:
        """Host ``name`` is unreachable for ``seconds`` (its processes keep running), then back."""
        self.link(name, up=False)
        try:
            time.sleep(seconds)
        finally:
            self.link(name, up=True)

    def close(self) -> None:
        """Stop every process, remove the namespaces and the bridge."""
        for name in self.hosts:
            self._signal(name, signal.SIGTERM)
        deadline = time.time() + 20
        for _, proc in self.procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                proc.kill()
        for name in self.hosts:
            self._signal(name, signal.SIGKILL)
            subprocess.run(["ip", "link", "del", self._veth(name)], capture_output=True)  # and its peer
            subprocess.run(["ip", "netns", "del", self._ns(name)], capture_output=True)
        subprocess.run(["ip", "link", "del", self.bridge], capture_output=True)
