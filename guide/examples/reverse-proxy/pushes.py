"""Live updates to pass through a proxy: python pushes.py PORT

GET /live/say?text=... pushes the text to every listener, on /live/events (Server-Sent
Events) and on /live/ws (a WebSocket). It is here to show a proxy in front, with the
bounds of the live-updates page: a client that stops reading is dropped (backlog.py),
a page of another site may not open the WebSocket, and what a client sends on it
closes it.
"""

import sys

from twisted.internet import endpoints, reactor
from twisted.protocols.policies import ProtocolWrapper, WrappingFactory
from twisted.web.resource import Resource
from twisted.web.server import NOT_DONE_YET, Site
from twisted.web.websocket import WebSocketResource

from backlog import Backlog

MAX_TEXT = 200  # characters of one message
# The addresses a browser shows for the pages that may open /live/ws: the proxy's.
ORIGINS = {"http://127.0.0.1:8080", "http://localhost:8080"}
listeners = set()  # a function for each open stream and socket


class Say(Resource):
    isLeaf = True

    def render_GET(self, request):
        text = request.args.get(b"text", [b""])[0].decode("utf-8", "replace")
        if not 0 < len(text) <= MAX_TEXT or "\r" in text or "\n" in text:
            request.setResponseCode(400)
            return f"Say one line of 1 to {MAX_TEXT} characters.\n".encode()
        for send in list(listeners):
            send(text)
        return b"pushed\n"


class Events(Resource):
    isLeaf = True

    def render_GET(self, request):
        request.setHeader(b"Content-Type", b"text/event-stream; charset=utf-8")
        request.setHeader(b"Cache-Control", b"no-cache")
        backlog = Backlog()  # a client that stops reading is dropped: backlog.py
        request.registerProducer(backlog, True)

        def send(text):
            event = f"data: {text}\n\n".encode()
            if backlog.too_far(len(event)):
                listeners.discard(send)
                request.transport.abortConnection()
            else:
                request.write(event)

        listeners.add(send)
        request.notifyFinish().addBoth(lambda _: listeners.discard(send))
        request.write(b": listening\n\n")  # a comment: it sends the headers now
        return NOT_DONE_YET


class Socket:
    """One WebSocket; twisted.web.websocket calls these methods."""

    def __init__(self, request):
        self.request = request
        self.backlog = Backlog()

    def negotiationStarted(self, transport):
        self.transport = transport
        self.request.transport.websocket = self  # the connection is PushOnly: see there

    def negotiationFinished(self):
        self.request.registerProducer(self.backlog, True)
        listeners.add(self.send)

    def send(self, text):
        if self.backlog.too_far(len(text.encode())):
            listeners.discard(self.send)
            self.request.transport.abortConnection()
        else:
            self.transport.sendTextMessage(text)

    def close(self, code):
        listeners.discard(self.send)
        self.transport.loseConnection(code)

    def textMessageReceived(self, message):
        self.close(1003)  # this socket only pushes

    def bytesMessageReceived(self, data):
        self.close(1003)

    def pongReceived(self, payload):
        pass

    def connectionLost(self, reason):
        listeners.discard(self.send)


class Sockets:
    def buildProtocol(self, request):
        return Socket(request)


class PushSocketResource(WebSocketResource):
    """/live/ws, for the pages of this site only (see the live-updates page)."""

    def render_GET(self, request):
        origin = request.getHeader(b"Origin")
        if origin is not None and origin.decode("latin-1") not in ORIGINS:
            request.setResponseCode(403)
            request.setHeader(b"Content-Type", b"text/plain")
            return b"Pages of other sites may not connect.\n"
        return super().render_GET(request)


class PushOnly(ProtocolWrapper):
    """A connection of the site. Twisted gathers a whole WebSocket message, of any
    size, before it calls textMessageReceived: once the connection is a WebSocket,
    which here only pushes, the first bytes the client sends close it instead."""

    websocket = None  # the Socket, once the connection is one

    def dataReceived(self, data):
        if self.websocket is None:
            super().dataReceived(data)
        elif not self.disconnecting:
            self.websocket.close(1003)  # "unsupported data"


live = Resource()
live.putChild(b"say", Say())
live.putChild(b"events", Events())
live.putChild(b"ws", PushSocketResource(Sockets()))
root = Resource()
root.putChild(b"live", live)

endpoint = endpoints.serverFromString(reactor, f"tcp:{sys.argv[1]}:interface=127.0.0.1")
endpoint.listen(WrappingFactory.forProtocol(PushOnly, Site(root)))
reactor.run()
