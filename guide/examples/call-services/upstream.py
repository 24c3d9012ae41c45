"""The other service: a price list that the gateway calls, and that misbehaves on
purpose so that you can watch the gateway cope.

    GET  /items/<name>   {"name": ..., "price": ...} after 0.1 s; some names misbehave:
                         slow (10 s), trickle (a byte a second), flaky (503 twice,
                         then 200), bloated (1 MB of JSON)
    POST /orders         {"item": ..., "quantity": ...} -> 201; "flaky" gets 503 twice
    GET  /big?bytes=N    N bytes of data, streamed, at most MAX_BIG
    GET  /stats          the requests it answered (before this one), on how many
                         connections, and the most it had in flight at once

Its own limits: a request body of 64 kB (body_limit.py), MAX_BIG bytes for /big.

Usage: python upstream.py PORT
"""

import json
import sys
import weakref

from twisted.internet import endpoints, reactor
from twisted.web.resource import Resource
from twisted.web.server import NOT_DONE_YET, Site

from body_limit import BodyLimitedRequest

PRICES = {
    "apple": 0.5,
    "pear": 0.75,
    "plum": 0.3,
    "fig": 1.2,
    "kiwi": 0.4,
    "lime": 0.25,
    "flaky": 1.0,
    "slow": 2.0,
    "trickle": 3.0,
    "bloated": 4.0,
}
MAX_BIG = 200_000_000  # bytes
CHUNK = bytes(range(256)) * 256  # 64 kB
stats = {"connections": 0, "requests": 0, "in_flight": 0, "max_in_flight": 0}
failures = {}  # how many times each flaky call has failed so far


def respond(request, code, body):
    request.setResponseCode(code)
    request.setHeader(b"Content-Type", b"application/json")
    return json.dumps(body).encode() + b"\n"


def fails_twice(key):
    failures[key] = failures.get(key, 0) + 1
    return failures[key] <= 2


class Item(Resource):
    isLeaf = True

    def render_GET(self, request):
        name = b"/".join(request.postpath).decode("utf-8", "replace")
        stats["in_flight"] += 1
        stats["max_in_flight"] = max(stats["max_in_flight"], stats["in_flight"])
        delay = 10 if name == "slow" else 0.1
        call = reactor.callLater(delay, self.answer, request, name)
        # Fires when the answer is sent, or with an error if the caller hung up.
        request.notifyFinish().addBoth(self.done, call)
        return NOT_DONE_YET

    def done(self, _, call):
        stats["in_flight"] -= 1
        if call.active():
            call.cancel()  # the caller hung up before the answer was due

    def answer(self, request, name):
        if name not in PRICES:
            request.write(respond(request, 404, {"error": "no such item"}))
        elif name == "flaky" and fails_twice(("item", name)):
            request.write(respond(request, 503, {"error": "try again"}))
        elif name == "trickle":
            request.setHeader(b"Content-Type", b"application/json")
            gone = []  # not empty once the caller hung up
            request.notifyFinish().addErrback(gone.append)
            self.trickle(request, b'{"name": "trickle", "price": 3.0}\n', gone)
            return
        elif name == "bloated":
            request.setHeader(b"Content-Type", b"application/json")
            request.write(b'{"name": "bloated", "junk": "' + b"x" * 1_000_000 + b'"}')
        else:
            request.write(respond(request, 200, {"name": name, "price": PRICES[name]}))
        request.finish()

    def trickle(self, request, body, gone):
        if gone:
            return
        if not body:
            request.finish()
            return
        request.write(body[:1])  # a byte a second
        reactor.callLater(1, self.trickle, request, body[1:], gone)


class Orders(Resource):
    isLeaf = True

    def render_POST(self, request):
        try:
            order = json.load(request.content)
            item, quantity = order["item"], order["quantity"]
        except (ValueError, TypeError, KeyError):
            error = "an order is an item and a quantity"
            return respond(request, 400, {"error": error})
        if item == "flaky" and fails_twice(("order", item)):
            return respond(request, 503, {"error": "try again"})
        stats["orders"] = stats.get("orders", 0) + 1
        order = {"order": stats["orders"], "item": item, "quantity": quantity}
        return respond(request, 201, order)


class Big(Resource):
    isLeaf = True

    def render_GET(self, request):
        try:
            size = int(request.args.get(b"bytes", [b"0"])[0])
        except ValueError:
            size = -1
        if not 0 <= size <= MAX_BIG:
            return respond(request, 400, {"error": f"bytes is 0 to {MAX_BIG}"})
        request.setHeader(b"Content-Type", b"application/octet-stream")
        # No Content-Length: the caller cannot know the size before it reads.
        request.registerProducer(Bytes(request, size), False)
        return NOT_DONE_YET


class Bytes:
    """Writes size bytes, a chunk each time the connection has room for more."""

    def __init__(self, request, size):
        self.request, self.left = request, size

    def resumeProducing(self):
        if self.left <= 0:
            self.request.unregisterProducer()
            self.request.finish()
        else:
            self.request.write(CHUNK[: self.left])
            self.left -= len(CHUNK)

    def stopProducing(self):
        self.left = -1  # the caller hung up: Twisted stops asking


class Stats(Resource):
    isLeaf = True

    def render_GET(self, request):
        keys = ("connections", "requests", "max_in_flight")
        shown = {key: stats[key] for key in keys}
        return respond(request, 200, shown)


class CountingSite(Site):
    """Counts the requests answered, and the connections that carried them."""

    seen = weakref.WeakSet()  # the connections, while they are open

    def log(self, request):
        stats["requests"] += 1
        if request.channel not in self.seen:
            self.seen.add(request.channel)
            stats["connections"] += 1
        super().log(request)


root = Resource()
root.putChild(b"items", Item())
root.putChild(b"orders", Orders())
root.putChild(b"big", Big())
root.putChild(b"stats", Stats())
site = CountingSite(root, requestFactory=BodyLimitedRequest)

endpoint = endpoints.serverFromString(reactor, f"tcp:{sys.argv[1]}:interface=127.0.0.1")
endpoint.listen(site)
reactor.run()
