"""Big uploads and downloads against the uploads example, started as uploads-and-downloads.rst says.

The page promises that an upload goes to disk as it arrives and a download is read from the disk
as the client takes it, so that 100 MB each way leave the server's memory as it was; that a
client that goes away mid-upload leaves no file behind; and that a client that takes nothing of a
download for STALL_TIMEOUT seconds is dropped. The page's limits, 20 MiB a body and 10 MiB a
file, are raised for the upload through the environment variables it documents.
"""

from __future__ import annotations

import hashlib
import http.client
import socket
import time

import pytest

import runner
from hostile_clients import never_reading, sample_peak

SERVED = next(e for e in runner.collect() if e.files[0] == "guide/examples/uploads/upload.py")
MB = 2**20
SIZE = 100 * MB  # each way
#: What the server's resident memory may grow by meanwhile: less than a third of the file, so
#: that a server that holds it whole, even once, fails by a wide margin.
GROWTH = 30 * MB
BLOCK = 64 * 1024
TIMEOUT = 20.0
IDLE_TIMEOUT = 2  # seconds: the page's command sets it
STALL = 2  # seconds: STALL_TIMEOUT, for the test that a client that takes nothing is dropped
BOUNDARY = b"hostile-uploads-boundary"
STALLED = 20 * MB  # the download a client stops reading: more than the sockets' buffers hold


@pytest.fixture(autouse=True)
def limits(monkeypatch):
    """The page's knobs: a body and a file of 200 MB, and a short stall, for these runs only."""
    monkeypatch.setenv("MAX_BODY_MB", "200")
    monkeypatch.setenv("MAX_FILE_MB", "200")
    monkeypatch.setenv("STALL_TIMEOUT", str(STALL))


def head(name: bytes) -> bytes:
    return (b"--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
            b"Content-Type: application/octet-stream\r\n\r\n" % (BOUNDARY, name))


def request_head(length: int) -> bytes:
    return (b"POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=%s\r\nContent-Length: %d\r\n\r\n"
            % (BOUNDARY, length))


def upload(port: int, size: int) -> tuple[int, bytes, str]:
    """POST one file of ``size`` bytes, 64 kB at a time; its status, body and the file's sha256."""
    first, last = head(b"big.bin"), b"\r\n--%s--\r\n" % BOUNDARY
    digest, block = hashlib.sha256(), bytes(range(256)) * (BLOCK // 256)
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
        sock.sendall(request_head(len(first) + size + len(last)) + first)
        for _ in range(size // BLOCK):
            sock.sendall(block)
            digest.update(block)
        sock.sendall(last)
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, response.read(), digest.hexdigest()


def slow_download(port: int, path: str) -> tuple[int, int, str, float]:
    """GET ``path`` as a slow client: a small receive buffer, a pause after each 64 kB, taking
    longer than the idle timeout. Its status, the bytes read, their sha256 and the seconds taken."""
    started, digest, got = time.monotonic(), hashlib.sha256(), 0
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, BLOCK)
        sock.settimeout(TIMEOUT)
        sock.connect(("127.0.0.1", port))
        sock.sendall(b"GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" % path.encode())
        response = http.client.HTTPResponse(sock)
        response.begin()
        while chunk := response.read(BLOCK):
            got += len(chunk)
            digest.update(chunk)
            time.sleep(0.002)
        return response.status, got, digest.hexdigest(), time.monotonic() - started


@pytest.mark.xdist_group("hostile")
def test_a_100_mb_upload_goes_to_disk_and_the_server_does_not_grow():
    with runner.running(SERVED) as run:
        before, peak, (status, body, sent) = sample_peak(run, lambda: upload(run.ports["{port}"], SIZE))
        saved = run.workdir / "uploads" / "big.bin"
        on_disk = hashlib.sha256(saved.read_bytes()).hexdigest() if saved.exists() else "no file"
        run.no_new_traceback(SERVED.where, "while 100 MB were uploaded")
    seen = (f"{SERVED.where}: a {SIZE // MB} MB upload: {status} {body!r}, the file on disk "
            f"{'the same' if on_disk == sent else 'different: ' + on_disk}; resident memory "
            f"{before / MB:.1f} MB before, {peak / MB:.1f} MB at most")
    print(seen)
    assert status == 200 and body == b"saved big.bin (%d bytes)\n" % SIZE and on_disk == sent, seen
    assert peak - before <= GROWTH, f"{seen}: the page promises at most {GROWTH // MB} MB of growth"


@pytest.mark.xdist_group("hostile")
def test_a_100_mb_download_to_a_slow_client_is_sent_whole_and_the_server_does_not_grow():
    with runner.running(SERVED) as run:
        big = run.workdir / "uploads" / "big.bin"
        block = bytes(range(256)) * (MB // 256)
        with big.open("wb") as file:
            for _ in range(SIZE // MB):
                file.write(block)
        expected = hashlib.sha256(block * (SIZE // MB)).hexdigest()
        before, peak, (status, got, digest, took) = sample_peak(
            run, lambda: slow_download(run.ports["{port}"], "/files/big.bin"))
        run.no_new_traceback(SERVED.where, "while 100 MB were downloaded")
    seen = (f"{SERVED.where}: a {SIZE // MB} MB download in {took:.1f} s: {status}, {got} bytes, "
            f"{'the same' if digest == expected else 'different'}; resident memory "
            f"{before / MB:.1f} MB before, {peak / MB:.1f} MB at most")
    print(seen)
    assert status == 200 and got == SIZE and digest == expected and took > IDLE_TIMEOUT, seen
    assert peak - before <= GROWTH, f"{seen}: the page promises at most {GROWTH // MB} MB of growth"


@pytest.mark.xdist_group("hostile")
def test_an_upload_cut_off_leaves_no_file_and_a_stalled_download_is_dropped():
    with runner.running(SERVED) as run:
        port, uploads = run.ports["{port}"], run.workdir / "uploads"
        with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
            sock.sendall(request_head(50 * MB) + head(b"cut.bin") + b"x" * (5 * MB))
            deadline = time.monotonic() + TIMEOUT
            while not list(uploads.glob(".partial-*")) and time.monotonic() < deadline:
                time.sleep(0.05)
            while_sent = sorted(p.name for p in uploads.iterdir())
        deadline = time.monotonic() + TIMEOUT
        while list(uploads.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.05)
        after_cut = sorted(p.name for p in uploads.iterdir())

        (uploads / "big.bin").write_bytes(b"x" * STALLED)
        client = never_reading(port, b"GET /files/big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        time.sleep(STALL + 1.5)
        got = read_all(client)
        run.no_new_traceback(SERVED.where, "while an upload was cut off and a download stalled")
    seen = (f"{SERVED.where}: files while an upload arrived: {while_sent}, after its client went: "
            f"{after_cut}; a client that read nothing of a {STALLED // MB} MB download for "
            f"{STALL + 1.5} s, then all it could: {got} bytes")
    print(seen)
    assert len(while_sent) == 1 and not after_cut, f"{seen}: the page promises no file left behind"
    assert got < STALLED // 2, f"{seen}: the page promises it dropped after STALL_TIMEOUT ({STALL} s)"


def read_all(client: socket.socket) -> int:
    """How many bytes the client gets before the server closes, resets, or goes quiet."""
    got = 0
    client.settimeout(IDLE_TIMEOUT + 1)
    try:
        while chunk := client.recv(BLOCK):
            got += len(chunk)
    except (TimeoutError, ConnectionResetError):
        pass
    finally:
        client.close()
    return got
