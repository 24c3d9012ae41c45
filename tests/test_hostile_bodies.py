"""Hostile clients against the REST and WSGI-container examples, started as their pages say.

rest-and-web-services.rst and web-framework.rst promise that a body over the limit gets 413 before it is read, so a
40 MB body, sent with a Content-Length or chunked, leaves the server's memory as it was;
wsgi-container.rst promises that many byte ranges of a static file are answered with the file
once, not once per range.
"""

from __future__ import annotations

import http.client
import socket
import threading

import pytest

import runner

EXAMPLES = runner.collect()
BODY = 40 * 1024 * 1024  # what the hostile client sends
#: What the server's resident memory may grow by meanwhile: less than the body, so that a server
#: that holds the body whole, even in memory alone, fails (the issue's bound, 50 MB, would not).
GROWTH = 10 * 1024 * 1024
BLOCK = 64 * 1024
TIMEOUT = 10.0  # seconds for the server to answer, once the client has sent what it could


def example(file: str):
    return next(e for e in EXAMPLES if e.files[0] == f"guide/examples/{file}")


def sample_peak(run, during) -> tuple[int, int, object]:
    """Resident memory before ``during()``, the peak while it ran, and what it returned."""
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


def post(port: int, path: str, body: bytes, chunked: bool, kind: bytes) -> tuple[int, str | None, bool]:
    """POST ``body`` as a hostile client does: all of it, whatever the server answers meanwhile.
    Return the status, the Connection header, and whether the server then closed the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
        framing = b"Transfer-Encoding: chunked" if chunked else b"Content-Length: %d" % len(body)
        sock.sendall(b"POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: %s\r\n%s\r\n\r\n"
                     % (path.encode(), kind, framing))
        try:
            for start in range(0, len(body), BLOCK):
                block = body[start:start + BLOCK]
                sock.sendall(b"%x\r\n%s\r\n" % (len(block), block) if chunked else block)
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server closed: what it answered is still to be read
        response = http.client.HTTPResponse(sock)
        response.begin()
        response.read()
        try:
            closed = sock.recv(1) == b""
        except TimeoutError:
            closed = False
        except OSError:
            closed = True  # reset, after the answer
        return response.status, response.getheader("Connection"), closed


def form(size: int) -> bytes:
    return b"title=Big&body=" + b"x" * (size - 15)


def note(size: int) -> bytes:
    return b'{"title": "%s"}' % (b"x" * (size - 13))


def xmlrpc_call(size: int) -> bytes:
    head = b"<?xml version='1.0'?><methodCall><methodName>echo</methodName><params><param><value><string>"
    tail = b"</string></value></param></params></methodCall>"
    return head + b"x" * (size - len(head) - len(tail)) + tail


MB = 2**20


@pytest.mark.xdist_group("hostile")
@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
@pytest.mark.parametrize("file, path, kind, body", [
    ("rest/notes.py", "/notes", b"application/json", note),
    ("rest/xmlrpc_server.py", "/RPC2", b"text/xml", xmlrpc_call),
    ("web-framework/wiki.py", "/page/Big/edit", b"application/x-www-form-urlencoded", form),
], ids=["notes", "xmlrpc", "wiki"])
def test_a_40_mb_body_gets_413_and_the_server_does_not_grow(file, path, kind, body, chunked):
    served = example(file)
    with runner.running(served) as run:
        before, peak, (status, connection, closed) = sample_peak(
            run, lambda: post(run.ports["{port}"], path, body(BODY), chunked, kind))
    seen = (f"{served.where}: {file}, {BODY // MB} MB {'chunked' if chunked else 'with a Content-Length'}: "
            f"{status}, Connection: {connection}, closed: {closed}; resident memory {before / MB:.1f} MB "
            f"before, {peak / MB:.1f} MB at most")
    print(seen)
    assert status in (400, 413) and connection == "close" and closed and peak - before <= GROWTH, (
        f"{seen}: the page promises 400 or 413, Connection: close and the connection closed, "
        f"and at most {GROWTH // MB} MB of growth")


@pytest.mark.xdist_group("hostile")
def test_many_ranges_of_a_static_file_send_it_once():
    size, ranges = 1 * MB, 200
    served = example("wsgi-container/serve.py")
    with runner.running(served) as run:
        (run.workdir / "static" / "big.bin").write_bytes(b"x" * size)  # in the run's copy of the folder
        connection = http.client.HTTPConnection("127.0.0.1", run.ports["{port}"], timeout=TIMEOUT)
        connection.request("GET", "/static/big.bin", headers={"Range": "bytes=" + ",".join(["0-"] * ranges)})
        response = connection.getresponse()
        sent = 0
        while sent <= 2 * size and (chunk := response.read(BLOCK)):
            sent += len(chunk)
        connection.close()
    seen = (f"{served.where}: {ranges} ranges of a {size // 1024} kB file: {response.status}, "
            f"Content-Length {response.getheader('Content-Length')}, {sent // 1024} kB read")
    print(seen)
    assert sent <= 2 * size, f"{seen}: the page promises the file once, not once per range"
