"""Clients a proxy should refuse, and what each got: python unruly.py PORT slow|streams

slow: a header that trickles in and a body that stalls, at once.
streams: eleven event streams at once, from one address.
"""

import socket
import sys
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection

port, what = int(sys.argv[1]), sys.argv[2]


def trickle(name, start, rest, every):
    """Send start, then a byte of rest every `every` seconds; say what came back."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(start)
        try:
            for byte in rest:
                sock.settimeout(every)
                try:
                    answer = sock.recv(100)
                    break
                except TimeoutError:
                    sock.sendall(bytes([byte]))
            else:
                answer = b"still open, all sent"
        except ConnectionError:
            answer = b""
    status = answer.split(b"\r\n")[0].decode()
    return f"{name}: {status or 'closed, unanswered'}"


if what == "slow":
    header = b"GET /whoami HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
    body = b"POST /whoami HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 9\r\n\r\n"
    with ThreadPoolExecutor() as run:
        slow = [
            run.submit(trickle, "a header, a byte a second", header, b"a" * 60, 1),
            run.submit(trickle, "a body, a byte in 10 s", body, b"a" * 9, 10),
        ]
    for client in slow:
        print(client.result())
elif what == "streams":
    streams = [HTTPConnection("127.0.0.1", port, timeout=5) for _ in range(11)]
    statuses = []
    for stream in streams:  # each stays open until the end
        stream.request("GET", "/live/events")
        statuses.append(stream.getresponse().status)
    for status in sorted(set(statuses)):
        print(f"{statuses.count(status)} got {status}")
