"""A request that refuses a body over max_body bytes with 413, before reading it.

Use it as Site(root, requestFactory=BodyLimitedRequest); for another limit,
subclass it and set max_body.
"""

from io import BytesIO

from twisted.internet import reactor
from twisted.web.server import Request

LINGER = 2  # seconds to read, and drop, what a refused client still sends


class BodyLimitedRequest(Request):
    max_body = 64 * 1024  # bytes
    received = 0
    refused = False

    def gotLength(self, length):
        # Called once the headers are in. length is the Content-Length, or None
        # for a chunked body, which is counted as it arrives instead.
        if length is not None and length > self.max_body:
            self.refuse()
        else:
            self.content = BytesIO()  # at most max_body bytes: no temporary file

    def handleContentChunk(self, data):
        self.received += len(data)
        if self.refused:
            return  # what a refused client still sends: dropped
        if self.received > self.max_body:
            self.refuse()
        else:
            self.content.write(data)

    def refuse(self):
        self.refused = True
        # Twisted would answer "100 Continue" after this; the client must not send.
        self.requestHeaders.removeHeader(b"Expect")
        body = b"the request body is over %d bytes\n" % self.max_body
        self.channel.transport.write(
            b"HTTP/1.1 413 Content Too Large\r\nContent-Type: text/plain\r\n"
            b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body)
        )
        # Send the answer and close our side, but read on for a moment: closing
        # while the client still sends would reset the connection, and the client
        # could lose the answer.
        self.channel.transport.loseWriteConnection()
        reactor.callLater(LINGER, self.channel.transport.abortConnection)

    def requestReceived(self, command, path, version):
        if not self.refused:  # a refused body may have arrived whole meanwhile
            super().requestReceived(command, path, version)

