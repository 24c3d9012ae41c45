"""The worker processes of every-core.rst, started as the page says, and killed.

The page promises that a worker killed is replaced, and no connection lost meanwhile; that the
workers of a parent killed with SIGKILL do not go on serving the port; that a worker that cannot
start stops the parent, with status 1, instead of being started again and again; and that the
parent finds worker.py wherever it is started from.
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

import processes
import runner

EXAMPLES = runner.collect()
TIMEOUT = 10.0  # seconds for any one answer
REPLACED = 20.0  # seconds for a worker to be started again (1 s) and ready, on a busy machine
ORPHANED = 5.0  # seconds for a worker to notice that its parent is gone: it asks every second


def example():
    return next(e for e in EXAMPLES if e.files[0] == "guide/examples/every-core/workers.py")


def arguments(pid: int) -> list[str]:
    try:
        return (processes.PROC / str(pid) / "cmdline").read_bytes().decode().split("\0")[:-1]
    except OSError:
        return []


def running(run, script: str) -> dict[int, list[str]]:
    """The run's live processes that run ``script`` (workers.py or worker.py), with their arguments."""
    found = {pid: arguments(pid) for pid in processes.marked(run.mark) if processes.alive(pid)}
    return {pid: args for pid, args in found.items() if len(args) > 1 and Path(args[1]).name == script}


def pid_answer(port: int) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.request("GET", "/pid")
        return int(connection.getresponse().read())
    finally:
        connection.close()


def log(run) -> str:
    return "".join(path.read_text(errors="replace") for _, path in run.processes)


def wait_for(condition, seconds: float):
    deadline = time.monotonic() + seconds
    while not (found := condition()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def refuses(port: int) -> bool:
    try:
        pid_answer(port)
        return False
    except OSError:
        return True


@pytest.mark.xdist_group("hostile")
def test_a_killed_worker_is_replaced_and_no_connection_is_lost():
    served = example()
    with runner.running(served) as run:
        port = run.ports["{port}"]
        first = pid_answer(port)
        index = running(run, "worker.py")[first][2]
        os.kill(first, signal.SIGKILL)
        other = pid_answer(port)  # at once: the other worker waits on the same socket
        replacement = wait_for(lambda: [pid for pid, args in running(run, "worker.py").items()
                                        if args[2] == index and pid != first
                                        and f"worker {index} (pid {pid}) is ready" in log(run)], REPLACED)
        assert other != first and replacement, (
            f"{served.where}: worker {index} (pid {first}) killed with SIGKILL; then /pid answered {other}, "
            f"and {'a replacement, ' + str(replacement) if replacement else 'no replacement'} was ready "
            f"within {REPLACED:g} s: the page promises another worker's answer at once, and a new worker")
        os.kill(other, signal.SIGKILL)  # now only the replacement can answer, before other's own is ready
        answered = pid_answer(port)
        assert answered == replacement[0], (
            f"{served.where}: with the other worker killed too, /pid answered {answered}, not the "
            f"replacement, {replacement[0]}")
        run.no_new_traceback(served.where, "while workers were killed")


@pytest.mark.xdist_group("hostile")
def test_the_workers_of_a_parent_killed_with_sigkill_stop():
    served = example()
    with runner.running(served) as run:
        [parent] = running(run, "workers.py")
        workers = set(running(run, "worker.py"))
        os.kill(parent, signal.SIGKILL)
        gone = wait_for(lambda: not running(run, "worker.py"), ORPHANED)
        left = set(running(run, "worker.py"))
        closed = refuses(run.ports["{port}"])
    assert gone and closed, (
        f"{served.where}: workers.py (pid {parent}) killed with SIGKILL; {len(left)} of its workers "
        f"{sorted(workers)} still ran {ORPHANED:g} s later, and the port "
        f"{'refused' if closed else 'still answered'}: the page promises that they stop")


@pytest.mark.xdist_group("hostile")
def test_a_worker_that_cannot_start_stops_the_parent():
    served = example()
    with runner.running(served) as run:
        (run.workdir / "worker.py").write_text("this is not Python(\n")  # the next worker started
        [parent] = running(run, "workers.py")
        shell = run.processes[0][0]
        os.kill(next(iter(running(run, "worker.py"))), signal.SIGKILL)
        try:
            status = shell.wait(REPLACED)
        except subprocess.TimeoutExpired:  # it loops
            status = None
        left = running(run, "worker.py")
        said = log(run)
    assert status == 1 and not left and "before it was ready" in said, (
        f"{served.where}: with worker.py broken, a worker killed: workers.py (pid {parent}) "
        f"{'still ran' if status is None else f'exited with status {status}'} {REPLACED:g} s later, "
        f"with {len(left)} workers; the page promises that it stops, with status 1, and says why. "
        f"It wrote:\n{said[-2000:]}")


@pytest.mark.xdist_group("hostile")
def test_workers_py_started_from_another_folder_serves():
    served = example()
    with runner.running(served) as run:
        run.start(f"cd / && python {run.workdir / 'workers.py'} {{port2}} 1")  # fails if it never listens
        answered = pid_answer(run.ports["{port2}"])
        run.no_new_traceback(served.where, "with workers.py started from /")
    assert answered > 0
