"""Notes in PostgreSQL, through psycopg's asyncio API, served by twisted.web.

    python async_notes.py 8080 postgresql://notes@127.0.0.1:8081/postgres

    GET  /notes?limit=N  the newest notes as JSON, N from 1 to MAX_LIMIT (100)
    POST /notes          add one from a form field text (at most MAX_TEXT characters)
    GET  /sleep?seconds=S  SELECT pg_sleep(S): a stand-in for a slow query

A body over 4 kB gets 413 (body_limit.py); a text over MAX_TEXT characters 413;
a bad parameter, or text that is not UTF-8 or holds NUL, 400; a query over
QUERY_TIMEOUT, 503 (PostgreSQL's statement_timeout stops it); so do a query when
MAX_WAITING are waiting already, and one while the database is unreachable (the
connection is opened again at the next query).
"""
# ruff: noqa: E402 - the asyncio reactor goes in before anything imports the reactor

from twisted.internet import asyncioreactor

asyncioreactor.install()

import asyncio
import json
import math
import sys

import psycopg
from twisted.internet import endpoints, reactor
from twisted.internet.defer import CancelledError, Deferred, ensureDeferred
from twisted.logger import Logger
from twisted.web.resource import Resource
from twisted.web.server import NOT_DONE_YET, Site

from body_limit import BodyLimitedRequest  # imports the reactor: after install()

log = Logger()
MAX_TEXT = 500  # characters
MAX_LIMIT = 100
QUERY_TIMEOUT = 1000  # milliseconds
MAX_WAITING = 10  # queries running or queued on the one connection
RETRY = 1  # seconds to answer 503 at once after a failed connect


def from_asyncio(coroutine):
    """A Deferred for an asyncio coroutine: a Task runs it on the reactor's loop."""
    return Deferred.fromFuture(asyncio.ensure_future(coroutine))


class FormRequest(BodyLimitedRequest):
    max_body = 4096  # bytes
    media_types = (b"application/x-www-form-urlencoded",)


class Refused(Exception):
    def __init__(self, code, why):
        super().__init__(why)
        self.code = code


def number(request, name, default, low, high):
    """The query parameter name as a number from low to high, or Refused (400)."""
    raw = request.args.get(name.encode(), [str(default).encode()])[0]
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not low <= value <= high:  # NaN and infinity fail this too
        raise Refused(400, f"{name} must be a number from {low} to {high}")
    return value


class AsyncResource(Resource):
    """Each render_X is an async def returning (code, JSON-able body)."""

    isLeaf = True

    def render(self, request):
        handler = getattr(self, "async_" + request.method.decode("ascii"), None)
        if handler is None:
            request.setResponseCode(405)
            return b'{"error": "method not allowed"}\n'
        done = ensureDeferred(handler(request))
        done.addCallbacks(self.send, self.failed, (request,), None, (request,))
        request.notifyFinish().addErrback(lambda _: done.cancel())  # client left
        return NOT_DONE_YET

    def send(self, answer, request):
        code, body = answer
        request.setResponseCode(code)
        request.setHeader(b"Content-Type", b"application/json")
        request.write(json.dumps(body).encode("utf-8") + b"\n")
        request.finish()

    def failed(self, failure, request):
        if failure.check(asyncio.CancelledError, CancelledError):
            return  # the client left; psycopg cancelled the query in the server
        if failure.check(Refused):
            return self.send(
                (failure.value.code, {"error": str(failure.value)}), request
            )
        log.failure("rendering {uri}", failure, uri=request.uri)
        self.send((500, {"error": "internal error"}), request)


class Notes(AsyncResource):
    def __init__(self, database):
        super().__init__()
        self.query = database.query

    async def async_GET(self, request):
        limit = int(number(request, "limit", 20, 1, MAX_LIMIT))
        rows = await from_asyncio(
            self.query("SELECT id, text FROM notes ORDER BY id DESC LIMIT %s", (limit,))
        )
        return 200, [{"id": id, "text": text} for id, text in rows]

    async def async_POST(self, request):
        try:
            text = request.args.get(b"text", [b""])[0].decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(400, "the text must be UTF-8") from None
        if not text or "\0" in text:
            raise Refused(400, "a note needs a text, without NUL characters")
        if len(text) > MAX_TEXT:
            raise Refused(413, f"a text is at most {MAX_TEXT} characters")
        rows = await from_asyncio(
            self.query("INSERT INTO notes (text) VALUES (%s) RETURNING id", (text,))
        )
        return 201, {"id": rows[0][0], "text": text}


class Sleep(Notes):
    async def async_GET(self, request):
        seconds = number(request, "seconds", 0, 0, 10)
        await from_asyncio(self.query("SELECT pg_sleep(%s)", (seconds,)))
        return 200, {"slept": seconds}


class Database:
    """asyncio code: one connection, which runs one query at a time (psycopg
    queues the others; psycopg_pool's AsyncConnectionPool holds several), opened
    again when it has closed. At most MAX_WAITING queries wait for it."""

    def __init__(self, url):
        self.url = url
        self.connection = None
        self.opening = asyncio.Lock()
        self.waiting = 0
        self.retry_at = 0

    async def query(self, sql, params=()):
        """psycopg's own coroutines, awaited as asyncio awaits them."""
        if self.waiting >= MAX_WAITING:  # else the queue, and the wait, grow
            raise Refused(503, "the database is busy")
        self.waiting += 1
        try:
            connection = await self.connect()
            async with connection.cursor() as cursor:
                await cursor.execute(sql, params)
                return await cursor.fetchall()
        except psycopg.errors.QueryCanceled:
            raise Refused(503, f"the query took over {QUERY_TIMEOUT} ms") from None
        except psycopg.OperationalError as error:  # the server went, or is away
            log.warn("the database is unavailable: {error}", error=error)
            raise Refused(503, "the database is unavailable") from None
        finally:
            self.waiting -= 1

    async def connect(self):
        async with self.opening:  # one connect at a time, the others wait for it
            if self.connection is not None and not self.connection.closed:
                return self.connection
            if asyncio.get_running_loop().time() < self.retry_at:
                raise Refused(503, "the database is unavailable")
            try:
                self.connection = await self.open()
            except psycopg.OperationalError:
                self.retry_at = asyncio.get_running_loop().time() + RETRY
                raise
            return self.connection

    async def open(self):
        # statement_timeout makes PostgreSQL stop a query that runs too long.
        connection = await psycopg.AsyncConnection.connect(
            self.url, autocommit=True, connect_timeout=5,
            options=f"-c statement_timeout={QUERY_TIMEOUT}",
        )
        await connection.execute(
            "CREATE TABLE IF NOT EXISTS notes"
            " (id SERIAL PRIMARY KEY, text TEXT NOT NULL)"
        )
        return connection


async def main(port, url):
    database = Database(url)
    await from_asyncio(database.connect())  # fails here if the database is away
    root = Resource()
    root.putChild(b"notes", Notes(database))
    root.putChild(b"sleep", Sleep(database))
    endpoint = endpoints.serverFromString(reactor, f"tcp:{port}:interface=127.0.0.1")
    await endpoint.listen(Site(root, requestFactory=FormRequest))


if __name__ == "__main__":
    ensureDeferred(main(*sys.argv[1:])).addErrback(
        lambda failure: (log.failure("starting", failure), reactor.stop())
    )
    reactor.run()
