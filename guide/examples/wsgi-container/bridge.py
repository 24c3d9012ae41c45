"""A WSGI application that safely asks the Twisted side of the program for something."""

import sys
import threading

from twisted.internet import endpoints, reactor
from twisted.internet.threads import blockingCallFromThread
from twisted.web.server import Site
from twisted.web.wsgi import WSGIResource

visits = 0  # Twisted-side state: only code in the reactor thread touches it.


def count_visit():
    """Runs in the reactor thread, where any Twisted API may be used (and a Deferred
    returned).
    """
    global visits
    visits += 1
    return visits, threading.current_thread().name


def application(environ, start_response):
    # This runs in a thread-pool thread: no reactor calls from here, except
    # callFromThread and blockingCallFromThread, which hand work to the reactor.
    number, counted_in = blockingCallFromThread(reactor, count_visit)
    here = threading.current_thread().name
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
    text = f"visit {number}: application in {here}, counter in {counted_in}\n"
    return [text.encode()]


site = Site(WSGIResource(reactor, reactor.getThreadPool(), application))
port = sys.argv[1] if len(sys.argv) > 1 else "8080"
endpoints.serverFromString(reactor, f"tcp:{port}:interface=127.0.0.1").listen(site)
reactor.run()
