"""A request that refuses a body before reading it: over max_body bytes (413), of a
type not in media_types (415), or not all in within body_time seconds (408). Each
refusal is a line of the log; over HTTP/2, the request's stream is reset instead.

Use it as Site(root, requestFactory=BodyLimitedRequest); for other limits,
subclass it and set max_body, media_types or body_time. NoBodyRequest refuses
any body, for a site that takes none.
"""

from io import BytesIO

from twisted.internet import reactor
from twisted.internet.interfaces import ISSLTransport
from twisted.logger import Logger
from twisted.web.server import Request

log = Logger()

LINGER = 2  # seconds to read, and drop, what a refused client still sends
REASONS = {
    400: b"Bad Request",
    408: b"Request Timeout",
    413: b"Content Too Large",
    415: b"Unsupported Media Type",
}


class BodyLimitedRequest(Request):
    max_body = 64 * 1024  # bytes
    # Twisted parses a form itself, before any resource runs, and its parser of
    # multipart/form-data (file uploads) raises on some bodies: take what you read.
    media_types = (b"application/json", b"application/x-www-form-urlencoded",
                   b"text/xml")
    body_time = 10  # seconds for the whole body, however it trickles in
    received = 0
    refused = False
    deadline = None
    linger = None

    def gotLength(self, length):
        # Called once the headers are in. length is the Content-Length, 0 for no
        # body, or None for a chunked body, which is counted as it arrives instead.
        # HTTP/2 calls it as it reads Content-Length, which may come before
        # Content-Type: there the type is checked at the body's first bytes instead.
        http2 = self.channel.transport is None
        if length != 0 and not http2 and not self.type_taken():
            self.refuse_type()
        elif length is not None and length > self.max_body:
            self.refuse()
        else:
            self.content = BytesIO()  # at most max_body bytes: no temporary file
            # Twisted's idle timeout starts again at every byte; this one does not.
            why = f"the request body took over {self.body_time} seconds"
            self.deadline = reactor.callLater(self.body_time, self.refuse, 408, why)

    def handleContentChunk(self, data):
        if not self.received and not self.refused and not self.type_taken():
            self.refuse_type()
        self.received += len(data)
        if self.refused:
            return  # what a refused client still sends: dropped
        if self.received > self.max_body:
            self.refuse()
        else:
            self.content.write(data)

    def type_taken(self):
        # Twisted reads the first Content-Type, so this does too.
        media_type = self.requestHeaders.getRawHeaders(b"content-type", [b""])[0]
        return media_type.split(b";")[0].strip().lower() in self.media_types

    def refuse_type(self):
        self.refuse(415, f"the body must be {b' or '.join(self.media_types).decode()}")

    def refuse(self, code=413, why=None):
        why = why or f"the request body is over {self.max_body} bytes"
        self.refused = True
        self.stop_deadline()
        log.info("refused {code} to {peer}: {why}", code=code, why=why,
                 peer=self.getClientAddress())
        if self.channel.transport is None:
            # HTTP/2: this request is one stream of a connection that others share.
            # Reset the stream (RST_STREAM), once Twisted is done with this frame.
            reactor.callLater(0, self.channel.abortConnection)
            return
        # Twisted would answer "100 Continue" after this; the client must not send.
        self.requestHeaders.removeHeader(b"Expect")
        body = why.encode() + b"\n"
        transport = self.channel.transport
        transport.write(
            b"HTTP/1.1 %d %s\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n"
            b"Connection: close\r\n\r\n%s" % (code, REASONS[code], len(body), body)
        )
        # Send the answer and close our side, but read on for a moment: closing
        # while the client still sends would reset the connection, and the client
        # could lose the answer. Over TLS, Twisted cannot close one side only: the
        # connection stays open, read and dropped, until the client or LINGER ends it.
        if not ISSLTransport.providedBy(transport):
            transport.loseWriteConnection()
        self.linger = reactor.callLater(LINGER, transport.abortConnection)

    def stop_deadline(self):
        if self.deadline is not None and self.deadline.active():
            self.deadline.cancel()

    def requestReceived(self, command, path, version):
        self.stop_deadline()
        if not self.refused:  # a refused body may have arrived whole meanwhile
            super().requestReceived(command, path, version)

    def connectionLost(self, reason):
        self.stop_deadline()
        if self.linger is not None and self.linger.active():
            self.linger.cancel()  # a TLS connection that is closed cannot be aborted
        super().connectionLost(reason)


class NoBodyRequest(BodyLimitedRequest):
    """For a site that takes no request body (static files): refuse any, unread."""

    def gotLength(self, length):
        if length != 0:
            self.refuse(413, "this site takes no request body")
        else:
            super().gotLength(length)
