"""Hostile clients through nginx, against pushes.py, started as behind-a-reverse-proxy.rst says.

The page promises that nginx passes a WebSocket's bytes on unchecked, so pushes.py closes the socket
on the first bytes a client sends, before Twisted gathers a message; and that with proxy_buffering off
a client that stops reading is dropped by the backend's own bound (backlog.py), not kept by nginx.
"""

from __future__ import annotations

import http.client
import socket
import struct
import time

import pytest

import runner
from hostile_clients import dropped, never_reading

NGINX = next(e for e in runner.collect() if "guide/examples/reverse-proxy/nginx.conf" in e.files)
MB = 2**20
TIMEOUT = 10.0
FRAMES = 40  # frames of 1 MB, one text message that never ends
#: Less than the message, so that a server that gathers it fails by a wide margin.
GROWTH = 10 * MB
READERS = 4  # of each kind: nginx's limit_conn lets one address have 10
SAYS = 30000  # of 200 characters: some MB for each reader, more than every buffer on the way holds


def upgrade(port: int, path: str = "/live/ws") -> bytes:
    return (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").encode()


def ended(client: socket.socket) -> str:
    """How the server ended the connection: its close code, or how it went."""
    said = b""
    try:
        while data := client.recv(65536):
            said += data
    except ConnectionResetError:
        return "reset"
    except TimeoutError:
        return "still open"
    if said[:2] == b"\x88\x02":
        return f"closed: {struct.unpack('!H', said[2:4])[0]}"
    return f"closed, after {said[:20]!r}"


def unending_message(port: int) -> str:
    """Open /live/ws and send FRAMES frames of 1 MB as one message without its end."""
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as client:
        client.sendall(upgrade(port))
        head = client.recv(1024)
        assert head.startswith(b"HTTP/1.1 101"), head
        # A mask of zeros leaves the payload as it is; opcode 1 (text), then 0 (continued), no FIN.
        try:
            for frame in range(FRAMES):
                client.sendall(bytes([0x1 if frame == 0 else 0x0, 0xFF]) + struct.pack("!Q", MB)
                               + b"\0\0\0\0" + b"x" * MB)
        except OSError:
            pass  # the server closed: what it said is still to be read
        return ended(client)


@pytest.mark.xdist_group("hostile")
def test_what_a_client_sends_on_the_push_socket_closes_it_before_twisted_gathers_it():
    with runner.running(NGINX) as run:
        before = run.resident_memory()
        got = unending_message(run.ports["{port}"])
        after = run.resident_memory()
    seen = (f"{NGINX.where}: {FRAMES} MB as one WebSocket message, through nginx: {got}; resident memory "
            f"{before / MB:.1f} MB before, {after / MB:.1f} MB after")
    print(seen)
    # pushes.py closes with 1003; nginx, reset by it while bytes still come, may drop the frame.
    assert got != "still open" and after - before <= GROWTH, (
        f"{seen}: the page promises the socket closed on the first bytes, and the memory where it was")


def opening(port: int, path: str) -> bytes:
    """The request that opens an event stream, or a WebSocket."""
    return upgrade(port, path) if path == "/live/ws" else f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()


@pytest.mark.xdist_group("hostile")
def test_clients_that_stop_reading_through_nginx_are_dropped_by_the_backend():
    with runner.running(NGINX) as run:
        proxy, backend = run.ports["{port}"], run.ports["{port3}"]
        clients = [never_reading(proxy, opening(proxy, path)) for path in ["/live/events", "/live/ws"]
                   for _ in range(READERS)]
        before = run.resident_memory()
        say = http.client.HTTPConnection("127.0.0.1", backend, timeout=TIMEOUT)
        for _ in range(SAYS):
            say.request("GET", "/live/say?text=" + "x" * 200)
            say.getresponse().read()
        after = run.resident_memory()
        deadline = time.monotonic() + 3
        gone = sum(dropped(client, deadline) for client in clients)
    seen = (f"{NGINX.where}: {2 * READERS} clients that never read, through nginx, {SAYS} messages: "
            f"{gone} dropped; resident memory {before / MB:.1f} MB before, {after / MB:.1f} MB after")
    print(seen)
    assert gone == 2 * READERS and after - before <= GROWTH, (
        f"{seen}: the page promises each is dropped (backlog.py), and the memory bounded")
