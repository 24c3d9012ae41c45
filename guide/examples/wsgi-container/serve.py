"""hello.py's WSGI application at /, static files at /static/, in one Twisted Web
server.
"""

import sys
from pathlib import Path

from twisted.internet import endpoints, reactor
from twisted.web.resource import Resource
from twisted.web.server import Site
from twisted.web.static import File
from twisted.web.wsgi import WSGIResource

from hello import application


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


# The application runs in the reactor's thread pool (at most 10 threads by
# default), never in the reactor thread: WSGI applications block.
wsgi = WSGIResource(reactor, reactor.getThreadPool(), application)
root = Root(wsgi)
root.putChild(b"static", File(str(Path(__file__).with_name("static"))))
site = Site(root)

port = sys.argv[1] if len(sys.argv) > 1 else "8080"
endpoints.serverFromString(reactor, f"tcp:{port}:interface=127.0.0.1").listen(site)
reactor.run()
