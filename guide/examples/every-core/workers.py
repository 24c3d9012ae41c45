"""Serve worker.py's site on one port with several processes: one per CPU core.

    python workers.py PORT [N]

This parent opens the listening socket on 127.0.0.1:PORT and starts N workers
(by default, one for each CPU this process may use), which all accept connections
on it, once every one is ready. A worker that dies is started again, after a pause
that doubles, up to MAX_PAUSE, while workers die young; one that exits with status
0 was told to stop and is not. A worker that dies before it is ready would die again
(worker.py missing, a syntax error): the parent stops, with status 1. SIGTERM or
Control-C stops the workers, then the parent.
"""

import os
import socket
import sys

from twisted.internet import defer, error, protocol, reactor

# Next to this file, wherever it is started from (a systemd unit, another folder).
WORKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "worker.py")
LISTENING_FD = 3  # where each worker finds the socket: worker.py reads it there
READY_FD = 4  # where each worker says it is ready
YOUNG = 10  # seconds: a worker that dies sooner than this after it started died young
MAX_PAUSE = 30  # seconds
STOP_TIMEOUT = 5  # seconds between SIGTERM and SIGKILL for a worker that lingers


def usable_cpus():
    try:
        return len(os.sched_getaffinity(0))  # Linux: the CPUs this process may use
    except AttributeError:  # macOS has no sched_getaffinity
        return os.cpu_count() or 1


class Worker(protocol.ProcessProtocol):
    def __init__(self, index):
        self.index = index
        self.pause = 1
        self.ended = None  # a Deferred while the process runs

    def start(self):
        if stopping:
            return
        self.started = reactor.seconds()
        self.ready = False
        self.ended = defer.Deferred()
        # Same process group as this parent (no setsid): Control-C in a terminal,
        # or a kill of the group, reaches every worker too.
        reactor.spawnProcess(
            self, sys.executable,
            [sys.executable, WORKER, str(self.index), str(os.getpid())],
            env=os.environ,
            childFDs={0: "w", 1: 1, 2: 2, LISTENING_FD: listening.fileno(),
                      READY_FD: "r"},
        )
        self.pid = self.transport.pid

    def childDataReceived(self, fd, data):
        global listens
        if fd == READY_FD and data.startswith(b"ready"):
            self.ready = True
            waiting.append(self)
            # The first time, only once every worker is ready, so that no
            # connection waits for a worker still starting.
            if listens or len(waiting) == len(workers):
                listening.listen(50)
                listens = True
                for worker in waiting:
                    worker.transport.write(b"go\n")
                waiting.clear()

    def processEnded(self, reason):
        ended, self.ended = self.ended, None
        if self in waiting:
            waiting.remove(self)
        ended.callback(None)
        status = reason.value
        if stopping or status.exitCode == 0:
            return
        how = (f"was killed by signal {status.signal}" if status.signal
               else f"exited with status {status.exitCode}")
        if not self.ready:
            give_up(f"workers.py: worker {self.index} (pid {self.pid}) {how} before it "
                    f"was ready, and would again: stopping (its output above says why)")
            return
        if reactor.seconds() - self.started >= YOUNG:
            self.pause = 1
        print(f"workers.py: worker {self.index} (pid {self.pid}) {how}; "
              f"starting it again in {self.pause} s\n", end="", flush=True)
        reactor.callLater(self.pause, self.start)
        self.pause = min(self.pause * 2, MAX_PAUSE)

    def stop(self):
        try:
            self.transport.signalProcess("TERM")
        except error.ProcessExitedAlready:
            pass
        lingers = reactor.callLater(STOP_TIMEOUT, self.kill)
        return self.ended.addBoth(lambda _: lingers.active() and lingers.cancel())

    def kill(self):
        try:
            self.transport.signalProcess("KILL")
        except error.ProcessExitedAlready:
            pass


def give_up(message):
    global failed
    if not failed:
        failed = True
        print(message, file=sys.stderr, flush=True)
        reactor.stop()


def stop_workers():
    global stopping
    stopping = True
    return defer.gatherResults([w.stop() for w in workers if w.ended is not None])


if len(sys.argv) not in (2, 3) or not all(a.isdigit() for a in sys.argv[1:]):
    sys.exit("usage: python workers.py PORT [NUMBER_OF_WORKERS]")
port = int(sys.argv[1])
count = int(sys.argv[2]) if len(sys.argv) == 3 else usable_cpus()

listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
# As Twisted's own listenTCP does: a restart need not wait for old connections.
listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listening.bind(("127.0.0.1", port))
listening.setblocking(False)  # adoptStreamPort needs it; the workers share the flag

stopping = False
failed = False  # a worker could not start: the exit status is 1
waiting = []  # workers that are ready, until the socket listens
listens = False
workers = [Worker(i) for i in range(1, max(count, 1) + 1)]
for worker in workers:
    worker.start()
reactor.addSystemEventTrigger("before", "shutdown", stop_workers)
print(f"workers.py: {len(workers)} workers on 127.0.0.1:{port}\n", end="", flush=True)
reactor.run()
sys.exit(1 if failed else 0)
