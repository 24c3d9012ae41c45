"""The static-files example's gzip against a client that keeps its connection alive.

static-files.rst promises that its TextGzip writes nothing after a 304 or for a HEAD, where
Twisted's own GzipEncoderFactory writes the last 10 bytes of an empty gzip stream after the
headers, where no body may be: a client then reads them as the start of the next response on the
same connection. curl and http.client happen to drop them; this test reads the raw bytes.
"""

from __future__ import annotations

import socket

import pytest

import runner

EXAMPLES = runner.collect()
TIMEOUT = 10.0
QUIET = 1.0  # seconds to wait for bytes after the headers, where none may come
FUTURE = b"Fri, 01 Jan 2100 00:00:00 GMT"  # later than any file's modification time: a 304
CSS = b"/assets/site.ed4f310a.css"


def example(file: str):
    return next(e for e in EXAMPLES if e.files[0] == f"guide/examples/{file}")


def after_the_headers(port: int, request: bytes) -> tuple[bytes, bytes]:
    """Send the request on a kept-alive connection; return the status line, and whatever
    arrives after the headers within QUIET seconds."""
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
        sock.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        sock.settimeout(QUIET)
        try:
            while chunk := sock.recv(65536):
                rest += chunk
        except TimeoutError:
            pass
        return head.split(b"\r\n", 1)[0], rest


@pytest.mark.xdist_group("hostile")
@pytest.mark.parametrize("method, extra, status", [
    (b"HEAD", b"", b"HTTP/1.1 200 OK"),
    (b"GET", b"If-Modified-Since: " + FUTURE + b"\r\n", b"HTTP/1.1 304 Not Modified"),
], ids=["HEAD", "304"])
def test_a_head_and_a_304_with_gzip_send_no_body(method, extra, status):
    served = example("static-files/static_site.py")
    request = (method + b" " + CSS + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               b"Accept-Encoding: gzip\r\n" + extra + b"\r\n")
    with runner.running(served) as run:
        line, rest = after_the_headers(run.ports["{port}"], request)
    assert line == status, f"{served.where}: {method.decode()} {CSS.decode()} answered {line!r}"
    assert rest == b"", (f"{served.where}: {line.decode()} to a {method.decode()} with gzip was "
                         f"followed by {rest!r}, where no body may be")
