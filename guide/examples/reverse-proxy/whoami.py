"""A twisted.web application behind a reverse proxy that knows who is asking.

The proxy connects from its own address and tells the client's in
X-Forwarded-* headers. Any client can send those headers too, so they are
believed only from the proxies in TRUSTED_PROXIES.
"""

import ipaddress
import json
import sys
from urllib.parse import urlsplit

from twisted.internet import endpoints, reactor
from twisted.internet.address import IPv4Address, IPv6Address
from twisted.web.resource import Resource
from twisted.web.server import Request, Site

TRUSTED_PROXIES = {"127.0.0.1"}


def values(request, name):
    """The comma-separated values of a header, from all its lines, in order."""
    lines = request.requestHeaders.getRawHeaders(name, [])
    return [
        v.strip()
        for line in lines
        for v in line.decode("latin-1").split(",")
        if v.strip()
    ]


class ForwardedRequest(Request):
    """A request that believes the X-Forwarded-* headers of a trusted proxy."""

    def process(self):
        if self.client.host in TRUSTED_PROXIES:
            self.useForwardedFor()
            if not self.useForwardedHostAndProto():
                self.setResponseCode(400)
                self.setHeader(b"Content-Type", b"text/plain")
                self.write(b"The forwarded host is not a host name.\n")
                self.finish()
                return
        super().process()

    def useForwardedFor(self):
        # Each proxy appends the address it got the request from. Read from the
        # right and stop at the first hop that is not one of our proxies: that
        # is the client; anything left of it the client wrote itself.
        for hop in reversed(values(self, b"X-Forwarded-For")):
            if hop not in TRUSTED_PROXIES:
                try:
                    address = ipaddress.ip_address(hop)
                except ValueError:
                    return  # not an address: keep the proxy's
                kind = IPv4Address if address.version == 4 else IPv6Address
                self.client = kind("TCP", str(address), 0)
                return

    def useForwardedHostAndProto(self):
        # The scheme and host the client asked for, so that the URLs this request
        # builds (request.prePathURL(), redirects) point at the proxy, not at us.
        # False if the host is not a host name.
        secure = values(self, b"X-Forwarded-Proto")[-1:] == ["https"]
        host = (values(self, b"X-Forwarded-Host") or values(self, b"Host") or [""])[-1]
        try:
            url = urlsplit("//" + host)
            port = url.port or (443 if secure else 80)
            # A name that DNS cannot hold (a..b, a label over 63 letters) raises
            # here too, as a UnicodeError: a 400, not an error in the log.
            name = url.hostname.encode("idna") if url.hostname else None
        except ValueError:
            return False
        if name:
            self.setHost(name, port, ssl=secure)
        return True


class WhoAmI(Resource):
    isLeaf = True

    def render_GET(self, request):
        request.setHeader(b"Content-Type", b"application/json")
        answer = {
            "client": request.getClientAddress().host,
            "url": request.prePathURL().decode(),
        }
        return json.dumps(answer).encode() + b"\n"


root = Resource()
root.putChild(b"whoami", WhoAmI())
site = Site(root, requestFactory=ForwardedRequest)

endpoint = endpoints.serverFromString(reactor, f"tcp:{sys.argv[1]}:interface=127.0.0.1")
endpoint.listen(site)
reactor.run()
