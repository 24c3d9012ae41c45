"""What the hostile-client tests share: the server's peak memory while a client misbehaves, a
client that asks, then never reads, and whether the server dropped it.

Each test starts an example as its page says (``runner.running``) and holds the server to a bound
its page promises; these are the measuring tools, not the bounds.
"""

from __future__ import annotations

import socket
import threading
import time

TIMEOUT = 10.0  # seconds for any one answer


def sample_peak(run, during) -> tuple[int, int, object]:
    """The run's resident memory before ``during()``, the peak while it ran, and what it returned."""
    before = run.resident_memory()
    peak, done = [before], threading.Event()

    def sample():
        while not done.wait(0.005):
            peak.append(run.resident_memory())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        result = during()
    finally:
        done.set()
        sampler.join()
    return before, max(peak + [run.resident_memory()]), result


def never_reading(port: int, request: bytes) -> socket.socket:
    """A client with a small receive buffer that sends ``request``, reads the response's head
    (200, or 101 for a WebSocket), then nothing."""
    client = socket.socket()
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    client.settimeout(TIMEOUT)
    client.connect(("127.0.0.1", port))
    client.sendall(request)
    head = client.recv(1024)
    assert head.startswith((b"HTTP/1.1 200", b"HTTP/1.1 101")), head
    return client


def dropped(client: socket.socket, deadline: float) -> bool:
    """Whether the server closed the connection by the deadline: what it had sent is read first."""
    client.settimeout(max(0.01, deadline - time.monotonic()))
    try:
        while client.recv(65536):
            pass
        return True
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False
    finally:
        client.close()
