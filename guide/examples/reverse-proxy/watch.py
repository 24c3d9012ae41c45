"""Listen on /live/events and /live/ws, and say each TEXT in turn: each must arrive
on both before the next is said.

python watch.py PORT TEXT...
"""

import sys

import treq
from twisted.internet.defer import DeferredQueue
from twisted.internet.task import react
from twisted.web.websocket import WebSocketClientEndpoint

WAIT = 2  # seconds; later than that, a message sat in a buffer on the way


class Inbox:
    """A WebSocket client that queues each message it receives."""

    @classmethod
    def buildProtocol(cls, url):
        return cls()

    def __init__(self):
        self.messages = DeferredQueue()

    def negotiationStarted(self, transport):
        self.transport = transport

    def negotiationFinished(self):
        pass

    def textMessageReceived(self, message):
        self.messages.put(message)

    def bytesMessageReceived(self, data):
        pass

    def pongReceived(self, payload):
        pass

    def connectionLost(self, reason):
        pass


async def main(reactor, port, *texts):
    live = f"127.0.0.1:{port}/live"
    events = DeferredQueue()

    def received(data):  # each piece of the stream, as it arrives
        for line in data.decode().splitlines():
            if line.startswith("data: "):
                events.put(line)

    stream = await treq.get(f"http://{live}/events", unbuffered=True)
    treq.collect(stream, received).addErrback(lambda _: None)  # it ends as we do
    endpoint = WebSocketClientEndpoint.new(reactor, f"ws://{live}/ws")
    socket = await endpoint.connect(Inbox)
    for text in texts:
        await treq.get(f"http://{live}/say", params={"text": text})
        print("event:    ", await events.get().addTimeout(WAIT, reactor))
        print("websocket:", await socket.messages.get().addTimeout(WAIT, reactor))
    socket.transport.loseConnection()


react(main, sys.argv[1:])
