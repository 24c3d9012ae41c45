"""Which processes a run started, wherever they went, and where they listen (Linux's /proc).

Every process the runner starts carries a mark in its environment, and so does everything those
start in turn: a daemon that forked twice, or a helper in a session of its own, keeps it. That finds
what a process group would lose. Where there is no /proc (macOS), nothing is found and the checks
that rely on it are not made.
"""

from __future__ import annotations

import ipaddress
import os
import signal
import sys
import time
from pathlib import Path

PROC = Path("/proc")
LISTEN = "0A"  # the state of a listening socket in /proc/net/tcp


def available() -> bool:
    return (PROC / "self" / "environ").is_file()


def marked(mark: str) -> list[int]:
    """The live processes whose environment holds ``mark`` (``NAME=value``), but this one."""
    wanted = mark.encode()
    found = []
    for entry in PROC.iterdir() if available() else ():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if wanted in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:  # gone, or a zombie: neither runs
            continue
    return found


def describe(pid: int) -> str:
    try:
        command = (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        command = "?"
    return f"process {pid}: {command.strip()}"


def end(pids: list[int], grace: float) -> None:
    """SIGTERM, and SIGKILL what is still there after ``grace`` seconds."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
            time.sleep(0.05)


def leftovers(mark: str, grace: float = 2.0) -> list[int]:
    """The processes with ``mark`` that are still running ``grace`` seconds from now (or as soon as none is)."""
    deadline = time.monotonic() + grace
    while (found := marked(mark)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def listening(pids: list[int]) -> list[tuple[str, int]]:
    """The addresses and ports on which these processes hold a listening TCP socket."""
    inodes = set()
    for pid in pids:
        try:
            links = [os.readlink(fd) for fd in (PROC / str(pid) / "fd").iterdir()]
        except OSError:
            continue
        inodes |= {link[len("socket:["):-1] for link in links if link.startswith("socket:[")}
    found = []
    for table in ("tcp", "tcp6"):
        try:
            rows = (PROC / "net" / table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if fields[3] == LISTEN and fields[9] in inodes:
                address, port = fields[1].split(":")
                found.append((str(_address(address)), int(port, 16)))
    return found


def is_loopback(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    mapped = getattr(ip, "ipv4_mapped", None)
    return ip.is_loopback or bool(mapped and mapped.is_loopback)


def _address(hex_address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """/proc/net/tcp writes each 32-bit word of an address in the machine's byte order."""
    raw = bytes.fromhex(hex_address)
    if sys.byteorder == "little":
        raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
    return ipaddress.ip_address(raw)


def _alive(pid: int) -> bool:
    try:
        state = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
