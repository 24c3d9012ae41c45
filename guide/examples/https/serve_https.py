"""HTTPS on PORT, with HSTS; plain HTTP on HTTP_PORT, redirecting to HTTPS.

    python serve_https.py PORT HTTP_PORT      # on a server: 443 and 80
"""

import sys

from twisted.internet import endpoints, reactor
from twisted.web import resource, server, static

from body_limit import NoBodyRequest

# The name your site is reached by (on a server, "example.com"): the redirect
# goes there whatever Host a request names, since any client can write it.
NAME = "127.0.0.1"
# Where both ports listen; on a server, "::" or "0.0.0.0" (every address).
INTERFACE = "127.0.0.1"
# How long, in seconds, a browser that has seen this header refuses plain HTTP
# for NAME: five minutes while you try it; once all of the site works over
# HTTPS, raise it (a year is 31536000).
HSTS = b"max-age=300"
# The longest path and query the redirect repeats; longer ones get a 414.
MAX_TARGET = 2048


class HSTSRequest(NoBodyRequest):
    def process(self):
        self.setHeader(b"strict-transport-security", HSTS)
        super().process()


class ToHTTPS(resource.Resource):
    """Answer every request with a redirect to the same path over HTTPS."""

    isLeaf = True

    def __init__(self, base):
        super().__init__()
        self.base = base

    def render(self, request):
        target = request.uri
        if len(target) > MAX_TARGET:
            request.setResponseCode(414)
            return b"The address is too long.\n"
        # Only "/..." of printable ASCII: nothing that could end the header.
        if not target.startswith(b"/") or not all(33 <= b <= 126 for b in target):
            request.setResponseCode(400)
            return b"Not an address of this site.\n"
        request.setResponseCode(308)
        request.setHeader(b"location", self.base + target)
        return b""


def main(port, http_port):
    base = f"https://{NAME}" + ("" if port == 443 else f":{port}")
    tls = endpoints.serverFromString(
        reactor,
        f"ssl:{port}:interface={INTERFACE}:privateKey=server.pem"
        ":extraCertChain=chain.pem",
    )
    tls.listen(server.Site(static.File("public"), requestFactory=HSTSRequest))
    plain = endpoints.TCP4ServerEndpoint(reactor, http_port, interface=INTERFACE)
    redirect = ToHTTPS(base.encode("ascii"))
    plain.listen(server.Site(redirect, requestFactory=NoBodyRequest))
    reactor.run()


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
