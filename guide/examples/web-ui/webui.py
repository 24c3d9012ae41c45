"""A web UI for the chat service, in the same process: python webui.py WEB_PORT CHAT_PORT"""

import sys

from twisted.internet.defer import Deferred
from twisted.internet.endpoints import serverFromString
from twisted.internet.task import react
from twisted.python.filepath import FilePath
from twisted.web.resource import Resource
from twisted.web.server import Site
from twisted.web.static import File
from twisted.web.template import Element, XMLFile, renderElement, renderer
from twisted.web.websocket import WebSocketResource

from chat import Chat, ChatFactory
from chatsocket import ChatSocketFactory
from eventstream import EventStream

HERE = FilePath(__file__).parent()


class StatusElement(Element):
    loader = XMLFile(HERE.child("status.xml"))

    def __init__(self, chat):
        super().__init__()
        self.chat = chat

    @renderer
    def connected(self, request, tag):
        return ", ".join(sorted(client.name for client in self.chat.clients)) or "nobody"

    @renderer
    def message(self, request, tag):
        for name, text in self.chat.recent:
            yield tag.clone().fillSlots(name=name, text=text)


class StatusPage(Resource):
    isLeaf = True

    def __init__(self, chat):
        super().__init__()
        self.chat = chat

    def render_GET(self, request):
        return renderElement(request, StatusElement(self.chat))


async def main(reactor, web_port, chat_port):
    chat = Chat()
    root = Resource()
    root.putChild(b"", StatusPage(chat))
    root.putChild(b"events", EventStream(chat))
    root.putChild(b"ws", WebSocketResource(ChatSocketFactory(chat)))
    root.putChild(b"monitor.html", File(HERE.child("monitor.html").path))
    root.putChild(b"console.html", File(HERE.child("console.html").path))
    site = Site(root)
    await serverFromString(reactor, f"tcp:{chat_port}:interface=127.0.0.1").listen(ChatFactory(chat))
    await serverFromString(reactor, f"tcp:{web_port}:interface=127.0.0.1").listen(site)
    await Deferred()  # serve until the process is stopped


react(main, sys.argv[1:])
