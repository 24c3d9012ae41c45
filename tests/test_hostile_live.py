"""Hostile clients against the live-updates example, started as live-updates.rst says.

The page promises that a client that stops reading /events or /ws is dropped once it falls
MAX_BEHIND behind, so that 50 of each that never read, while 2000 messages of 4 kB are said in
the chat, leave the server's memory within 50 MB and its status page quick; and that a WebSocket
message too big is refused with 1009 before Twisted has gathered it.
"""

from __future__ import annotations

import http.client
import socket
import struct
import threading
import time

import pytest

import runner
from hostile_clients import dropped, never_reading, sample_peak

LIVE = next(e for e in runner.collect() if e.files[0] == "guide/examples/web-ui/live.py")
MB = 2**20
GROWTH = 50 * MB  # the bound on what the server may grow by
READERS = 50  # of each kind: /events and /ws
MESSAGES, SIZE = 2000, 4000
ANSWER = 1.0  # seconds for GET / to answer meanwhile
TIMEOUT = 10.0
HUGE = 30 * MB  # one WebSocket message
#: What the server may grow by while a 30 MB message arrives: less than the message, so that a
#: server that gathers it whole fails by a wide margin, not only when it copies it twice.
HUGE_GROWTH = 10 * MB
OPEN = {
    "/events": b"GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "/ws": b"GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           b"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
}


def say_many(port: int) -> None:
    """Say MESSAGES lines of SIZE bytes in the chat, reading its echo meanwhile, as a client that
    keeps up does."""
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as chat:
        echo = threading.Thread(target=lambda: [None for _ in iter(lambda: chat.recv(65536), b"")])
        echo.start()
        chat.sendall(b"alice\r\n")
        line = b"x" * SIZE + b"\r\n"
        for _ in range(MESSAGES):
            chat.sendall(line)
        chat.sendall(b"/quit\r\n")
        echo.join(TIMEOUT)


def status_page_time(port: int) -> float:
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    connection.request("GET", "/")
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 200, response.status
    return time.monotonic() - started


@pytest.mark.xdist_group("hostile")
def test_clients_that_never_read_are_dropped_and_the_status_page_still_answers():
    with runner.running(LIVE) as run:
        web, chat = run.ports["{port}"], run.ports["{port2}"]
        times = []

        def flood():
            clients = [never_reading(web, OPEN[path]) for path in ["/events", "/ws"] for _ in range(READERS)]
            poster = threading.Thread(target=say_many, args=(chat,))
            poster.start()
            while poster.is_alive():
                times.append(status_page_time(web))
                poster.join(0.2)
            times.append(status_page_time(web))
            deadline = time.monotonic() + 2
            flood.dropped = sum(dropped(c, deadline) for c in clients)

        before, peak, _ = sample_peak(run, flood)
    seen = (f"{LIVE.where}: {READERS} /events and {READERS} /ws clients that never read, {MESSAGES} messages "
            f"of {SIZE} bytes: {flood.dropped} of {2 * READERS} dropped; GET / took {max(times):.2f} s at most; "
            f"resident memory {before / MB:.1f} MB before, {peak / MB:.1f} MB at most")
    print(seen)
    assert peak - before <= GROWTH and max(times) <= ANSWER and flood.dropped == 2 * READERS, (
        f"{seen}: the page promises each is dropped, GET / within {ANSWER:g} s and at most "
        f"{GROWTH // MB} MB of growth")


def websocket_message(port: int, size: int) -> str:
    """Open /ws, send one text message of ``size`` bytes in one frame, and say how the server
    ended it: its close code, or how the connection went."""
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as client:
        client.sendall(OPEN["/ws"])
        head = client.recv(1024)
        assert head.startswith(b"HTTP/1.1 101"), head
        # A mask of zeros leaves the payload as it is: the server cannot tell.
        client.sendall(b"\x81\xff" + struct.pack("!Q", size) + b"\0\0\0\0")
        block = b"x" * 65536
        try:
            for _ in range(size // len(block)):
                client.sendall(block)
        except OSError:
            pass  # the server closed: what it said is still to be read
        try:
            said = b""
            while data := client.recv(65536):
                said += data
        except ConnectionResetError:
            return f"reset, after {said[:4]!r}" if said else "reset"
        except TimeoutError:
            return "still open"
        if said[:2] == b"\x88\x02":
            return f"closed: {struct.unpack('!H', said[2:4])[0]}"
        return f"closed, after {said[:20]!r}"


@pytest.mark.xdist_group("hostile")
def test_a_30_mb_websocket_message_is_refused_before_it_is_gathered():
    with runner.running(LIVE) as run:
        got = []
        before, peak, _ = sample_peak(run, lambda: got.append(websocket_message(run.ports["{port}"], HUGE)))
    seen = (f"{LIVE.where}: one WebSocket message of {HUGE // MB} MB: {got[0]}; resident memory "
            f"{before / MB:.1f} MB before, {peak / MB:.1f} MB at most")
    print(seen)
    assert got[0] in ("closed: 1009", "reset") and peak - before <= HUGE_GROWTH, (
        f"{seen}: the page promises 1009 (or the connection closed) and at most {HUGE_GROWTH // MB} MB "
        f"of growth")


PINGS = 40 * MB  # what a client that never reads sends as pings, whose pongs the server owes it


def ping_flood(port: int) -> str:
    """Open /ws with a small receive buffer, never read, and send pings of 125 bytes (the
    most a ping may carry), each a pong the server must write back, with a one-byte message
    after every hundred, so that no message grows past MAX_UNFINISHED; say how it ended."""
    client = never_reading(port, OPEN["/ws"])
    ping = b"\x89\xfd\0\0\0\0" + b"p" * 125  # masked with zeros, as above
    block = (ping * 100 + b"\x81\x81\0\0\0\0" + b"x") * 5
    try:
        for _ in range(PINGS // len(block)):
            client.sendall(block)
    except OSError:
        return "dropped"
    finally:
        client.close()
    return "still open"


@pytest.mark.xdist_group("hostile")
def test_a_client_that_sends_pings_and_never_reads_is_dropped():
    with runner.running(LIVE) as run:
        before, peak, got = sample_peak(run, lambda: ping_flood(run.ports["{port}"]))
        # The chat still works for everybody else: a line said is echoed.
        with socket.create_connection(("127.0.0.1", run.ports["{port2}"]), timeout=TIMEOUT) as chat:
            chat.sendall(b"carol\r\nstill here\r\n")
            echo = chat.recv(1024)
    seen = (f"{LIVE.where}: {PINGS // MB} MB of pings from a client that never reads: {got}; resident "
            f"memory {before / MB:.1f} MB before, {peak / MB:.1f} MB at most; the chat echoed {echo!r}")
    print(seen)
    assert got == "dropped" and peak - before <= HUGE_GROWTH and echo == b"carol: still here\r\n", (
        f"{seen}: the page promises a client that does not read is dropped once MAX_BEHIND behind")

