"""The existing networking service: a line-based chat server over TCP.

A client's first line is its name; every line after that goes to everybody
connected, the sender included, as ``name: text``. ``/quit`` leaves.
"""

from collections import deque

from twisted.internet.protocol import Factory
from twisted.protocols.basic import LineReceiver


class Chat:
    """The service's state, which the web UI reads, and a hook that tells it what
    happens.
    """

    def __init__(self):
        self.clients = set()  # the ChatProtocol of everyone connected
        self.recent = deque(maxlen=10)  # (name, text) of the last ten messages
        self.listeners = []  # each is called with (name, text) for every message

    def post(self, name, text):
        self.recent.append((name, text))
        for client in self.clients:
            client.sendLine(f"{name}: {text}".encode())
        for listener in list(self.listeners):
            listener(name, text)


class ChatProtocol(LineReceiver):
    name = None

    def lineReceived(self, line):
        text = line.decode("utf-8", errors="replace")
        if self.name is None:
            self.name = text
            self.factory.chat.clients.add(self)
        elif text == "/quit":
            self.transport.loseConnection()
        else:
            self.factory.chat.post(self.name, text)

    def connectionLost(self, reason):
        self.factory.chat.clients.discard(self)


class ChatFactory(Factory):
    protocol = ChatProtocol

    def __init__(self, chat):
        self.chat = chat
