"""Serve the folder public/ with twisted.web.static.File: text gzipped, cache
headers set, and what File would serve a stranger, or fail on, refused.
"""

import re
import sys
from pathlib import Path

from twisted.internet import endpoints, reactor
from twisted.web import http
from twisted.web.resource import EncodingResourceWrapper
from twisted.web.server import GzipEncoderFactory, Site
from twisted.web.static import File, getTypeAndEncoding

from body_limit import NoBodyRequest

# One range, from an offset: "bytes=100-" or "bytes=100-199".
ONE_RANGE = re.compile(rb"bytes=\d{1,18}-\d{0,18}")
# A name that changes whenever the content does, such as site.ed4f310a.css: eight
# or more hex digits, a letter among them, so that report.20240101.csv is not one.
FINGERPRINTED = re.compile(r"\.(?=[0-9]*[a-f])[0-9a-f]{8,}\.\w+$")
A_YEAR = 365 * 24 * 60 * 60
# What gzip makes smaller; images, video, fonts and archives are compressed already.
COMPRESSIBLE = re.compile(r"text/.*|application/(json|javascript|xml)|image/svg\+xml")


class NoEndAfter304:
    """The encoder GzipEncoderFactory makes, silent when the response has no body."""

    def __init__(self, encoder, request):
        self.encoder = encoder
        self.request = request

    def encode(self, data):
        return self.encoder.encode(data)

    def finish(self):
        # The gzip stream's last bytes: after a 304 they would reach the client
        # as a stray body, read as the start of the next response.
        end = self.encoder.finish()
        return b"" if self.request.code == http.NOT_MODIFIED else end


class TextGzip(GzipEncoderFactory):
    """Gzip a text file, on the fly, when the client accepts it."""

    compressLevel = 6  # as gzip and nginx do; Twisted's default, 9, costs more CPU

    def encoderForRequest(self, request):
        # A cache must keep the gzipped answer apart from the plain one.
        request.responseHeaders.addRawHeader(b"vary", b"Accept-Encoding")
        if request.method == b"HEAD" or request.getHeader(b"range"):
            # A range counts the file's bytes, not the gzip stream's; a HEAD
            # answer has no body, but the encoder would still write its end.
            return None
        encoder = super().encoderForRequest(request)
        return encoder and NoEndAfter304(encoder, request)


class PublicFolder(File):
    """twisted.web.static.File, with what it lacks for a public folder."""

    def getChild(self, path, request):
        # Names File would serve to anyone (.env, .git), or fail on with a
        # traceback (a NUL byte, bytes that are not UTF-8): none of them served.
        try:
            name = path.decode("utf-8")
        except UnicodeDecodeError:
            return self.childNotFound
        if name.startswith(".") or "\x00" in name:
            return self.childNotFound
        child = super().getChild(path, request)
        if not isinstance(child, File):
            return child
        if child.islink():
            # File follows a link wherever it points, out of the folder too.
            return self.childNotFound
        if child.isfile():
            content_type, encoding = getTypeAndEncoding(
                child.basename(), child.contentTypes, child.contentEncodings,
                child.defaultType,
            )
            if encoding is None and COMPRESSIBLE.fullmatch(content_type):
                # The wrapper gzips only the resource it wraps, not its children:
                # wrap each file, not the folder.
                return EncodingResourceWrapper(child, [TextGzip()])
        return child

    def directoryListing(self):
        # A folder with no index.html: File would list what is in it.
        return self.childNotFound

    def render_GET(self, request):
        if FINGERPRINTED.search(self.basename()):
            cache = f"public, max-age={A_YEAR}, immutable"
        else:
            cache = "no-cache"  # keep it, but ask each time: If-Modified-Since
        request.setHeader(b"cache-control", cache.encode())
        return super().render_GET(request)

    render_HEAD = render_GET

    def makeProducer(self, request, fileForReading):
        # File answers "bytes=0-,0-,0-..." with the file once per range, 200
        # times over if asked, and a range from the end longer than the file
        # with a 500; and it ignores If-Range, which asks for the range only if
        # the file has not changed. Serve one range from an offset, else the
        # whole file: HTTP lets a server ignore a Range header.
        one_range = ONE_RANGE.fullmatch(request.getHeader(b"range") or b"")
        if not one_range or request.getHeader(b"if-range"):
            request.requestHeaders.removeHeader(b"range")
        return super().makeProducer(request, fileForReading)


root = PublicFolder(str(Path(__file__).with_name("public")))
site = Site(root, requestFactory=NoBodyRequest)

port = sys.argv[1] if len(sys.argv) > 1 else "8080"
endpoints.serverFromString(reactor, f"tcp:{port}:interface=127.0.0.1").listen(site)
reactor.run()
