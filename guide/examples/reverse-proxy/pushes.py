"""Live updates to pass through a proxy: python pushes.py PORT

GET /live/say?text=... pushes the text to every listener, on /live/events (Server-Sent
Events) and on /live/ws (a WebSocket). It is here to show a proxy in front; what a
live page needs beyond that (a client that stops reading, a message too big) is on
the live-updates page.
"""

import sys

from twisted.internet import endpoints, reactor
from twisted.web.resource import Resource
from twisted.web.server import NOT_DONE_YET, Site
from twisted.web.websocket import WebSocketResource

MAX_TEXT = 200  # characters of one message
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

        def send(text):
            request.write(f"data: {text}\n\n".encode())

        listeners.add(send)
        request.notifyFinish().addBoth(lambda _: listeners.discard(send))
        request.write(b": listening\n\n")  # a comment: it sends the headers now
        return NOT_DONE_YET


class Socket:
    """One WebSocket; twisted.web.websocket calls these methods."""

    def negotiationStarted(self, transport):
        self.transport = transport

    def negotiationFinished(self):
        listeners.add(self.send)

    def send(self, text):
        self.transport.sendTextMessage(text)

    def textMessageReceived(self, message):
        self.transport.loseConnection(1003)  # this socket only pushes

    def bytesMessageReceived(self, data):
        self.transport.loseConnection(1003)

    def pongReceived(self, payload):
        pass

    def connectionLost(self, reason):
        listeners.discard(self.send)


class Sockets:
    def buildProtocol(self, request):
        return Socket()


live = Resource()
live.putChild(b"say", Say())
live.putChild(b"events", Events())
live.putChild(b"ws", WebSocketResource(Sockets()))
root = Resource()
root.putChild(b"live", live)

endpoint = endpoints.serverFromString(reactor, f"tcp:{sys.argv[1]}:interface=127.0.0.1")
endpoint.listen(Site(root))
reactor.run()
