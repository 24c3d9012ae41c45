"""WebSocket: each chat message pushed to the page, and the page's messages posted
to the chat.
"""

import json


class ChatSocket:
    """One page's connection; twisted.web.websocket calls these methods."""

    def __init__(self, chat):
        self.chat = chat

    def negotiationStarted(self, transport):
        self.transport = transport

    def negotiationFinished(self):
        self.chat.listeners.append(self.push)

    def push(self, name, text):
        self.transport.sendTextMessage(json.dumps({"name": name, "text": text}))

    def textMessageReceived(self, message):
        if "\r" in message or "\n" in message:
            # The chat is line-based: a line break would let the page speak as someone
            # else.
            self.transport.sendTextMessage(
                json.dumps({"error": "one line per message"})
            )
        else:
            self.chat.post("web", message)

    def bytesMessageReceived(self, data):
        pass  # the page sends text only

    def pongReceived(self, payload):
        pass

    def connectionLost(self, reason):
        self.chat.listeners.remove(self.push)


class ChatSocketFactory:
    """WebSocketResource calls buildProtocol once for each connection."""

    def __init__(self, chat):
        self.chat = chat

    def buildProtocol(self, request):
        return ChatSocket(self.chat)
