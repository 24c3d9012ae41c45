"""A twisted.web resource whose render is an async def that awaits asyncio code.

Run it on the asyncio reactor, which twist installs before it imports this module:

    twist --reactor=asyncio web --listen tcp:8080:interface=127.0.0.1 \
        --class hello_asyncio.Hello

GET /?name=Ada answers "Hello, Ada"; a name over MAX_NAME characters, or not
UTF-8, gets 400.
"""

import asyncio

from twisted.internet import reactor
from twisted.internet.defer import CancelledError, Deferred, ensureDeferred
from twisted.internet.task import deferLater
from twisted.logger import Logger
from twisted.web.resource import Resource
from twisted.web.server import NOT_DONE_YET

log = Logger()
MAX_NAME = 40  # characters


async def greeting(name):
    """asyncio code, as a library has it: it awaits asyncio's futures only."""
    await asyncio.sleep(0.1)
    # A Twisted Deferred, awaited from asyncio: asFuture makes it a Future of the
    # loop this coroutine runs on, the reactor's.
    loop = asyncio.get_running_loop()
    pause = deferLater(reactor, 0.1, lambda: "Hello")
    word = await pause.asFuture(loop)
    return f"{word}, {name}, from {type(loop).__name__}"


class Hello(Resource):
    isLeaf = True

    def render_GET(self, request):
        done = ensureDeferred(self.answer(request))
        done.addErrback(self.failed, request)
        # The client may leave first: then stop the work, and write nothing.
        request.notifyFinish().addErrback(lambda _: done.cancel())
        return NOT_DONE_YET

    async def answer(self, request):
        request.setHeader(b"Content-Type", b"text/plain; charset=utf-8")
        try:
            name = request.args.get(b"name", [b"world"])[0].decode("utf-8")
        except UnicodeDecodeError:
            return self.send(request, 400, "the name must be UTF-8")
        if len(name) > MAX_NAME:
            return self.send(request, 400, f"a name is at most {MAX_NAME} characters")
        # A coroutine of asyncio cannot be awaited here directly: Twisted runs this
        # one, and knows Deferreds only. A Task runs it on the loop, and fromFuture
        # turns the Task into a Deferred.
        text = await Deferred.fromFuture(asyncio.ensure_future(greeting(name)))
        self.send(request, 200, text)

    def send(self, request, code, text):
        request.setResponseCode(code)
        request.write(text.encode("utf-8") + b"\n")
        request.finish()

    def failed(self, failure, request):
        # The client left, and render_GET cancelled the work: what ends it is
        # asyncio's CancelledError, from the Task, not Twisted's.
        if failure.check(asyncio.CancelledError, CancelledError):
            return
        log.failure("rendering {uri}", failure, uri=request.uri)
        self.send(request, 500, "internal error")
