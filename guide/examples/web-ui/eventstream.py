"""Server-Sent Events: each chat message, pushed to every page listening on /events."""

import json

from twisted.web.resource import Resource
from twisted.web.server import NOT_DONE_YET

from backlog import Backlog


class EventStream(Resource):
    isLeaf = True

    def __init__(self, chat):
        super().__init__()
        self.chat = chat

    def render_GET(self, request):
        request.setHeader(b"content-type", b"text/event-stream; charset=utf-8")
        request.setHeader(b"cache-control", b"no-cache")
        backlog = Backlog()
        request.registerProducer(backlog, True)

        def push(name, text):
            # One JSON object per event: a line break in a message cannot end the
            # event early.
            event = f"data: {json.dumps({'name': name, 'text': text})}\n\n".encode()
            if backlog.too_far(len(event)):
                stop()
                # Not loseConnection, which would wait to send what it does not read.
                request.transport.abortConnection()
            else:
                request.write(event)

        def stop(_=None):
            self.chat.listeners.discard(push)

        self.chat.listeners.add(push)
        # When the browser goes away, stop writing to it.
        request.notifyFinish().addBoth(stop)
        request.write(b": connected\n\n")  # a comment: it sends the headers now
        return NOT_DONE_YET  # the response stays open
