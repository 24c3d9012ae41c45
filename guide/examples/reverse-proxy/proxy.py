"""A reverse proxy in Twisted: everything it gets, it passes on to a backend.

Usage: python proxy.py PORT BACKEND_PORT
"""

import sys

from twisted.internet import endpoints, reactor
from twisted.web.proxy import ReverseProxyResource
from twisted.web.server import Site


class ForwardingProxyResource(ReverseProxyResource):
    """ReverseProxyResource, plus the X-Forwarded-* headers the backend needs.

    ReverseProxyResource sends the client's headers on as they came (an
    X-Forwarded-For a client made up, too) and replaces Host with the
    backend's own name; it adds no X-Forwarded-* header of its own.
    """

    def getChild(self, path, request):
        # The base class builds its children as plain ReverseProxyResources.
        child = super().getChild(path, request)
        return ForwardingProxyResource(
            child.host, child.port, child.path, child.reactor
        )

    def render(self, request):
        client = request.getClientAddress().host.encode()
        scheme = b"https" if request.isSecure() else b"http"
        host = request.getHeader(b"Host") or b""
        headers = request.requestHeaders
        # This proxy is the first one the request meets: what the client claims
        # about earlier hops is thrown away, not passed on.
        headers.setRawHeaders(b"X-Forwarded-For", [client])
        headers.setRawHeaders(b"X-Forwarded-Proto", [scheme])
        headers.setRawHeaders(b"X-Forwarded-Host", [host])
        return super().render(request)


port, backend_port = sys.argv[1], int(sys.argv[2])
root = ForwardingProxyResource("127.0.0.1", backend_port, b"")
site = Site(root)

endpoint = endpoints.serverFromString(reactor, f"tcp:{port}:interface=127.0.0.1")
endpoint.listen(site)
reactor.run()
