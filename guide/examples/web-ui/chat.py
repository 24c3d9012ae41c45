"""The existing networking service: a line-based chat server over TCP.

A client's first line is its name; every line after that goes to everybody
connected, the sender included, as ``name: text``. ``/quit`` leaves. A line longer
than MAX_LINE closes the connection, so Chat.recent holds at most RECENT messages of
at most MAX_LINE bytes each.
"""

from collections import deque

from twisted.internet.protocol import Factory
from twisted.protocols.basic import LineReceiver

MAX_LINE = 4096  # bytes of a name or a message: a chat line is short
RECENT = 10  # messages the status page shows


class Chat:
    """The service's state, which the web UI reads, and a hook that tells it what
    happens.
    """

    def __init__(self):
        self.clients = set()  # the ChatProtocol of everyone connected
        self.recent = deque(maxlen=RECENT)  # (name, text) of the last messages
        self.listeners = set()  # each is called with (name, text) for every message

    def post(self, name, text):
        self.recent.append((name, text))
        for client in self.clients:
            client.sendLine(f"{name}: {text}".encode())
        for listener in list(self.listeners):
            listener(name, text)


class ChatProtocol(LineReceiver):
    MAX_LENGTH = MAX_LINE  # LineReceiver closes the connection on a longer line
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
