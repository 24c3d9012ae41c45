"""A twisted.web application behind a reverse proxy that knows who is asking.

The proxy connects from its own address and tells the client's in
X-Forwarded-* headers. Any client can send those headers too, so they are
believed only from the proxies in TRUSTED_PROXIES.
"""

import ipaddress
import json
import re
import sys

from twisted.internet import endpoints, reactor
from twisted.internet.address import IPv4Address, IPv6Address
from twisted.web.resource import Resource
from twisted.web.server import Request, Site

TRUSTED_PROXIES = {"127.0.0.1"}  # the addresses your proxies connect from
HOPS = 1  # proxies in front of this application: here, nginx
# A host as a URL may hold it: a name, an IPv4 address, or an IPv6 one in brackets.
HOST = re.compile(r"([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?")


def values(request, name):
    """The comma-separated values of a header, from all its lines, in order."""
    lines = request.requestHeaders.getRawHeaders(name, [])
    return [
        v.strip()
        for line in lines
        for v in line.decode("latin-1").split(",")
        if v.strip()
    ]


def host_and_port(host, default_port):
    """The name (bytes) and port a Host header gives; ValueError if it is not one."""
    match = HOST.fullmatch(host)
    port = int(match[2] or default_port) if match else 0
    if not 0 < port < 65536:
        raise ValueError(host)
    name = match[1]
    if name.startswith("["):
        ipaddress.IPv6Address(name[1:-1])
    else:
        # A name that DNS cannot hold (a..b, a label over 63 letters) raises a
        # UnicodeError, a ValueError too.
        name.encode("idna")
    return name.encode(), port


class ForwardedRequest(Request):
    """A request that believes the X-Forwarded-* headers of a trusted proxy."""

    def process(self):
        trusted = self.client.host in TRUSTED_PROXIES
        if trusted:
            self.useForwardedFor()
        try:
            self.useHostAndProto(trusted)
        except ValueError:
            self.setResponseCode(400)
            self.setHeader(b"Content-Type", b"text/plain")
            self.write(b"The host is not a host name.\n")
            self.finish()
            return
        super().process()

    def useForwardedFor(self):
        # Each proxy appends the address it got the request from: with HOPS proxies
        # in front, the client's is the HOPS-th from the right. Anything left of it
        # the client wrote itself, even a client on a proxy's own address.
        hops = values(self, b"X-Forwarded-For")
        if len(hops) >= HOPS:
            try:
                address = ipaddress.ip_address(hops[-HOPS])
            except ValueError:
                return  # not an address: keep the proxy's
            kind = IPv4Address if address.version == 4 else IPv6Address
            self.client = kind("TCP", str(address), 0)

    def useHostAndProto(self, trusted):
        # The scheme and host the client asked for, so that the URLs this request
        # builds (request.prePathURL(), redirects) point at the proxy, not at us.
        # Checked from anyone: Twisted puts the Host header in those URLs as it is.
        secure = self.isSecure()
        hosts = values(self, b"Host")  # HTTP/1.1 requires one
        if trusted:
            secure = values(self, b"X-Forwarded-Proto")[-1:] == ["https"]
            hosts = values(self, b"X-Forwarded-Host") or hosts
        name, port = host_and_port((hosts or [""])[-1], 443 if secure else 80)
        self.setHost(name, port, ssl=secure)

    def getRequestHostname(self):
        # Twisted's drops the brackets of an IPv6 address, which a URL needs.
        name = super().getRequestHostname()
        return b"[%b]" % name if b":" in name else name


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
