"""Which processes a run started, wherever they went, and where they listen (Linux's /proc).

Every process the runner starts carries a mark in its environment, and so does everything those
start in turn: a daemon that forked twice, or a helper in a session of its own, keeps it. That finds
what a process group would lose. A helper started with an environment of its own loses the mark,
so two more ways find it: the test process becomes a "subreaper" (Linux's PR_SET_CHILD_SUBREAPER),
to which an orphan is given instead of to init, and a process whose working folder is the run's
is the run's. Where there is no /proc (macOS), nothing is found and the checks that rely on it are
not made.
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
PR_SET_CHILD_SUBREAPER = 36  # prctl(2)


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


def children(parent: int) -> set[int]:
    """The live processes whose parent is ``parent``."""
    pids = [int(entry.name) for entry in (PROC.iterdir() if available() else ()) if entry.name.isdigit()]
    return {pid for pid in pids if _stat(pid)[1] == parent and alive(pid)}


def reap(known: set[int]) -> None:
    """Reap the children of ours that have ended, but the ``known`` ones: orphans given to us (see
    become_subreaper) stay zombies until their new parent waits for them."""
    for entry in PROC.iterdir() if available() else ():
        if entry.name.isdigit() and int(entry.name) not in known and _stat(int(entry.name)) == ("Z", os.getpid()):
            try:
                os.waitpid(int(entry.name), os.WNOHANG)
            except ChildProcessError:
                pass


def working_in(folder: Path) -> set[int]:
    """The live processes whose working folder is ``folder`` or inside it."""
    found = set()
    for entry in PROC.iterdir() if available() else ():
        try:
            inside = entry.name.isdigit() and Path(os.readlink(entry / "cwd")).is_relative_to(folder)
        except OSError:
            continue
        if inside and alive(int(entry.name)):
            found.add(int(entry.name))
    return found


def become_subreaper() -> None:
    """Be given the orphans of what this process starts, as init would be (Linux only; else nothing)."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


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
        while time.monotonic() < deadline and any(alive(pid) for pid in pids):
            time.sleep(0.05)



def leftovers(mark: str, grace: float = 2.0, folder: Path | None = None, known: set[int] = frozenset()) -> list[int]:
    """What is still running ``grace`` seconds from now (or as soon as nothing is) of what a run started:
    the processes with ``mark``, those working in ``folder``, and our children but the ``known`` ones."""
    deadline = time.monotonic() + grace

    def running() -> list[int]:
        found = set(marked(mark)) | (children(os.getpid()) - known)
        return sorted(found | working_in(folder) if folder else found)

    while (found := running()) and time.monotonic() < deadline:
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


def resident_memory(pid: int) -> int:
    """A process's resident memory in bytes (VmRSS), 0 once it is gone."""
    try:
        status = (PROC / str(pid) / "status").read_text()
    except OSError:
        return 0
    found = [line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")]
    return int(found[0]) * 1024 if found else 0


def alive(pid: int) -> bool:
    return _stat(pid)[0] not in ("", "Z")


def _stat(pid: int) -> tuple[str, int]:
    """The state of a process ("" once it is gone, "Z" for a zombie) and its parent's id."""
    try:
        fields = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return "", 0
    return fields[0], int(fields[1])
