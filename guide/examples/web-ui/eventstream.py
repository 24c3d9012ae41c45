"""Server-Sent Events: each chat message, pushed to every page listening on /events."""

import json

from twisted.web.resource import Resource
from twisted.web.server import NOT_DONE_YET


class EventStream(Resource):
    isLeaf = True

    def __init__(self, chat):
        super().__init__()
        self.chat = chat

    def render_GET(self, request):
        request.setHeader(b"content-type", b"text/event-stream; charset=utf-8")
        request.setHeader(b"cache-control", b"no-cache")

        def push(name, text):
            # One JSON object per event: a line break in a message cannot end the
            # event early.
            data = json.dumps({"name": name, "text": text})
            request.write(f"data: {data}\n\n".encode())

        self.chat.listeners.append(push)
        # When the browser goes away, stop writing to it.
        request.notifyFinish().addBoth(lambda _: self.chat.listeners.remove(push))
        request.write(b": connected\n\n")  # a comment: it sends the headers now
        return NOT_DONE_YET  # the response stays open
