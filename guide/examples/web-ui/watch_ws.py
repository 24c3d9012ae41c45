"""Open the WebSocket, say TEXT in the chat over TCP, then send WEB_TEXT as the page
would.

python watch_ws.py WEB_PORT CHAT_PORT NAME TEXT WEB_TEXT
"""

import sys

from twisted.internet.defer import DeferredQueue
from twisted.internet.endpoints import TCP4ClientEndpoint, connectProtocol
from twisted.internet.protocol import Protocol
from twisted.internet.task import react
from twisted.web.websocket import WebSocketClientEndpoint


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


async def main(reactor, web_port, chat_port, name, text, web_text):
    url = f"ws://127.0.0.1:{web_port}/ws"
    page = await WebSocketClientEndpoint.new(reactor, url).connect(Inbox)
    endpoint = TCP4ClientEndpoint(reactor, "127.0.0.1", int(chat_port))
    chat = await connectProtocol(endpoint, Protocol())
    chat.transport.write(f"{name}\r\n{text}\r\n/quit\r\n".encode())
    print(await page.messages.get())  # pushed because of the line sent over TCP
    page.transport.sendTextMessage(web_text)
    print(await page.messages.get())  # the chat's answer to the page
    page.transport.loseConnection()


react(main, sys.argv[1:])
