"""Your web application: a gateway on PORT that answers in JSON by calling the
upstream service on UPSTREAM_PORT with treq.

    GET  /price/<name>          one price, asked of the upstream
    GET  /basket?items=a,b,...  the total of up to MAX_ITEMS prices
    POST /orders                {"item": ..., "quantity": ...}, passed on once
    GET  /checksum?bytes=N      the SHA-256 of N bytes streamed from the upstream

What it takes from the upstream: an answer within TIMEOUT seconds (or 504), at most
MAX_JSON bytes of JSON and MAX_DOWNLOAD bytes for /checksum (or 502). Bad input
gets 400, a body over 64 kB 413 (body_limit.py).

Usage: python gateway.py PORT UPSTREAM_PORT
"""

import hashlib
import json
import math
import re
import sys
from http.cookiejar import DefaultCookiePolicy

from treq.client import HTTPClient
from treq.cookies import IndexableCookieJar
from twisted.internet import defer, endpoints, error, reactor, task
from twisted.internet.protocol import Protocol
from twisted.logger import Logger
from twisted.web.client import (
    Agent,
    HTTPConnectionPool,
    ResponseDone,
    ResponseFailed,
    ResponseNeverReceived,
)
from twisted.web.http import PotentialDataLoss
from twisted.web.iweb import UNKNOWN_LENGTH, IAgent
from twisted.web.resource import Resource
from twisted.web.server import NOT_DONE_YET, Site
from zope.interface import implementer

from body_limit import BodyLimitedRequest

UPSTREAM = f"http://127.0.0.1:{sys.argv[2]}"
TIMEOUT = 2  # seconds to connect and get the status and headers; as long for a body
MAX_JSON = 64 * 1024  # bytes of a JSON answer from the upstream
MAX_DOWNLOAD = 20_000_000  # bytes streamed through /checksum
DOWNLOAD_TIME = 10  # seconds for those
MAX_CALLS = 3  # upstream calls in flight at once, for all requests together
TRIES = 3  # for a GET: the first call and two retries
BACKOFF = 0.2  # seconds before the first retry, doubled before each next one
MAX_ITEMS = 10  # in one basket
NAME = re.compile(r"[a-z]{1,20}")
RETRY_CODES = {502, 503, 504}  # the upstream, or a proxy in front of it, is unwell

# One pool for the whole program: idle connections to the upstream are kept open
# and reused. maxPersistentPerHost is how many idle ones it keeps, not a limit on
# how many are open at once: the semaphore is that limit.
pool = HTTPConnectionPool(reactor, persistent=True)
pool.maxPersistentPerHost = MAX_CALLS
pool.cachedConnectionTimeout = 60  # seconds an idle connection is kept
pool.retryAutomatically = False  # retries are ours, below, and counted


@implementer(IAgent)
class AsSent:
    """Asks for bodies as they are, and leaves them so. treq undoes gzip a whole
    read at a time, before our limits count: 64 kB of gzip can be 64 MB."""

    def __init__(self, agent):
        self.agent = agent

    def request(self, method, uri, headers=None, bodyProducer=None):
        headers = headers.copy()  # treq always passes some
        headers.removeHeader(b"accept-encoding")
        sent = self.agent.request(method, uri, headers, bodyProducer)
        return sent.addCallback(self.as_sent)

    def as_sent(self, response):
        response.headers.removeHeader(b"content-encoding")  # gzip stays gzip
        return response


# A jar that keeps no cookie: treq's would keep every one the upstream sets, for
# ever, and send it on every later call, whoever the call is for.
no_cookies = IndexableCookieJar(DefaultCookiePolicy(allowed_domains=[]))
agent = AsSent(Agent(reactor, connectTimeout=TIMEOUT, pool=pool))
http = HTTPClient(agent, cookiejar=no_cookies)
calls = defer.DeferredSemaphore(MAX_CALLS)
log = Logger()


class UpstreamError(Exception):
    """The upstream failed us; the gateway answers with code (502 or 504)."""

    def __init__(self, code, why):
        super().__init__(why)
        self.code = code


class LimitedBody(Protocol):
    """Hands a response body to write as it arrives; gives up, and closes the
    connection, past max_bytes or after seconds."""

    def __init__(self, write, max_bytes, seconds):
        self.write = write
        self.max_bytes = max_bytes
        self.received = 0
        self.done = defer.Deferred()
        why = f"the upstream's body took over {seconds} seconds"
        self.deadline = reactor.callLater(seconds, self.give_up, 504, why)

    def dataReceived(self, data):
        if self.done.called:
            return
        self.received += len(data)
        if self.received > self.max_bytes:
            self.give_up(502, f"the upstream sent over {self.max_bytes} bytes")
        else:
            self.write(data)

    def give_up(self, code, why):
        if self.deadline.active():
            self.deadline.cancel()
        self.done.errback(UpstreamError(code, why))
        self.transport.stopProducing()  # closes the connection: the rest is not read

    def connectionLost(self, reason):
        if self.deadline.active():
            self.deadline.cancel()
        if self.done.called:
            return
        if reason.check(ResponseDone, PotentialDataLoss):
            self.done.callback(self.received)
        else:
            self.done.errback(UpstreamError(502, "the upstream's answer broke off"))


def read_body(response, write, max_bytes, seconds):
    """Stream the body to write; a Deferred that fires with its size."""
    body = LimitedBody(write, max_bytes, seconds)
    response.deliverBody(body)
    if response.length is not UNKNOWN_LENGTH and response.length > max_bytes:
        body.give_up(502, f"the upstream announced over {max_bytes} bytes")
    return body.done


def discard(data):
    pass


async def read_json(response):
    """The status and JSON of an upstream answer, checked before it is believed;
    None for the body of a 5xx, which is read and dropped."""
    if response.code >= 500:
        await read_body(response, discard, MAX_JSON, TIMEOUT)
        return response.code, None
    content_type = response.headers.getRawHeaders(b"content-type", [b""])[0]
    if content_type.split(b";")[0].strip() != b"application/json":
        await read_body(response, discard, MAX_JSON, TIMEOUT)
        shown = content_type.decode("ascii", "replace") or "no type"
        raise UpstreamError(502, f"the upstream answered {shown}")
    pieces = []
    await read_body(response, pieces.append, MAX_JSON, TIMEOUT)
    try:
        return response.code, json.loads(b"".join(pieces))
    except (ValueError, RecursionError):
        raise UpstreamError(502, "the upstream's JSON does not parse") from None


async def send(method, path, read, **kwargs):
    """One call to the upstream, and read(response); at most MAX_CALLS at once,
    each counted until its body is read."""
    async with calls:
        try:
            # unbuffered=True: treq would otherwise keep a copy of every body.
            # allow_redirects=False: a redirect must not send us to another host.
            response = await http.request(
                method,
                UPSTREAM + path,
                timeout=TIMEOUT,
                unbuffered=True,
                allow_redirects=False,
                **kwargs,
            )
        except defer.CancelledError:
            raise UpstreamError(504, f"no answer within {TIMEOUT} seconds") from None
        except ResponseFailed as failed:  # ResponseNeverReceived: nothing came
            if any(reason.check(defer.CancelledError) for reason in failed.reasons):
                why = f"no answer within {TIMEOUT} seconds"
                raise UpstreamError(504, why) from None
            if isinstance(failed, ResponseNeverReceived):
                raise
            # Headers cut off, or one over Twisted's limit of 16 kB.
            raise UpstreamError(502, "the upstream's headers broke off") from None
        return await read(response)


async def get_json(path):
    """GET a path of the upstream, retried on a failed connection or a 502, 503
    or 504 (a GET may be sent twice); its status, JSON and number of tries."""
    for attempt in range(1, TRIES + 1):
        try:
            code, body = await send("GET", path, read_json)
            if code not in RETRY_CODES:
                return code, body, attempt
            failure = UpstreamError(502, f"the upstream answered {code}, {TRIES} times")
        except (error.ConnectError, ResponseNeverReceived):
            failure = UpstreamError(502, "the upstream could not be reached")
        if attempt < TRIES:
            await task.deferLater(reactor, BACKOFF * 2 ** (attempt - 1))
    raise failure


def is_number(value):
    # Not True (an int to Python), nor inf or NaN, which json.dumps cannot write.
    return type(value) in (int, float) and math.isfinite(value)


async def price(name):
    code, body, tries = await get_json(f"/items/{name}")
    if code == 404:
        return 404, {"error": f"no item {name}"}
    if code != 200 or not isinstance(body, dict) or not is_number(body.get("price")):
        raise UpstreamError(502, f"the upstream answered {code}")
    return 200, {"name": name, "price": body["price"], "tries": tries}


async def basket(names):
    prices = [defer.Deferred.fromCoroutine(price(name)) for name in names]
    try:
        answers = await defer.gatherResults(prices, consumeErrors=True)
    except defer.FirstError as first:
        first.subFailure.raiseException()
    missing = [body["error"] for code, body in answers if code != 200]
    if missing:
        return 404, {"error": ", ".join(missing)}
    total = sum(body["price"] for code, body in answers)
    return 200, {"items": len(names), "total": round(total, 2)}


async def order(order):
    # A POST is not idempotent: sent twice, it could order twice. No retry.
    try:
        code, body = await send("POST", "/orders", read_json, json=order)
    except (error.ConnectError, ResponseNeverReceived):
        raise UpstreamError(502, "the upstream could not be reached") from None
    if code != 201:
        raise UpstreamError(502, f"the upstream answered {code}, not retried")
    return 201, body


async def checksum(size):
    digest = hashlib.sha256()

    async def stream(response):
        if response.code != 200:
            await read_body(response, discard, MAX_JSON, TIMEOUT)
            raise UpstreamError(502, f"the upstream answered {response.code}")
        return await read_body(response, digest.update, MAX_DOWNLOAD, DOWNLOAD_TIME)

    received = await send("GET", f"/big?bytes={size}", stream)
    return 200, {"bytes": received, "sha256": digest.hexdigest()}


def reply(request, work):
    """Run work, a coroutine that returns (code, body), and answer with it."""
    gone = []  # not empty once the client hung up

    def answer(code, body):
        if not gone:
            request.setResponseCode(code)
            request.setHeader(b"Content-Type", b"application/json")
            request.write(json.dumps(body).encode() + b"\n")
            request.finish()

    def failed(failure):
        if failure.check(UpstreamError):
            answer(failure.value.code, {"error": str(failure.value)})
        elif not failure.check(defer.CancelledError):
            log.failure("calling the upstream failed", failure)
            answer(502, {"error": "calling the upstream failed"})

    def hung_up(failure):
        gone.append(failure)
        answering.cancel()  # stop waiting for the upstream: its connection closes

    answering = defer.Deferred.fromCoroutine(work)
    answering.addCallbacks(lambda result: answer(*result), failed)
    request.notifyFinish().addErrback(hung_up)
    return NOT_DONE_YET


def bad_request(request, why):
    request.setResponseCode(400)
    request.setHeader(b"Content-Type", b"application/json")
    return json.dumps({"error": why}).encode() + b"\n"


class Price(Resource):
    isLeaf = True

    def render_GET(self, request):
        name = b"/".join(request.postpath).decode("utf-8", "replace")
        if not NAME.fullmatch(name):
            return bad_request(request, "an item is 1 to 20 letters a-z")
        return reply(request, price(name))


class Basket(Resource):
    isLeaf = True

    def render_GET(self, request):
        names = request.args.get(b"items", [b""])[0].decode("utf-8", "replace")
        names = names.split(",")
        if not all(NAME.fullmatch(name) for name in names):
            return bad_request(request, "items is names of 1 to 20 letters a-z, by ,")
        if len(names) > MAX_ITEMS:
            return bad_request(request, f"a basket holds at most {MAX_ITEMS} items")
        return reply(request, basket(names))


class Orders(Resource):
    isLeaf = True

    def render_POST(self, request):
        try:
            body = json.load(request.content)
        except (ValueError, RecursionError):
            return bad_request(request, "the body is not JSON")
        if (
            not isinstance(body, dict)
            or not isinstance(body.get("item"), str)
            or not NAME.fullmatch(body["item"])
            or type(body.get("quantity")) is not int
            or not 1 <= body["quantity"] <= 100
        ):
            why = "an order is an item (1 to 20 letters a-z) and a quantity (1 to 100)"
            return bad_request(request, why)
        # Pass on what was checked, not what was sent: no fields of the caller's own.
        return reply(
            request, order({"item": body["item"], "quantity": body["quantity"]})
        )


class Checksum(Resource):
    isLeaf = True

    def render_GET(self, request):
        try:
            size = int(request.args.get(b"bytes", [b""])[0])
        except ValueError:
            size = -1
        if size < 0:
            return bad_request(request, "bytes is a number")
        return reply(request, checksum(size))


root = Resource()
root.putChild(b"price", Price())
root.putChild(b"basket", Basket())
root.putChild(b"orders", Orders())
root.putChild(b"checksum", Checksum())
site = Site(root, requestFactory=BodyLimitedRequest)

endpoint = endpoints.serverFromString(reactor, f"tcp:{sys.argv[1]}:interface=127.0.0.1")
endpoint.listen(site)
reactor.run()
