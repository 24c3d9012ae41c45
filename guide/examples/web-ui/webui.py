"""A web UI for the chat service, in the same process.

python webui.py WEB_PORT CHAT_PORT
"""

import sys

from twisted.internet.defer import Deferred
from twisted.internet.endpoints import serverFromString
from twisted.internet.task import react
from twisted.python.filepath import FilePath
from twisted.web.resource import Resource
from twisted.web.server import Site
from twisted.web.template import Element, XMLFile, renderElement, renderer

from chat import Chat, ChatFactory

HERE = FilePath(__file__).parent()


class StatusElement(Element):
    loader = XMLFile(HERE.child("status.xml"))

    def __init__(self, chat):
        super().__init__()
        self.chat = chat

    @renderer
    def connected(self, request, tag):
        names = sorted(client.name for client in self.chat.clients)
        return ", ".join(names) or "nobody"

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


def web_ui(chat):
    """The web UI's resource tree: the status page at /."""
    root = Resource()
    root.putChild(b"", StatusPage(chat))
    return root


async def serve(reactor, chat, site, web_port, chat_port):
    """The chat service and the site, on one reactor, until the process is stopped."""
    chat_endpoint = serverFromString(reactor, f"tcp:{chat_port}:interface=127.0.0.1")
    web_endpoint = serverFromString(reactor, f"tcp:{web_port}:interface=127.0.0.1")
    await chat_endpoint.listen(ChatFactory(chat))
    await web_endpoint.listen(site)
    await Deferred()


async def main(reactor, web_port, chat_port):
    chat = Chat()
    await serve(reactor, chat, Site(web_ui(chat)), web_port, chat_port)


if __name__ == "__main__":
    react(main, sys.argv[1:])
