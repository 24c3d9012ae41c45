"""hello.py's WSGI application at /, static files at /static/, in one Twisted Web
server.
"""

import re
import sys
from pathlib import Path

from twisted.internet import endpoints, reactor
from twisted.web.resource import Resource
from twisted.web.server import Site
from twisted.web.static import File
from twisted.web.wsgi import WSGIResource

from body_limit import BodyLimitedRequest
from hello import application

# One range, from an offset: "bytes=100-" or "bytes=100-199".
ONE_RANGE = re.compile(rb"bytes=\d{1,18}-\d{0,18}")


class Root(Resource):
    """Serve the children put on it (here, /static/); hand every other path to the
    WSGI app.
    """

    def __init__(self, wsgi):
        super().__init__()
        self.wsgi = wsgi

    def getChild(self, path, request):
        # Give the path segment back, so the application sees the whole path
        # (SCRIPT_NAME "", PATH_INFO "/...") as if it were mounted at /.
        request.postpath.insert(0, request.prepath.pop())
        return self.wsgi


class StaticFiles(File):
    """twisted.web.static.File, refusing two kinds of hostile request."""

    def getChild(self, path, request):
        # No file's name holds a NUL byte or bytes that are not UTF-8, but File
        # logs a traceback for them (and answers a NUL with a 500).
        try:
            if "\x00" not in path.decode("utf-8"):
                return super().getChild(path, request)
        except UnicodeDecodeError:
            pass
        return self.childNotFound

    def makeProducer(self, request, fileForReading):
        # File answers "bytes=0-,0-,0-..." with the file once per range, 200
        # times over if asked, and a range from the end longer than the file
        # with a 500. Serve one range from an offset, else the whole file: HTTP
        # lets a server ignore a Range header.
        if not ONE_RANGE.fullmatch(request.getHeader(b"range") or b""):
            request.requestHeaders.removeHeader(b"range")
        return super().makeProducer(request, fileForReading)


# The application runs in the reactor's thread pool (at most 10 threads by
# default), never in the reactor thread: WSGI applications block.
wsgi = WSGIResource(reactor, reactor.getThreadPool(), application)
root = Root(wsgi)
root.putChild(b"static", StaticFiles(str(Path(__file__).with_name("static"))))
# WSGIResource hands the application a body Twisted has read whole: limit it first.
site = Site(root, requestFactory=BodyLimitedRequest)

port = sys.argv[1] if len(sys.argv) > 1 else "8080"
endpoints.serverFromString(reactor, f"tcp:{port}:interface=127.0.0.1").listen(site)
reactor.run()
