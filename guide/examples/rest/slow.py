"""Resources that wait on something slow without stopping the server.

    GET /thread?seconds=N  blocking work, run in the reactor's thread pool
    GET /async?seconds=N   an async def handler that awaits (no thread)
    GET /status            how many are running, finished and cancelled

N is a whole number of seconds from 1 to MAX_SECONDS (else 400). At most
MAX_THREADS /thread requests and MAX_WAITING /async requests run at once; one
more gets 503. A client that goes away cancels its work.
"""

import json
import sys
import threading
import time

from twisted.internet import defer, endpoints, reactor, task, threads
from twisted.web.resource import Resource
from twisted.web.server import NOT_DONE_YET, Site

from body_limit import NoBodyRequest

MAX_SECONDS = 5
# The reactor's thread pool has 10 threads, and resolving host names uses them too.
MAX_THREADS = 4
MAX_WAITING = 100  # an awaiting request holds no thread, but a connection and memory

status = {"threads": 0, "waiting": 0, "finished": 0, "cancelled": 0}


def respond(request, code, body):
    request.setResponseCode(code)
    request.setHeader(b"Content-Type", b"application/json")
    return json.dumps(body).encode("utf-8") + b"\n"


def seconds_asked(request):
    """The ?seconds= of the request, or None if it is not 1 to MAX_SECONDS."""
    value = request.args.get(b"seconds", [b""])[0]  # bytes keys, bytes values
    try:
        seconds = int(value)
    except ValueError:  # not a number, or one of over 4300 digits
        return None
    return seconds if 1 <= seconds <= MAX_SECONDS else None


def blocking_work(seconds, client_gone):
    """Runs in a thread: a loop of short blocking steps that looks at the flag."""
    for _ in range(seconds * 10):
        if client_gone.is_set():
            return False
        time.sleep(0.1)  # stands for a blocking call: a library, a file, a C routine
    return True


class Threaded(Resource):
    isLeaf = True

    def render_GET(self, request):
        seconds = seconds_asked(request)
        if seconds is None:
            error = f"seconds is a whole number from 1 to {MAX_SECONDS}"
            return respond(request, 400, {"error": error})
        if status["threads"] >= MAX_THREADS:
            request.setHeader(b"Retry-After", b"%d" % seconds)
            return respond(request, 503, {"error": "all the work threads are busy"})
        status["threads"] += 1
        # A thread cannot be stopped from outside; this flag asks it to stop.
        client_gone = threading.Event()
        request.notifyFinish().addErrback(lambda failure: client_gone.set())
        work = threads.deferToThread(blocking_work, seconds, client_gone)
        work.addCallback(self.work_ended, request, seconds, client_gone)
        return NOT_DONE_YET

    def work_ended(self, completed, request, seconds, client_gone):
        # Counted now, not when the client went: the thread was busy until now.
        status["threads"] -= 1
        if not completed:
            status["cancelled"] += 1
        elif client_gone.is_set():  # done, but too late: nobody to answer
            status["cancelled"] += 1
        else:
            status["finished"] += 1
            request.write(respond(request, 200, {"slept": seconds, "in": "a thread"}))
            request.finish()


class Awaiting(Resource):
    isLeaf = True

    def render_GET(self, request):
        seconds = seconds_asked(request)
        if seconds is None:
            error = f"seconds is a whole number from 1 to {MAX_SECONDS}"
            return respond(request, 400, {"error": error})
        if status["waiting"] >= MAX_WAITING:
            request.setHeader(b"Retry-After", b"%d" % seconds)
            return respond(request, 503, {"error": "too many requests are waiting"})
        answering = defer.ensureDeferred(self.answer(request, seconds))
        # Cancelling it raises CancelledError where answer() awaits.
        request.notifyFinish().addErrback(lambda failure: answering.cancel())
        return NOT_DONE_YET

    async def answer(self, request, seconds):
        status["waiting"] += 1
        try:
            # Stands for a call to a slower service, such as await treq.get(...).
            await task.deferLater(reactor, seconds)
        except defer.CancelledError:
            status["cancelled"] += 1
            return
        finally:
            status["waiting"] -= 1
        status["finished"] += 1
        request.write(respond(request, 200, {"slept": seconds, "in": "the reactor"}))
        request.finish()


class Status(Resource):
    isLeaf = True

    def render_GET(self, request):
        return respond(request, 200, status)


root = Resource()
root.putChild(b"thread", Threaded())
root.putChild(b"async", Awaiting())
root.putChild(b"status", Status())
site = Site(root, requestFactory=NoBodyRequest)

endpoint = endpoints.serverFromString(reactor, f"tcp:{sys.argv[1]}:interface=127.0.0.1")
endpoint.listen(site)
reactor.run()
