"""One worker of workers.py: the site, on the listening socket its parent opened.

    GET /                 which worker answered, and how many jobs it has done
    GET /work?seconds=N   N seconds of work (1 to MAX_WORK) that hold this worker
    GET /pid              this worker's process id alone

workers.py starts it as: python worker.py INDEX PARENT_PID, with the socket on
file descriptor 3; it says "ready" on 4, and waits for "go" on its standard input.
A body over 64 kB gets 413 (body_limit.py).
"""

import os
import signal
import sys
import time
from socket import AF_INET

from twisted.internet import reactor, task
from twisted.internet.error import ReactorNotRunning
from twisted.web.resource import Resource
from twisted.web.server import Site

from body_limit import BodyLimitedRequest

LISTENING_FD = 3  # where workers.py puts the listening socket
READY_FD = 4  # where workers.py hears that this worker is ready
MAX_WORK = 5  # seconds: a client can hold a worker this long, and no longer
SECONDS = {str(n).encode(): n for n in range(1, MAX_WORK + 1)}

index, parent = sys.argv[1], int(sys.argv[2])
jobs_done = 0  # a module-level variable: each worker has its own


def answer(request, text):
    request.setHeader(b"Content-Type", b"text/plain; charset=utf-8")
    return f"worker {index} (pid {os.getpid()}): {text}\n".encode()


class Stats(Resource):
    isLeaf = True

    def render_GET(self, request):
        return answer(request, f"jobs done: {jobs_done}")


class Work(Resource):
    isLeaf = True

    def render_GET(self, request):
        global jobs_done
        seconds = SECONDS.get(request.args.get(b"seconds", [b""])[0])
        if seconds is None:
            request.setResponseCode(400)
            return f"seconds must be a whole number from 1 to {MAX_WORK}\n".encode()
        # Python code that computes holds the process's one thread: until it is
        # done, this worker's reactor accepts and answers nothing.
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            pass
        jobs_done += 1
        return answer(request, f"worked {seconds} s, jobs done: {jobs_done}")


class Pid(Resource):
    isLeaf = True

    def render_GET(self, request):
        request.setHeader(b"Content-Type", b"text/plain")
        return f"{os.getpid()}\n".encode()


def stop():
    try:
        reactor.stop()
    except ReactorNotRunning:  # stopping already
        pass


def on_signal(number, frame):
    # Control-C reaches every worker, and then workers.py sends SIGTERM too.
    # Twisted's own handlers would call reactor.stop() for each, and log an
    # error for the second.
    reactor.callFromThread(stop)


def stop_if_orphaned():
    # A parent killed with SIGKILL cannot stop its workers: they notice instead.
    if os.getppid() != parent:
        print(f"worker {index}: workers.py is gone, stopping\n", end="", flush=True)
        stop()


root = Resource()
root.putChild(b"", Stats())
root.putChild(b"work", Work())
root.putChild(b"pid", Pid())
site = Site(root, requestFactory=BodyLimitedRequest)
try:
    os.write(READY_FD, b"ready\n")
except BrokenPipeError:  # the parent is gone before we were ready
    sys.exit(1)
os.close(READY_FD)
sys.stdin.readline()  # "go": the socket listens, as adoptStreamPort requires
reactor.adoptStreamPort(LISTENING_FD, AF_INET, site)
os.close(LISTENING_FD)  # the reactor has a copy of its own
task.LoopingCall(stop_if_orphaned).start(1, now=False)
print(f"worker {index} (pid {os.getpid()}) is ready\n", end="", flush=True)
signal.signal(signal.SIGTERM, on_signal)
signal.signal(signal.SIGINT, on_signal)
reactor.run(installSignalHandlers=False)
