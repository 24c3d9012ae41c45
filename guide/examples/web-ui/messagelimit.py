"""A bound on what Twisted gathers of a WebSocket message: MAX_UNFINISHED.

twisted.web.websocket has no size limit of its own, and it gathers a whole message
before it calls textMessageReceived: a 30 MB message would be in memory before
ChatSocket could refuse it. So each connection of the site is wrapped, and once it is
a WebSocket, the bytes that arrive are counted: more than MAX_UNFINISHED of them
without a message ending close it with 1009, "message too big", before Twisted gets
them.
"""

from twisted.protocols.policies import ProtocolWrapper, WrappingFactory

MAX_UNFINISHED = 64 * 1024  # bytes: far more than one message of MAX_LINE (chat.py)


class Counted(ProtocolWrapper):
    websocket = None  # the ChatSocket, once the connection is one
    unfinished = 0  # bytes received since the WebSocket's last message

    def dataReceived(self, data):
        if self.websocket:
            # A client that does not read what it is sent, but sends (pings, whose
            # pongs Twisted writes back): what it sends counts against its backlog.
            if self.websocket.backlog.too_far(len(data)):
                return self.websocket.drop()
            self.unfinished += len(data)
            if self.unfinished > MAX_UNFINISHED:
                return self.websocket.close(1009)
        super().dataReceived(data)


class CountWebSocketBytes(WrappingFactory):
    """Wraps a Site: each connection it makes is Counted."""

    protocol = Counted
