"""WebSocket: each chat message pushed to the page, and the page's messages posted
to the chat.
"""

import json

from twisted.web.websocket import WebSocketResource
from wsproto.utilities import LocalProtocolError

from backlog import Backlog
from chat import MAX_LINE


class ChatSocket:
    """One page's connection; twisted.web.websocket calls these methods."""

    def __init__(self, chat, request):
        self.chat = chat
        self.request = request
        self.backlog = Backlog()
        self.closed = False  # once we close it, nothing more is sent or posted

    def negotiationStarted(self, transport):
        self.transport = transport
        # The site's connections are Counted (messagelimit.py): from now on, this one
        # counts what arrives for this WebSocket.
        self.counted = self.request.transport
        self.counted.websocket = self

    def negotiationFinished(self):
        # Not transport.attachProducer: the HTTP connection is the producer already.
        self.request.registerProducer(self.backlog, True)
        self.chat.listeners.add(self.push)

    def push(self, name, text):
        self.send({"name": name, "text": text})

    def send(self, answer):
        message = json.dumps(answer)
        if self.closed:
            return
        if self.backlog.too_far(len(message)):
            return self.drop()
        try:
            self.transport.sendTextMessage(message)
        except LocalProtocolError:  # the client closed, and Twisted has not told us
            self.drop()

    def drop(self):
        """Go at once: a close would wait for a client that does not read."""
        self.closed = True
        self.chat.listeners.discard(self.push)
        self.request.transport.abortConnection()

    def textMessageReceived(self, message):
        self.counted.unfinished = 0
        if self.closed:
            return  # it came in the same read as the message we closed for
        if len(message.encode()) > MAX_LINE:
            self.close(1009)  # "message too big"
        elif "\r" in message or "\n" in message:
            # The chat is line-based: a line break would let the page speak as someone
            # else.
            self.send({"error": "one line per message"})
        else:
            self.chat.post("web", message)

    def bytesMessageReceived(self, data):
        pass  # the page sends text only

    def pongReceived(self, payload):
        pass

    def close(self, code):
        if not self.closed:
            self.closed = True
            self.chat.listeners.discard(self.push)
            self.transport.loseConnection(code)

    def connectionLost(self, reason):
        self.closed = True
        self.chat.listeners.discard(self.push)


class ChatSocketFactory:
    """WebSocketResource calls buildProtocol once for each connection."""

    def __init__(self, chat):
        self.chat = chat

    def buildProtocol(self, request):
        return ChatSocket(self.chat, request)


class ChatSocketResource(WebSocketResource):
    """/ws, for the pages of this site only."""

    def __init__(self, chat, origins):
        super().__init__(ChatSocketFactory(chat))
        self.origins = origins  # where the pages that may connect come from

    def render_GET(self, request):
        # A browser says which site's page opens the socket; a page of another site
        # would connect with the user's cookies, as the user. A program that is not a
        # browser sends no Origin (or any it likes): a login is what stops it.
        origins = request.requestHeaders.getRawHeaders("origin", [])
        if origins and (len(origins) > 1 or origins[0] not in self.origins):
            request.setResponseCode(403)
            request.setHeader("content-type", "text/plain")
            return b"Pages of other sites may not connect.\n"
        return super().render_GET(request)
